"""make bench, the cockpit's figures (issue "The cockpit"):

  restart   ivi's restart to userspace (reboot -f to its ready line) against
            its cold boot (QEMU start to its ready line), wall clock
  isolation cluster's timer wake-up latency (tests/bench/latency.c) under
            -icount shift=0, with a single-vCPU ivi idle and then busy
            (a shell loop), both sharing one pCPU (pool 0, rtds)
  storm     cluster's missed 1 ms periods while ivi is crashed and restarted
            (the crash-storm of tests/integration/test_cockpit.py), the
            cockpit's domains sharing one pCPU under -icount shift=0, so host
            load cannot cause misses

Each returns rows for docs/perf.md; run.py calls them."""
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
sys.path.insert(0, str(ROOT / "tools"))
import cockpit  # noqa: E402

KERNEL = cockpit.KERNEL
BUSYBOX = ROOT / "cache" / "images" / "arm64" / "busybox"
GOALS = {"restart": 1.0, "isolation": 1.02, "storm": 0}
LAT_RE = r"\[cluster\] LATENCY n=(\d+) min=(\d+) avg=(\d+) max=(\d+)\s"
PERIODIC = r"\[cluster\] .*PERIODIC periods=(\d+) missed=(\d+) "
ICOUNT = ["-icount", "shift=0,sleep=off"]
# The isolation runs' machine: the cockpit's CPUs without its screens and SMMU.
PLAIN = ["qemu-system-aarch64", "-M", "virt,virtualization=on,gic-version=3", "-cpu",
         "cortex-a57"]


def spawn(cmd, timeout):
    return pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", codec_errors="replace",
                         timeout=timeout)


def focus(child, name):
    for _ in range(8):
        child.send("\x01\x01\x01")
        child.expect(r"console input now goes to (the hypervisor|\w+) \(")  # the whole name
        if child.match.group(1) == name:
            return
    raise RuntimeError(f"console input never went to {name}")


def wait_ready(child, names):
    seen = set()
    while seen != set(names):
        child.expect(r"\[(\w+)\] BULKHEAD-GUEST-READY")
        seen.add(child.match.group(1))


def restart(runs, timeout):
    """([cold boot s, ...], [restart s, ...]) of ivi in the cockpit: a cold
    boot in each of `runs` fresh machines, each followed by one restart
    once the other domains are up too."""
    colds, restarts = [], []
    for _ in range(runs):
        child = spawn(cockpit.qemu_cmd(), timeout)
        try:
            start, seen = time.monotonic(), set()
            while seen != {"dom0", "cluster", "ivi"}:
                child.expect(r"\[(\w+)\] BULKHEAD-GUEST-READY")
                seen.add(child.match.group(1))
                if child.match.group(1) == "ivi":
                    colds.append(time.monotonic() - start)
            focus(child, "ivi")
            start = time.monotonic()
            child.send("reboot -f\n")
            child.expect(r"domain ivi: restarted")
            child.expect(r"\[ivi\] BULKHEAD-GUEST-READY")
            restarts.append(time.monotonic() - start)
        finally:
            child.terminate(force=True)
    return colds, restarts


def fdtput(dtb, *args):
    subprocess.run(["fdtput", str(dtb), *map(str, args)], check=True)


# One pCPU: cluster and ivi share it in pool 0 (rtds), cluster as a 1 ms
# server with half of it, ivi with 40 % of 10 ms plus the slack (extratime).
# Under -icount QEMU runs several emulated CPUs in turn on one thread, each
# for a slice of virtual time: a wake-up on one CPU waits for the others'
# slices, native Linux's included (docs/perf-analysis.md). On one CPU the
# figure is the scheduler's own: how much a busy neighbour delays the wake-up.
ISO_RTDS = {"cluster": (1000, 500, False), "ivi": (10000, 4000, True)}


def isolation_dtb(work, cluster_initrd, ivi_initrd):
    """QEMU virt, 1 CPU: cluster and a single-vCPU ivi both in pool 0."""
    dtb = work / "isolation.dtb"
    subprocess.run(PLAIN + ["-smp", "1", "-m", "2G", "-nographic", "-nic", "none",
                            "-machine", f"dumpdtb={dtb}"], check=True, capture_output=True)
    subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dtb", "-o", str(dtb), str(dtb)], check=True)
    loaders = ["-device", f"loader,file={KERNEL},addr=0x50000000,force-raw=on"]
    for i, (name, initrd) in enumerate((("cluster", cluster_initrd), ("ivi", ivi_initrd))):
        node = f"/chosen/{name}"
        fdtput(dtb, "-c", node)
        fdtput(dtb, "-t", "s", node, "compatible", "bulkhead,domain")
        fdtput(dtb, "-t", "x", node, "#address-cells", "2")
        fdtput(dtb, "-t", "x", node, "#size-cells", "1")
        fdtput(dtb, "-t", "x", node, "memory", "0", hex(256 * 1024))
        fdtput(dtb, "-t", "x", node, "cpus", "1")
        fdtput(dtb, node, "vpl011")
        period, budget, extra = ISO_RTDS[name]
        fdtput(dtb, "-t", "u", node, "bulkhead,rtds", period, budget)
        if extra:
            fdtput(dtb, node, "bulkhead,rtds-extratime")
        raddr = 0x52000000 + i * 0x2000000
        for addr, f, kind in ((0x50000000, KERNEL, "kernel"), (raddr, initrd, "ramdisk")):
            m = f"{node}/module@{addr:x}"
            fdtput(dtb, "-c", m)
            fdtput(dtb, "-t", "s", m, "compatible", f"multiboot,{kind}", "multiboot,module")
            fdtput(dtb, "-t", "x", m, "reg", "0", hex(addr), hex(Path(f).stat().st_size))
        fdtput(dtb, "-t", "s", f"{node}/module@50000000", "bootargs",
               "console=ttyAMA0 panic=-1 quiet")
        loaders += ["-device", f"loader,file={initrd},addr={raddr:#x},force-raw=on"]
    return dtb, loaders


def isolation(work, loops, timeout):
    """cluster's LATENCY (n, min, avg, max) with ivi idle and with ivi busy,
    on one pCPU. The probe starts once ivi has booted (6 s of virtual time
    later). For reference, native Linux on the same one-CPU machine: the
    probe alone, then beside a busy loop."""
    out = {}
    cluster_initrd = work / "cluster-latency.cpio"
    subprocess.run([sys.executable, str(ROOT / "tools" / "mkinitramfs.py"), str(BUSYBOX),
                    str(cluster_initrd), "--file", f"{BUILD / 'bench' / 'latency'}:/bin/latency",
                    "--init-extra", f"sleep 6; /bin/latency {loops}; poweroff -f"], check=True)
    for load in ("idle", "busy"):  # the platform's own figure
        native = work / f"native-{load}.cpio"
        busy = "sh -c 'while :; do :; done' & " if load == "busy" else ""
        subprocess.run([sys.executable, str(ROOT / "tools" / "mkinitramfs.py"), str(BUSYBOX),
                        str(native), "--file", f"{BUILD / 'bench' / 'latency'}:/bin/latency",
                        "--init-extra", f"mount -t devtmpfs dev /dev; {busy}sleep 3; "
                        f"/bin/latency {loops}; poweroff -f"], check=True)
        cmd = (PLAIN[:2] + ["virt,gic-version=3", "-cpu", "cortex-a57", "-smp", "1",
                            "-m", "2G", "-nographic", "-nic", "none", "-serial", "stdio",
                            "-monitor", "none"] + ICOUNT +
               ["-kernel", str(KERNEL), "-initrd", str(native), "-append",
                "console=ttyAMA0 panic=-1 quiet"])
        child = spawn(cmd, timeout)
        try:
            child.expect(LAT_RE.replace(r"\[cluster\] ", ""))
            out[f"native {load}"] = tuple(int(child.match.group(i)) for i in range(1, 5))
        finally:
            child.terminate(force=True)
    for load in ("idle", "busy"):
        ivi = work / f"ivi-{load}.cpio"
        extra = "mount -t devtmpfs dev /dev; " + ("while :; do :; done &" if load == "busy" else "")
        subprocess.run([sys.executable, str(ROOT / "tools" / "mkinitramfs.py"), str(BUSYBOX),
                        str(ivi), "--init-extra", extra], check=True)
        dtb, loaders = isolation_dtb(work, cluster_initrd, ivi)
        cmd = (PLAIN + ["-smp", "1", "-m", "2G", "-nographic", "-nic", "none",
                        "-serial", "stdio", "-monitor", "none"] + ICOUNT +
               ["-kernel", str(BUILD / "bulkhead.bin"), "-dtb", str(dtb)] + loaders)
        child = spawn(cmd, timeout)
        try:
            child.expect(LAT_RE)
            out[f"bulkhead {load}"] = tuple(int(child.match.group(i)) for i in range(1, 5))
        finally:
            child.terminate(force=True)
    return out


STORM = ["echo c > /proc/sysrq-trigger", "exec devmem 0x04000000 32 1",
         "echo 0 > /proc/sys/kernel/panic; echo c > /proc/sysrq-trigger", "poweroff -f",
         "reboot -f"]


def storm_dtb(work):
    """The cockpit's tree on one pCPU: cluster and ivi (one vCPU, still with
    its GPU and the SMMU, its watchdog, on-crash restart) share it in pool
    0 with the isolation case's rtds servers; no dom0."""
    dtb = work / "storm.dtb"
    shutil.copyfile(cockpit.DTB, dtb)
    for node in ("/chosen/dom0", "/chosen/cpupool-cluster", "/chosen/cpupool-ivi",
                 "/cpus/cpu-map", "/cpus/cpu@1", "/cpus/cpu@2", "/cpus/cpu@3"):
        fdtput(dtb, "-r", node)
    for name in ("cluster", "ivi"):
        node = f"/chosen/{name}"
        fdtput(dtb, "-d", node, "domain-cpupool")
        period, budget, extra = ISO_RTDS[name]
        fdtput(dtb, "-t", "u", node, "bulkhead,rtds", period, budget)
        if extra:
            fdtput(dtb, node, "bulkhead,rtds-extratime")
    fdtput(dtb, "-t", "u", "/chosen/ivi", "cpus", 1)
    # Pool 0 holds the boot CPU, which the boot gate keeps for dom0's build.
    fdtput(dtb, "-d", "/chosen/cluster", "bulkhead,first-frame-gate")
    return dtb


def storm(work, timeout):
    """cluster's (periods, missed) across the crash storm, under icount, on
    one pCPU shared with ivi: every restart's rebuild and the stream
    entries of ivi's PCIe host bridge in the SMMU are done in steps that give
    way to cluster (sched_preempt_point)."""
    cmd = cockpit.qemu_cmd(dtb=storm_dtb(work), extra=ICOUNT)
    cmd[cmd.index("-smp") + 1] = "1"
    child = spawn(cmd, timeout)
    try:
        wait_ready(child, {"cluster", "ivi"})
        child.expect(PERIODIC)
        p0, m0 = int(child.match.group(1)), int(child.match.group(2))
        for n, command in enumerate(STORM, start=1):
            focus(child, "ivi")
            child.send(command + "\n")
            child.expect(rf"domain ivi: restarted \(restart {n}\)")
            child.expect(r"\[ivi\] BULKHEAD-GUEST-READY")
        child.expect(PERIODIC)
        return int(child.match.group(1)) - p0, int(child.match.group(2)) - m0
    finally:
        child.terminate(force=True)


def verdict(ok):
    return "met" if ok else "**not met**"


def report(res):
    lines = ["", "## The cockpit (dts/qemu-cockpit.dts)", ""]
    if "restart" in res:
        colds, rs = res["restart"]
        cold, med = statistics.median(colds), statistics.median(rs)
        lines += ["ivi back in userspace, wall clock: cold boot (QEMU start to its ready line) "
                  "and restart (`reboot -f` to its ready line), medians.", "",
                  "| | median s | runs |", "|---|---|---|",
                  f"| cold boot | {cold:.2f} | {', '.join(f'{x:.2f}' for x in colds)} |",
                  f"| restart | {med:.2f} | {', '.join(f'{x:.2f}' for x in rs)} |", "",
                  f"Goal: restart <= cold boot: {med / cold:.2f}x, "
                  f"{verdict(med <= GOALS['restart'] * cold)}.", ""]
    if "isolation" in res:
        iso = res["isolation"]
        lines += ["cluster's timer wake-up latency under -icount shift=0 (instructions) on "
                  "one pCPU: Bulkhead with cluster (rtds 500 us every 1 ms) and a single-vCPU "
                  "ivi (4 ms every 10 ms, extratime) in pool 0, ivi idle or running a busy "
                  "loop; and the platform alone for reference: native Linux on the same "
                  "one-CPU machine, the probe alone or beside the busy loop.", "",
                  "| run | n | min ns | avg ns | max ns |", "|---|---|---|---|---|"]
        for load, (n, mn, avg, mx) in iso.items():
            lines.append(f"| {load} | {n} | {mn} | {avg} | {mx} |")
        ratio = iso["bulkhead busy"][2] / iso["bulkhead idle"][2]
        native = iso["native busy"][2] / iso["native idle"][2]
        lines += ["", f"Goal: busy / idle <= {GOALS['isolation']}: Bulkhead {ratio:.3f}, "
                  f"{verdict(ratio <= GOALS['isolation'])} (native Linux on the same emulated "
                  f"machine: {native:.3f}).", ""]
    if "storm" in res:
        periods, missed = res["storm"]
        lines += [f"Crash storm under -icount shift=0 on one pCPU shared by cluster and ivi "
                  f"(the cockpit's tree with ivi's GPU behind the SMMU, one vCPU each, the "
                  f"isolation case's rtds servers; ivi: panic, wild write, hang caught by the "
                  f"watchdog, poweroff -f, reboot -f): cluster ran {periods} periods of "
                  f"1 ms and missed {missed}.", "",
                  f"Goal: {GOALS['storm']} missed: {verdict(missed <= GOALS['storm'])}.", ""]
    return lines
