#!/usr/bin/env python3
"""Writes the hand-made seed inputs of the MMIO fuzz targets into
tests/fuzz/corpus/fuzz_vcontrol/ and tests/fuzz/corpus/fuzz_vsp805/, and
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


def main():
    for target, seeds in (("fuzz_vcontrol", vcontrol_seeds()), ("fuzz_vsp805", vsp805_seeds()),
                          ("fuzz_guest_dt", guest_dt_seeds())):
        d = os.path.join(ROOT, target)
        os.makedirs(d, exist_ok=True)
        for name, blob in seeds:
            with open(os.path.join(d, name), "wb") as f:
                f.write(blob)


if __name__ == "__main__":
    main()
