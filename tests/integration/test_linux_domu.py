"""Guests: Debian's unmodified arm64 kernel (linux-image-cloud-arm64) with a
busybox initramfs runs as a domU, SMP inside the guest, under GICv2 and
GICv3, beside other domains; console input is switched with Ctrl-A x3 and a
guest's poweroff ends only that domain."""
import pytest

from bh import (INITRAMFS, LINUX_IMAGE, LINUX_READY_RE, add_domain, answers_then_powers_off,
                dump_dtb, focus, linux_modules, poweroff_leaves_other, qemu_cmd)

pytestmark = pytest.mark.skipif(not LINUX_IMAGE.exists() or not INITRAMFS.exists(),
                                reason="guest images missing (make images)")
BOOTARGS = "console=ttyAMA0 panic=-1"


def boot_linux(boot, tmp_path, gic, domains, smp=4):
    """domains: list of (name, vcpus). Returns the console, all reached userspace."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=smp, gic=gic)
    extra = []
    for slot, (name, vcpus) in enumerate(domains):
        kernel, initrd = linux_modules(slot)
        add_domain(dtb, name, kernel, mem_mib=256, cpus=vcpus, ramdisk=initrd,
                   bootargs=BOOTARGS, props=[("s", "bulkhead,name", name)])
        extra += kernel.loader() + initrd.loader()
    con = boot(qemu_cmd(smp=smp, gic=gic, dtb=dtb, extra=extra))
    con.expect_ready()
    nprocs = {}
    for _ in domains:
        m = con.expect(r"\[(\w+)\] BULKHEAD-GUEST-READY nproc=(\d+) ", timeout=180)
        nprocs[m.group(1)] = int(m.group(2))
    assert nprocs == {name: vcpus for name, vcpus in domains}
    return con


@pytest.mark.parametrize("gic,vcpus", [(2, 1), (2, 2), (3, 1), (3, 2)])
def test_linux_domu_boots_and_powers_off(boot, tmp_path, gic, vcpus):
    con = boot_linux(boot, tmp_path, gic, [("linux", vcpus)])
    answers_then_powers_off(con, "linux", "echo guest-says-$((6*7))", "guest-says-42")
    assert "BULKHEAD PANIC" not in con.output()


def test_two_linux_domus_each_own_console(boot, tmp_path):
    con = boot_linux(boot, tmp_path, 3, [("red", 1), ("blue", 2)])
    poweroff_leaves_other(con, "red", "blue")


def test_direct_mapped_linux(boot, tmp_path):
    """Xen's direct-map: the guest sees its RAM at the host address."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3)
    kernel, initrd = linux_modules(0)
    add_domain(dtb, "dm", kernel, mem_mib=256, cpus=1, ramdisk=initrd, bootargs=BOOTARGS,
               props=[("s", "bulkhead,name", "dm"), ("s", "direct-map")])
    con = boot(qemu_cmd(smp=2, gic=3, dtb=dtb, extra=kernel.loader() + initrd.loader()))
    m = con.expect(r"domain dm: 1 vCPU\(s\) from CPU \d+, 256 MiB at 0x([0-9a-f]+) \(guest 0x([0-9a-f]+)\)")
    assert m.group(1) == m.group(2) and int(m.group(1), 16) != 0x40000000
    con.expect(r"\[dm\] BULKHEAD-GUEST-READY nproc=1", timeout=180)
    focus(con, "dm")
    con.send("ls -d /sys/firmware/devicetree/base/memory@*\n")
    con.expect(rf"\[dm\] /sys/firmware/devicetree/base/memory@{m.group(1)}", timeout=60)
