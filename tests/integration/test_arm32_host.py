"""The ARMv7-A host (issue 8): build-arm32/bulkhead.bin boots in HYP mode on
qemu-system-arm's virt machine (Cortex-A15, GICv2 or GICv3), brings up every
CPU and proves its interrupts before the ready line, starts from U-Boot's
bootz, and refuses an entry outside HYP mode clearly."""
import struct

import pytest

from bh import (BUILD, IMAGE_ARM32, UBOOT_ARM32, Module, add_domain, dump_dtb, fdtput, qemu_cmd,
                uboot_tftp_boot, uboot_tftp_cmd, uboot_tftp_dir)

GUEST_ARM32 = BUILD / "guests" / "arm32-smoke.bin"

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


SMOKE_CHECKS = ["svc mode", "r1 is ~0", "dtb at r2", "ram", "psci version", "vfp", "data abort",
                "undef", "no pmu", "no debug"]


@pytest.mark.parametrize("gic", [2, 3])
def test_aarch32_guest_smoke(boot, tmp_path, gic):
    """tests/guests/arm32: entry state, stage-2 RAM, vPL011 stores, PSCI over
    HVC, VFP kept across exits, the PMU and the debug registers (HDCR.TDA:
    a DBGBVR0 write is not kept) hidden, SYSTEM_OFF halting only that domain."""
    dtb = dump_dtb(tmp_path / "board.dtb", smp=2, gic=gic, mem="1G", arch="arm32")
    guest = Module(GUEST_ARM32, 0x50000000)
    add_domain(dtb, "smoke", guest)
    con = boot(arm32(gic=gic, dtb=dtb, extra=guest.loader()))
    con.expect_ready()
    for what in SMOKE_CHECKS:
        con.expect(rf"\[smoke\] ARM32-GUEST: {what} ok")
    con.expect(r"\[smoke\] ARM32-GUEST: done")
    con.expect(r"domain smoke: halted \(PSCI SYSTEM_OFF\)")
    assert "FAIL" not in con.output()
    assert "(bh) error" not in con.output()


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
