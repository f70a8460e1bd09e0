#!/usr/bin/env bash
# Unpacks Debian's libfdt-dev for arm64 into a build cache (it conflicts with
# the host's libfdt-dev in apt, so it is not installed).
set -eu
# Foreign-architecture packages are only downloaded, never installed; apt
# needs the architecture known (make deps adds it too).
for arch in arm64; do
	dpkg --print-foreign-architectures | grep -qx "$arch" || {
		dpkg --add-architecture "$arch" && apt-get update -q >/dev/null 2>&1 || true
	}
done
dest=$1
[ -f "$dest/usr/lib/aarch64-linux-gnu/libfdt.a" ] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for try in 1 2 3; do
	(cd "$tmp" && apt-get download -q libfdt-dev:arm64 >/dev/null 2>&1) && break
	[ "$try" = 1 ] && apt-get update -q >/dev/null 2>&1
	sleep 2
done
deb=$(ls "$tmp"/libfdt-dev_*_arm64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "fetch-libfdt: could not download libfdt-dev:arm64" >&2; exit 1; }
mkdir -p "$dest"
dpkg-deb -x "$deb" "$dest"
echo "  FETCH   libfdt-dev:arm64 -> $dest"
