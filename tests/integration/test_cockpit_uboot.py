"""The cockpit booted the way a board boots it: Debian's U-Boot runs the
script tools/bh-imagebuilder makes from dts/qemu-cockpit.config, with no
typing. (a) Over TFTP from QEMU's user network: the command make run uses
(tools/cockpit.py: prepare_tftp, uboot_cmd). (b) From a disk image with an
MBR and one FAT partition, an SD card's layout, on virtio-blk with no network
(make_disk, disk_cmd). Both reach userspace in dom0, cluster and ivi, with
the cluster and ivi cpupools as dts/qemu-cockpit.dts has them."""
import sys

import pytest

from bh import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import cockpit  # noqa: E402

READY = r"\[(dom0|cluster|ivi)\] BULKHEAD-GUEST-READY nproc=(\d+) "


def skip_unless(tools):
    gone = cockpit.missing(tools)
    if gone:
        pytest.skip("missing: " + ", ".join(gone) + " (make deps all cockpit-images)")


def boots_the_cockpit(con, script_line):
    con.expect(script_line, timeout=120)
    con.expect(r"bh-imagebuilder: starting Bulkhead", timeout=300)
    con.expect_ready(timeout=60)
    nproc = {}
    while len(nproc) < 3:
        m = con.expect(READY, timeout=300)
        nproc[m.group(1)] = int(m.group(2))
    assert nproc == {"dom0": 1, "cluster": 1, "ivi": 2}
    log = con.output()
    assert "Usage:" not in log and "libfdt" not in log and "FDT_ERR" not in log
    assert "bh-imagebuilder: error" not in log
    assert "cpupool cpupool-0: CPUs 0x2, null" in log
    assert "cpupool cpupool-1: CPUs 0xc, rtds" in log
    assert "domain dom0: 1 vCPU(s) from CPU 0," in log
    assert "domain cluster: 1 vCPU(s) from CPU 1," in log
    assert "domain ivi: 2 vCPU(s) from CPU 2," in log
    assert "SP805 watchdog" in log
    if "[ivi] WATCHDOG ok" not in log:
        con.expect(r"\[ivi\] WATCHDOG ok", timeout=60)
    return log


def script_has_the_cockpit(source):
    """The properties of dts/qemu-cockpit.dts that the boot log does not show."""
    for want in ("fdt set /chosen/domU0 bulkhead,control",
                 "fdt set /chosen/domU2 bulkhead,rtds <0x2710 0x1f40>",
                 "fdt set /chosen/domU2 bulkhead,rtds-extratime",
                 'fdt set /chosen/domU2 bulkhead,on-crash "restart"',
                 "fdt set /chosen/domU2 bulkhead,restart-limit <0xa>",
                 "fdt set /chosen/domU2 bulkhead,watchdog <0x7530>"):
        assert want + " || setenv bh_error 1" in source.splitlines(), want


def test_cockpit_over_tftp_no_typing(boot):
    skip_unless(cockpit.TFTP_TOOLS)
    d = cockpit.prepare_tftp()
    assert (d / "boot.scr.uimg").exists()
    con = boot(cockpit.uboot_cmd(d))
    # Distro boot's dhcp target fetches boot.scr.uimg and sources it.
    log = boots_the_cockpit(con, r"bh-imagebuilder: loading bulkhead\.bin")
    assert "Filename 'boot.scr.uimg'." in log  # fetched by distro boot, not typed
    script_has_the_cockpit((d / "boot.scr.uimg.source").read_text())


def test_cockpit_from_disk_image(boot):
    skip_unless(cockpit.DISK_TOOLS)
    disk = cockpit.make_disk()
    con = boot(cockpit.disk_cmd(disk))
    # Distro boot scans virtio 0's bootable partition for boot.scr.
    con.expect(r"Found U-Boot script /boot\.scr", timeout=120)
    log = boots_the_cockpit(con, r"bh-imagebuilder: loading bulkhead\.bin")
    assert "TFTP" not in log
    # The script past its uImage header (64 bytes) and length table (8).
    script = (cockpit.DISK_DIR / "boot.scr").read_bytes()[72:].decode("latin-1")
    assert "load virtio 0:1 " in script and "tftpb" not in script
    script_has_the_cockpit(script)
