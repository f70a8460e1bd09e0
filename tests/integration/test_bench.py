"""make bench's harness on its smallest case: Bulkhead alone, one run of each
measurement (boot with one domain, latency, the bare-metal guest's round
trips, restart, footprint, code size, the ARMv7-A host's boot, the cockpit's
first cluster frame) and the cockpit's isolation figure,
parsed into a report with its figures (timing goals are judged in make bench,
never here)."""
import re
import subprocess
import sys

import pytest

from bh import BUILD, LINUX_IMAGE, ROOT

BENCH_INITRD = BUILD / "images" / "initramfs-bench-20.cpio"
BENCH_GUEST = BUILD / "guests" / "bench.bin"
CASES = ("boot", "latency", "micro", "restart", "footprint", "code", "boot32", "frame")
BOOT32_INITRD = BUILD / "images" / "initramfs-boot-armhf.cpio"
ARM32_IMAGE = ROOT / "build-arm32" / "bulkhead.bin"


@pytest.mark.skipif(not LINUX_IMAGE.exists() or not BENCH_INITRD.exists()
                    or not BENCH_GUEST.exists(), reason="bench images missing (make images)")
def test_bench_harness_smallest_case(tmp_path):
    out = tmp_path / "perf.md"
    # The ARMv7-A case needs the arm32 build (make arm32); without it the others still run.
    arm32 = BOOT32_INITRD.exists() and ARM32_IMAGE.exists()
    cases = CASES if arm32 else tuple(c for c in CASES if c != "boot32")
    subprocess.run([sys.executable, str(ROOT / "tests" / "bench" / "run.py"), "--targets",
                    "bulkhead", "--cases", ",".join(cases), "--runs", "1", "--frame-runs", "1", "--domains", "1",
                    "--out", str(out),
                    "--timeout", "240", "--initrd", str(BENCH_INITRD), "--cockpit",
                    "isolation", "--loops", "20"], check=True, capture_output=True, timeout=900)
    text = out.read_text()
    m = re.search(r"\| bulkhead \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| - \|", text)
    assert m, text
    n, mn, avg, mx = map(int, m.groups())
    assert n == 20 and 0 < mn <= avg <= mx
    assert re.search(r"\| bulkhead \| 1 \| \d+\.\d\d \| \d+\.\d\d \|", text)
    # Round trips: HVC and MMIO always; one vCPU per pCPU (SGI) and a shared
    # pCPU (vCPU switch) under a hypervisor.
    m = re.search(r"\| bulkhead \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|\n", text)
    assert m and all(int(v) > 0 for v in m.groups()), text
    m = re.search(r"\| restart \| (\d+\.\d\d) \| (\d+\.\d\d) \|", text)
    assert m and float(m.group(1)) > 0, text
    m = re.search(r"\| per domain at run time: stage-2 tables [^|]*\| (\d+) \|", text)
    assert m and int(m.group(1)) >= 4, text  # at least the root table
    assert re.search(r"Goal: image <= 256 KiB: \d+ KiB", text)
    m = re.search(r"\| common \|[^\n]*\| (\d+) \|\n", text)
    assert m and int(m.group(1)) > 1000, text
    # The ARMv7-A host's boot: armhf Linux as a domU of build-arm32/bulkhead.bin.
    if arm32:
        section = text.split("## ARMv7-A host: boot")[1]
        m = re.search(r"\| bulkhead \| (\d+\.\d\d) \| (\d+\.\d\d) \|", section)
        assert m and float(m.group(1)) > 0, text
    # Power-on to the cluster's first frame, decoded from its framebuffer.
    section = text.split("## Power-on to the cluster's first frame")[1]
    m = re.search(r"\| bulkhead \| (\d+\.\d\d) \| (\d+\.\d\d) \|", section)
    assert m and float(m.group(1)) > 0, text
    # One figure per case, each a PNG the report links.
    for case in cases:
        png = tmp_path / "perf" / f"{case}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", case
        assert f"](perf/{case}.png)" in text
    # The cockpit's isolation figure (restart and storm take minutes: make bench only).
    rows = dict(re.findall(r"\| ((?:bulkhead|native) (?:idle|busy)) \| 20 \| \d+ \| (\d+) \| \d+ \|",
                           text))
    assert set(rows) == {f"{t} {load}" for t in ("bulkhead", "native") for load in ("idle", "busy")}
    assert all(int(v) > 0 for v in rows.values()), text
    assert re.search(r"Goal: busy / idle <= 1.02: Bulkhead \d+\.\d{3}", text)
