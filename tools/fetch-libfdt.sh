#!/usr/bin/env bash
# Unpacks Debian's libfdt-dev for the target architecture into a build cache
# (it conflicts with the host's libfdt-dev in apt, so it is not installed).
#   fetch-libfdt.sh DEST [DEB_ARCH [TRIPLE]]   e.g. cache/libfdt-armhf armhf arm-linux-gnueabihf
set -eu
. "$(dirname "$0")/debfetch.sh"
dest=$1
arch=${2:-arm64}
triple=${3:-aarch64-linux-gnu}
[ -f "$dest/usr/lib/$triple/libfdt.a" ] && exit 0
deb_ensure_arch "$arch"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
deb=$(deb_download "libfdt-dev:$arch" "$tmp")
mkdir -p "$dest"
dpkg-deb -x "$deb" "$dest"
echo "  FETCH   libfdt-dev:$arch -> $dest"
