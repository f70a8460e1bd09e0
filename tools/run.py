#!/usr/bin/env python3
"""make run: Bulkhead on QEMU virt. By default the cockpit (dom0, cluster
and ivi, three Debian Linux domains in their cpupools) booted as a board
boots it: Debian's U-Boot fetches boot.scr.uimg over TFTP from QEMU's user
network and runs it; tools/bh-imagebuilder made it from
dts/qemu-cockpit.config into build/cockpit/tftp (tools/cockpit.py). --direct
boots the same cockpit from dts/qemu-cockpit.dts with -kernel and -device
loader instead; --two-linux boots two plain Linux domains on a machine of
--smp CPUs and GIC --gic, --no-domains the hypervisor alone. The console is
live: Ctrl-A three times moves input between the hypervisor and the domains
('s' there shows the scheduler); Ctrl-C quits QEMU. The cockpit's two
screens (cluster's gauge on the board display, ivi's on its virtio-gpu) open
as two SDL windows on a desktop ($DISPLAY or $WAYLAND_DISPLAY set; QEMU's
display modules are installed first if missing, tools/deps.sh --gui);
without one the cockpit runs headless, --headless asks for that.
   run.py [--direct | --two-linux [--smp N] [--gic 2|3] | --no-domains] [--headless]"""
import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
KERNEL = ROOT / "cache" / "images" / "arm64" / "Image"
INITRD = BUILD / "images" / "initramfs-arm64.cpio"


def fdtput(dtb, *args):
    subprocess.run(["fdtput", str(dtb), *map(str, args)], check=True)


def add_linux(dtb, name, slot, vcpus):
    base = 0x50000000 + slot * 0x4000000
    node = f"/chosen/{name}"
    fdtput(dtb, "-c", "-p", node)
    fdtput(dtb, "-t", "s", node, "compatible", "xen,domain")
    fdtput(dtb, "-t", "x", node, "#address-cells", "2")
    fdtput(dtb, "-t", "x", node, "#size-cells", "1")
    fdtput(dtb, "-t", "x", node, "memory", "0", hex(256 * 1024))
    fdtput(dtb, "-t", "x", node, "cpus", str(vcpus))
    fdtput(dtb, node, "vpl011")
    loaders = []
    for addr, f, kind in ((base, KERNEL, "kernel"), (base + 0x2000000, INITRD, "ramdisk")):
        m = f"{node}/module@{addr:x}"
        fdtput(dtb, "-c", m)
        fdtput(dtb, "-t", "s", m, "compatible", f"multiboot,{kind}", "multiboot,module")
        fdtput(dtb, "-t", "x", m, "reg", "0", hex(addr), hex(f.stat().st_size))
        loaders += ["-device", f"loader,file={f},addr={addr:#x},force-raw=on"]
    fdtput(dtb, "-t", "s", f"{node}/module@{base:x}", "bootargs", "console=ttyAMA0 quiet")
    return loaders


def want_gui(headless):
    """An SDL window per screen when there is a desktop to show them on."""
    if headless or not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False

    def has_sdl():
        r = subprocess.run(["qemu-system-aarch64", "-display", "help"], capture_output=True,
                           text=True)
        return "sdl" in r.stdout.split()
    if not has_sdl():
        subprocess.run(["bash", str(ROOT / "tools" / "deps.sh"), "--gui"])
    if has_sdl():
        return True
    print("run.py: QEMU has no SDL display (qemu-system-gui); running headless",
          file=sys.stderr)
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smp", type=int, default=4)
    ap.add_argument("--gic", type=int, default=3)
    ap.add_argument("--no-domains", action="store_true")
    ap.add_argument("--two-linux", action="store_true")
    ap.add_argument("--direct", action="store_true",
                    help="the cockpit with -kernel and cockpit.dtb, without U-Boot")
    ap.add_argument("--headless", action="store_true", help="no screen windows")
    a = ap.parse_args()
    if not a.no_domains and not a.two_linux:
        sys.path.insert(0, str(ROOT / "tools"))
        import cockpit
        gui = want_gui(a.headless)
        if a.direct:
            cmd = cockpit.qemu_cmd(gui=gui)
            how = "booted directly (-kernel, dts/qemu-cockpit.dts)"
        else:
            gone = cockpit.missing(cockpit.TFTP_TOOLS)
            if gone:
                sys.exit("run.py: missing " + ", ".join(gone) +
                         " (make deps; or make run RUN_ARGS=--direct)")
            try:
                cmd = cockpit.uboot_cmd(cockpit.prepare_tftp(), gui=gui)
            except RuntimeError as e:
                sys.exit(f"run.py: {e}")
            how = ("through U-Boot over TFTP (dts/qemu-cockpit.config, "
                   f"{cockpit.TFTP.relative_to(ROOT)})")
        print(f"The cockpit, {how}: dom0 (pool 0), cluster (null pool, CPU 1; the board "
              "display), ivi (rtds pool, CPUs 2-3; restarts on a crash; its virtio-gpu), "
              f"{'two screen windows' if gui else 'headless'}. Ctrl-A three times: switch "
              "console input; Ctrl-C: quit QEMU", file=sys.stderr)
        print("$ " + " ".join(cmd), file=sys.stderr)
        os.execvp(cmd[0], cmd)
    machine = ["qemu-system-aarch64", "-M", f"virt,virtualization=on,gic-version={a.gic}",
               "-cpu", "cortex-a57", "-smp", str(a.smp), "-m", "2G", "-nographic",
               "-nic", "none"]
    # The serial port straight on the terminal (no QEMU monitor multiplexed on
    # it), so Ctrl-A reaches Bulkhead's console switch; Ctrl-C quits QEMU.
    console = ["-serial", "stdio", "-monitor", "none"]
    cmd = machine + console + ["-kernel", str(BUILD / "bulkhead.bin")]
    if not a.no_domains:
        dtb = BUILD / "run.dtb"
        subprocess.run(machine + ["-machine", f"dumpdtb={dtb}"], check=True,
                       capture_output=True)
        subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dtb", "-o", str(dtb), str(dtb)],
                       check=True)
        cmd += ["-dtb", str(dtb)] + add_linux(dtb, "linux1", 0, 1)
        if a.smp >= 3:
            cmd += add_linux(dtb, "linux2", 1, 2)
    print("Ctrl-A three times: switch console input between Bulkhead and the domains; "
          "Ctrl-C: quit QEMU", file=sys.stderr)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main()
