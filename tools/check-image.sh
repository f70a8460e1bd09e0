#!/usr/bin/env bash
# Fails the build if the linked image would not relocate itself correctly:
# every dynamic relocation must be R_AARCH64_RELATIVE (head.S handles no other).
set -eu
elf=$1
readelf=${2%nm}readelf
bad=$($readelf -rW "$elf" | awk '/^[0-9a-f]+ +[0-9a-f]+ R_AARCH64/ && $3 != "R_AARCH64_RELATIVE" && $3 != "R_AARCH64_NONE" {print $3}' | sort -u)
if [ -n "$bad" ]; then
	echo "check-image: unsupported dynamic relocations in $elf: $bad" >&2
	exit 1
fi
