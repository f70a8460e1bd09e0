"""make bench on the ARMv7-A host (issue "ARMv7-A port"): Debian's armhf
kernel (linux-image-armmp-lpae, a zImage) with a busybox initramfs that
prints its ready line and powers off, booted to userspace natively on
qemu-system-arm (Cortex-A15, GICv2), as a domU of build-arm32/bulkhead.bin
and as a dom0less domU of Xen 4.17 armhf (Debian xen-hypervisor-4.17-armhf):
one DTB, QEMU's own plus one Xen-style domain, for both hypervisors.
Wall clock from QEMU's start to the ready line; run.py reports and plots it."""
import statistics
import time
from pathlib import Path

import pexpect

import dom0less

ROOT = Path(__file__).resolve().parents[2]
ZIMAGE = ROOT / "cache" / "images" / "armhf" / "zImage"
INITRD = ROOT / "build" / "images" / "initramfs-boot-armhf.cpio"
IMAGES = {"bulkhead": ROOT / "build-arm32" / "bulkhead.bin",
          "xen": ROOT / "cache" / "xen" / "xen-4.17-armhf"}
KADDR, RADDR = 0x50000000, 0x51000000  # 1 GiB of RAM at 0x40000000
READY = "BENCH-USERSPACE"
BOOTARGS = "console=ttyAMA0 panic=-1 quiet"
GOAL = 0.6  # Bulkhead <= 0.6x Xen


def machine(virt):
    return ["qemu-system-arm", "-M", f"virt,virtualization={'on' if virt else 'off'},"
            "gic-version=2", "-cpu", "cortex-a15", "-smp", "1", "-m", "1G", "-nographic",
            "-nic", "none", "-monitor", "none", "-serial", "stdio"]


def host_dtb(out):
    """QEMU's DTB with one dom0less domain (tests/bench/dom0less.py)."""
    return dom0less.host_dtb(machine(True), out,
                             [((KADDR, ZIMAGE), (RADDR, INITRD), BOOTARGS, [])])


def command(target, dtb):
    if target == "native":
        return machine(False) + ["-kernel", str(ZIMAGE), "-initrd", str(INITRD), "-append",
                                 BOOTARGS]
    loaders = [a for addr, f in ((KADDR, ZIMAGE), (RADDR, INITRD))
               for a in ("-device", f"loader,file={f},addr={addr:#x},force-raw=on")]
    return machine(True) + ["-kernel", str(IMAGES[target]), "-dtb", str(dtb)] + loaders


def boot_once(target, dtb, timeout):
    """Seconds from QEMU's start to the domain's (or native Linux's) ready line."""
    cmd = command(target, dtb)
    start = time.monotonic()
    child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", codec_errors="replace",
                          timeout=timeout)
    try:
        child.expect(READY)
        return time.monotonic() - start
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        raise RuntimeError(f"boot32 {target}: no {READY} ({type(e).__name__}); last output:\n"
                           f"{(child.before or '')[-1500:]}") from None
    finally:
        child.terminate(force=True)


def measure(targets, runs, work, timeout):
    """{(target, 1): [seconds, ...]}, the targets alternating run by run (the
    shape plots.boot draws)."""
    dtb = host_dtb(Path(work) / "boot32.dtb")
    res = {(t, 1): [] for t in targets}
    for _ in range(runs):
        for t in targets:
            res[(t, 1)].append(boot_once(t, dtb, timeout))
    return res


def report(res):
    lines = ["## ARMv7-A host: boot to the guest's userspace (wall clock, median)", "",
             "Debian's armhf `linux-image-armmp-lpae` zImage and a busybox initramfs on "
             "`qemu-system-arm -M virt,gic-version=2 -cpu cortex-a15 -m 1G`: natively, as a "
             "256 MiB one-vCPU domU of `build-arm32/bulkhead.bin`, and of Xen 4.17 armhf "
             "(Debian xen-hypervisor-4.17-armhf), the same dom0less DTB for both.", "",
             "| target | median s | runs |", "|---|---|---|"]
    for (t, _), xs in res.items():
        lines.append(f"| {t} | {statistics.median(xs):.2f} | "
                     + ", ".join(f"{x:.2f}" for x in xs) + " |")
    if ("xen", 1) in res and ("bulkhead", 1) in res:
        ratio = statistics.median(res[("bulkhead", 1)]) / statistics.median(res[("xen", 1)])
        verdict = "met" if ratio <= GOAL else "**not met**"
        lines += ["", f"Goal: Bulkhead <= {GOAL}x Xen: {ratio:.2f}x, {verdict}."]
    lines += ["", "```"] + [" ".join(str(a).replace(str(ROOT) + "/", "")
                                     for a in command(t, Path("boot32.dtb")))
                            for (t, _) in res] + ["```"]
    return lines + [""]
