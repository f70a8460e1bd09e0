#!/usr/bin/env python3
"""Adds up unit (cmocka), fuzzing (one result per fuzz target, from the fuzz
runner's closing "fuzz: N passed, N failed" line) and integration (pytest
JUnit XML) results and prints the one closing line CI reads:
"N passed, N failed[, N skipped]".
A stage that could not run at all (build error, no report) counts as a failure."""
import re
import sys
import xml.etree.ElementTree as ET


def unit_counts(path, rc):
    passed = failed = 0
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        text = ""
    for m in re.finditer(r"^\[  PASSED  \] (\d+) test\(s\)\.", text, re.M):
        passed += int(m.group(1))
    for m in re.finditer(r"^\[  FAILED  \] (\d+) test\(s\)", text, re.M):
        failed += int(m.group(1))
    if rc != 0 and failed == 0:
        print(f"unit: stage failed (exit {rc}) with no failing test reported", file=sys.stderr)
        failed += 1
    if passed + failed == 0:
        print("unit: no test ran", file=sys.stderr)
        failed += 1
    return passed, failed, 0


def fuzz_counts(path, rc):
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        text = ""
    m = list(re.finditer(r"^fuzz: (\d+) passed, (\d+) failed", text, re.M))
    if not m:
        print(f"fuzz: no summary in {path} (exit {rc})", file=sys.stderr)
        return 0, 1
    passed, failed = int(m[-1].group(1)), int(m[-1].group(2))
    if rc != 0 and failed == 0:
        failed += 1
    # Repeat each failed target's report here, next to the closing line: a CI
    # log is often shown only by its tail.
    for block in re.split(r"^(?=---- )", text, flags=re.M):
        if re.search(r"^\S+: FAILED", block, re.M):
            report = [l for l in block.splitlines() if not l.lstrip().startswith("FUZZ")]
            print("\n".join(report[:40]))
    return passed, failed


def junit_counts(path, rc):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        print(f"integration: no report at {path} (exit {rc})", file=sys.stderr)
        return 0, 1, 0
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    for case in root.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            print(f"integration: FAILED {case.get('classname')}::{case.get('name')}")
    if total == 0:
        print("integration: no test ran", file=sys.stderr)
        failed += 1
    elif rc not in (0, 1) and failed == 0:
        failed += 1  # pytest itself broke (usage error, internal error, interrupted)
    return total - failed - skipped, failed, skipped


def main():
    unit_txt, unit_rc, junit, integ_rc = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    up, uf, _ = unit_counts(unit_txt, unit_rc)
    if len(sys.argv) > 6:
        fp, ff = fuzz_counts(sys.argv[5], int(sys.argv[6]))
        print(f"fuzz: {fp} targets passed, {ff} failed")
        up, uf = up + fp, uf + ff
    ip, if_, isk = junit_counts(junit, integ_rc)
    print(f"unit and fuzz: {up} passed, {uf} failed; integration: {ip} passed, {if_} failed, "
          f"{isk} skipped")
    line = f"{up + ip} passed, {uf + if_} failed"
    if isk:
        line += f", {isk} skipped"
    print(line)
    return 1 if uf + if_ else 0


if __name__ == "__main__":
    sys.exit(main())
