#!/usr/bin/env bash
# Xen 4.17 for arm64 from Debian (xen-hypervisor-4.17-arm64), the peer that
# make bench compares against, into a git-ignored cache: <dest>/xen-4.17-arm64
set -eu
# Foreign-architecture packages are only downloaded, never installed; apt
# needs the architecture known (make deps adds it too).
for arch in arm64; do
	dpkg --print-foreign-architectures | grep -qx "$arch" || {
		dpkg --add-architecture "$arch" && apt-get update -q >/dev/null 2>&1 || true
	}
done
dest=$1
[ -f "$dest/xen-4.17-arm64" ] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for try in 1 2 3; do
	(cd "$tmp" && apt-get download -q xen-hypervisor-4.17-arm64:arm64 >/dev/null 2>&1) && break
	[ "$try" = 1 ] && apt-get update -q >/dev/null 2>&1
	sleep 2
done
deb=$(ls "$tmp"/xen-hypervisor-4.17-arm64_*_arm64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "fetch-xen: cannot download xen-hypervisor-4.17-arm64:arm64" >&2; exit 1; }
dpkg-deb -x "$deb" "$tmp/x"
mkdir -p "$dest"
cp "$tmp/x/boot/xen-4.17-arm64" "$dest/"
echo "  FETCH   xen-hypervisor-4.17-arm64 -> $dest"
