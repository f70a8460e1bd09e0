"""make bench, case `frame`: power-on to the cluster's first frame (the
seed's rear-camera figure). Debian's generic kernel with the cluster's
initramfs (tools/screens/gauge.c drawing into /dev/fb0, a simple-framebuffer):

  native    that kernel alone on the board (QEMU virt, 1 CPU, no hypervisor),
            with a simple-framebuffer node in the DT over a no-map
            /reserved-memory region at the top of RAM
  bulkhead  the whole cockpit (dts/qemu-cockpit.dts: dom0, cluster, ivi, the
            two screens); cluster has the highest bulkhead,boot-priority and
            bulkhead,first-frame-gate, so it is built and started first and
            the others are loaded only after its first frame
  no-gate   the whole cockpit without bulkhead,first-frame-gate: dom0 and
            ivi are built and boot beside cluster (what the gate saves)
  cluster   the cockpit's tree with dom0 and ivi taken out: Bulkhead's own
            cost, without the other domains' vCPUs competing with cluster's
            for the host's cores (QEMU runs each vCPU as a host thread)

A frame counts once it is in the framebuffer's memory: the harness reads
the strip rows (docs/screens.md) of the framebuffer's physical pages through
QMP's pmemsave every 20 ms and decodes gauge's counter, the same way for
both, so the figure does not depend on how a display would scan it out.
(For Bulkhead the ramfb scans out those very pages: test_cockpit.py checks
the picture.) Wall clock from QEMU's start; run.py reports and plots it."""
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests" / "integration"))
import cockpit  # noqa: E402
from screen import TAG_GAUGE, Image, Qmp, decode_strip, qmp_args  # noqa: E402

KERNEL = cockpit.KERNEL_GENERIC
INITRD = cockpit.MODULES["COCKPIT_CLUSTER_INITRD"]
WIDTH, HEIGHT = 640, 480  # dts/qemu-cockpit.dts: cluster's bulkhead,framebuffer
STRIDE = WIDTH * 4
ROWS = 8  # the strip's rows
BOOTARGS = "console=ttyAMA0 quiet panic=-1 vt.global_cursor_default=0 fbcon=map:1"
SMP = "1"
RAM = 2 << 30
FB_SIZE = 2 << 20  # native: the framebuffer's 2 MiB at the top of RAM
FB_NATIVE = 0x40000000 + RAM - FB_SIZE
FB_RE = r"domain cluster: framebuffer 640x480 XRGB8888 at (0x[0-9a-f]+)"
GOAL = 1.2  # Bulkhead <= 1.2x native
POLL = 0.02


def native_machine():
    return ["qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-smp",
            "1", "-m", "2G", "-display", "none", "-nic", "none", "-monitor", "none",
            "-serial", "stdio"]


def native_dtb(out):
    """QEMU's own tree with a simple-framebuffer node over a no-map
    reserved region (QEMU rewrites /memory from -m when it loads a -dtb, so
    the framebuffer cannot simply lie above it as in Bulkhead's domains)."""
    subprocess.run(native_machine() + ["-machine", f"dumpdtb={out}"], check=True,
                   capture_output=True)
    put = lambda *a: subprocess.run(["fdtput", str(out), *map(str, a)], check=True)  # noqa
    subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dtb", "-p", "4096", "-o", str(out),
                    str(out)], check=True)
    put("-c", "/reserved-memory")
    put("-t", "u", "/reserved-memory", "#address-cells", 2)
    put("-t", "u", "/reserved-memory", "#size-cells", 2)
    put("/reserved-memory", "ranges")
    put("-c", f"/reserved-memory/framebuffer@{FB_NATIVE:x}")
    put("-t", "x", f"/reserved-memory/framebuffer@{FB_NATIVE:x}", "reg", 0, hex(FB_NATIVE), 0,
        hex(FB_SIZE))
    put(f"/reserved-memory/framebuffer@{FB_NATIVE:x}", "no-map")
    node = f"/framebuffer@{FB_NATIVE:x}"
    put("-c", node)
    put("-t", "s", node, "compatible", "simple-framebuffer")
    put("-t", "x", node, "reg", 0, hex(FB_NATIVE), 0, hex(FB_SIZE))
    put("-t", "u", node, "width", WIDTH)
    put("-t", "u", node, "height", HEIGHT)
    put("-t", "u", node, "stride", STRIDE)
    put("-t", "s", node, "format", "x8r8g8b8")
    return out


def cluster_dtb(out):
    """The cockpit's tree with cluster alone."""
    out.write_bytes(cockpit.DTB.read_bytes())
    subprocess.run(["fdtput", "-r", str(out), "/chosen/dom0", "/chosen/ivi"], check=True)
    return out


def no_gate_dtb(out):
    """The cockpit's tree without cluster's first-frame gate."""
    out.write_bytes(cockpit.DTB.read_bytes())
    subprocess.run(["fdtput", "-d", str(out), "/chosen/cluster", "bulkhead,first-frame-gate"],
                   check=True)
    return out


def command(target, dtbs, sock):
    if target == "native":
        return native_machine() + qmp_args(sock) + [
            "-kernel", str(KERNEL), "-initrd", str(INITRD), "-append", BOOTARGS,
            "-dtb", str(dtbs["native"])]
    if target in ("cluster", "no-gate"):
        return cockpit.qemu_cmd(dtb=dtbs[target], extra=qmp_args(sock))
    return cockpit.qemu_cmd(extra=qmp_args(sock))


def strip_rows(qmp, paddr, path):
    """The framebuffer's first rows, read from guest-physical memory (XRGB8888
    little-endian: B, G, R, X) as an RGB Image."""
    qmp.cmd("pmemsave", val=paddr, size=ROWS * STRIDE, filename=str(path))
    raw = Path(path).read_bytes()
    rgb = bytearray(WIDTH * ROWS * 3)
    rgb[0::3], rgb[1::3], rgb[2::3] = raw[2::4], raw[1::4], raw[0::4]
    return Image(WIDTH, ROWS, bytes(rgb))


def drain(child):
    """Reads what the console printed so far (QEMU would stall on a full pty)."""
    text = ""
    try:
        while True:
            text += child.read_nonblocking(65536, timeout=0)
    except (pexpect.TIMEOUT, pexpect.EOF):
        pass
    return text


# gauge's own report: its first frame's time on the machine's generic timer.
GUEST_RE = re.compile(r"GAUGE first-frame at (\d+) ms since power-on")
GUEST = {}  # target -> [seconds on the guest's clock], filled by measure()


def guest_clock(child, seen, timeout=30):
    """gauge's first-frame time in seconds, from what the console printed."""
    m = GUEST_RE.search(seen)
    if not m:
        child.expect(GUEST_RE, timeout=timeout)
        m = child.match
    return int(m.group(1)) / 1000


def first_frame_once(target, dtbs, work, timeout):
    """Seconds from QEMU's start until gauge's first frame is in the framebuffer
    (polled from the host), and the same as gauge reports it from the
    machine's own generic timer, which starts at the machine's reset."""
    sock = Path(work) / f"frame-{target}.sock"
    sock.unlink(missing_ok=True)
    cmd = command(target, dtbs, sock)
    start = time.monotonic()
    child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", codec_errors="replace",
                          timeout=timeout)
    try:
        qmp = Qmp(sock)
        if target == "native":
            paddr = FB_NATIVE
        else:
            child.expect(FB_RE)
            paddr = int(child.match.group(1), 16)
        deadline, seen = start + timeout, ""
        while time.monotonic() < deadline:
            if decode_strip(strip_rows(qmp, paddr, Path(work) / "rows.bin"),
                            tag=TAG_GAUGE) is not None:
                wall = time.monotonic() - start
                return wall, guest_clock(child, seen + drain(child))
            seen += drain(child)
            time.sleep(POLL)
        raise RuntimeError(f"frame {target}: no gauge frame in {timeout} s")
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        raise RuntimeError(f"frame {target}: {type(e).__name__}; last output:\n"
                           f"{(child.before or '')[-1500:]}") from None
    finally:
        child.terminate(force=True)


def measure(targets, runs, work, timeout):
    """{(target, 1): [seconds, ...]}, alternating (the shape plots.boot draws)."""
    dtbs = {"native": native_dtb(Path(work) / "frame-native.dtb"),
            "cluster": cluster_dtb(Path(work) / "frame-cluster.dtb"),
            "no-gate": no_gate_dtb(Path(work) / "frame-no-gate.dtb")}
    wanted = [t for t in targets if t in ("native", "bulkhead")]
    if "bulkhead" in wanted:
        wanted += ["no-gate", "cluster"]
    res = {(t, 1): [] for t in wanted}
    GUEST.clear()
    for _ in range(runs):
        for (t, _) in res:
            wall, guest = first_frame_once(t, dtbs, work, timeout)
            res[(t, 1)].append(wall)
            GUEST.setdefault(t, []).append(guest)
    return res


def report(res):
    lines = ["## Power-on to the cluster's first frame (wall clock, median)", "",
             "Debian's generic `linux-image-arm64` with the cluster's initramfs, whose "
             "`gauge` draws into a simple-framebuffer: natively (QEMU virt, 1 CPU, the "
             "framebuffer node in the DT) and as the cluster of the whole cockpit "
             "(`dts/qemu-cockpit.dts`, three domains and two screens; cluster has "
             "`bulkhead,boot-priority = <10>` and `bulkhead,first-frame-gate`, so dom0 and "
             "ivi are built only after its first frame), the same without the gate (target "
             "`no-gate`: dom0 and ivi boot beside cluster), and as the cockpit's cluster alone (target "
             "`cluster`: the same tree without dom0 and ivi, so no other vCPU competes "
             "with cluster's for the host's cores). The time is when gauge's first frame is in "
             "the framebuffer's memory, read through QMP `pmemsave` every 20 ms "
             f"(tests/bench/first_frame.py); {len(next(iter(res.values())))} alternating "
             "run(s) per target (`--frame-runs`).", "",
             "| target | median s | runs |", "|---|---|---|"]
    for (t, _), xs in res.items():
        lines.append(f"| {t} | {statistics.median(xs):.2f} | "
                     + ", ".join(f"{x:.2f}" for x in xs) + " |")
    if ("native", 1) in res and ("bulkhead", 1) in res:
        native = statistics.median(res[("native", 1)])
        ratio = statistics.median(res[("bulkhead", 1)]) / native
        verdict = "met" if ratio <= GOAL else "**not met**"
        lines += ["", f"Goal: the cockpit's cluster <= {GOAL}x native: {ratio:.2f}x, {verdict}."]
        if ("cluster", 1) in res:
            alone = statistics.median(res[("cluster", 1)]) / native
            lines += ["", f"The cluster alone under Bulkhead: {alone:.2f}x native "
                      "(docs/perf-analysis.md explains the difference)."]
        if ("no-gate", 1) in res:
            ungated = statistics.median(res[("no-gate", 1)]) / native
            lines += ["", f"Without the first-frame gate: {ungated:.2f}x native."]
    if GUEST:
        lines += ["", "The same first frames on the machine's own clock (gauge prints the "
                  "generic timer's count at its first frame; it starts at the machine's "
                  "reset, so QEMU's own start-up and the host's polling are not in it):", "",
                  "| target | median s | runs |", "|---|---|---|"]
        for t, xs in GUEST.items():
            lines.append(f"| {t} | {statistics.median(xs):.2f} | "
                         + ", ".join(f"{x:.2f}" for x in xs) + " |")
        if "native" in GUEST and "bulkhead" in GUEST:
            ratio = statistics.median(GUEST["bulkhead"]) / statistics.median(GUEST["native"])
            lines += ["", f"On that clock the cockpit's cluster is {ratio:.2f}x native."]
    return lines + [""]

