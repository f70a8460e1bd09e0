"""Linux on the ARMv7-A host: Debian's unmodified armhf kernel
(linux-image-armmp-lpae, a zImage entered with r2 = DTB) with a busybox
initramfs runs as a domU of build-arm32/bulkhead.bin, SMP inside the guest,
under GICv2 and GICv3, two at once, described in Xen's dom0less form, also
as tools/bh-imagebuilder and U-Boot's bootz put them."""
import shutil
import subprocess

import pytest

from bh import (BUILD, IMAGE_ARM32, IMAGES, ROOT, UBOOT_ARM32, Module, add_domain, add_pool,
                answers_then_powers_off, dump_dtb, expect_guests_ready, focus,
                poweroff_leaves_other, qemu_cmd, uboot_tftp_boot, uboot_tftp_cmd)
from test_imagebuilder import XEN_STYLE

ZIMAGE = IMAGES / "armhf" / "zImage"
INITRAMFS_ARMHF = BUILD / "images" / "initramfs-armhf.cpio"
pytestmark = pytest.mark.skipif(
    not IMAGE_ARM32.exists() or not ZIMAGE.exists() or not INITRAMFS_ARMHF.exists(),
    reason="arm32 build or armhf guest images missing (make arm32 images)")
BOOTARGS = "console=ttyAMA0 panic=-1"


def boot_linux(boot, tmp_path, gic, domains, smp=4, mem_mib=192):
    """domains: list of (name, vcpus). Returns the console, all reached userspace.
    The host has 1 GiB at 0x40000000; QEMU puts its DTB at +128 MiB, the
    modules go above it, 32 MiB a domain."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=smp, gic=gic, mem="1G", arch="arm32")
    extra = []
    for slot, (name, vcpus) in enumerate(domains):
        base = 0x50000000 + slot * 0x2000000
        kernel, initrd = Module(ZIMAGE, base), Module(INITRAMFS_ARMHF, base + 0x1000000)
        add_domain(dtb, name, kernel, mem_mib=mem_mib, cpus=vcpus, ramdisk=initrd,
                   bootargs=BOOTARGS, props=[("s", "bulkhead,name", name)])
        extra += kernel.loader() + initrd.loader()
    con = boot(qemu_cmd(smp=smp, gic=gic, mem="1G", kernel=IMAGE_ARM32, arch="arm32", dtb=dtb,
                        extra=extra))
    con.expect_ready()
    nprocs = {}
    for _ in domains:
        m = con.expect(r"\[(\w+)\] BULKHEAD-GUEST-READY nproc=(\d+) kernel=\S+-armmp-lpae",
                       timeout=240)
        nprocs[m.group(1)] = int(m.group(2))
    assert nprocs == {name: vcpus for name, vcpus in domains}
    return con


@pytest.mark.parametrize("gic,vcpus", [(2, 2), (3, 1), (3, 2)])
def test_armhf_linux_domu(boot, tmp_path, gic, vcpus):
    con = boot_linux(boot, tmp_path, gic, [("linux", vcpus)])
    answers_then_powers_off(con, "linux", "echo guest-says-$((6*7)) $(uname -m)",
                            "guest-says-42 armv7l")
    assert "Oops" not in con.output() and "BULKHEAD PANIC" not in con.output()


def test_two_armhf_linux_domus(boot, tmp_path):
    con = boot_linux(boot, tmp_path, 2, [("red", 1), ("blue", 2)])
    poweroff_leaves_other(con, "red", "blue")


# The Xen-style config of test_imagebuilder.py for this host: its zImage and
# initramfs, and the 1 GiB of RAM the machine has.
IMAGEBUILDER_CONFIG = (XEN_STYLE.replace('"Image"', '"zImage"')
                       .replace("initramfs-arm64", "initramfs-armhf")
                       .replace('MEMORY_END="0xC0000000"', 'MEMORY_END="0x80000000"'))


@pytest.mark.skipif(not UBOOT_ARM32.exists(), reason="u-boot-qemu is not installed (make deps)")
def test_imagebuilder_uboot_bootz(boot, tmp_path):
    """tools/bh-imagebuilder makes the script; Debian's U-Boot (qemu_arm)
    loads everything over TFTP and starts the zImage with bootz."""
    d = tmp_path / "tftp"
    d.mkdir()
    for src, name in ((IMAGE_ARM32, "bulkhead.bin"), (ZIMAGE, "zImage"),
                      (INITRAMFS_ARMHF, "initramfs-armhf.cpio")):
        shutil.copy(src, d / name)
    dump_dtb(d / "virt.dtb", smp=2, gic=3, mem="1G", arch="arm32")
    (d / "config").write_text(IMAGEBUILDER_CONFIG)
    subprocess.run([str(ROOT / "tools" / "bh-imagebuilder"), "-c", str(d / "config"), "-d",
                    str(d), "-t", "tftp"], check=True, capture_output=True, timeout=60)
    con = boot(uboot_tftp_cmd(d, smp=2, gic=3, arch="arm32", mem="1G"))
    uboot_tftp_boot(con)
    con.expect(r"bootz 0x40000000 - 0x40200000|bh-imagebuilder: starting Bulkhead", timeout=120)
    con.expect(r"Starting kernel", timeout=60)
    con.expect_ready()
    assert expect_guests_ready(con, ["domU0", "domU1"], timeout=240) == {"domU0": 1, "domU1": 1}
    assert "bh-imagebuilder: error" not in con.output()


def test_armhf_linux_beside_an_apr_hog(boot, tmp_path):
    """The arm32 host's GICv3 (ICH_AP0R<n> is p15,4,c12,c8,<n>): the AArch32
    smoke guest with bulkhead.aprhog keeps every ICC_AP0R<n>/ICC_AP1R<n> full
    on the pCPU (rtds pool of CPU 1) it shares with an armhf Linux domain.
    Linux reaches its shell and answers; with ICH_AP0R<n> left on the pCPU its
    interrupts were held back."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3, mem="1G", arch="arm32")
    pool = add_pool(dtb, "shared", [1], "rtds")
    kernel, initrd = Module(ZIMAGE, 0x50000000), Module(INITRAMFS_ARMHF, 0x51000000)
    add_domain(dtb, "beside", kernel, mem_mib=192, ramdisk=initrd, bootargs=BOOTARGS,
               props=[("s", "bulkhead,name", "beside"), ("x", "domain-cpupool", pool)])
    hog = Module(BUILD / "guests" / "arm32-smoke.bin", 0x54000000)
    add_domain(dtb, "hog", hog, mem_mib=16, bootargs="bulkhead.aprhog",
               props=[("s", "bulkhead,name", "hog"), ("x", "domain-cpupool", pool)])
    con = boot(qemu_cmd(smp=2, gic=3, mem="1G", kernel=IMAGE_ARM32, arch="arm32", dtb=dtb,
                        extra=kernel.loader() + initrd.loader() + hog.loader()))
    con.expect(r"\[hog\] ARM32-GUEST: APRs full, AP0R0 0xffffffff AP1R0 0xffffffff",
               timeout=120)
    expect_guests_ready(con, ["beside"], timeout=240)
    focus(con, "beside")
    con.send("echo beside-says-$((6*7))\n")
    con.expect(r"\[beside\] beside-says-42", timeout=120)
    assert "BULKHEAD PANIC" not in con.output()
