#!/usr/bin/env bash
# Style and static analysis of the hypervisor sources: clang-format must have
# nothing to change, cppcheck and clang-tidy must find nothing. Suppressions are
# inline, with their reason.
set -u
cd "$(dirname "$0")/.."
# asm.h holds assembler macros only.
files=$(git ls-files -co --exclude-standard -- '*.c' '*.h' | grep -v '^build/\|arch/arm64/include/arch/asm.h')
rc=0
if ! clang-format --dry-run --Werror $files 2>/tmp/bh-format.$$; then
	head -40 /tmp/bh-format.$$
	echo "lint: clang-format would change the files above (run 'make format')" >&2
	rc=1
fi
rm -f /tmp/bh-format.$$
hv=$(echo "$files" | grep -v '^tests/')
if ! cppcheck -q --error-exitcode=1 --enable=warning,performance,portability \
	--inline-suppr --std=c11 --platform=unix64 \
	-D__GNUC__ -DCONFIG_MAX_CPUS=8 -DCONFIG_LOG_LEVEL=3 -DCONFIG_GICV2 -DCONFIG_GICV3 \
	-DCONFIG_UART_PL011 -DCONFIG_UART_NS16550 -DCONFIG_SELFTEST -DCONFIG_DEBUG_CONSOLE \
	-DCONFIG_DEBUG_UART_BASE=0x09000000 -DCONFIG_MAX_DOMAINS=8 -DCONFIG_IOMMU -DCONFIG_SMMU_V2 \
	-DCONFIG_SMMU_V3 \
	-Iinclude -Iinclude/libc -Iarch/arm64/include -Iarch/arm/include -Ibuild/include \
	$(echo "$hv" | grep '\.c$'); then
	echo "lint: cppcheck findings above" >&2
	rc=1
fi
# clang-tidy (.clang-tidy) on the hypervisor's C files with the build's own flags:
# build/compile_commands.json, which `make lint` writes from the Makefile's.
db=build/compile_commands.json
tidy_files=$(echo "$hv" | grep '^\(arch\|common\|drivers\)/.*\.c$')
if ! command -v clang-tidy >/dev/null; then
	echo "lint: clang-tidy is missing (make deps installs it)" >&2
	rc=1
elif [ ! -f $db ]; then
	echo "lint: no $db: run 'make lint'" >&2
	rc=1
elif ! echo "$tidy_files" | xargs -P2 -n4 clang-tidy --quiet -p build >/tmp/bh-tidy.$$ 2>&1; then
	grep -v '^[0-9]* warnings\? generated\.$' /tmp/bh-tidy.$$ | head -60
	echo "lint: clang-tidy findings above (check one file: clang-tidy -p build FILE)" >&2
	rc=1
fi
rm -f /tmp/bh-tidy.$$
[ $rc = 0 ] && echo "lint: clean"
exit $rc
