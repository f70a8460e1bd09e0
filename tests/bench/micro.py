#!/usr/bin/env python3
"""Micro-benchmarks: the same bare-metal guest (tests/guests/bench/, built as
build/guests/bench.bin) natively on QEMU virt at EL1, as a Bulkhead domU and
as a Xen 4.17 dom0less domU, under -icount shift=0,sleep=off (1 ns of virtual
time = 1 instruction).

  hvc    PSCI_VERSION round trip over the DT's /psci conduit (1000 calls)
  mmio   a read of the emulated GICD_TYPER (1000 reads)
  sgi    SGI ping-pong between 2 vCPUs on 2 pCPUs, round trip (200)
  ctxsw  the same ping-pong with both vCPUs on 1 pCPU (two vCPU switches per
         round trip; not applicable natively)

The guest prints one line
    BENCH-MICRO hvc=<ns> mmio=<ns> pingpong=<ns|na> wait=<spin|wfi> vcpus=<n>
and the harness names the ping-pong: it is "sgi" when the domain's vCPUs have
a pCPU each and "ctxsw" when they share one. In both cases both vCPUs wait in
WFI (check with IRQs masked, then WFI). Spinning (the guest's "wait=spin"
bootarg) is not used: with -icount QEMU runs all CPUs round-robin on one host
thread, so a spinning CPU competes with the one it waits for; natively the
spinning ping-pong did not finish (nor time out) within 120 s.
With WFI, the waiting CPU halts and QEMU runs the other at once, so a round
trip counts the instructions both sides execute, including the hypervisor's
block / wake-up (sgi, across pCPUs) or vCPU switches (ctxsw).
On failure the guest prints "BENCH-MICRO-ERROR <reason> <value>".

    python3 tests/bench/micro.py --targets native,bulkhead,xen
"""
import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
BENCH_GUEST = BUILD / "guests" / "bench.bin"
BULKHEAD = BUILD / "bulkhead.bin"
XEN = ROOT / "cache" / "xen" / "xen-4.17-arm64"
GUEST_ADDR = 0x50000000
TARGETS = ("native", "bulkhead", "xen")
# case: (vCPUs, pCPUs, key the ping-pong is reported as, how the guest waits)
CASES = {"hvc_mmio": (1, 1, None), "sgi": (2, 2, "sgi"), "ctxsw": (2, 1, "ctxsw")}
LINE_RE = (r"BENCH-MICRO hvc=(\d+) mmio=(\d+) pingpong=(\d+|na) wait=(\w+) vcpus=(\d+)\s")  # \s: all digits arrived
ERROR_RE = r"BENCH-MICRO-ERROR [^\r\n]*[\r\n]"
GOALS = {"hvc": 0.5, "mmio": 0.5}  # Bulkhead's instructions vs Xen's
last_seconds = {}  # (target, case) -> wall seconds of the last QEMU run
xen_scheduler = {}  # case -> the scheduler Xen says it uses ("credit2", "rtds", ...)


def _machine(virt, pcpus):
    return ["qemu-system-aarch64", "-M",
            f"virt,virtualization={'on' if virt else 'off'},gic-version=3", "-cpu", "cortex-a57",
            "-m", "2G", "-nographic", "-nic", "none", "-monitor", "none", "-serial", "stdio",
            "-smp", str(pcpus), "-icount", "shift=0,sleep=off"]


WAIT = "wait=wfi"  # the guest's bootargs (see above)


def host_dtb(out, vcpus, pcpus):
    """QEMU's own DTB plus the bench guest as a Xen-style dom0less domain."""
    out = Path(out)
    subprocess.run(_machine(True, pcpus) + ["-machine", f"dumpdtb={out}"], check=True,
                   capture_output=True)
    subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dtb", "-o", str(out), str(out)],
                   check=True)

    def put(*a):
        subprocess.run(["fdtput", str(out), *map(str, a)], check=True)
    bootargs = "console=dtuart dtuart=/pl011@9000000"
    if vcpus > pcpus:
        bootargs += " sched=rtds"  # Bulkhead's pool 0 is rtds too
    put("-t", "s", "/chosen", "xen,xen-bootargs", bootargs)
    p = "/chosen/domU1"
    put("-c", "-p", p)
    put("-t", "s", p, "compatible", "xen,domain")
    put("-t", "x", p, "#address-cells", "2")
    put("-t", "x", p, "#size-cells", "1")
    put("-t", "x", p, "memory", "0", hex(16384))  # KiB
    put("-t", "x", p, "cpus", str(vcpus))
    put(p, "vpl011")
    m = f"{p}/module@{GUEST_ADDR:x}"
    put("-c", m)
    put("-t", "s", m, "compatible", "multiboot,kernel", "multiboot,module")
    put("-t", "x", m, "reg", "0", hex(GUEST_ADDR), hex(BENCH_GUEST.stat().st_size))
    put("-t", "s", m, "bootargs", WAIT)
    return out


def command(target, vcpus, pcpus, work):
    """The QEMU command line; for the hypervisors it writes work/micro-<v>v<p>p.dtb."""
    if target == "native":
        if vcpus != pcpus:
            raise ValueError("native: one vCPU per pCPU")
        return _machine(False, pcpus) + ["-kernel", str(BENCH_GUEST), "-append", WAIT]
    if target not in ("bulkhead", "xen"):
        raise ValueError(f"unknown target {target}")
    dtb = host_dtb(Path(work) / f"micro-{vcpus}v{pcpus}p.dtb", vcpus, pcpus)
    image = BULKHEAD if target == "bulkhead" else XEN
    return _machine(True, pcpus) + [
        "-kernel", str(image), "-dtb", str(dtb),
        "-device", f"loader,file={BENCH_GUEST},addr={GUEST_ADDR:#x},force-raw=on"]


def measure(target, case, work, timeout=120):
    """One QEMU run: {"hvc", "mmio"} for hvc_mmio, {"hvc", "mmio", case} for
    sgi/ctxsw (ints, ns); None for ctxsw natively."""
    vcpus, pcpus, key = CASES[case]
    if target == "native" and case == "ctxsw":
        return None
    cmd = command(target, vcpus, pcpus, work)
    start = time.monotonic()
    child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", codec_errors="replace",
                          timeout=timeout)
    try:
        i = child.expect([LINE_RE, ERROR_RE, pexpect.EOF, pexpect.TIMEOUT])
        last_seconds[(target, case)] = time.monotonic() - start
        if i != 0:
            what = (child.after.strip() if i == 1 else
                    "QEMU exited" if i == 2 else f"timeout after {timeout} s")
            tail = (child.before or "")[-3000:]
            raise RuntimeError(f"micro-benchmark {target}/{case}: {what}\n--- last output ---\n"
                               f"{tail}")
        m = child.match
        sched = re.search(r"Using scheduler: [^\r\n]*\((\w+)\)", child.before or "")
        if target == "xen" and sched:
            xen_scheduler[case] = sched.group(1)
        got_vcpus = int(m.group(5))
        if got_vcpus != vcpus:
            raise RuntimeError(f"micro-benchmark {target}/{case}: guest saw {got_vcpus} vCPUs, "
                               f"expected {vcpus}")
        res = {"hvc": int(m.group(1)), "mmio": int(m.group(2))}
        if key:
            if m.group(3) == "na":
                raise RuntimeError(f"micro-benchmark {target}/{case}: no ping-pong result")
            res[key] = int(m.group(3))
        return res
    finally:
        child.terminate(force=True)


def run_all(targets, work, timeout=120):
    """{target: {"hvc", "mmio", "sgi", "ctxsw"}}; hvc and mmio come from the
    1-vCPU run, sgi/ctxsw None where they do not apply. A case that fails
    (RuntimeError from measure) is None too, its message's first line kept
    in res[target]["errors"][case] and the whole message printed to stderr."""
    res = {}
    for t in targets:
        r = {"hvc": None, "mmio": None, "sgi": None, "ctxsw": None, "errors": {}}
        for case in CASES:
            try:
                got = measure(t, case, work, timeout)
            except RuntimeError as e:
                print(e, file=sys.stderr)
                r["errors"][case] = str(e).splitlines()[0]
                continue
            if got:
                r.update(got)
        res[t] = r
    return res


def _verdict(ok):
    return "met" if ok else "**not met**"


def report(res):
    """Markdown lines: the table and the goals."""
    def cell(r, key):
        cases = [c for c, (_, _, k) in CASES.items() if k == key] or ["hvc_mmio"]
        if r.get(key) is not None:
            return str(r[key])
        return "failed" if any(c in r.get("errors", {}) for c in cases) else "n/a"
    lines = ["| target | HVC ns | MMIO read ns | SGI round trip ns | vCPU switch round trip ns |",
             "|---|---|---|---|---|"]
    for t, r in res.items():
        lines.append(f"| {t} | {cell(r, 'hvc')} | {cell(r, 'mmio')} | {cell(r, 'sgi')} | "
                     f"{cell(r, 'ctxsw')} |")
    lines += ["", "Instructions under `-icount shift=0,sleep=off` (1 ns = 1 instruction), "
              "averaged over 1000 HVCs (PSCI_VERSION), 1000 GICD_TYPER reads and 200 SGI "
              "round trips, by the same bare-metal guest (`tests/guests/bench/`). SGI: one "
              "vCPU per pCPU; vCPU switch: both vCPUs on one pCPU (two switches per round "
              "trip; natively not applicable); both sides wait in WFI."]
    if "xen" in res and xen_scheduler.get("ctxsw", "rtds") != "rtds":
        lines += ["", f"Xen's vCPU switch case ran its {xen_scheduler['ctxsw']} scheduler: "
                  "`sched=rtds` was asked for but this Xen build has no RTDS (Bulkhead's pool 0 "
                  "is rtds)."]
    for t, r in res.items():
        for case, msg in r.get("errors", {}).items():
            lines += ["", f"- {t}/{case} failed: {msg}"]
    if "bulkhead" in res and "xen" in res:
        lines.append("")
        for key, what in (("hvc", "HVC"), ("mmio", "MMIO")):
            b, x = res["bulkhead"].get(key), res["xen"].get(key)  # None if it failed
            if b is None or not x:
                continue
            ratio = b / x
            lines.append(f"- Goal: Bulkhead {what} round trip <= {GOALS[key]}x Xen's "
                         f"instructions: {ratio:.2f}x, {_verdict(ratio <= GOALS[key])}.")
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--targets", default=",".join(TARGETS))
    ap.add_argument("--cases", default="hvc_mmio,sgi,ctxsw",
                    help="with a subset, only those runs (and their columns)")
    ap.add_argument("--timeout", type=int, default=120)
    a = ap.parse_args()
    targets = a.targets.split(",")
    cases = a.cases.split(",")
    work = Path(tempfile.mkdtemp(prefix="micro-", dir=BUILD))
    try:
        if set(cases) == set(CASES):
            res = run_all(targets, work, a.timeout)
        else:
            res = {}
            for t in targets:
                r = {"hvc": None, "mmio": None, "sgi": None, "ctxsw": None}
                for c in cases:
                    got = measure(t, c, work, a.timeout)
                    if got:
                        r.update(got)
                res[t] = r
        for (t, c), s in last_seconds.items():
            print(f"{t}/{c}: {s:.1f} s wall", file=sys.stderr)
        print("\n".join(report(res)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
