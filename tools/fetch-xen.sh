#!/usr/bin/env bash
# Xen 4.17 for arm64 from Debian (xen-hypervisor-4.17-arm64), the peer that
# make bench compares against, into a git-ignored cache: <dest>/xen-4.17-arm64
set -eu
. "$(dirname "$0")/debfetch.sh"
dest=$1
[ -f "$dest/xen-4.17-arm64" ] && exit 0
deb_ensure_arch arm64
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
deb=$(deb_download xen-hypervisor-4.17-arm64:arm64 "$tmp")
dpkg-deb -x "$deb" "$tmp/x"
mkdir -p "$dest"
cp "$tmp/x/boot/xen-4.17-arm64" "$dest/"
echo "  FETCH   xen-hypervisor-4.17-arm64 -> $dest"
