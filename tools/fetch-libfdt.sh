#!/usr/bin/env bash
# Unpacks Debian's libfdt-dev for arm64 into a build cache (it conflicts with
# the host's libfdt-dev in apt, so it is not installed).
set -eu
. "$(dirname "$0")/debfetch.sh"
dest=$1
[ -f "$dest/usr/lib/aarch64-linux-gnu/libfdt.a" ] && exit 0
deb_ensure_arch arm64
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
deb=$(deb_download libfdt-dev:arm64 "$tmp")
mkdir -p "$dest"
dpkg-deb -x "$deb" "$dest"
echo "  FETCH   libfdt-dev:arm64 -> $dest"
