"""Two screens, hypervisor side: a domain's bulkhead,framebuffer is a
simple-framebuffer in its own RAM that Bulkhead scans out on the board
display (QEMU: -device ramfb through fw_cfg), zero-copy. Debian's generic
arm64 kernel (FB_SIMPLE=y) gets /dev/fb0 from it; the pattern its userspace
writes there is on QEMU's screen. Without ramfb the domain runs headless.
And bulkhead,boot-priority orders the domains' start."""
import re
import time

import pytest

from bh import (GUEST_BAREMETAL, IMAGES, INITRAMFS, Module, add_domain, add_pool, dump_dtb,
                focus, qemu_cmd)
from screen import pixel, qmp_args, qmp_screendump

GENERIC_IMAGE = IMAGES / "arm64-generic" / "Image"
W, H = 256, 128
MEM_MIB = 256
FB_IPA = 0x40000000 + MEM_MIB * 2**20
BOOTARGS = "console=ttyAMA0 panic=-1 fbcon=map:1"
RED, BLUE, GREEN = (255, 0, 0), (0, 0, 255), (0, 255, 0)

needs_generic = pytest.mark.skipif(not GENERIC_IMAGE.exists() or not INITRAMFS.exists(),
                                   reason="generic arm64 kernel or initramfs missing "
                                          "(make images; cache/images/arm64-generic/Image)")


def boot_cluster(boot, tmp_path, ramfb, extra_props=(), more=None, modules=()):
    dtb = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3)
    kernel = Module(GENERIC_IMAGE, 0x50000000)
    initrd = Module(INITRAMFS, 0x54000000)
    more_props = more(dtb) if more else []  # more domains; more props for cluster
    add_domain(dtb, "cluster", kernel, mem_mib=MEM_MIB, cpus=1, ramdisk=initrd,
               bootargs=BOOTARGS,
               props=[("x", "bulkhead,framebuffer", W, H)] + list(extra_props) + more_props)
    sock = tmp_path / "qmp.sock"
    extra = kernel.loader() + initrd.loader() + qmp_args(sock)
    for m in modules:
        extra += m.loader()
    if ramfb:
        extra += ["-device", "ramfb"]
    con = boot(qemu_cmd(smp=2, gic=3, dtb=dtb, extra=extra))
    con.expect_ready()
    return con, sock


def guest(con, cmd, reply, timeout=60):
    # In pieces: the vPL011's receive FIFO holds 32 characters.
    line = cmd + "\n"
    for i in range(0, len(line), 16):
        con.send(line[i:i + 16])
        time.sleep(0.05)
    return con.expect(rf"\[cluster\] {reply}", timeout=timeout)


def check_guest_fb(con):
    """/dev/fb0 is the simple-framebuffer, outside the guest's /memory."""
    focus(con, "cluster")
    guest(con, "mount -t devtmpfs dev /dev; echo mounted-$((1+1))", "mounted-2")
    guest(con, "cat /sys/class/graphics/fb0/name /sys/class/graphics/fb0/virtual_size "
               "/sys/class/graphics/fb0/stride",
          rf"simple\S*\s+\[cluster\] {W},{H}\s+\[cluster\] {W * 4}")
    guest(con, f"ls /sys/firmware/devicetree/base/ | grep -c framebuffer@{FB_IPA:x}",
          r"1\s")
    # /memory ends where the framebuffer begins: RAM, not a frame, is all the kernel has.
    guest(con, f"grep -i '^{FB_IPA:x}-' /proc/iomem",
          rf"{FB_IPA:x}-{FB_IPA + W * H * 4 - 1:x} : simplefb")


def all_black(shot):
    return all(b == 0 for b in shot[2])


@needs_generic
def test_framebuffer_on_ramfb(boot, tmp_path):
    con, sock = boot_cluster(boot, tmp_path, ramfb=True,
                             extra_props=[("s", "bulkhead,on-crash", "restart")])
    con.expect(r"display: QEMU ramfb \(fw_cfg\)")
    m = con.expect(rf"domain cluster: framebuffer {W}x{H} at 0x([0-9a-f]+) on the display")
    host_fb = int(m.group(1), 16)
    log = con.output()
    assert re.search(rf"domain cluster: framebuffer {W}x{H} XRGB8888 at 0x{host_fb:x} "
                     rf"\(guest 0x{FB_IPA:x}\)", log)
    con.expect(r"\[cluster\] BULKHEAD-GUEST-READY", timeout=240)
    shot = qmp_screendump(sock, tmp_path / "before.ppm")
    assert shot[:2] == (W, H)
    assert {pixel(shot, x, y) for x in range(0, W, 7) for y in range(0, H, 5)} == {(0, 0, 0)}, \
        "the framebuffer was not scrubbed"
    check_guest_fb(con)
    # fbcon would draw its text and cursor over the pattern.
    guest(con, "for v in /sys/class/vtconsole/vtcon*; do grep -q frame $v/name && "
               "echo 0 > $v/bind; done; echo unbound", "unbound")
    # XRGB8888 in memory is B, G, R, X. Top half: red, blue, red, ... columns;
    # bottom half green. Doubling a file up to a half screen (64 KiB).
    # Short commands: the console takes a line at a time.
    guest(con, r"printf '\000\000\377\000\377\000\000\000' > /tmp/a; echo a-$((0+1))", "a-1")
    guest(con, r"printf '\000\377\000\000' > /tmp/b; echo b-$((0+1))", "b-1")
    guest(con, "for i in $(seq 13); do cat /tmp/a /tmp/a > /tmp/t; mv /tmp/t /tmp/a; done; "
               "echo aa-$((0+1))", "aa-1")
    guest(con, "for i in $(seq 14); do cat /tmp/b /tmp/b > /tmp/t; mv /tmp/t /tmp/b; done; "
               "echo bb-$((0+1))", "bb-1")
    guest(con, "cat /tmp/a /tmp/b > /dev/fb0; echo drawn-$((0+1))", "drawn-1")
    shot = qmp_screendump(sock, tmp_path / "after.ppm")
    assert shot[:2] == (W, H)
    bad = [(x, y, pixel(shot, x, y)) for y in range(0, H, 3) for x in range(0, W, 5)
           if pixel(shot, x, y) != (GREEN if y >= H // 2 else BLUE if x % 2 else RED)]
    assert not bad, f"{len(bad)} wrong pixels, first {bad[:5]}"
    # A crash: the display is blanked, the framebuffer scrubbed and shown
    # again before the new kernel draws (that takes it seconds): nothing of
    # the pattern may be on the screen, whichever of the two it shows.
    con.send("echo c > /proc/sysrq-trigger\n")
    con.expect(r"domain cluster: crashed .*restarting it", timeout=60)
    con.expect(r"domain cluster: restarted \(restart 1\)\s", timeout=60)
    shot = qmp_screendump(sock, tmp_path / "restarted.ppm")
    assert shot[:2] in ((W, H), (16, 16)) and all_black(shot), \
        "the previous instance's frame is on the screen after the restart"
    assert "BULKHEAD PANIC" not in con.output()


@needs_generic
@pytest.mark.parametrize("wfi,timeout_ms,why", [("trap", 60000, "drew its first frame"),
                                                ("native", 60000, "touched its framebuffer"),
                                                ("trap", 500, "drew no frame")])
def test_first_frame_gate(boot, tmp_path, wfi, timeout_ms, why):
    """bulkhead,first-frame-gate: the domain after the cluster in boot order
    is not even loaded until the cluster has drawn into its framebuffer (the
    touch, then a WFI; with WFI native the touch alone), or until the
    timeout (Linux with fbcon=map:1 never touches it by itself)."""
    mod = Module(GUEST_BAREMETAL, 0x5f000000)

    def more(dtb):  # next in pool 0 (the boot CPU's); cluster on CPU 1
        add_domain(dtb, "next", mod, mem_mib=16, cpus=1)
        return [("x", "domain-cpupool", add_pool(dtb, "pool-cluster", [1], "null"))]

    con, sock = boot_cluster(
        boot, tmp_path, ramfb=True,
        extra_props=[("x", "bulkhead,first-frame-gate", timeout_ms),
                     ("x", "bulkhead,boot-priority", 1), ("s", "bulkhead,wfi", wfi)],
        more=more, modules=[mod])
    con.expect(r"boot gate: the domains after cluster are loaded at its first frame, at the "
               rf"latest in {timeout_ms} ms")
    if timeout_ms < 60000:
        m = con.expect(rf"boot gate: domain cluster {why} (\d+) ms after it started; "
                       r"loading the domains after it", timeout=60)
        assert int(m.group(1)) >= timeout_ms
        con.expect(r"\[next\] GUEST DONE 0x0{16}", timeout=60)
        return
    con.expect(r"\[cluster\] BULKHEAD-GUEST-READY", timeout=240)
    # fbcon=map:1 keeps the kernel's console off fb0: nothing has touched it.
    focus(con, "cluster")
    guest(con, "mount -t devtmpfs dev /dev; echo mounted-$((1+1))", "mounted-2")
    assert "domain next: started" not in con.output()
    assert "[next]" not in con.output()
    con.send("printf x > /dev/fb0\n")
    con.expect(rf"boot gate: domain cluster {why} \d+ ms after it started; "
               r"loading the domains after it", timeout=60)
    con.expect(r"domain next: started \(boot priority 0\)")
    con.expect(r"\[next\] GUEST DONE 0x0{16}", timeout=60)
    assert "BULKHEAD PANIC" not in con.output()


@needs_generic
def test_headless_without_ramfb(boot, tmp_path):
    con, _ = boot_cluster(boot, tmp_path, ramfb=False)
    con.expect(rf"domain cluster: framebuffer {W}x{H}: the board has no display \(fw_cfg has "
               r"no etc/ramfb: QEMU without -device ramfb\); it runs headless")
    con.expect(r"\[cluster\] BULKHEAD-GUEST-READY", timeout=240)
    check_guest_fb(con)


def test_second_framebuffer_refused_and_restart_rescans(boot, tmp_path):
    """One domain owns the display: a second bulkhead,framebuffer is refused
    naming both nodes, and the other domains start. A restarting domain's
    display is blanked while it is torn down and its (zeroed) framebuffer
    shown again."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=4, gic=3)
    a = Module(GUEST_BAREMETAL, 0x50000000)
    b = Module(GUEST_BAREMETAL, 0x50200000)
    # fdtput puts a new node first under /chosen: phoenix comes first in the DT.
    add_domain(dtb, "second", b, mem_mib=16, cpus=1,
               props=[("x", "bulkhead,framebuffer", 64, 32)])
    add_domain(dtb, "phoenix", a, mem_mib=16, cpus=2,
               props=[("x", "bulkhead,framebuffer", 64, 32),
                      ("s", "bulkhead,on-crash", "restart")])
    sock = tmp_path / "qmp.sock"
    con = boot(qemu_cmd(smp=4, gic=3, dtb=dtb,
                        extra=a.loader() + b.loader() + qmp_args(sock) + ["-device", "ramfb"]))
    con.expect(r"domain second \(/chosen/second\): bulkhead,framebuffer: the board display "
               r"already belongs to domain phoenix \(/chosen/phoenix\); one domain may have a "
               r"framebuffer; the other domains still start")
    m = con.expect(r"domain phoenix: framebuffer 64x32 at 0x([0-9a-f]+) on the display")
    for run in range(2):
        con.expect(r"\[phoenix\] GUEST DONE 0x0{16}", timeout=60)
        con.expect(rf"domain phoenix: framebuffer 64x32 at 0x{m.group(1)} on the display",
                   timeout=30)
        con.expect(rf"domain phoenix: restarted \(restart {run + 1}\)\s")
    # Blank (ramfb's 16x16 black) or the zeroed framebuffer, which the guest
    # never writes: black either way.
    shot = qmp_screendump(sock, tmp_path / "shot.ppm")
    assert shot[:2] in ((64, 32), (16, 16)) and all_black(shot)
    assert "domain second: started" not in con.output()


def test_first_frame_gate_opens_when_its_domain_stops(boot, tmp_path):
    """A gated domain that never touches its framebuffer (the bare-metal
    guest) holds the others back only until it stops (the guest's
    SYSTEM_OFF after its checks), long before its timeout."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=4, gic=3)
    first, after = Module(GUEST_BAREMETAL, 0x50000000), Module(GUEST_BAREMETAL, 0x50200000)
    add_domain(dtb, "after", after, mem_mib=16, cpus=1)
    pool = add_pool(dtb, "pool-first", [1], "null")  # never the boot CPU's pool 0
    add_domain(dtb, "first", first, mem_mib=16, cpus=1,
               props=[("x", "domain-cpupool", pool), ("x", "bulkhead,framebuffer", 64, 32),
                      ("x", "bulkhead,boot-priority", 1),
                      ("x", "bulkhead,first-frame-gate", 60000)])
    con = boot(qemu_cmd(smp=4, gic=3, dtb=dtb, extra=first.loader() + after.loader()))
    con.expect_ready()
    con.expect(r"boot gate: domain first stopped before its first frame \d+ ms after it "
               r"started; loading the domains after it", timeout=60)
    con.expect(r"domain after: started \(boot priority 0\)")
    con.expect(r"\[after\] GUEST DONE 0x0{16}", timeout=60)
    log = con.output()
    assert log.index("[first] GUEST DONE") < log.index("domain after: started")
    assert "BULKHEAD PANIC" not in log


def test_boot_priority_order(boot, tmp_path):
    """Domains are created, loaded and started by descending
    bulkhead,boot-priority, ties in DT order; each starts before the next
    is loaded."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=4, gic=3)
    extra = []
    prios = {"low": None, "high": 10, "mid": 5, "tie": 5}  # in DT order
    # fdtput puts a new node first under /chosen: add them last to first.
    for i, (name, prio) in enumerate(reversed(prios.items())):
        mod = Module(GUEST_BAREMETAL, 0x50000000 + i * 0x200000)
        props = [("x", "bulkhead,boot-priority", prio)] if prio is not None else []
        add_domain(dtb, name, mod, mem_mib=16, cpus=1, props=props)
        extra += mod.loader()
    con = boot(qemu_cmd(smp=4, gic=3, dtb=dtb, extra=extra))
    con.expect_ready()
    for name in ("high", "mid", "tie", "low"):
        con.expect(rf"domain {name}: 1 vCPU\(s\)")
    for name, prio in (("high", 10), ("mid", 5), ("tie", 5), ("low", 0)):
        con.expect(rf"domain {name}: started \(boot priority {prio}\)")
    done = set()
    while done != set(prios):
        done.add(con.expect(r"\[(\w+)\] GUEST DONE", timeout=60).group(1))
