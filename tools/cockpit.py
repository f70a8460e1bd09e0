#!/usr/bin/env python3
"""The QEMU cockpit: the QEMU command lines that boot it, three ways.

- Direct (dts/qemu-cockpit.dts): make builds build/cockpit/cockpit.dtb; this
  adds the machine and a -device loader for each boot module, at the
  addresses dts/qemu-cockpit.h gives (make run RUN_ARGS=--direct, the
  cockpit tests).
- U-Boot over TFTP (dts/qemu-cockpit.config, what make run boots):
  prepare_tftp() fills build/cockpit/tftp with the files the config names
  and has tools/bh-imagebuilder write boot.scr.uimg there; uboot_cmd() is
  Debian's U-Boot with QEMU's user network serving that directory, whose
  distro boot (its dhcp target) fetches and sources boot.scr.uimg untouched.
- U-Boot from a disk (an SD card's layout): make_disk() writes
  build/cockpit/disk.img, an MBR with one FAT partition holding the same
  files and a boot.scr made with -t virtio; disk_cmd() boots it on a
  virtio-blk disk with no network, U-Boot's distro boot finds boot.scr.

The machine has the cockpit's two screens: QEMU's ramfb (the board display,
scanning out cluster's framebuffer, docs/display.md) and a virtio-gpu-pci
behind the SMMUv3 (ivi's). display() picks the window system: an SDL window
per screen on a desktop, none (headless) otherwise.

   cockpit.py            print the direct command line
   cockpit.py --uboot    prepare build/cockpit/tftp, print the U-Boot command line
   cockpit.py --disk     make build/cockpit/disk.img, print its command line
   cockpit.py --dumpdtb F  write QEMU's own tree for the cockpit's machine to F"""
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
DTB = BUILD / "cockpit" / "cockpit.dtb"
KERNEL = ROOT / "cache" / "images" / "arm64" / "Image"
KERNEL_GENERIC = ROOT / "cache" / "images" / "arm64-generic" / "Image"
# Each boot module: the address macro in dts/qemu-cockpit.h and its file.
MODULES = {
    "COCKPIT_KERNEL": KERNEL,
    "COCKPIT_DOM0_INITRD": BUILD / "images" / "initramfs-dom0.cpio",
    "COCKPIT_CLUSTER_INITRD": BUILD / "images" / "initramfs-cluster-screen.cpio",
    "COCKPIT_IVI_INITRD": BUILD / "images" / "initramfs-ivi-screen.cpio",
    "COCKPIT_IVI_PCIE": BUILD / "cockpit" / "ivi-pcie.dtb",
    "COCKPIT_KERNEL_GENERIC": KERNEL_GENERIC,
}
# The screens' QEMU device ids (screendump's device argument). The GPU sits
# at 00:02.0 (stream 0x10 of the SMMU) and reaches memory only through it.
CLUSTER_SCREEN, IVI_SCREEN = "cluster-fb", "ivi-gpu"
SCREENS = ["-device", f"ramfb,id={CLUSTER_SCREEN}",
           "-device", f"virtio-gpu-pci,id={IVI_SCREEN},addr=2,disable-legacy=on,"
                      "iommu_platform=on,xres=800,yres=480"]
BOARD = ["qemu-system-aarch64", "-M", "virt,virtualization=on,gic-version=3,iommu=smmuv3",
         "-cpu", "cortex-a57", "-smp", "4", "-m", "2G"]
BASE_MACHINE = BOARD + SCREENS
MACHINE = BASE_MACHINE + ["-nic", "none"]
# The serial port on stdio with no QEMU monitor on it, so Ctrl-A reaches
# Bulkhead's console switch (Ctrl-C quits QEMU).
CONSOLE = ["-serial", "stdio", "-monitor", "none"]

# The U-Boot flows.
UBOOT = Path("/usr/lib/u-boot/qemu_arm64/u-boot.bin")
CONFIG = ROOT / "dts" / "qemu-cockpit.config"
IMAGEBUILDER = ROOT / "tools" / "bh-imagebuilder"
BOARD_DTB = BUILD / "cockpit" / "qemu-virt.dtb"  # QEMU's own tree (the Makefile dumps it)
TFTP = BUILD / "cockpit" / "tftp"
DISK_DIR = BUILD / "cockpit" / "disk"  # the FAT partition's files
DISK = BUILD / "cockpit" / "disk.img"
# The -d directory of dts/qemu-cockpit.config: its file names and their sources.
FILES = {
    "bulkhead.bin": BUILD / "bulkhead.bin",
    "virt.dtb": BOARD_DTB,
    "Image": KERNEL,
    "Image-generic": KERNEL_GENERIC,
    "initramfs-dom0.cpio": MODULES["COCKPIT_DOM0_INITRD"],
    "initramfs-cluster-screen.cpio": MODULES["COCKPIT_CLUSTER_INITRD"],
    "initramfs-ivi-screen.cpio": MODULES["COCKPIT_IVI_INITRD"],
    "ivi-pcie.dtb": MODULES["COCKPIT_IVI_PCIE"],
}
# Tools the U-Boot flows need beyond QEMU (the disk one adds dosfstools, mtools).
TFTP_TOOLS = ("mkimage", "dtc")
DISK_TOOLS = TFTP_TOOLS + ("mkfs.vfat", "mcopy")


def display(gui):
    """The -display options: with gui an SDL window per screen (QEMU's
    qemu-system-gui modules), else none (headless: screendump still works)."""
    return ["-display", "sdl"] if gui else ["-display", "none"]


def addresses():
    text = (ROOT / "dts" / "qemu-cockpit.h").read_text()
    return {m.group(1): int(m.group(2), 16)
            for m in re.finditer(r"#define\s+(\w+)\s+(0x[0-9a-fA-F]+)", text)}


def qemu_cmd(hypervisor=BUILD / "bulkhead.bin", dtb=DTB, extra=(), gui=False):
    """The machine with the serial port on stdio (no QEMU monitor on it, so
    Ctrl-A reaches Bulkhead's console switch)."""
    addr = addresses()
    cmd = MACHINE + display(gui) + CONSOLE + ["-kernel", str(hypervisor), "-dtb", str(dtb)]
    for macro, path in MODULES.items():
        cmd += ["-device", f"loader,file={path},addr={addr[macro]:#x},force-raw=on"]
    return cmd + list(extra)


def missing(tools):
    """What the U-Boot flows lack: u-boot-qemu, the tools, the built files."""
    out = [t for t in tools if not shutil.which(t)]
    if not UBOOT.exists():
        out.append(f"{UBOOT} (u-boot-qemu)")
    out += [str(p) for p in FILES.values() if not p.exists()]
    return out


def fill_dir(d):
    """d holds the files dts/qemu-cockpit.config names (copies, so the
    directory can go to a real TFTP server or card as it is; QEMU's dump of
    the board tree is packed first, it pads it to 1 MiB)."""
    d.mkdir(parents=True, exist_ok=True)
    for name, src in FILES.items():
        dst = d / name
        if dst.is_symlink() or dst.exists():
            dst.unlink()
        if name == "virt.dtb":
            subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dtb", "-o", str(dst), str(src)],
                           check=True)
        else:
            shutil.copyfile(src, dst)


def imagebuilder(d, load, out):
    """tools/bh-imagebuilder on the cockpit's config: out is the script (its
    source is written beside it); errors go to stderr and raise."""
    r = subprocess.run([sys.executable, str(IMAGEBUILDER), "-c", str(CONFIG), "-d", str(d),
                        "-t", load, "-o", str(out)], capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stdout + r.stderr)
        raise RuntimeError(f"bh-imagebuilder failed (exit {r.returncode})")
    return out


def prepare_tftp(d=TFTP):
    """The TFTP root: the config's files and boot.scr.uimg, the name U-Boot's
    distro boot fetches over DHCP/TFTP (boot_script_dhcp)."""
    fill_dir(d)
    for stale in ("boot.scr.uimg", "boot.scr.uimg.source"):
        (d / stale).unlink(missing_ok=True)
    imagebuilder(d, "tftp", d / "boot.scr.uimg")
    return d


def uboot_cmd(tftp_dir=TFTP, extra=(), gui=False):
    """Debian's U-Boot with QEMU's user network serving tftp_dir over TFTP:
    it autoboots boot.scr.uimg with no typing."""
    return BASE_MACHINE + display(gui) + CONSOLE + ["-bios", str(UBOOT),
                                     "-netdev", f"user,id=n0,tftp={tftp_dir}",
                                     "-device", "virtio-net-device,netdev=n0"] + list(extra)


MiB = 1 << 20
PART_START = MiB  # the partition's first byte (sector 2048), as SD cards are laid out


def mbr(disk_bytes, start, size):
    """A DOS partition table with one bootable FAT32 (LBA) partition."""
    sect = 512
    first, count = start // sect, size // sect
    # CHS fields unused (LBA): the usual "beyond 1024 cylinders" marker.
    entry = struct.pack("<B3sB3sII", 0x80, b"\xfe\xff\xff", 0x0C, b"\xfe\xff\xff",
                        first, count)
    table = bytearray(512)
    table[440:444] = struct.pack("<I", 0x42484b44)  # disk signature "BHKD"
    table[446:462] = entry
    table[510:512] = b"\x55\xaa"
    assert start + size <= disk_bytes
    return bytes(table)


def make_disk(disk=DISK, stage=DISK_DIR):
    """disk: an MBR, then at 1 MiB one FAT32 partition with the config's
    files and boot.scr (made with -t virtio: load virtio 0:1), which U-Boot's
    distro boot finds on virtio 0:1 (boot_scripts: boot.scr.uimg boot.scr).
    On a board the same partition on an SD card needs -t sd (load mmc 0:1)."""
    if stage.exists():
        shutil.rmtree(stage)
    fill_dir(stage)
    imagebuilder(stage, "virtio", stage / "boot.scr")
    (stage / "boot.source").unlink()  # the script's source stays off the card
    files = sorted(stage.iterdir())
    payload = sum(f.stat().st_size for f in files)
    # Room for FAT32's tables and clusters; at least 64 MiB (FAT32's minimum
    # cluster count with mkfs.vfat's default cluster size for that size).
    part = max(64 * MiB, (payload * 5 // 4 + 16 * MiB + MiB - 1) // MiB * MiB)
    fat = disk.with_suffix(".fat")
    fat.unlink(missing_ok=True)
    with open(fat, "wb") as f:
        f.truncate(part)
    subprocess.run(["mkfs.vfat", "-F", "32", "-n", "BULKHEAD", str(fat)], check=True,
                   capture_output=True)
    subprocess.run(["mcopy", "-i", str(fat), "-o", *map(str, files), "::/"], check=True,
                   env={**os.environ, "MTOOLS_SKIP_CHECK": "1"})
    size = PART_START + part
    tmp = disk.with_suffix(".tmp")
    with open(tmp, "wb") as out, open(fat, "rb") as src:
        out.write(mbr(size, PART_START, part))
        out.seek(PART_START)
        shutil.copyfileobj(src, out, 4 * MiB)
        out.truncate(size)
    fat.unlink()
    os.replace(tmp, disk)
    return disk


def disk_cmd(disk=DISK, extra=(), gui=False):
    """Debian's U-Boot with disk on a virtio-blk device and no network."""
    return MACHINE + display(gui) + CONSOLE + ["-bios", str(UBOOT),
                                "-drive", f"if=none,file={disk},format=raw,id=d0",
                                "-device", "virtio-blk-device,drive=d0"] + list(extra)


if __name__ == "__main__":
    arg = sys.argv[1] if len(sys.argv) > 1 else ""
    if arg == "--uboot":
        prepare_tftp()
        print(shlex.join(uboot_cmd()))
    elif arg == "--dumpdtb" and len(sys.argv) == 3:
        subprocess.run(BOARD + ["-display", "none", "-nic", "none", "-machine",
                                f"dumpdtb={sys.argv[2]}"], check=True, capture_output=True)
    elif arg == "--disk":
        print(f"wrote {make_disk()}", file=sys.stderr)
        print(shlex.join(disk_cmd()))
    elif arg:
        sys.exit(__doc__)
    else:
        print(shlex.join(qemu_cmd()))
