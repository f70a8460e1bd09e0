"""make bench's harness on its smallest case: Bulkhead alone, one run of each
measurement and the cockpit's isolation figure, parsed into a report (timing
goals are judged in make bench, never here)."""
import re
import subprocess
import sys

import pytest

from bh import BUILD, LINUX_IMAGE, ROOT

BENCH_INITRD = BUILD / "images" / "initramfs-bench-20.cpio"


@pytest.mark.skipif(not LINUX_IMAGE.exists() or not BENCH_INITRD.exists(),
                    reason="bench images missing (make images)")
def test_bench_harness_smallest_case(tmp_path):
    out = tmp_path / "perf.md"
    subprocess.run([sys.executable, str(ROOT / "tests" / "bench" / "run.py"), "--targets",
                    "bulkhead", "--runs", "1", "--out", str(out), "--timeout", "240",
                    "--initrd", str(BENCH_INITRD), "--cockpit", "isolation", "--loops", "20"],
                   check=True, capture_output=True, timeout=600)
    text = out.read_text()
    m = re.search(r"\| bulkhead \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|", text)
    assert m, text
    n, mn, avg, mx = map(int, m.groups())
    assert n > 0 and 0 < mn <= avg <= mx
    assert re.search(r"\| bulkhead \| \d+\.\d\d \| \d+\.\d\d \|", text)
    # The cockpit's isolation figure (restart and storm take minutes: make bench only).
    rows = dict(re.findall(r"\| ((?:bulkhead|native) (?:idle|busy)) \| 20 \| \d+ \| (\d+) \| \d+ \|",
                           text))
    assert set(rows) == {f"{t} {load}" for t in ("bulkhead", "native") for load in ("idle", "busy")}
    assert all(int(v) > 0 for v in rows.values()), text
    assert re.search(r"Goal: busy / idle <= 1.02: Bulkhead \d+\.\d{3}", text)
