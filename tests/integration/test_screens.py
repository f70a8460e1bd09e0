"""The screens (docs/screens.md) on QEMU's virtio-gpu behind the SMMUv3.

The ivi domain runs Debian's generic kernel (cache/images/arm64-generic) and
owns the PCIe host bridge by a partial DT, as in test_smmu.py, with a
virtio-gpu-pci on it (iommu_platform=on: every DMA through the SMMU).
Debian's virtio-gpu module binds, its DRM fbdev emulation makes /dev/fb0,
and ivi_screen draws on it. Screenshots through QMP's screendump show the
strip's counter advancing; ivi is crashed (sysrq c, panic=1) and restarted
by Bulkhead, the screen stops, goes dark when the new kernel resets the
device, and comes back with a fresh counter. gauge, the cluster's program,
is run on the same fb0 and its strip decoded too. No DMA fault is reported:
the GPU's DMA stays in ivi's RAM."""
import re
import time

import pytest

from bh import BUILD, IMAGES, LOGS, Module, add_domain, add_partial_dt, dump_dtb, focus, \
    log_name, qemu_cmd
from screen import (TAG_GAUGE, TAG_IVI, Qmp, decode_strip, decode_strip_settled, is_dark,
                    qmp_args, save_png)
from test_smmu import partial_module

GENERIC_IMAGE = IMAGES / "arm64-generic" / "Image"
IVI_SCREEN_INITRD = BUILD / "images" / "initramfs-ivi-screen.cpio"
CLUSTER_SCREEN_INITRD = BUILD / "images" / "initramfs-cluster-screen.cpio"
MACHINE = "iommu=smmuv3"
GPU = "ivi-gpu"
# console=ttyAMA0 keeps the kernel's messages off fbcon; the cursor is off too.
BOOTARGS = "console=ttyAMA0 panic=1 vt.global_cursor_default=0"

pytestmark = pytest.mark.skipif(
    not GENERIC_IMAGE.exists() or not IVI_SCREEN_INITRD.exists(),
    reason="screen images missing (make images screens-images)")


class Shots:
    """Screendumps of the GPU, each kept as a PNG in build/test-logs/."""

    def __init__(self, qmp, tmp_path, name):
        self.qmp, self.tmp, self.name, self.n = qmp, tmp_path, name, 0

    def take(self):
        self.n += 1
        img = self.qmp.screendump(self.tmp / "shot.ppm", device=GPU)
        save_png(img, LOGS / f"{self.name}-{self.n:03d}.png")
        return img


def advancing(shots, tag, count=4, gap=1.0, timeout=60):
    """Once the strip shows (the first frame takes a deferred-I/O flush to
    reach the GPU), count screenshots `gap` apart whose strips all decode,
    each counter above the last; returns the counters."""
    deadline = time.monotonic() + timeout
    while decode_strip(shots.take(), tag=tag) is None:
        assert time.monotonic() < deadline, f"no {chr(tag)} strip in {timeout}s"
        time.sleep(0.2)
    seen = []
    while len(seen) < count:
        assert time.monotonic() < deadline, f"strip {chr(tag)}: only {seen} in {timeout}s"
        c = decode_strip_settled(shots.take, tag)
        assert c is not None, f"shot {shots.n}: no {chr(tag)} strip (after {seen})"
        assert not seen or c > seen[-1], f"shot {shots.n}: counter {c} after {seen}"
        seen.append(c)
        time.sleep(gap)
    return seen


def test_ivi_screen_through_smmu_and_restart(boot, tmp_path, request):
    host = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3, machine_opts=MACHINE)
    kernel = Module(GENERIC_IMAGE, 0x50000000)  # 33 MB
    rd = Module(IVI_SCREEN_INITRD, 0x52400000)
    pdt = partial_module(host, tmp_path, "partial", 0x52c00000)  # the host bridge, as test_smmu's
    path = add_domain(host, "ivi", kernel, mem_mib=256, cpus=1, ramdisk=rd, bootargs=BOOTARGS,
                      props=[("s", "bulkhead,on-crash", "restart")])
    add_partial_dt(host, path, pdt)
    sock = tmp_path / "qmp.sock"
    extra = kernel.loader() + rd.loader() + pdt.loader() + qmp_args(sock) + [
        "-device", f"virtio-gpu-pci,id={GPU},addr=2,disable-legacy=on,iommu_platform=on,"
                   "xres=640,yres=480"]
    t0 = time.monotonic()
    con = boot(qemu_cmd(smp=2, gic=3, dtb=host, extra=extra, machine_opts=MACHINE))
    qmp = Qmp(sock)
    shots = Shots(qmp, tmp_path, log_name(request))
    con.expect_ready()
    con.expect(r"\[ivi\] IVI fb0 640x480 stride 2560", timeout=400)
    con.expect(r"\[ivi\] IVI first-frame", timeout=60)
    boot_s = time.monotonic() - t0
    log = con.output()
    assert "domain ivi: 1 stream range(s) attached" in log
    assert re.search(r"\[ivi\] .*virtio-pci 0000:00:02\.0", log) or "virtio_gpu" in log or \
        "virtio-gpu" in log, "no virtio-gpu in ivi's log"
    print(f"ivi: QEMU start to IVI first-frame in {boot_s:.1f} s")
    before = advancing(shots, TAG_IVI)

    # Crash: the picture stops (1 s of "Rebooting in 1 seconds" at least),
    # may go dark while the new kernel resets the GPU (too short for a shot
    # when the restart is quick), and comes back with a fresh counter: one
    # below the highest the old program drew, which may have drawn a few
    # frames after advancing() looked.
    focus(con, "ivi")
    con.send("echo c > /proc/sysrq-trigger\n")
    con.expect(r"domain ivi: crashed .*restarting it", timeout=60)
    states, last, peak = [], None, before[-1]
    deadline = time.monotonic() + 400
    while True:
        assert time.monotonic() < deadline, f"ivi's screen never came back: {states[-20:]}"
        img = shots.take()
        c = decode_strip(img, tag=TAG_IVI)
        state = "dark" if is_dark(img) else "other" if c is None else \
            "frozen" if c == last else f"count {c}"
        if not states or states[-1] != state:
            states.append(state)
        if c is not None and c < peak:
            fresh = c
            break
        peak = max(peak, c or 0)
        last = c
        time.sleep(0.3)
    print(f"ivi's screen after the crash: {' -> '.join(states)}")
    assert "frozen" in states or "dark" in states, f"the old picture never stopped: {states}"
    con.expect(r"\[ivi\] IVI first-frame", timeout=60)
    after = advancing(shots, TAG_IVI)
    assert after[0] >= fresh, f"ivi's counter went back again: {fresh}, then {after}"  # no second restart

    # gauge on the same fb0: any 32-bit fbdev will do.
    focus(con, "ivi")
    con.send("kill $(pidof ivi_screen); gauge &\n")
    con.expect(r"\[ivi\] (/ # \S*)?GAUGE fb0 640x480 stride 2560", timeout=60)  # after the prompt
    con.expect(r"\[ivi\] GAUGE first-frame", timeout=60)
    advancing(shots, TAG_GAUGE)

    log = con.output()
    assert "BULKHEAD PANIC" not in log
    assert not re.search(r"smmu-v3@9050000: (domain ivi|a stream of no domain|global error)", log)
    qmp.close()


@pytest.mark.skipif(not CLUSTER_SCREEN_INITRD.exists(), reason="make screens-images")
def test_cluster_screen_image_without_framebuffer(boot, tmp_path):
    """initramfs-cluster-screen.cpio on the generic kernel, in a domain with no
    framebuffer: the 1 ms task runs and gauge says it has no /dev/fb0 and
    exits (the simple-framebuffer and ramfb are Bulkhead's side of issue 10)."""
    host = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3)
    kernel = Module(GENERIC_IMAGE, 0x50000000)
    rd = Module(CLUSTER_SCREEN_INITRD, 0x52400000)
    add_domain(host, "cluster", kernel, mem_mib=128, cpus=1, ramdisk=rd,
               bootargs="console=ttyAMA0 panic=-1")
    con = boot(qemu_cmd(smp=2, gic=3, dtb=host, extra=kernel.loader() + rd.loader()))
    con.expect_ready()
    con.expect(r"\[cluster\] GAUGE error: no /dev/fb0", timeout=300)
    con.expect(r"\[cluster\] PERIODIC periods=\d+ missed=\d+ checksum=", timeout=60)
    assert "[cluster] BULKHEAD-GUEST-READY" in con.output()  # before or after gauge's line
