#!/usr/bin/env bash
# Fails the build if the linked image would not relocate itself correctly:
# every dynamic relocation must be the architecture's RELATIVE type (head.S
# handles no other). On arm32 it also proves that no instruction of the image
# (our code, libfdt, libgcc) but the world switch's FP save/restore touches a
# VFP/Advanced SIMD register: those belong to the guests and are not saved
# around hypervisor code (docs/arm32.md).
#   check-image.sh ELF NM [arm64|arm32]
set -eu
elf=$1
tools=${2%nm}
arch=${3:-arm64}
case $arch in
arm32) rel=R_ARM ;;
*) rel=R_AARCH64 ;;
esac
bad=$(${tools}readelf -rW "$elf" | awk -v r="$rel" '$3 ~ "^" r "_" && $3 != r "_RELATIVE" && $3 != r "_NONE" {print $3}' | sort -u)
if [ -n "$bad" ]; then
	echo "check-image: unsupported dynamic relocations in $elf: $bad" >&2
	exit 1
fi
if [ "$arch" = arm32 ]; then
	# In objdump's UAL every VFP/NEON instruction starts with "v" (vmov, vldr,
	# vpush, vmrs ...); coprocessor instructions on cp10/cp11 are the same
	# unit under another name. Field 3 is the mnemonic, field 4 the operands.
	# The world switch's fp_arch_save/fp_arch_restore (guest_entry.S) are the
	# exception: they move the guests' VFP state.
	fp=$(${tools}objdump -d "$elf" | awk -F'\t' '/^[0-9a-f]+ <.*>:$/ {fn = $0}
		fn !~ /<fp_arch_(save|restore)>/ && /^ +[0-9a-f]+:/ && ($3 ~ /^v[a-z]/ ||
		($3 ~ /^(mcr|mrc|mcrr|mrrc|ldc|stc)/ && $4 ~ /^p1[01],/)) {print}' | head -5)
	if [ -n "$fp" ]; then
		echo "check-image: VFP/SIMD instructions in $elf (hypervisor code must not touch them):" >&2
		echo "$fp" >&2
		exit 1
	fi
fi
