#!/usr/bin/env bash
# Style and static analysis of the hypervisor sources: clang-format must have
# nothing to change, cppcheck and clang-tidy must find nothing. Suppressions are
# inline, with their reason.
set -u
cd "$(dirname "$0")/.."
# asm.h holds assembler macros only.
files=$(git ls-files -co --exclude-standard -- '*.c' '*.h' | grep -v '^build/\|^build-arm32/\|arch/arm[0-9]*/include/arch/asm.h')
rc=0
if ! clang-format --dry-run --Werror $files 2>/tmp/bh-format.$$; then
	head -40 /tmp/bh-format.$$
	echo "lint: clang-format would change the files above (run 'make format')" >&2
	rc=1
fi
rm -f /tmp/bh-format.$$
hv=$(echo "$files" | grep -v '^tests/')
# cppcheck: each architecture's files with its own headers and word size;
# the shared code (common, drivers, arch/arm) with arm64's.
cppcheck_arch() { # platform include-dir files...
	local platform=$1 inc=$2
	shift 2
	cppcheck -q --error-exitcode=1 --enable=warning,performance,portability \
		--inline-suppr --std=c11 --platform=$platform \
		-D__GNUC__ -DCONFIG_MAX_CPUS=8 -DCONFIG_LOG_LEVEL=3 -DCONFIG_GICV2 -DCONFIG_GICV3 \
		-DCONFIG_UART_PL011 -DCONFIG_UART_NS16550 -DCONFIG_SELFTEST -DCONFIG_DEBUG_CONSOLE \
		-DCONFIG_DEBUG_UART_BASE=0x09000000 -DCONFIG_MAX_DOMAINS=8 -DCONFIG_IOMMU -DCONFIG_SMMU_V2 \
		-DCONFIG_SMMU_V3 \
		-Iinclude -Iinclude/libc -I$inc -Iarch/arm/include -Ibuild/include "$@"
}
hv_c=$(echo "$hv" | grep '\.c$')
# shellcheck disable=SC2046
if ! cppcheck_arch unix64 arch/arm64/include $(echo "$hv_c" | grep -v '^arch/arm32/') ||
	! cppcheck_arch unix32 arch/arm32/include $(echo "$hv_c" | grep '^arch/arm32/'); then
	echo "lint: cppcheck findings above" >&2
	rc=1
fi
# clang-tidy (.clang-tidy) on the hypervisor's C files with the build's own flags:
# build/compile_commands.json (arm64) for all but arch/arm32, and
# build-arm32/compile_commands.json for arch/arm32 and, again, the shared code
# (32-bit types), both written by `make lint`.
tidy_files=$(echo "$hv" | grep '^\(arch\|common\|drivers\)/.*\.c$')
tidy() { # build-dir files...
	local db=$1
	shift
	[ -f "$db/compile_commands.json" ] || { echo "lint: no $db/compile_commands.json: run 'make lint'" >&2; return 1; }
	echo "$@" | xargs -n1 echo | xargs -P2 -n4 clang-tidy --quiet -p "$db" >>/tmp/bh-tidy.$$ 2>&1
}
: >/tmp/bh-tidy.$$
if ! command -v clang-tidy >/dev/null; then
	echo "lint: clang-tidy is missing (make deps installs it)" >&2
	rc=1
# shellcheck disable=SC2046
elif ! tidy build $(echo "$tidy_files" | grep -v '^arch/arm32/') ||
	! tidy build-arm32 $(echo "$tidy_files" | grep -v '^arch/arm64/'); then
	grep -v '^[0-9]* warnings\? generated\.$' /tmp/bh-tidy.$$ | head -60
	echo "lint: clang-tidy findings above (check one file: clang-tidy -p build FILE)" >&2
	rc=1
fi
rm -f /tmp/bh-tidy.$$
[ $rc = 0 ] && echo "lint: clean"
exit $rc
