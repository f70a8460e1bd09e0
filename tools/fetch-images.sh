#!/usr/bin/env bash
# Guest fixtures from Debian packages, into a git-ignored cache:
#   <dest>/arm64/Image          linux-image-cloud-arm64 kernel
#   <dest>/arm64/busybox        busybox-static:arm64
#   <dest>/arm64/modules/       watchdog.ko, sp805_wdt.ko, the virtio PCI and block
#                               modules (uncompressed) and
#                               VERSION, from the same package as Image
#   <dest>/arm64-generic/Image  linux-image-arm64 (Debian's generic kernel: DRM,
#                               virtio-gpu, FB_SIMPLE, fbcon; docs/screens.md)
#   <dest>/arm64-generic/modules/  the virtio PCI, DRM and virtio-gpu modules,
#                               sp805_wdt.ko (uncompressed) and VERSION, from
#                               the same package as its Image
#   <dest>/armhf/zImage         linux-image-armmp-lpae kernel
#   <dest>/armhf/busybox        busybox-static:armhf
# Idempotent: what is already there is not fetched again (a kernel whose
# modules are missing, or whose VERSION is not the Image's, is fetched again).
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

# Kernel modules come from the package the Image is taken from, so their
# vermagic matches it: when any of them is missing, the package is fetched
# again and the Image replaced if the archive has moved on since.
fetch_kernel() { # meta arch file-glob out [module-dir module.ko...]
	local meta=$1 arch=$2 glob=$3 out=$4 moddir=${5:-} pkg deb m src ver
	shift 4
	[ $# -gt 0 ] && shift
	local need=0
	[ -f "$out" ] || need=1
	for m in "$@"; do [ -f "$moddir/$m" ] || need=1; done
	# An Image put there by other means than this script: its version
	# string must be the modules' (an uncompressed Image carries it).
	if [ $need = 0 ] && [ $# -gt 0 ]; then
		ver=$(grep -a -o -m1 'Linux version [^ ]*' "$out" | head -1 | cut -d' ' -f3)
		[ -z "$ver" ] || [ "$ver" = "$(cat "$moddir/VERSION" 2>/dev/null)" ] || need=1
	fi
	[ $need = 1 ] || return 0
	pkg=$(kernel_pkg "$meta:$arch")
	[ -n "$pkg" ] || { echo "fetch-images: no kernel package behind $meta:$arch" >&2; return 1; }
	deb=$(deb_download "${pkg%%:*}:$arch" "$tmp")
	rm -rf "$tmp/x" && mkdir "$tmp/x"
	dpkg-deb -x "$deb" "$tmp/x"
	mkdir -p "$(dirname "$out")"
	if ! cmp -s $tmp/x/boot/$glob "$out"; then
		[ -f "$out" ] && echo "  FETCH   $out is replaced by ${pkg%%:*}'s, to match its modules"
		cp $tmp/x/boot/$glob "$out"
	fi
	echo "  FETCH   ${pkg%%:*}:$arch -> $out"
	[ $# -gt 0 ] || return 0
	ver=$(basename "$(ls -d "$tmp"/x/lib/modules/*/ | head -1)")
	rm -rf "$moddir" && mkdir -p "$moddir"
	for m in "$@"; do
		src=$(find "$tmp/x/lib/modules/$ver" \( -name "$m" -o -name "$m.xz" \) | head -1)
		[ -n "$src" ] || { echo "fetch-images: no $m in ${pkg%%:*}" >&2; return 1; }
		case $src in
		*.xz) python3 -c 'import lzma, sys; open(sys.argv[2], "wb").write(lzma.open(sys.argv[1]).read())' \
			"$src" "$moddir/$m.tmp" ;;
		*) cp "$src" "$moddir/$m.tmp" ;;
		esac
		mv "$moddir/$m.tmp" "$moddir/$m"
	done
	echo "$ver" >"$moddir/VERSION"
	echo "  FETCH   ${pkg%%:*}:$arch -> $moddir/ ($*, $ver)"
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

fetch_kernel linux-image-cloud-arm64 arm64 'vmlinuz-*' "$dest/arm64/Image" \
	"$dest/arm64/modules" watchdog.ko sp805_wdt.ko virtio.ko virtio_ring.ko \
	virtio_pci_modern_dev.ko virtio_pci_legacy_dev.ko virtio_pci.ko virtio_blk.ko
fetch_busybox arm64 "$dest/arm64/busybox"
# The screens' kernel (docs/screens.md): virtio-gpu needs DRM, the cloud kernel has none.
fetch_kernel linux-image-arm64 arm64 'vmlinuz-*' "$dest/arm64-generic/Image" \
	"$dest/arm64-generic/modules" virtio_pci_modern_dev.ko virtio_pci_legacy_dev.ko \
	virtio_pci.ko virtio_dma_buf.ko drm.ko drm_kms_helper.ko drm_shmem_helper.ko \
	virtio-gpu.ko sp805_wdt.ko
fetch_kernel linux-image-armmp-lpae armhf 'vmlinuz-*' "$dest/armhf/zImage"
fetch_busybox armhf "$dest/armhf/busybox"
