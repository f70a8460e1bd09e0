"""Driving Bulkhead under QEMU: command lines, DTB fixtures and a console
object that fails loudly on a panic or on silence."""
import os
import re
import shutil
import struct
import subprocess
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
LOGS = BUILD / "test-logs"
IMAGE = BUILD / "bulkhead.bin"
SHIM = BUILD / "guests" / "boot-shim.bin"
UBOOT_ARM64 = Path("/usr/lib/u-boot/qemu_arm64/u-boot.bin")
# The arm32 host build (make arm32): its own build directory beside build/.
IMAGE_ARM32 = ROOT / "build-arm32" / "bulkhead.bin"
UBOOT_ARM32 = Path("/usr/lib/u-boot/qemu_arm/u-boot.bin")
QEMU_ARCH = {"arm64": ("qemu-system-aarch64", "cortex-a57"),
             "arm32": ("qemu-system-arm", "cortex-a15")}

READY_RE = r"Bulkhead ready: cpus=(\d+) gic=v(\d) mem=(\d+)MiB boot_us=(\d+)\s"
PANIC = "BULKHEAD PANIC"
BOOT_STOPPED = "boot stopped:"


def qemu_cmd(smp=1, gic=3, mem="2G", virt=True, kernel=IMAGE, dtb=None, bios=None,
             extra=(), dumpdtb=None, arch="arm64", machine_opts=""):
    machine = f"virt,virtualization={'on' if virt else 'off'},gic-version={gic}"
    if machine_opts:
        machine += "," + machine_opts
    if dumpdtb:
        machine += f",dumpdtb={dumpdtb}"
    qemu, cpu = QEMU_ARCH[arch]
    cmd = [qemu, "-M", machine, "-cpu", cpu, "-smp", str(smp),
           "-m", mem, "-nographic", "-monitor", "none", "-serial", "stdio"]
    if not any(a.startswith("-netdev") for a in extra):
        cmd += ["-nic", "none"]
    if bios:
        cmd += ["-bios", str(bios)]
    if kernel:
        cmd += ["-kernel", str(kernel)]
    if dtb:
        cmd += ["-dtb", str(dtb)]
    return cmd + [str(a) for a in extra]


def dump_dtb(path, smp=1, gic=3, mem="2G", arch="arm64", machine_opts=""):
    """The DTB QEMU would pass for this machine, to edit with fdtput."""
    subprocess.run(qemu_cmd(smp=smp, gic=gic, mem=mem, kernel=None, dumpdtb=path, arch=arch,
                            machine_opts=machine_opts),
                   check=True, capture_output=True, timeout=60)
    # QEMU pads its dump to 1 MiB; pack it like fdtput's output would be.
    subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dtb", "-o", str(path), str(path)],
                   check=True, timeout=60)
    return Path(path)


def fdtput(dtb, *args):
    """fdtput with Python ints written as hex (what "-t x" parses)."""
    words = [f"{a:#x}" if isinstance(a, int) else str(a) for a in args]
    subprocess.run(["fdtput", str(dtb), *words], check=True, timeout=30)


def add_pool(dtb, node, cpus, sched, compatible="xen,cpupool"):
    """Adds a cpupool under /chosen (Xen's binding) with the given CPU
    numbers (cpu@N nodes of QEMU's tree) and returns its phandle, for
    ("x", "domain-cpupool", phandle) in add_domain's props."""
    path = f"/chosen/{node}"
    fdtput(dtb, "-c", "-p", path)
    fdtput(dtb, "-t", "s", path, "compatible", compatible)
    handles = []
    for cpu in cpus:
        out = subprocess.run(["fdtget", "-t", "x", str(dtb), f"/cpus/cpu@{cpu}", "phandle"],
                             check=True, capture_output=True, text=True, timeout=30)
        handles.append(int(out.stdout.split()[0], 16))
    fdtput(dtb, "-t", "x", path, "cpupool-cpus", *handles)
    fdtput(dtb, "-t", "s", path, "cpupool-sched", sched)
    phandle = 0x7000 + sum(node.encode())  # clear of QEMU's small phandles
    fdtput(dtb, "-t", "x", path, "phandle", phandle)
    return phandle


def shim_image(path, dtb_addr, target):
    """The boot shim with x0 = dtb_addr and a jump to target patched in."""
    data = bytearray(SHIM.read_bytes())
    data[64:80] = struct.pack("<QQ", dtb_addr, target)
    Path(path).write_bytes(bytes(data))
    return Path(path)


class Console:
    """One QEMU process and its serial console, logged to build/test-logs/."""

    def __init__(self, cmd, log_name, cwd=None):
        LOGS.mkdir(parents=True, exist_ok=True)
        self.log_path = LOGS / f"{log_name}.log"
        self.logfile = open(self.log_path, "w", encoding="utf-8", errors="replace")
        self.logfile.write("$ " + " ".join(cmd) + "\n")
        self.logfile.flush()
        self.child = pexpect.spawn(cmd[0], cmd[1:], cwd=cwd, encoding="utf-8",
                                   codec_errors="replace", timeout=30,
                                   logfile=self.logfile, dimensions=(50, 200))

    def expect(self, pattern, timeout=30, allow_panic=False):
        """Waits for pattern (regex); fails on timeout, exit, or a panic."""
        pats = [pattern, pexpect.TIMEOUT, pexpect.EOF]
        if not allow_panic:
            pats += [PANIC, BOOT_STOPPED]
        i = self.child.expect(pats, timeout=timeout)
        if i == 0:
            return self.child.match
        what = {1: f"timeout after {timeout}s", 2: "QEMU exited", 3: "hypervisor panic",
                4: "boot stopped"}[i]
        if i == 1:
            self.dump_scheduler()
        raise AssertionError(f"waiting for {pattern!r}: {what}; log: {self.log_path}\n"
                             f"--- last output ---\n{self.output()[-3000:]}")

    def expect_ready(self, timeout=60):
        m = self.expect(READY_RE, timeout=timeout)
        return {"cpus": int(m.group(1)), "gic": int(m.group(2)), "mem": int(m.group(3)),
                "boot_us": int(m.group(4))}

    def dump_scheduler(self):
        """A hang's evidence in the log: the console-mux key 's' (hypervisor
        focus) prints every vCPU's scheduling state."""
        if self.child.isalive():
            self.child.send("s")
            self.quiet_for(2)

    def quiet_for(self, seconds):
        """Output seen in the next `seconds` (to prove nothing more happens)."""
        try:
            self.child.expect(pexpect.EOF, timeout=seconds)
        except pexpect.TIMEOUT:
            pass
        return self.child.before or ""

    def output(self):
        self.logfile.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def send(self, text):
        self.child.send(text)

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)
        self.logfile.close()


def have(tool):
    return shutil.which(tool) is not None


def log_name(request):
    name = request.node.nodeid.split("::", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


GUEST_BAREMETAL = BUILD / "guests" / "baremetal.bin"
IMAGES = ROOT / "cache" / "images"


class Module:
    """A file QEMU places in RAM with -device loader, for a /chosen module node."""

    def __init__(self, path, addr):
        self.path, self.addr = Path(path), addr
        self.size = self.path.stat().st_size

    def loader(self):
        return ["-device", f"loader,file={self.path},addr={self.addr:#x},force-raw=on"]


def add_domain(dtb, node, kernel, mem_mib=64, cpus=1, ramdisk=None, bootargs=None,
               compatible="xen,domain", vpl011=True, props=()):
    """Adds a dom0less domain node under /chosen (Xen's binding, or ours)."""
    path = f"/chosen/{node}"
    fdtput(dtb, "-c", "-p", path)
    fdtput(dtb, "-t", "s", path, "compatible", compatible)
    fdtput(dtb, "-t", "x", path, "#address-cells", 2)
    fdtput(dtb, "-t", "x", path, "#size-cells", 1)
    fdtput(dtb, "-t", "x", path, "memory", 0, mem_mib * 1024)
    fdtput(dtb, "-t", "x", path, "cpus", cpus)
    if vpl011:
        fdtput(dtb, path, "vpl011")
    kpath = f"{path}/module@{kernel.addr:x}"
    fdtput(dtb, "-c", kpath)
    fdtput(dtb, "-t", "s", kpath, "compatible", "multiboot,kernel", "multiboot,module")
    fdtput(dtb, "-t", "x", kpath, "reg", kernel.addr >> 32, kernel.addr & 0xffffffff,
           kernel.size)
    if bootargs:
        fdtput(dtb, "-t", "s", kpath, "bootargs", bootargs)
    if ramdisk:
        rpath = f"{path}/module@{ramdisk.addr:x}"
        fdtput(dtb, "-c", rpath)
        fdtput(dtb, "-t", "s", rpath, "compatible", "multiboot,ramdisk", "multiboot,module")
        fdtput(dtb, "-t", "x", rpath, "reg", ramdisk.addr >> 32, ramdisk.addr & 0xffffffff,
               ramdisk.size)
    for kind, name, *values in props:  # ("s", "direct-map") is an empty property
        fdtput(dtb, "-t", kind, path, name, *values) if values else fdtput(dtb, path, name)
    return path

def add_partial_dt(dtb, path, module):
    """Gives the domain at path its partial device tree (a Module of a DTB),
    as a "multiboot,device-tree" module node; the domain's #address-cells
    is add_domain's 2, #size-cells 1."""
    node = f"{path}/module@{module.addr:x}"
    fdtput(dtb, "-c", node)
    fdtput(dtb, "-t", "s", node, "compatible", "multiboot,device-tree", "multiboot,module")
    fdtput(dtb, "-t", "x", node, "reg", 0, module.addr, module.size)


LINUX_IMAGE = IMAGES / "arm64" / "Image"
INITRAMFS = BUILD / "images" / "initramfs-arm64.cpio"
LINUX_READY_RE = r"\[{name}\] BULKHEAD-GUEST-READY nproc=(\d+) "
CTRL_A3 = "\x01\x01\x01"


def linux_modules(slot):
    """Kernel and initramfs for the slot-th Linux domain, in host RAM above 1.25 GiB."""
    base = 0x50000000 + slot * 0x4000000
    return Module(LINUX_IMAGE, base), Module(INITRAMFS, base + 0x2000000)


def answers_then_powers_off(con, name, cmd, reply):
    """Domain `name` answers cmd on its console with reply (a regex), then
    powers off, which halts only that domain."""
    focus(con, name)
    con.send(cmd + "\n")
    con.expect(rf"\[{name}\] {reply}", timeout=60)
    con.send("poweroff -f\n")
    con.expect(rf"domain {name}: halted \(PSCI SYSTEM_OFF\)", timeout=60)


def poweroff_leaves_other(con, off, other):
    """Domain `off` powers off; `other` is untouched and still answers on its
    own console."""
    focus(con, off)
    con.send("poweroff -f\n")
    con.expect(rf"domain {off}: halted \(PSCI SYSTEM_OFF\)", timeout=60)
    focus(con, other)
    con.send("echo alive-$((20+3))\n")
    con.expect(rf"\[{other}\] alive-23", timeout=60)
    assert f"domain {other}: halted" not in con.output()


def focus(con, name):
    """Presses Ctrl-A three times until console input goes to `name`."""
    for _ in range(8):
        con.send(CTRL_A3)
        m = con.expect(r"console input now goes to (the hypervisor|\w+) \(")  # the whole name
        if m.group(1) == name:
            return
    raise AssertionError(f"console input never went to {name}")


def cockpit_missing():
    """Why the cockpit cannot boot from this build (make cockpit-images), or
    None: for pytest.mark.skipif in the cockpit's tests."""
    import sys
    sys.path.insert(0, str(ROOT / "tools"))
    import cockpit
    if not LINUX_IMAGE.exists() or not cockpit.DTB.exists() or \
            not all(p.exists() for p in cockpit.MODULES.values()):
        return "cockpit images missing (make cockpit-images)"
    return None


def expect_guests_ready(con, names, timeout=300):
    """Waits for each named domain's initramfs ready line, in whatever order
    they come; returns {name: nproc}."""
    pattern = r"\[(%s)\] BULKHEAD-GUEST-READY nproc=(\d+) " % "|".join(map(re.escape, names))
    seen = {}
    while len(seen) < len(set(names)):
        m = con.expect(pattern, timeout=timeout)
        seen[m.group(1)] = int(m.group(2))
    return seen


def uboot_tftp_boot(con, script="boot.scr"):
    """Stops U-Boot's autoboot and sources script from QEMU's TFTP server
    (-netdev user,tftp=DIR), the way a board boots from a TFTP server."""
    con.expect(r"Hit any key to stop autoboot", timeout=60)
    con.send("\n")
    con.expect(r"=> ")
    con.send(f"setenv autoload no; dhcp; tftpb ${{scriptaddr}} {script}; source ${{scriptaddr}}\n")


def uboot_tftp_dir(tmp_path, image, boot_cmd, arch="arm64"):
    """A TFTP directory with image as bulkhead.bin and boot_cmd wrapped as
    boot.scr for U-Boot's `source` (mkimage's -A is "arm64" or "arm")."""
    tftp = tmp_path / "tftp"
    tftp.mkdir()
    shutil.copy(image, tftp / "bulkhead.bin")
    (tftp / "boot.cmd").write_text(boot_cmd)
    subprocess.run(["mkimage", "-A", "arm" if arch == "arm32" else "arm64", "-T", "script",
                    "-C", "none", "-d", str(tftp / "boot.cmd"), str(tftp / "boot.scr")],
                   check=True, capture_output=True, timeout=30)
    return tftp


def uboot_tftp_cmd(tftp, smp, gic=3, arch="arm64", mem="2G"):
    """QEMU with Debian's U-Boot as firmware and a user network whose TFTP
    server serves the directory tftp."""
    bios = UBOOT_ARM32 if arch == "arm32" else UBOOT_ARM64
    return qemu_cmd(smp=smp, gic=gic, kernel=None, bios=bios, arch=arch, mem=mem,
                    extra=["-netdev", f"user,id=n0,tftp={tftp}",
                           "-device", "virtio-net-device,netdev=n0"])
