#!/usr/bin/env python3
"""Writes the hand-made seed inputs of the MMIO fuzz targets into
tests/fuzz/corpus/fuzz_vcontrol/ and tests/fuzz/corpus/fuzz_vsp805/, the SMCCC
call sequences into tests/fuzz/corpus/fuzz_smccc/, the PL011's into
tests/fuzz/corpus/fuzz_vpl011/, the vGIC's into tests/fuzz/corpus/fuzz_vgic_v2/
and fuzz_vgic_v3/, the data abort syndromes into tests/fuzz/corpus/fuzz_mmio/,
the kernel headers into tests/fuzz/corpus/fuzz_image_layout/, and
fuzz_guest_dt's (a header before the unit tests' domains-partial.dtb, which
`make -f tests/unit/unit.mk dtbs` builds) into tests/fuzz/corpus/fuzz_guest_dt/.
The encodings are described at the top of each tests/fuzz/fuzz_*.c. Run from
the top directory after changing an encoding."""
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

# ---- fuzz_vcontrol -------------------------------------------------------
CTL_CMD, CTL_STATUS, CTL_LEN, CTL_ARG0, CTL_ARG1, CTL_BUF = 0x8, 0xC, 0x10, 0x14, 0x18, 0x100
LIST, PAUSE, UNPAUSE, RESTART, SHUTDOWN, SCHED, LOG, STATS = range(1, 9)
RUNNING = 2


def ctl_header(states=(RUNNING, RUNNING), cluster_control=False, rtds=0, name=b"", hist=b""):
    assert len(name) < 32 and len(hist) % 8 == 0 and len(hist) < 256 * 8
    flags = int(cluster_control) | rtds << 1 | len(name) << 3
    return bytes([states[0], states[1], flags, len(hist) // 8]) + name + hist


def ctl_op(reg, write=False, val=0, dom=0, width=4, word=True):
    kind = dom | int(write) << 1 | {1: 0, 2: 1, 4: 2, 8: 3}[width] << 2 | int(word) << 4
    return struct.pack("<BHI", kind, reg + 0x100, val)


def ctl_name(s, dom=0):
    b = s.encode() + b"\0"
    b += b"\0" * (-len(b) % 4)
    return b"".join(ctl_op(CTL_BUF + i, True, struct.unpack_from("<I", b, i)[0], dom)
                    for i in range(0, len(b), 4))


def ctl_cmd(c, dom=0, readback=0):
    out = ctl_op(CTL_CMD, True, c, dom) + ctl_op(CTL_STATUS, dom=dom) + ctl_op(CTL_LEN, dom=dom)
    return out + b"".join(ctl_op(CTL_BUF + i, dom=dom) for i in range(0, readback, 4))


def vcontrol_seeds():
    regs = b"".join(ctl_op(r) for r in (0, 4, CTL_CMD, CTL_STATUS, CTL_LEN, CTL_ARG0, CTL_ARG1, 0x1C))
    yield "identity", ctl_header() + regs
    yield "list-stats", ctl_header() + ctl_cmd(LIST, readback=128) + ctl_cmd(STATS, readback=128)
    yield "restart-shutdown", ctl_header() + ctl_name("cluster") + ctl_cmd(RESTART) + \
        ctl_name("dom0") + ctl_cmd(SHUTDOWN) + ctl_name("nosuch") + ctl_cmd(RESTART)
    yield "pause", ctl_header() + ctl_name("cluster") + ctl_cmd(PAUSE) + ctl_name("cluster") + \
        ctl_cmd(UNPAUSE) + ctl_name("dom0") + ctl_cmd(PAUSE)
    yield "sched", ctl_header(rtds=1) + ctl_name("cluster") + ctl_op(CTL_ARG0, True, 20000) + \
        ctl_op(CTL_ARG1, True, 5000) + ctl_cmd(SCHED, readback=64)
    hist = b"".join(b"(bh) line %03d of the console\n" % i for i in range(40))
    hist = hist[: len(hist) // 8 * 8]
    yield "log", ctl_header(hist=hist) + ctl_cmd(LOG, readback=256)
    yield "no-control", ctl_header(name=b"ivi") + ctl_name("dom0", dom=1) + \
        b"".join(ctl_cmd(c, dom=1) for c in range(LIST, STATS + 1))
    yield "cluster-control", ctl_header(states=(RUNNING, 5), cluster_control=True, name=b"cluster") + \
        ctl_name("dom0", dom=1) + ctl_cmd(PAUSE, dom=1) + ctl_cmd(LIST, dom=1, readback=64)
    odd = b"".join(ctl_op(r, w, 0x41424344, 0, wd, False)
                   for r in (0, 1, 2, 0x20, 0xFC, 0x101, 0xFFE, 0xFFF, 0x1000, -4 & 0xFFFF)
                   for w in (False, True) for wd in (1, 2, 4, 8) if r < 0x1100)
    yield "widths", ctl_header() + odd
    full = b"".join(ctl_op(CTL_BUF + i, True, 0x61616161) for i in range(0, 0xF00, 4))
    yield "full-buffer", ctl_header() + full + ctl_cmd(RESTART)


# ---- fuzz_vsp805 ---------------------------------------------------------
LOAD, VALUE, CONTROL, INTCLR, RIS, MIS, LOCK, ITCR, ITOP = 0, 4, 8, 0xC, 0x10, 0x14, 0xC00, 0xF00, 0xF04
UNLOCK = 0x1ACCE551


def wd_header(ms):
    return struct.pack("<I", ms - 1)[:3]


def wd_rd(off, width=4, word=True):
    return struct.pack("<BHI", 0 | {1: 0, 2: 1, 4: 2, 8: 3}[width] << 2 | int(word) << 4, off, 0)


def wd_wr(off, val, width=4, word=True):
    return struct.pack("<BHI", 1 | {1: 0, 2: 1, 4: 2, 8: 3}[width] << 2 | int(word) << 4, off, val)


def wd_wait(us):
    """us microseconds: the value shifted left by 10 bits is about us * 1024 ns."""
    return struct.pack("<BHI", 2, 10, us * 1000 >> 10)


def wd_start():
    return struct.pack("<BHI", 3, 0, 0)


def wd_stop():
    return struct.pack("<BHI", 7, 0, 0)


def vsp805_seeds():
    ids = b"".join(wd_rd(0xFE0 + 4 * i) for i in range(8))
    allregs = b"".join(wd_rd(o) for o in (LOAD, VALUE, CONTROL, RIS, MIS, LOCK, ITCR))
    yield "ids", wd_header(2000) + ids + allregs
    yield "expire", wd_header(2000) + wd_wait(1_100_000) + allregs + wd_wait(1_100_000) + allregs
    pet = wd_wr(LOCK, UNLOCK) + wd_wr(INTCLR, 1) + wd_wr(LOCK, 0)
    yield "pet", wd_header(100) + (wd_wait(40_000) + pet) * 10 + wd_wait(200_000)
    yield "reprogram", wd_header(2000) + wd_wr(LOCK, UNLOCK) + wd_wr(LOAD, 999) + \
        wd_wr(CONTROL, 1) + wd_wait(1500) + allregs + wd_wr(CONTROL, 0) + wd_wait(5000) + \
        allregs + wd_wr(CONTROL, 3) + wd_wr(LOAD, 0) + wd_wait(3) + allregs
    yield "integration", wd_header(1000) + wd_wr(LOCK, UNLOCK) + wd_wr(ITCR, 1) + \
        wd_wr(ITOP, 2) + allregs + wd_wr(ITOP, 1) + allregs + wd_start() + allregs
    yield "restart", wd_header(10) + wd_wait(20_000) + wd_start() + wd_wait(3000) + wd_stop() + \
        wd_wait(20_000) + wd_start() + allregs
    odd = b"".join(op(o, 0x55, wd, False) if op is wd_wr else op(o, wd, False)
                   for o in (0, 1, 2, 0x18, 0xFFC, 0xFFF, 0x1000, 0x10FF)
                   for wd in (1, 2, 4, 8) for op in (wd_rd, wd_wr))
    yield "widths", wd_header(600000) + odd


# ---- fuzz_guest_dt -------------------------------------------------------
PARTIAL_DTB = "build/unit/dtb/domains-partial.dtb"


def gdt_header(vcpus=1, flags=0, name=b"domU1", args=b"", bufsize=0, ram_blocks=128, initrd=0):
    return struct.pack("<BBBBHHI", vcpus - 1, flags, len(name), len(args), bufsize,
                       ram_blocks - 1, initrd) + name + args


def guest_dt_seeds():
    partial = open(PARTIAL_DTB, "rb").read()
    yield "minimal", gdt_header()
    yield "linux", gdt_header(2, 0x1F | 0x40, b"linux", b"console=ttyAMA0 rdinit=/init",
                              initrd=0x800000)
    yield "partial-v2", gdt_header(1, 0x20 | 0x1, b"domU1") + partial
    yield "partial-v3", gdt_header(4, 0x20 | 0x2 | 0x10 | 0x40, b"pt", b"quiet") + partial
    yield "small-buffer", gdt_header(8, 0x3F, b"x" * 31, b"a" * 200, bufsize=600) + partial


# ---- fuzz_smccc ----------------------------------------------------------
SC_TABLE = {"smccc_version": 0, "version": 1, "suspend": 2, "suspend64": 3, "off": 4, "on": 5,
            "on64": 6, "affinity": 7, "affinity64": 8, "migrate_info": 9, "system_off": 10,
            "system_reset": 11, "features": 12, "arch_features": 13}
SC_RAM = 0x40000000


def sc_header(vcpus=4, online=1, pending=0, direct=None, blocks=64):
    ram = 0 if direct is None else 1 | direct << 1
    return bytes([vcpus - 1, online, pending, ram, blocks - 1])


def sc_call(vcpu, name, a0=0, a1=0, a2=0, regs=False):
    return bytes([vcpu | int(regs) << 5, SC_TABLE[name]]) + b"\0" * 4 + struct.pack("<QQQ", a0, a1, a2)


def sc_raw(vcpu, fid, a0=0, a1=0, a2=0, upper=0):
    kind = 2 if upper else 1
    return bytes([vcpu | kind << 3, upper]) + struct.pack("<IQQQ", fid, a0, a1, a2)


def sc_run(vcpu):
    return bytes([vcpu | 3 << 3, 0]) + b"\0" * 28


def smccc_seeds():
    yield "versions", sc_header() + sc_call(0, "smccc_version") + sc_call(0, "version") + \
        sc_call(0, "arch_features", 0x80000000) + sc_call(0, "migrate_info") + \
        b"".join(sc_call(0, "features", f) for f in
                 (0x80000000, 0x84000003, 0xC4000003, 0x8400000E, 0x84000002))
    yield "bring-up", sc_header(4) + b"".join(
        sc_call(0, "on64", i, SC_RAM + 0x80000, i) + sc_call(0, "affinity64", i) + sc_run(i) +
        sc_call(0, "affinity64", i) for i in range(1, 4))
    yield "on-twice", sc_header(2) + sc_call(0, "on64", 1, SC_RAM) + sc_call(0, "on64", 1, SC_RAM) + \
        sc_run(1) + sc_call(0, "on64", 1, SC_RAM) + sc_call(1, "off") + sc_call(0, "on64", 1, SC_RAM)
    yield "on-bad", sc_header(2, blocks=1) + sc_call(0, "on64", 2, SC_RAM) + \
        sc_call(0, "on64", 1, SC_RAM + 2) + sc_call(0, "on64", 1, SC_RAM - 4) + \
        sc_call(0, "on64", 1, SC_RAM + 0x200000) + sc_call(0, "on64", 0x100, SC_RAM) + \
        sc_call(0, "on64", 1 << 32 | 1, SC_RAM) + sc_call(0, "on", 1 << 32 | 1, SC_RAM)
    yield "direct-smc32", sc_header(8, 0x81, direct=8) + \
        sc_call(0, "on", 3, 0x80000000 + 8 * 0x200000, 5, regs=True) + sc_run(3) + \
        sc_call(3, "suspend") + sc_call(3, "off", regs=True) + sc_call(7, "affinity", 3, 1)
    yield "crash", sc_header(1) + sc_call(0, "system_reset") + sc_call(0, "system_off", regs=True)
    yield "unknown", sc_header(1) + sc_raw(0, 0x84000003, 1, SC_RAM, upper=1) + \
        sc_raw(0, 0xC2000000) + sc_raw(0, 0x86000000) + sc_raw(0, 0x8400000E)


# ---- fuzz_vpl011 ---------------------------------------------------------
UA_DR, UA_FR, UA_IBRD, UA_LCRH, UA_CR, UA_IMSC, UA_RIS, UA_MIS, UA_ICR = \
    0, 0x18, 0x24, 0x2C, 0x30, 0x38, 0x3C, 0x40, 0x44


def ua_rd(off, width=4, word=True):
    return struct.pack("<BH", {1: 0, 2: 1, 4: 2, 8: 3}[width] << 2 | int(word) << 4, off) + b"\0" * 3


def ua_wr(off, val, width=4, word=True):
    return struct.pack("<BH", 1 | {1: 0, 2: 1, 4: 2, 8: 3}[width] << 2 | int(word) << 4, off) + \
        struct.pack("<I", val)[:3]


def ua_type(c):
    return bytes([2, 0, 0, c, 0, 0])


def ua_text(s, times=1):
    """s (3 bytes) written to UARTDR times times."""
    return bytes([3 | 2 << 2, times, 0]) + s


def ua_puts(s):
    return b"".join(ua_wr(UA_DR, c) for c in s)


UA_FLUSH = bytes([3 | 1 << 2, 0, 0, 0, 0, 0])
UA_RESET = bytes([3, 0, 0, 0, 0, 0])


def vpl011_seeds():
    regs = b"".join(ua_rd(o) for o in (UA_FR, UA_IBRD, UA_LCRH, UA_CR, UA_IMSC, UA_RIS, UA_MIS))
    ids = b"".join(ua_rd(0xFE0 + 4 * i) for i in range(8))
    yield "probe", ids + regs + ua_wr(UA_IBRD, 0x27) + ua_wr(UA_LCRH, 0x70) + ua_wr(UA_CR, 0x301) + regs
    yield "hello", ua_puts(b"Hello, world!\r\n") + ua_puts(b"prompt# ") + UA_FLUSH + ua_puts(b"\tok\n")
    yield "long-line", ua_text(b"abc", 70) + ua_puts(b"\n") + ua_text(b"xy\n", 3) + ua_text(b"012", 1)
    yield "controls", ua_puts(bytes(range(0, 0x20)) + b"\x7f\x80\xff\x1b[2J\n") + \
        ua_wr(UA_DR, 0x141) + ua_wr(UA_DR, 0x0a, 1, False) + ua_wr(UA_DR, 0x42, 2, False)
    yield "rx", ua_wr(UA_IMSC, 0x50) + b"".join(ua_type(c) for c in b"ls -l\r") + regs + \
        b"".join(ua_rd(UA_DR) for _ in range(8)) + regs
    yield "rx-full", b"".join(ua_type(i) for i in range(70)) + regs + \
        b"".join(ua_rd(UA_DR, 1, False) for _ in range(66)) + regs
    yield "tx-irq", ua_wr(UA_IMSC, 0x20) + regs + ua_puts(b"half") + ua_wr(UA_IMSC, 0) + regs + \
        UA_FLUSH + ua_wr(UA_ICR, 0x7FF) + regs
    yield "reset", ua_puts(b"lost") + ua_type(0x41) + ua_wr(UA_IMSC, 0x10) + UA_RESET + regs + \
        ua_puts(b"after\n")
    odd = b"".join(op(o, 0x4142, wd, False) if op is ua_wr else op(o, wd, False)
                   for o in (0, 1, 2, 3, 0x4, 0x8, 0x25, 0x3A, 0x4C, 0xFE1, 0xFFC, 0xFFF, 0x1000, 0x10FF)
                   for wd in (1, 2, 4, 8) for op in (ua_rd, ua_wr))
    yield "widths", odd
    # common/vpl011.c printed an empty line after one of exactly 200 characters ended by CR LF.
    yield "regress-full-line-crlf", ua_text(b"xxx", 66) + ua_puts(b"xx\r\n") + ua_puts(b"y\n")


# ---- fuzz_vgic_v2, fuzz_vgic_v3 ------------------------------------------
VG_HOT = [0x0, 0x4, 0x8, 0x80, 0x100, 0x180, 0x200, 0x280, 0x300, 0x380, 0x400, 0x420, 0x7F8,
          0x800, 0x820, 0x8FC, 0xC00, 0xC08, 0xC3C, 0xF00, 0xFE8, 0x6100, 0x6108, 0x6400, 0x6800,
          0x7FD8, 0xFFE8, 0x10080, 0x10100, 0x10180, 0x10200, 0x10280, 0x10300, 0x10380, 0x10400,
          0x10C00, 0x10C04, 0x14]
VG_WIDTH = {1: 0, 2: 1, 4: 2, 8: 3}


def vg_header(vcpus=2, hw_spi=0):
    return bytes([vcpus - 1, 0 if not hw_spi else hw_spi - 32 + 1])


def vg_reg(reg, write=False, val=0, width=4, vcpu=0, extra=0, frame=0, rd_base=False):
    """An access at a register of fuzz_vgic.c's table (reg its offset), plus extra."""
    op = 6 | int(write)
    return bytes([op | VG_WIDTH[width] << 3 | vcpu << 5, VG_HOT.index(reg), extra,
                  frame | int(rd_base) << 7]) + struct.pack("<Q", val)


def vg_raw(off, write=False, val=0, width=4, vcpu=0):
    return bytes([int(write) | VG_WIDTH[width] << 3 | vcpu << 5]) + struct.pack("<I", off)[:3] + \
        struct.pack("<Q", val)


def vg_inject(kind, intid=0, level=0, vcpu=0):
    return bytes([2 | kind << 3 | vcpu << 5]) + struct.pack("<H", intid) + bytes([level]) + b"\0" * 8


def vg_sgi(val, vcpu=0, direct=False, sgi=0):
    return bytes([3 | int(direct) << 3 | vcpu << 5, sgi, 0, 0]) + struct.pack("<Q", val)


def vg_run(vcpu=0, acts=0):
    return bytes([4 | vcpu << 5, acts]) + b"\0" * 10


def vg_put(release=False, vcpu=0):
    return bytes([5 | int(release) << 3 | vcpu << 5]) + b"\0" * 11


VG_RESET = bytes([5 | 2 << 3]) + b"\0" * 11


def vgic_seeds(v):
    ctl = 1 if v == 2 else 2
    yield "probe", vg_header(2) + b"".join(vg_reg(r) for r in VG_HOT) + \
        b"".join(vg_reg(r, frame=1, rd_base=True) for r in (0x0, 0x4, 0x8, 0x14))
    spis = vg_reg(0x100, True, 0xFFFF, extra=4) + vg_reg(0x200, True, 0x3F, extra=4) + \
        b"".join(vg_reg(0x420, True, 0x10 * i, 1, extra=i) for i in range(8))
    yield "deliver", vg_header(2) + vg_reg(0x0, True, ctl) + spis + vg_run(0, 0x55) + \
        vg_run(0, 0xAA) + vg_run(0, 0xFF) + vg_run(1) + vg_reg(0x200, extra=4)
    route = vg_reg(0x820, True, 0x02020202) if v == 2 else \
        b"".join(vg_reg(0x6100, True, 1, 8, extra=8 * i) for i in range(4))
    yield "route", vg_header(3) + vg_reg(0x0, True, ctl) + route + spis + vg_run(1, 0x55) + \
        vg_run(0) + vg_run(1, 0xFF)
    sgis = vg_reg(0xF00, True, 0x00030005) + vg_reg(0xF00, True, 0x01000002) if v == 2 else \
        vg_sgi(0x05000003) + vg_sgi(0x10002000000) + vg_sgi(0x1000000000003)
    yield "sgi", vg_header(4) + vg_reg(0x0, True, ctl) + \
        vg_reg(0x10100, True, 0xFFFF, frame=1) + sgis + vg_sgi(0xF, 2, True, 7) + \
        vg_run(1, 0xFF) + vg_run(0, 0x55) + vg_run(2)
    yield "hw", vg_header(2, hw_spi=40) + vg_reg(0x0, True, ctl) + \
        vg_reg(0x10100 if v == 3 else 0x100, True, 1 << 27) + vg_reg(0x100, True, 0x100, extra=4) + \
        vg_inject(3, level=1) + vg_inject(3) + vg_run(0, 0x5) + vg_put() + vg_inject(3, level=1) + \
        vg_reg(0x10280 if v == 3 else 0x280, True, 1 << 27) + vg_run(0) + vg_put(True) + VG_RESET
    yield "level", vg_header(1) + vg_reg(0x0, True, ctl) + vg_reg(0x100, True, 0xFFFFFFFF, extra=4) + \
        vg_inject(2, 33, 1) + vg_inject(2, 39, 1) + vg_inject(1, 34) + vg_inject(0, 299) + \
        vg_run(0, 0x1) + vg_inject(2, 33, 0) + vg_run(0, 0x2) + vg_reg(0xC08, True, 0xAAAAAAAA)
    odd = b"".join(vg_raw(o, w, 0xFFFFFFFFFFFFFFFF, wd)
                   for o in (0x0, 0x3, 0x402, 0x6104, 0x6103, 0xF00, 0xFFFC, 0x10000, 0x10050)
                   for w in (False, True) for wd in (1, 2, 4, 8))
    yield "widths", vg_header(2) + odd + vg_reg(0x0, True, 0xFFFFFFFF) + \
        vg_reg(0x6100, True, 0xFFFFFFFFFFFFFFFF, 8)
    if v == 3:
        # IROUTER's 32-bit halves: the upper one was ignored, the lower one cleared Aff3.
        yield "regress-irouter-halves", vg_header(2) + vg_reg(0x6100, True, 0x12, 4, extra=4) + \
            vg_reg(0x6100, True, 1, 4) + vg_reg(0x6100, width=8) + vg_reg(0x80) + \
            vg_reg(0x8, frame=1, rd_base=True)
    else:
        # With the distributor off, an active interrupt's pending state was forwarded.
        yield "regress-dist-disabled-pending", vg_header(1) + vg_reg(0x100, True, 0x100, extra=4) + \
            vg_reg(0x200, True, 0x100, extra=4) + vg_reg(0x300, True, 0x100, extra=4) + \
            vg_run(0, 0x2) + vg_reg(0x200, extra=4)


# ---- fuzz_mmio -----------------------------------------------------------
def dabt(sas, rt, write=False, sse=False, sf=True, isv=True, extra=0):
    return 0x24 << 26 | 1 << 25 | int(isv) << 24 | sas << 22 | int(sse) << 21 | rt << 16 | \
        int(sf) << 15 | int(write) << 6 | 0x06 | extra


def mm_step(esr, region, page=0, off=0, xval=0, noise=0):
    return struct.pack("<QQ", esr, 0xFFFF800012345000 | off) + bytes([region]) + \
        struct.pack("<I", page)[:3] + struct.pack("<HBB", noise, 0, 0) + struct.pack("<Q", xval)


def mmio_seeds():
    pat = struct.pack("<Q", 0xFEDCBA9876543280)
    x = 0x1122334455667788
    yield "probe-widths", bytes([2]) + pat + b"".join(
        mm_step(dabt(sas, rt, w, sse, sf), 2, 0, 0x10 * sas, x)
        for sas in range(4) for rt in (1, 31) for w in (False, True)
        for sse in (False, True) for sf in (False, True))
    yield "gic-v2", bytes([2]) + pat + b"".join(
        mm_step(dabt(2, 3, w, False, False), 0, 0, o, x) for o in (0, 4, 0x104, 0x800, 0xF00)
        for w in (True, False))
    yield "gic-v3", bytes([1 | 2]) + pat + mm_step(dabt(3, 2, True), 0, 6, 0x100, x) + \
        mm_step(dabt(2, 2, False, True), 0, 6, 0x104) + mm_step(dabt(3, 4), 1, 0x20, 8) + \
        mm_step(dabt(2, 4, sf=False), 1, 0x10, 0x100)
    yield "refused", bytes([0]) + pat + b"".join(
        mm_step(dabt(2, 1, extra=e, isv=i), 2, 0, 0, x)
        for e, i in ((0, False), (1 << 10, True), (1 << 9, True), (1 << 8, True), (1 << 7, True),
                     (1 << 13, True))) + mm_step(dabt(3, 1, sf=False), 2) + \
        mm_step(dabt(2, 1) ^ (1 << 26), 2) + mm_step(dabt(2, 1), 3, 0x123456) + \
        mm_step(dabt(2, 1), 2, 2, 0, x, 0xFFFF) + mm_step(dabt(1, 1), 2, 0, 3)


# ---- fuzz_image_layout ---------------------------------------------------
A64, A32, RAM_RAW, RD_RAW, IPA_RAW = 1, 2, 4, 8, 16
MiB = 1 << 20


def il_header(flags=A64 | A32, ram=256 * MiB, ramdisk=0, ipa=0x40000000):
    return bytes([flags]) + struct.pack("<QQQ", ram, ramdisk, ipa)


def il_image(text_offset=0, image_size=0x1AB0000, flags=0xA, size=4096):
    head = struct.pack("<IIQQQQQQII", 0xFA405A4D, 0, text_offset, image_size, flags, 0, 0, 0,
                       0x644D5241, 0x40)
    return head + bytes(size - len(head))


def il_zimage(start=0, end=4096, endian=0x04030201, size=4096):
    data = bytearray(size)
    struct.pack_into("<IIII", data, 0x24, 0x016F2818, start, end, endian)
    return bytes(data)


def image_layout_seeds():
    ram = 64 * MiB
    yield "linux", il_header(ramdisk=1848832) + il_image()
    yield "legacy", il_header() + il_image(0x80000, 0, 0)
    yield "regress-wrap-text-offset", il_header(ram=ram) + \
        il_image(ram - 4096, (1 << 64) - (ram - 4096) + 4096, size=65536)
    yield "regress-wrap-image-size", il_header(ram=ram) + il_image(4096, (1 << 64) - 4096)
    yield "big-endian", il_header() + il_image(flags=0xB)
    yield "zimage", il_header(ramdisk=1848832) + il_zimage()
    yield "zimage-end-past-file", il_header() + il_zimage(end=0x100000)
    yield "zimage-high-ipa", il_header(flags=A64 | A32 | IPA_RAW, ram=ram, ipa=(4 << 30) - ram) + \
        il_zimage()
    yield "raw", il_header(ram=16 * MiB) + bytes(14728)
    yield "raw-armv7", il_header(flags=A32, ramdisk=4096) + bytes(4096)
    yield "huge-ramdisk", il_header(flags=A64 | A32 | RD_RAW, ramdisk=(1 << 64) - 4095) + \
        il_zimage()


def main():
    for target, seeds in (("fuzz_vcontrol", vcontrol_seeds()), ("fuzz_vsp805", vsp805_seeds()),
                          ("fuzz_guest_dt", guest_dt_seeds()), ("fuzz_smccc", smccc_seeds()),
                          ("fuzz_vpl011", vpl011_seeds()), ("fuzz_vgic_v2", vgic_seeds(2)),
                          ("fuzz_vgic_v3", vgic_seeds(3)), ("fuzz_mmio", mmio_seeds()),
                          ("fuzz_image_layout", image_layout_seeds())):
        d = os.path.join(ROOT, target)
        os.makedirs(d, exist_ok=True)
        for name, blob in seeds:
            with open(os.path.join(d, name), "wb") as f:
                f.write(blob)


if __name__ == "__main__":
    main()
