"""DMA isolation with QEMU's SMMUv3 (-M virt,iommu=smmuv3; QEMU 7.2's model
has no stage 2, so Bulkhead gives each domain a stage-1 context mapping
exactly its RAM, see docs/iommu.md).

The ivi domain owns the PCIe host bridge by a Xen-style partial DT (ECAM, the
32-bit MMIO and I/O windows, the four INTx SPIs, xen,path = its host node
whose iommu-map names the SMMU): Debian's virtio_pci and virtio_blk modules
find a virtio-blk-pci disk and ivi reads a known file from it, every byte by
DMA through the SMMU. Then ivi turns hostile: tests/smmu/dma_attack.c posts
a virtio-blk read whose buffer is the cluster domain's memory (and then an
address outside ivi's RAM). The SMMU stops both writes, Bulkhead reports
them naming ivi, and cluster's memory checksum (tests/cockpit/periodic.c)
stays the initial one. ivi restarts (reboot -f: PSCI SYSTEM_RESET) and reads
its disk again: the SMMU is consistent after the restart."""
import re
import subprocess
import sys

import pytest

from bh import (BUILD, GUEST_BAREMETAL, LINUX_IMAGE, ROOT, Module, add_domain,
                add_partial_dt, dump_dtb, focus, qemu_cmd)

sys.path.insert(0, str(ROOT / "tools"))
from pcie_partial_dt import write_partial_dtb  # noqa: E402

SMMU_INITRD = BUILD / "images" / "initramfs-smmu.cpio"
VICTIM_INITRD = BUILD / "images" / "initramfs-cluster.cpio"
MACHINE = "iommu=smmuv3"
KNOWN = "bulkhead-smmu-known-file-4242"
DISK_BDF = "0000:00:02.0"  # addr=2 below: requester ID 0x10, the SMMU's stream 0x10
BOOTARGS = "console=ttyAMA0 panic=-1"

pytestmark = pytest.mark.skipif(
    not LINUX_IMAGE.exists() or not SMMU_INITRD.exists() or not VICTIM_INITRD.exists(),
    reason="guest images missing (make images smmu-images)")


def make_disk(tmp_path):
    """An ext4 image with one known file (mke2fs -d: no root needed)."""
    root = tmp_path / "disk"
    root.mkdir()
    (root / "hello.txt").write_text(KNOWN + "\n")
    img = tmp_path / "disk.img"
    subprocess.run(["mkfs.ext4", "-q", "-F", "-d", str(root), str(img), "8M"], check=True,
                   capture_output=True, timeout=60)
    return img


def boot_smmu(boot, tmp_path):
    host = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3, machine_opts=MACHINE)
    partial = write_partial_dtb(host, tmp_path / "partial.dtb")
    kernel = Module(LINUX_IMAGE, 0x50000000)
    ivi_rd = Module(SMMU_INITRD, 0x52000000)
    victim_rd = Module(VICTIM_INITRD, 0x52400000)
    pdt = Module(partial, 0x52800000)
    path = add_domain(host, "ivi", kernel, mem_mib=256, cpus=1, ramdisk=ivi_rd,
                      bootargs=BOOTARGS, props=[("s", "bulkhead,on-crash", "restart")])
    add_partial_dt(host, path, pdt)
    add_domain(host, "cluster", kernel, mem_mib=128, cpus=1, ramdisk=victim_rd,
               bootargs=BOOTARGS)
    disk = make_disk(tmp_path)
    extra = kernel.loader() + ivi_rd.loader() + victim_rd.loader() + pdt.loader() + [
        "-drive", f"if=none,id=d0,format=raw,file={disk}",
        "-device", "virtio-blk-pci,drive=d0,addr=2,disable-legacy=on,iommu_platform=on"]
    con = boot(qemu_cmd(smp=2, gic=3, dtb=host, extra=extra, machine_opts=MACHINE))
    con.expect(r"smmu-v3@9050000: 16-bit stream IDs, 2-level stream table")  # before the
    con.expect_ready()  # secondaries start and long before any domain
    return con


def test_smmu_dma_isolation(boot, tmp_path):
    con = boot_smmu(boot, tmp_path)
    con.expect(rf"\[ivi\] SMMU-DISK {KNOWN}", timeout=240)
    log = con.output()
    assert "domain ivi: 1 stream range(s) attached" in log
    victim = int(re.search(r"domain cluster: 1 vCPU\(s\) from CPU \d+, 128 MiB at 0x([0-9a-f]+)",
                           log).group(1), 16)
    m = con.expect(r"\[cluster\] PERIODIC periods=\d+ missed=\d+ checksum=([0-9a-f]{16}) initial=([0-9a-f]{16})",
                   timeout=240)
    initial = m.group(2)
    assert m.group(1) == initial

    # The attack: the disk's DMA aimed at cluster's RAM, then past ivi's own.
    focus(con, "ivi")
    con.send(f"echo {DISK_BDF} > /sys/bus/pci/drivers/virtio-pci/unbind\n")
    # The control: into its own memory, the program's DMA lands.
    con.send(f"dma_attack /sys/bus/pci/devices/{DISK_BDF} self\n")
    con.expect(r"\[ivi\] DMA-ATTACK target=0x[0-9a-f]+ used=1 status=0x0 magic=0xef53",
               timeout=60)
    summary = (r"\(bh\) warning: domain ivi: \d+ lines suppressed \(DMA faults: more than 10 at "
               r"once or 2 a second\)")
    for target in (victim + 0x1000000, 0x100000000):
        start = len(con.output())
        con.send(f"dma_attack /sys/bus/pci/devices/{DISK_BDF} {target:#x}\n")
        con.expect(rf"smmu-v3@9050000: domain ivi: F_TRANSLATION: DMA write at {target:#x} "
                   r"\(stream 0x10\)", timeout=60)
        # QEMU's virtio-blk completes the request whatever its DMA did
        # (used=1, status OK): the proof is the fault and cluster's memory.
        con.expect(rf"\[ivi\] DMA-ATTACK target={target:#x} used=", timeout=60)
        # One fault per 4-byte access, 128 of them: ivi's log budget (10
        # lines, then 2 a second) holds, the rest are counted. The summary
        # comes once a line could go out again (before or after the line
        # above), and leaves that line's credit for the next attack's first
        # fault.
        if not re.search(summary, con.output()[start:]):
            con.expect(summary, timeout=60)

    # cluster's memory is what it was: two more reports, both the initial sum.
    for _ in range(2):
        m = con.expect(r"\[cluster\] PERIODIC periods=\d+ missed=\d+ checksum=([0-9a-f]{16}) "
                       r"initial=([0-9a-f]{16})", timeout=120)
        assert m.group(1) == initial and m.group(2) == initial

    # A restart: the SMMU detaches ivi's streams, attaches them again, and
    # the disk works as before.
    con.send("reboot -f\n")
    con.expect(r"domain ivi: crashed \(PSCI SYSTEM_RESET\); restarting it", timeout=60)
    con.expect(r"domain ivi: 1 stream range\(s\) attached", timeout=60)
    con.expect(rf"\[ivi\] SMMU-DISK {KNOWN}", timeout=240)
    log = con.output()
    assert "BULKHEAD PANIC" not in log
    assert not re.search(r"smmu-v3@9050000: (global error|command .* refused|event queue)", log)


def partial_module(host, tmp_path, name, addr, force=False):
    return Module(write_partial_dtb(host, tmp_path / f"{name}.dtb", force), addr)


def test_dma_master_without_iommu(boot, tmp_path):
    """Without iommu=smmuv3 the host bridge names no IOMMU: a domain given it
    is refused, naming the node and property, and the others start; with
    xen,force-assign-without-iommu on a direct-mapped domain it is accepted
    with a warning."""
    host = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3)
    guest = Module(GUEST_BAREMETAL, 0x50000000)
    plain = partial_module(host, tmp_path, "plain", 0x50400000)
    forced = partial_module(host, tmp_path, "forced", 0x50500000, force=True)
    # fdtput -c puts a node first under /chosen: the tree's order is ivi,
    # cluster, dm, so ivi's refusal leaves the bridge free for dm.
    add_partial_dt(host, add_domain(host, "dm", guest, mem_mib=16, props=[("s", "direct-map")]),
                   forced)
    add_domain(host, "cluster", guest, mem_mib=16)
    add_partial_dt(host, add_domain(host, "ivi", guest, mem_mib=16), plain)
    con = boot(qemu_cmd(smp=2, gic=3, dtb=host,
                        extra=guest.loader() + plain.loader() + forced.loader()))
    con.expect_ready()
    con.expect(r"domain ivi \(/chosen/ivi\): partial DT /passthrough/pcie@10000000 xen,path: "
               r"/pcie@10000000 is behind no IOMMU, its DMA could reach any memory \(see "
               r"xen,force-assign-without-iommu\); the other domains still start")
    con.expect(r"domain dm: a device without an IOMMU was passed through "
               r"\(xen,force-assign-without-iommu\): its DMA is not confined")
    con.expect(r"\[cluster\] GUEST DONE 0x0+\s", timeout=60)
    assert "domain ivi: 1 vCPU" not in con.output()
