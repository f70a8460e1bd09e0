#!/usr/bin/env python3
"""The QEMU cockpit (dts/qemu-cockpit.dts): the QEMU command line that boots
it. make builds build/cockpit/cockpit.dtb; this adds the machine and a
-device loader for each boot module, at the addresses dts/qemu-cockpit.h
gives. Used by tools/run.py (make run) and the cockpit tests.
   cockpit.py            print the command line"""
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
DTB = BUILD / "cockpit" / "cockpit.dtb"
KERNEL = ROOT / "cache" / "images" / "arm64" / "Image"
# Each boot module: the address macro in dts/qemu-cockpit.h and its file.
MODULES = {
    "COCKPIT_KERNEL": KERNEL,
    "COCKPIT_DOM0_INITRD": BUILD / "images" / "initramfs-dom0.cpio",
    "COCKPIT_CLUSTER_INITRD": BUILD / "images" / "initramfs-cluster.cpio",
    "COCKPIT_IVI_INITRD": BUILD / "images" / "initramfs-ivi.cpio",
}
MACHINE = ["qemu-system-aarch64", "-M", "virt,virtualization=on,gic-version=3",
           "-cpu", "cortex-a57", "-smp", "4", "-m", "2G", "-nographic", "-nic", "none"]


def addresses():
    text = (ROOT / "dts" / "qemu-cockpit.h").read_text()
    return {m.group(1): int(m.group(2), 16)
            for m in re.finditer(r"#define\s+(\w+)\s+(0x[0-9a-fA-F]+)", text)}


def qemu_cmd(hypervisor=BUILD / "bulkhead.bin", dtb=DTB, extra=()):
    """The machine with the serial port on stdio (no QEMU monitor on it, so
    Ctrl-A reaches Bulkhead's console switch)."""
    addr = addresses()
    cmd = MACHINE + ["-serial", "stdio", "-monitor", "none",
                     "-kernel", str(hypervisor), "-dtb", str(dtb)]
    for macro, path in MODULES.items():
        cmd += ["-device", f"loader,file={path},addr={addr[macro]:#x},force-raw=on"]
    return cmd + list(extra)


if __name__ == "__main__":
    print(shlex.join(qemu_cmd()))
