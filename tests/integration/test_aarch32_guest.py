"""AArch32 guests: Debian's unmodified 32-bit ARM kernel (linux-image-armmp-lpae,
a zImage) with an armhf busybox initramfs runs as a domU whose EL1 is AArch32,
SMP inside, beside a 64-bit Linux domU, under GICv2 and GICv3 on
qemu-system-aarch64 -cpu cortex-a57. A load from an IPA outside the 32-bit
guest's map reaches it as a data abort (Bus error in its shell; the hypervisor
log names the domain) and it keeps running; its poweroff halts only itself."""
import pytest

from bh import (BUILD, IMAGES, INITRAMFS, LINUX_IMAGE, Module, add_domain, add_pool,
                dump_dtb, expect_guests_ready, focus, qemu_cmd)

ZIMAGE = IMAGES / "armhf" / "zImage"
INITRAMFS32 = BUILD / "images" / "initramfs-armhf.cpio"
BOOTARGS = "console=ttyAMA0 panic=-1"
UNMAPPED = 0x20000000  # guest IPA between the device windows and RAM (guest_layout.h)

pytestmark = pytest.mark.skipif(
    not all(p.exists() for p in (ZIMAGE, INITRAMFS32, LINUX_IMAGE, INITRAMFS)),
    reason="guest images missing (make images)")


def boot_pair(boot, tmp_path, gic):
    """a32 (zImage, 2 vCPUs on pCPUs 1 and 2, a null cpupool) and a64 (arm64
    Image, 1 vCPU on pCPU 0); both at their shell. Returns the console.

    The 32-bit guest's vCPUs each have a pCPU of their own because of QEMU:
    its TCG keeps the SPSR of an AArch32 EL1's current mode apart from the
    AArch64 register (SPSR_EL1 for SVC) that EL2 saves and restores, so two
    AArch32 vCPUs taking turns on one emulated pCPU would see each other's
    SPSR (docs/guests.md)."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=3, gic=gic)
    pool = add_pool(dtb, "pool32", [1, 2], "null")
    k32, r32 = Module(ZIMAGE, 0x50000000), Module(INITRAMFS32, 0x51000000)
    k64, r64 = Module(LINUX_IMAGE, 0x54000000), Module(INITRAMFS, 0x56000000)
    add_domain(dtb, "a32", k32, mem_mib=256, cpus=2, ramdisk=r32, bootargs=BOOTARGS,
               props=[("s", "bulkhead,name", "a32"), ("x", "domain-cpupool", pool)])
    add_domain(dtb, "a64", k64, mem_mib=256, cpus=1, ramdisk=r64, bootargs=BOOTARGS,
               props=[("s", "bulkhead,name", "a64")])
    extra = k32.loader() + r32.loader() + k64.loader() + r64.loader()
    con = boot(qemu_cmd(smp=3, gic=gic, dtb=dtb, extra=extra))
    con.expect_ready()
    assert expect_guests_ready(con, ["a32", "a64"], timeout=120) == {"a32": 2, "a64": 1}
    return con


def shell(con, name, cmd, pattern, timeout=30):
    con.send(cmd + "\n")
    return con.expect(rf"\[{name}\] {pattern}", timeout=timeout)


@pytest.mark.parametrize("gic", [2, 3])
def test_aarch32_guest_beside_arm64(boot, tmp_path, gic):
    con = boot_pair(boot, tmp_path, gic)
    focus(con, "a32")
    # The kernel runs in AArch32: a 32-bit machine, both vCPUs online.
    m = shell(con, "a32", "echo m=$(uname -m) cpus=$(grep -c ^processor /proc/cpuinfo)",
              r"m=(\S+) cpus=(\d+)\s")  # \s: the whole number, not a first chunk
    assert m.group(1) in ("armv7l", "armv8l") and m.group(2) == "2"
    # The 64-bit one is what it was.
    focus(con, "a64")
    shell(con, "a64", "echo m=$(uname -m)", r"m=aarch64")
    # The 32-bit guest's poweroff halts it alone.
    focus(con, "a32")
    con.send("poweroff -f\n")
    con.expect(r"domain a32: halted \(PSCI SYSTEM_OFF\)", timeout=30)
    focus(con, "a64")
    shell(con, "a64", "echo a64-alive-$((6*7))", r"a64-alive-42")
    out = con.output()
    assert "domain a64: halted" not in out and "undefined instruction" not in out


def test_aarch32_guest_abort_is_its_own(boot, tmp_path):
    """A 32-bit guest's load outside its memory map is a synchronous external
    abort in the guest (SIGBUS for a process), logged once with its name; the
    guest, its other process and the other domain go on."""
    con = boot_pair(boot, tmp_path, 3)
    focus(con, "a32")
    shell(con, "a32", "mount -t devtmpfs dev /dev; echo mounted", "mounted")
    con.send(f"devmem {UNMAPPED:#x} 32; echo devmem-status=$?\n")
    con.expect(rf"domain a32: read outside its memory map at {UNMAPPED:#x}: reported to the "
               r"guest as an abort", timeout=30)
    # \s: the whole status; a read may end after "13" of "135"
    m = con.expect(r"\[a32\] devmem-status=(\d+)\s", timeout=30)
    assert int(m.group(1)) == 128 + 7  # SIGBUS
    assert "Bus error" in con.output()
    # Still alive, both vCPUs still there, and the other domain untouched.
    shell(con, "a32", "echo a32-alive-$(nproc)", r"a32-alive-2")
    focus(con, "a64")
    shell(con, "a64", "echo a64-alive", r"a64-alive")
    assert "domain a32: crashed" not in con.output()


def test_aarch32_guest_refused_without_aarch32_el1(boot, tmp_path):
    """QEMU's a64fx has EL2 but no AArch32 at EL1 (ID_AA64PFR0_EL1.EL1 = 1):
    the zImage domain is refused with a message naming its node, and the
    64-bit domain beside it boots (with arm64.nosve: Bulkhead gives guests no
    SVE, which the a64fx has)."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3)
    k32, r32 = Module(ZIMAGE, 0x50000000), Module(INITRAMFS32, 0x51000000)
    k64, r64 = Module(LINUX_IMAGE, 0x54000000), Module(INITRAMFS, 0x56000000)
    add_domain(dtb, "old32", k32, mem_mib=256, cpus=1, ramdisk=r32, bootargs=BOOTARGS)
    add_domain(dtb, "a64", k64, mem_mib=256, cpus=1, ramdisk=r64,
               bootargs=BOOTARGS + " arm64.nosve", props=[("s", "bulkhead,name", "a64")])
    cmd = qemu_cmd(smp=2, gic=3, dtb=dtb, extra=k32.loader() + r32.loader() + k64.loader() +
                   r64.loader())
    cmd[cmd.index("cortex-a57")] = "a64fx"
    con = boot(cmd)
    con.expect_ready()
    con.expect(r"domain old32: kernel: a 32-bit ARM zImage, but this CPU's EL1 cannot run "
               r"AArch32 \(ID_AA64PFR0_EL1.EL1\)")
    assert expect_guests_ready(con, ["a64"], timeout=120) == {"a64": 1}
    assert "[old32]" not in con.output()
