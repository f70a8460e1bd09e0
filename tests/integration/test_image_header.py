"""Kernel headers are untrusted input: an arm64 Image whose text_offset and
image_size add up past 2^64 (so that their sum, wrapped, looked small) and a
zImage whose end address lies past its file are each refused with a message
naming the domain, the header field and its value; the Linux domain beside
them reaches userspace and the hypervisor does not panic."""
import struct

import pytest

from bh import (INITRAMFS, LINUX_IMAGE, Module, add_domain, dump_dtb, expect_guests_ready,
                linux_modules, qemu_cmd)

BOOTARGS = "console=ttyAMA0 panic=-1"
MEM_MIB = 64
RAM = MEM_MIB << 20
U64 = 1 << 64
ZIMAGE_MAGIC = 0x016F2818

pytestmark = pytest.mark.skipif(not LINUX_IMAGE.exists() or not INITRAMFS.exists(),
                                reason="guest images missing (make images)")


def crafted_image(path, text_offset, image_size, size=64 * 1024):
    """The real kernel's 64-byte Image header with text_offset and image_size
    replaced, padded to size: bigger than the 4 KiB left at RAM - 4 KiB, so a
    copy there runs past the domain."""
    head = bytearray(LINUX_IMAGE.read_bytes()[:64])
    struct.pack_into("<QQ", head, 8, text_offset, image_size)
    path.write_bytes(bytes(head) + bytes(size - len(head)))
    return path


def crafted_zimage(path, start, end, size=4096):
    data = bytearray(size)
    struct.pack_into("<IIII", data, 0x24, ZIMAGE_MAGIC, start, end, 0x04030201)
    path.write_bytes(bytes(data))
    return path


def test_wrapping_headers_refused_linux_boots(boot, tmp_path):
    dtb = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3)
    # text_offset = RAM - 4 KiB, image_size = 2^64 - text_offset + 4 KiB: the
    # sum wraps to 4 KiB. And text_offset 4 KiB with image_size 2^64 - 4 KiB:
    # it wraps to 0, text_offset itself fits.
    wrap_off = RAM - 0x1000
    bad = {
        "wrap": Module(crafted_image(tmp_path / "wrap.img", wrap_off, U64 - wrap_off + 0x1000),
                       0x5C000000),
        "wrapsize": Module(crafted_image(tmp_path / "wrapsize.img", 0x1000, U64 - 0x1000),
                           0x5C100000),
        "zend": Module(crafted_zimage(tmp_path / "zend.img", 0, 0x100000), 0x5C200000),
    }
    # fdtput puts each new node first under /chosen, and domains are built in
    # tree order: the hostile ones are built before the Linux domain.
    kernel, initrd = linux_modules(0)
    add_domain(dtb, "linux", kernel, mem_mib=256, cpus=1, ramdisk=initrd, bootargs=BOOTARGS,
               props=[("s", "bulkhead,name", "linux")])
    for name, mod in reversed(bad.items()):
        add_domain(dtb, name, mod, mem_mib=MEM_MIB, cpus=1)
    extra = kernel.loader() + initrd.loader()
    for mod in bad.values():
        extra += mod.loader()
    con = boot(qemu_cmd(smp=2, gic=3, dtb=dtb, extra=extra))
    con.expect_ready()
    # Each wait fails on a hypervisor panic too (Console.expect).
    con.expect(rf"domain wrap: kernel: arm64 Image text_offset {wrap_off:#x}\b", timeout=60)
    con.expect(rf"domain wrapsize: kernel: arm64 Image image_size {U64 - 0x1000:#x} "
               r"at text_offset 0x1000\b", timeout=60)
    con.expect(r"domain zend: kernel: zImage end 0x100000 \(start 0x0\) is past the "
               r"module's 4096 bytes", timeout=60)
    assert expect_guests_ready(con, ["linux"], timeout=240) == {"linux": 1}
    log = con.output()
    assert "BULKHEAD PANIC" not in log
    for name in bad:
        assert f"domain {name}: started" not in log, name
        assert f"[{name}]" not in log, name
