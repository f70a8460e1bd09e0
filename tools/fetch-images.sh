#!/usr/bin/env bash
# Guest fixtures from Debian packages, into a git-ignored cache:
#   <dest>/arm64/Image          linux-image-cloud-arm64 kernel
#   <dest>/arm64/busybox        busybox-static:arm64
#   <dest>/armhf/zImage         linux-image-armmp-lpae kernel
#   <dest>/armhf/busybox        busybox-static:armhf
# Idempotent: what is already there is not fetched again.
set -eu
. "$(dirname "$0")/debfetch.sh"
deb_ensure_arch arm64 armhf
dest=$1
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A metapackage's kernel: its first linux-image-<version> dependency.
kernel_pkg() {
	apt-cache depends "$1" 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'
}

fetch_kernel() { # meta arch file-glob out
	local meta=$1 arch=$2 glob=$3 out=$4 pkg deb
	[ -f "$out" ] && return 0
	pkg=$(kernel_pkg "$meta:$arch")
	[ -n "$pkg" ] || { echo "fetch-images: no kernel package behind $meta:$arch" >&2; return 1; }
	deb=$(deb_download "${pkg%%:*}:$arch" "$tmp")
	rm -rf "$tmp/x" && mkdir "$tmp/x"
	dpkg-deb -x "$deb" "$tmp/x"
	mkdir -p "$(dirname "$out")"
	cp $tmp/x/boot/$glob "$out"
	echo "  FETCH   ${pkg%%:*}:$arch -> $out"
}

fetch_busybox() { # arch out
	local arch=$1 out=$2 deb
	[ -f "$out" ] && return 0
	deb=$(deb_download "busybox-static:$arch" "$tmp")
	rm -rf "$tmp/b" && mkdir "$tmp/b"
	dpkg-deb -x "$deb" "$tmp/b"
	mkdir -p "$(dirname "$out")"
	cp "$tmp/b/bin/busybox" "$out"
	echo "  FETCH   busybox-static:$arch -> $out"
}

fetch_kernel linux-image-cloud-arm64 arm64 'vmlinuz-*' "$dest/arm64/Image"
fetch_busybox arm64 "$dest/arm64/busybox"
fetch_kernel linux-image-armmp-lpae armhf 'vmlinuz-*' "$dest/armhf/zImage"
fetch_busybox armhf "$dest/armhf/busybox"
