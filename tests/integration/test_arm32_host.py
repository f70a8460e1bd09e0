"""The ARMv7-A host (issue 8): build-arm32/bulkhead.bin boots in HYP mode on
qemu-system-arm's virt machine (Cortex-A15, GICv2 or GICv3), brings up every
CPU and proves its interrupts before the ready line, starts from U-Boot's
bootz, and refuses an entry outside HYP mode clearly."""
import struct

import pytest

from bh import (IMAGE_ARM32, UBOOT_ARM32, dump_dtb, fdtput, qemu_cmd, uboot_tftp_boot,
                uboot_tftp_cmd, uboot_tftp_dir)

pytestmark = pytest.mark.skipif(not IMAGE_ARM32.exists(),
                                reason="no arm32 build (make arm32 builds build-arm32/)")


def arm32(smp=2, gic=2, **kw):
    return qemu_cmd(smp=smp, gic=gic, mem="1G", kernel=IMAGE_ARM32, arch="arm32", **kw)


def test_zimage_header():
    """What QEMU -kernel and U-Boot bootz read: the zImage magic, start 0
    (position independent) and an end that covers the loaded file."""
    head = IMAGE_ARM32.read_bytes()[:0x34]
    magic, start, end, endian = struct.unpack_from("<4I", head, 0x24)
    assert (magic, start, endian) == (0x016F2818, 0, 0x04030201)
    assert end >= IMAGE_ARM32.stat().st_size and end % 4096 == 0


@pytest.mark.parametrize("gic", [2, 3])
@pytest.mark.parametrize("smp", [2, 4])
def test_ready_line(boot, smp, gic):
    con = boot(arm32(smp=smp, gic=gic))
    con.expect(r"Bulkhead \S+ \(arm32\)")
    con.expect(rf"gic: GICv{gic}, distributor at 0x8000000; timer: \d+ Hz, EL2 timer INTID 26")
    for cpu in range(1, smp):
        con.expect(rf"CPU {cpu} online \(MPIDR 0x{cpu:x}\)")
    ready = con.expect_ready()
    assert ready == {"cpus": smp, "gic": gic, "mem": 1024, "boot_us": ready["boot_us"]}
    assert 0 < ready["boot_us"] < 10_000_000
    assert "(bh) error" not in con.output()
    # Nothing after the ready line: every CPU idles.
    assert "(bh)" not in con.quiet_for(1)


def test_svc_entry_refused(boot):
    """Without virtualization=on QEMU enters the image in SVC mode."""
    con = boot(arm32(virt=False))
    con.expect(r"Bulkhead needs HYP mode \(hardware virtualization\); entered in SVC mode "
               r"\(CPSR.M 0x13\)\. On QEMU use -M virt,virtualization=on\.")
    assert "Bulkhead ready" not in con.quiet_for(2)


def test_unexpected_exception_dump(boot, tmp_path):
    dtb = dump_dtb(tmp_path / "board.dtb", smp=2, gic=2, mem="1G", arch="arm32")
    fdtput(dtb, "-t", "s", "/chosen", "bulkhead,bootargs", "selftest=abort")
    con = boot(arm32(dtb=dtb))
    con.expect(r"unexpected exception: Data abort \(HYP\)", allow_panic=True)
    con.expect(r"HSR 0x9[0-9a-f]{7}: EC 0x25 Data Abort \(same EL\)", allow_panic=True)
    con.expect(r"translation fault, level 1, read, HDFAR 0xfffff000", allow_panic=True)
    con.expect(r"ELR_hyp 0x[0-9a-f]{8}  SPSR_hyp 0x[0-9a-f]{7}a", allow_panic=True)  # from HYP
    con.expect(r"BULKHEAD PANIC on CPU 0", allow_panic=True)
    con.expect(r"System halted", allow_panic=True)
    assert "Bulkhead ready" not in con.output()


def test_domains_refused_until_world_switch(boot, tmp_path):
    """A domain node is refused with a message, and the host keeps running."""
    dtb = dump_dtb(tmp_path / "board.dtb", smp=2, gic=3, mem="1G", arch="arm32")
    fdtput(dtb, "-t", "x", "/chosen", "#address-cells", 2)
    fdtput(dtb, "-t", "x", "/chosen", "#size-cells", 1)
    path = "/chosen/linux"
    fdtput(dtb, "-c", path)
    fdtput(dtb, "-t", "s", path, "compatible", "xen,domain")
    fdtput(dtb, "-t", "x", path, "#address-cells", 2)
    fdtput(dtb, "-t", "x", path, "#size-cells", 1)
    fdtput(dtb, "-t", "x", path, "memory", 0, 64 * 1024)
    fdtput(dtb, "-t", "x", path, "cpus", 1)
    fdtput(dtb, "-c", f"{path}/module@48000000")
    fdtput(dtb, "-t", "s", f"{path}/module@48000000", "compatible", "multiboot,kernel",
           "multiboot,module")
    fdtput(dtb, "-t", "x", f"{path}/module@48000000", "reg", 0, 0x48000000, 0x1000)
    con = boot(arm32(gic=3, dtb=dtb))
    con.expect_ready()
    con.expect(r"domain linux: guests do not run on an arm32 host yet")
    assert "BULKHEAD PANIC" not in con.quiet_for(1)


BOOT_CMD = """\
echo "bulkhead: fetching the hypervisor over TFTP"
tftpb ${kernel_addr_r} bulkhead.bin
bootz ${kernel_addr_r} - ${fdtcontroladdr}
"""


@pytest.mark.skipif(not UBOOT_ARM32.exists(), reason="u-boot-qemu is not installed (make deps)")
def test_uboot_tftp_bootz(boot, tmp_path):
    tftp = uboot_tftp_dir(tmp_path, IMAGE_ARM32, BOOT_CMD, arch="arm32")
    con = boot(uboot_tftp_cmd(tftp, smp=2, gic=2, arch="arm32", mem="1G"))
    uboot_tftp_boot(con)
    con.expect(r"Bytes transferred = %d " % IMAGE_ARM32.stat().st_size, timeout=60)
    con.expect(r"Starting kernel")
    ready = con.expect_ready()
    assert (ready["cpus"], ready["gic"], ready["mem"]) == (2, 2, 1024)
