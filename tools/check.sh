#!/usr/bin/env bash
# make check: unit tests, a short fuzzing run of every fuzz target, then
# integration tests, then one summary line.
set -u
cd "$(dirname "$0")/.."
mkdir -p build/test-logs
rm -f build/test-logs/unit.txt build/test-logs/fuzz.txt build/test-logs/integration.xml
make --no-print-directory unit 2>&1 | tee build/test-logs/unit.txt
unit_rc=${PIPESTATUS[0]}
make --no-print-directory fuzz-check 2>&1 | tee build/test-logs/fuzz.txt
fuzz_rc=${PIPESTATUS[0]}
make --no-print-directory integration
integ_rc=$?
exec /usr/bin/python3 tools/test-summary.py build/test-logs/unit.txt "$unit_rc" \
	build/test-logs/integration.xml "$integ_rc" build/test-logs/fuzz.txt "$fuzz_rc"
