#!/usr/bin/env python3
"""make bench: Bulkhead beside native Linux (no hypervisor) and Xen 4.17, same
kernel, initramfs and dom0less DTB, on QEMU virt, alternating runs.

  boot      wall-clock seconds from QEMU start to the guests' userspace, with
            1 and 3 domains (native: 1)
  latency   timer wake-up latency of tests/bench/latency.c in the guest, under
            -icount shift=0,sleep=off (1 ns = 1 instruction), single vCPU
  micro     HVC, MMIO, SGI and vCPU-switch round trips of the bare-metal bench
            guest (tests/guests/bench, tests/bench/micro.py), in instructions
  restart   a domain's restart to userspace (Bulkhead; Xen dom0less cannot)
  footprint RAM the hypervisor keeps, per-domain overhead, image sizes
  code      lines of code per top-level directory (cloc)
  boot32    the ARMv7-A host: armhf Linux to userspace, native, Bulkhead arm32 and
            Xen 4.17 armhf (tests/bench/boot32.py)
  frame     power-on to the cluster's first frame: the cockpit vs. the same
            kernel natively (tests/bench/first_frame.py)
  cockpit   restart, isolation and crash-storm figures (tests/bench/cockpit_bench.py)

Writes docs/perf.md (or --out) with the exact commands, QEMU version and date,
and one PNG per case beside it (perf/<case>.png, tests/bench/plots.py)."""
import argparse
import datetime
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
sys.path.insert(0, str(ROOT / "tests" / "bench"))
import boot32  # noqa: E402
import dom0less  # noqa: E402
import first_frame  # noqa: E402
import micro  # noqa: E402
import plots  # noqa: E402

KERNEL = ROOT / "cache" / "images" / "arm64" / "Image"
XEN = ROOT / "cache" / "xen" / "xen-4.17-arm64"
INITRD = BUILD / "images" / "initramfs-bench-200.cpio"
BULKHEAD = BUILD / "bulkhead.bin"
KADDR, RADDR = 0x50000000, 0x54000000
DOMAIN_STRIDE = 0x8000000  # each domain's kernel and initramfs copies, 128 MiB apart
LAT_RE = r"LATENCY n=(\d+) min=(\d+) avg=(\d+) max=(\d+)\s"  # \s: all digits arrived
SAMPLES_RE = r"LATENCY-S((?: \d+)+)\r*\n"  # the console may double the \r
READY = "BENCH-USERSPACE"
GOALS = {"latency": 1.05, "boot": 0.6, "image_kib": 256}  # vs native, vs Xen, KiB
CASES = ("boot", "latency", "micro", "restart", "footprint", "code", "boot32", "frame")
CODE_DIRS = ("arch", "common", "drivers", "include", "tools", "dts", "tests")


def machine(virt, icount, smp=1):
    cmd = ["qemu-system-aarch64", "-M", f"virt,virtualization={'on' if virt else 'off'},"
           "gic-version=3", "-cpu", "cortex-a57", "-smp", str(smp), "-m", "2G", "-nographic",
           "-nic", "none", "-monitor", "none", "-serial", "stdio"]
    return cmd + (["-icount", "shift=0,sleep=off"] if icount else [])


def host_dtb(out, ndom=1, restart=False):
    """QEMU's own DTB plus `ndom` dom0less domains (tests/bench/dom0less.py),
    each with its own copy of the kernel and initramfs."""
    extra = [("bulkhead,on-crash", "restart")] if restart else []
    return dom0less.host_dtb(machine(True, False, ndom), out, [
        ((KADDR + i * DOMAIN_STRIDE, KERNEL), (RADDR + i * DOMAIN_STRIDE, INITRD),
         "console=ttyAMA0 panic=-1 quiet", extra) for i in range(ndom)])


def rel(p):
    """Paths in the report relative to the checkout."""
    try:
        return str(Path(p).relative_to(ROOT))
    except ValueError:
        return str(p)


def command(target, icount, dtb, ndom=1):
    if target == "native":
        return machine(False, icount) + ["-kernel", str(KERNEL), "-initrd", str(INITRD),
                                         "-append", "console=ttyAMA0 panic=-1 quiet"]
    loaders = []
    for i in range(ndom):
        for addr, f in ((KADDR, KERNEL), (RADDR, INITRD)):
            loaders += ["-device", f"loader,file={f},addr={addr + i * DOMAIN_STRIDE:#x},"
                        "force-raw=on"]
    image = BULKHEAD if target == "bulkhead" else XEN
    return machine(True, icount, ndom) + ["-kernel", str(image), "-dtb", str(dtb)] + loaders


def spawn(cmd, timeout):
    return pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", codec_errors="replace",
                         timeout=timeout)


def expect(child, pattern, what):
    """child.expect with an error that names the run and shows its last output."""
    try:
        child.expect(pattern)
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        tail = (child.before or "")[-1500:]
        raise RuntimeError(f"{what}: no {pattern!r} ({type(e).__name__}); last output:\n"
                           f"{tail}") from None
    return child.match


def boot_once(target, dtb, ndom, timeout):
    """Seconds from QEMU start until every domain printed its ready line."""
    start = time.monotonic()
    child = spawn(command(target, False, dtb, ndom), timeout)
    try:
        for _ in range(ndom):
            expect(child, READY, f"boot {target}, {ndom} domain(s)")
        return time.monotonic() - start
    finally:
        child.terminate(force=True)


def latency(target, dtb, timeout):
    """(n, min, avg, max, [samples]) of the probe, under icount."""
    child = spawn(command(target, True, dtb), timeout)
    samples = []
    try:
        while True:
            i = child.expect([SAMPLES_RE, LAT_RE])
            if i == 0:
                samples += map(int, child.match.group(1).split())
                continue
            summary = tuple(int(child.match.group(k)) for k in range(1, 5))
            if len(samples) != min(summary[0], 4096):  # latency.c prints the first 4096
                raise RuntimeError(f"latency {target}: {len(samples)} samples for "
                                   f"n={summary[0]}")
            return summary + (samples,)
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        raise RuntimeError(f"latency {target}: {type(e).__name__}; last output:\n"
                           f"{(child.before or '')[-1500:]}") from None
    finally:
        child.terminate(force=True)


def restart_once(dtb, timeout):
    """(cold boot s, restart s) of one Bulkhead domain with on-crash = "restart":
    the probe's `poweroff -f` (PSCI SYSTEM_OFF) is the crash, and the restart
    runs from the hypervisor's line about it to userspace again."""
    start = time.monotonic()
    child = spawn(command("bulkhead", False, dtb), timeout)
    try:
        expect(child, READY, "restart: cold boot")
        cold = time.monotonic() - start
        expect(child, r"domain domU1: [^\n]*; restarting it", "restart: the crash")
        crashed = time.monotonic()
        expect(child, READY, "restart: back in userspace")
        return cold, time.monotonic() - crashed
    finally:
        child.terminate(force=True)


MEM_RE = (r"memory: hypervisor image (\d+) KiB \(all its static state, including (\d+) "
          r"domain slots of (\d+) KiB\), (\d+) KiB of RAM free")
DOM_MEM_RE = r"domain domU1: (\d+) MiB RAM, (\d+) KiB of stage-2 tables"


def footprint(dtb, timeout):
    """Bulkhead's memory (debug key 'm' once the domain is in userspace) and
    both hypervisors' image sizes."""
    child = spawn(command("bulkhead", False, dtb), timeout)
    try:
        expect(child, READY, "footprint: boot")
        child.send("m")
        m = expect(child, MEM_RE, "footprint: debug key m")
        image_kib, slots, slot_kib, free_kib = map(int, m.groups())
        d = expect(child, DOM_MEM_RE, "footprint: the domain's line")
    finally:
        child.terminate(force=True)
    return {"image_mem_kib": image_kib, "slots": slots, "slot_kib": slot_kib,
            "free_kib": free_kib, "dom_ram_mib": int(d.group(1)), "s2_kib": int(d.group(2)),
            "bulkhead_file_kib": BULKHEAD.stat().st_size / 1024,
            "xen_file_kib": XEN.stat().st_size / 1024 if XEN.exists() else None}


def code_size():
    """{dir: {language: code lines}} from cloc, files git tracks only."""
    out = {}
    for d in CODE_DIRS:
        files = subprocess.run(["git", "ls-files", d], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.split()
        if not files:
            continue
        r = subprocess.run(["cloc", "--json", "--quiet", *files], cwd=ROOT,
                           capture_output=True, text=True, check=True)
        data = json.loads(r.stdout)
        out[d] = {lang: v["code"] for lang, v in data.items() if lang not in ("header", "SUM")}
    return out


def bench(targets, cases, runs, domains, work, timeout, frame_runs=None):
    res = {"targets": targets, "runs": runs}
    arm64 = set(cases) - {"boot32", "code", "frame"}  # cases that boot the arm64 guests
    dtbs = {n: host_dtb(work / f"bench-{n}.dtb", n) for n in domains} if arm64 else {}
    if "boot" in cases:
        boot = {(t, n): [] for n in domains for t in targets if t != "native" or n == 1}
        for _ in range(runs):  # alternate: every target once per round
            for (t, n) in boot:
                boot[(t, n)].append(boot_once(t, dtbs[n], n, timeout))
        res["boot"] = boot
    if "latency" in cases:
        one = dtbs.get(1) or host_dtb(work / "bench-1.dtb", 1)
        res["latency"] = {t: latency(t, one, timeout) for t in targets}
    if "micro" in cases:
        # Each run takes about a second; a hang (Xen with 2 pCPUs under
        # -icount) costs no more than 30 s.
        res["micro"] = micro.run_all(targets, work, min(timeout, 30))
    if "restart" in cases and "bulkhead" in targets:
        rdtb = host_dtb(work / "bench-restart.dtb", 1, restart=True)
        res["restart"] = [restart_once(rdtb, timeout) for _ in range(runs)]
    if "footprint" in cases and "bulkhead" in targets:
        res["footprint"] = footprint(dtbs.get(1) or host_dtb(work / "bench-1.dtb", 1), timeout)
    if "code" in cases:
        res["code"] = code_size()
    if "boot32" in cases:
        res["boot32"] = boot32.measure(targets, runs, work, timeout)
    if "frame" in cases:
        res["frame"] = first_frame.measure(targets, frame_runs or runs, work, timeout)
    return res


def verdict(ok):
    return "met" if ok else "**not met**"


def runs_cell(xs):
    return ", ".join(f"{x:.2f}" for x in xs)


def report_boot(boot):
    lines = ["## Boot to the guests' userspace (wall clock, median)", "",
             "| target | domains | median s | runs |", "|---|---|---|---|"]
    for (t, n), xs in boot.items():
        lines.append(f"| {t} | {n} | {statistics.median(xs):.2f} | {runs_cell(xs)} |")
    for n in sorted({n for (_, n) in boot}):
        if ("xen", n) in boot and ("bulkhead", n) in boot:
            ratio = statistics.median(boot[("bulkhead", n)]) / statistics.median(boot[("xen", n)])
            lines += ["", f"Goal ({n} domain{'s' if n > 1 else ''}): Bulkhead <= "
                      f"{GOALS['boot']}x Xen: {ratio:.2f}x, {verdict(ratio <= GOALS['boot'])}."]
    lines += ["", "Each domain has 256 MiB and one vCPU, with one pCPU per domain. Where the "
              "goals are missed and why: [perf-analysis.md](perf-analysis.md).", ""]
    return lines


def report_latency(lat):
    lines = ["## Guest timer wake-up latency (instructions under -icount shift=0)", "",
             "| target | n | min ns | avg ns | max ns | avg vs native |", "|---|---|---|---|---|---|"]
    nat = lat.get("native")
    for t, (n, mn, avg, mx, _) in lat.items():
        ratio = f"{avg / nat[2]:.2f}x" if nat else "-"
        lines.append(f"| {t} | {n} | {mn} | {avg} | {mx} | {ratio} |")
    if nat and "bulkhead" in lat:
        ratio = lat["bulkhead"][2] / nat[2]
        lines += ["", f"Goal: Bulkhead <= {GOALS['latency']}x native: {ratio:.2f}x, "
                  f"{verdict(ratio <= GOALS['latency'])}."]
    return lines + [""]


def report_micro(res):
    return (["## Round trips of the bare-metal bench guest (instructions under -icount "
             "shift=0)", ""] + micro.report(res) + [""])


def report_restart(rs):
    colds, restarts = [c for c, _ in rs], [r for _, r in rs]
    cold, med = statistics.median(colds), statistics.median(restarts)
    return ["## Domain restart to userspace (Bulkhead; Xen dom0less cannot restart a domU)", "",
            "The domain of the boot case with `bulkhead,on-crash = \"restart\"`: its "
            "`poweroff -f` (PSCI SYSTEM_OFF) is the crash; the restart runs from the "
            "hypervisor's log line about it to the guest's userspace again.", "",
            "| | median s | runs |", "|---|---|---|",
            f"| cold boot | {cold:.2f} | {runs_cell(colds)} |",
            f"| restart | {med:.2f} | {runs_cell(restarts)} |", "",
            f"Goal: restart <= cold boot: {med / cold:.2f}x, {verdict(med <= cold)}.", ""]


def report_footprint(fp):
    kept = fp["image_mem_kib"] + fp["s2_kib"]
    lines = ["## Memory footprint and image size", "",
             "| | KiB |", "|---|---|",
             f"| Bulkhead image on disk (`build/bulkhead.bin`) | {fp['bulkhead_file_kib']:.0f} |"]
    if fp["xen_file_kib"]:
        lines.append(f"| Xen 4.17 image on disk (Debian xen-hypervisor-4.17-arm64) | "
                     f"{fp['xen_file_kib']:.0f} |")
    lines += [f"| Bulkhead in RAM: its image with all static state (.bss included) | "
              f"{fp['image_mem_kib']} |",
              f"| of which per domain slot (struct domain, {fp['slots']} slots) | "
              f"{fp['slot_kib']} |",
              f"| per domain at run time: stage-2 tables (256 MiB domain in userspace) | "
              f"{fp['s2_kib']} |",
              f"| RAM Bulkhead keeps with one domain (image + tables) | {kept} |", "",
              "Bulkhead allocates nothing else at run time: domain RAM is the domain's, its "
              "device tree and modules live in it. Read with the console's debug key `m`.", "",
              f"Goal: image <= {GOALS['image_kib']} KiB: {fp['bulkhead_file_kib']:.0f} KiB, "
              f"{verdict(fp['bulkhead_file_kib'] <= GOALS['image_kib'])}.", ""]
    return lines


def report_code(code):
    langs = sorted({lang for v in code.values() for lang in v})
    lines = ["## Code size per top-level directory (cloc, code lines of tracked files)", "",
             "| directory | " + " | ".join(langs) + " | total |",
             "|---" * (len(langs) + 2) + "|"]
    for d, v in code.items():
        lines.append(f"| {d} | " + " | ".join(str(v.get(lang, "")) for lang in langs)
                     + f" | {sum(v.values())} |")
    return lines + [""]


def report(res, figures, dtb_cmd):
    qemu = subprocess.run(["qemu-system-aarch64", "--version"], capture_output=True,
                          text=True).stdout.splitlines()[0]
    lines = ["# Performance", "",
             f"Measured {datetime.date.today()} with `make bench` on {qemu}, "
             f"{res['runs']} alternating run(s) per wall-clock figure; same kernel (Debian "
             "linux-image-cloud-arm64), initramfs and dom0less DTB for Bulkhead and Xen 4.17 "
             "(Debian xen-hypervisor-4.17-arm64). Figures: one PNG per case in "
             "[perf/](perf/).", ""]
    parts = (("boot", report_boot), ("latency", report_latency), ("micro", report_micro),
             ("restart", report_restart), ("footprint", report_footprint),
             ("code", report_code), ("boot32", boot32.report), ("frame", first_frame.report))
    for case, fn in parts:
        if case in res:
            lines += fn(res[case])
            if case in figures:
                lines += [f"![{case}](perf/{figures[case].name})", ""]
    lines += ["## Commands", "", "```"]
    for t in res["targets"]:
        lines.append(" ".join(rel(a) if a.startswith(str(ROOT)) else
                              a.replace(str(ROOT) + "/", "") for a in dtb_cmd(t)))
    lines += ["```", ""]
    return lines


def main():
    global INITRD
    ap = argparse.ArgumentParser()
    ap.add_argument("--targets", default="native,bulkhead,xen")
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--domains", default="1,3", help="domain counts for the boot case")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--frame-runs", type=int, default=5,
                    help="runs of the frame case, whose ratio lies close to its goal")
    ap.add_argument("--out", default=str(ROOT / "docs" / "perf.md"))
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--initrd", default=str(BUILD / "images" / "initramfs-bench-200.cpio"),
                    help="initramfs running the latency probe")
    ap.add_argument("--cockpit", default="restart,isolation,storm",
                    help="cockpit figures to measure (comma list, or none)")
    ap.add_argument("--restarts", type=int, default=3)
    ap.add_argument("--loops", type=int, default=200, help="latency probe wake-ups (cockpit)")
    a = ap.parse_args()
    INITRD = Path(a.initrd)
    targets = [t for t in a.targets.split(",") if t != "none"]
    cases = [c for c in a.cases.split(",") if c != "none"]
    unknown = set(cases) - set(CASES)
    if unknown:
        ap.error(f"unknown case(s) {', '.join(sorted(unknown))}; known: {', '.join(CASES)}")
    out = Path(a.out)
    work = Path(tempfile.mkdtemp(prefix="bench-", dir=BUILD))
    res = bench(targets, cases, a.runs, [int(n) for n in a.domains.split(",")], work,
                a.timeout, a.frame_runs)
    figures = plots.draw(res, out.parent / "perf")
    dtb1 = work / "bench-1.dtb"
    lines = report(res, figures, lambda t: command(t, True, dtb1))
    wanted = [] if a.cockpit == "none" else a.cockpit.split(",")
    if wanted:
        import cockpit_bench as cp
        cres = {}
        if "restart" in wanted:
            cres["restart"] = cp.restart(a.restarts, a.timeout)
        if "isolation" in wanted:
            cres["isolation"] = cp.isolation(work, a.loops, a.timeout)
        if "storm" in wanted:
            cres["storm"] = cp.storm(work, a.timeout * 3)
        lines += cp.report(cres)
    text = "\n".join(lines)
    out.write_text(text)
    print(text)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
