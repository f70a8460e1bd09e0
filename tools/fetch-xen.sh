#!/usr/bin/env bash
# Xen 4.17 from Debian (xen-hypervisor-4.17-arm64 and -armhf), the peer that
# make bench compares against, into a git-ignored cache:
# <dest>/xen-4.17-arm64 and <dest>/xen-4.17-armhf (a zImage for the arm32 host).
set -eu
. "$(dirname "$0")/debfetch.sh"
dest=$1
for arch in arm64 armhf; do
	[ -f "$dest/xen-4.17-$arch" ] && continue
	deb_ensure_arch "$arch"
	tmp=$(mktemp -d)
	deb=$(deb_download "xen-hypervisor-4.17-$arch:$arch" "$tmp")
	dpkg-deb -x "$deb" "$tmp/x"
	mkdir -p "$dest"
	cp "$tmp/x/boot/xen-4.17-$arch" "$dest/"
	rm -rf "$tmp"
	echo "  FETCH   xen-hypervisor-4.17-$arch -> $dest"
done
