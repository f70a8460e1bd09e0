#!/usr/bin/env bash
# Installs every Debian 12 package Bulkhead needs, idempotently. With --gui
# also QEMU's display modules (qemu-system-gui: SDL and GTK windows), which
# only `make run` on a desktop needs (tools/run.py asks for them then).
# apt-get update may report transient index errors, so success is judged by
# checking the packages afterwards, not by apt's exit code.
set -u
PKGS=(gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf qemu-system-arm u-boot-qemu
      u-boot-tools device-tree-compiler libfdt-dev python3-kconfiglib dt-schema
      libcmocka-dev python3-pytest python3-pexpect python3-yaml make gcc
      clang-format clang-tidy cppcheck dosfstools mtools python3-matplotlib cloc clang
      libclang-rt-14-dev)
[ "${1:-}" = --gui ] && PKGS+=(qemu-system-gui)

missing() {
	local p out=()
	for p in "${PKGS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || out+=("$p")
	done
	echo "${out[@]}"
}

need=$(missing)
if [ -z "$need" ]; then
	echo "deps: all packages present"
	exit 0
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
echo "deps: installing $need"
for arch in arm64 armhf; do
	dpkg --print-foreign-architectures | grep -qx "$arch" || $SUDO dpkg --add-architecture "$arch"
done
for try in 1 2 3; do
	$SUDO apt-get update -q >/dev/null 2>&1 || echo "deps: apt-get update reported an error (try $try); checking packages anyway"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $need >/dev/null 2>&1
	need=$(missing)
	[ -z "$need" ] && { echo "deps: all packages present"; exit 0; }
	sleep 3
done
echo "deps: FAILED to install: $need" >&2
exit 1
