"""The image boots the way boards boot it: Debian's U-Boot fetches a script
and Bulkhead over TFTP (QEMU's built-in server) and starts it with booti."""

import pytest

from bh import IMAGE, UBOOT_ARM64, uboot_tftp_boot, uboot_tftp_cmd, uboot_tftp_dir

BOOT_CMD = """\
echo "bulkhead: fetching the hypervisor over TFTP"
tftpb ${kernel_addr_r} bulkhead.bin
booti ${kernel_addr_r} - ${fdtcontroladdr}
"""


@pytest.mark.skipif(not UBOOT_ARM64.exists(), reason="u-boot-qemu is not installed (make deps)")
@pytest.mark.parametrize("gic", [2, 3])
def test_uboot_tftp_booti(boot, tmp_path, gic):
    tftp = uboot_tftp_dir(tmp_path, IMAGE, BOOT_CMD)
    con = boot(uboot_tftp_cmd(tftp, smp=2, gic=gic))
    uboot_tftp_boot(con)
    con.expect(r"bulkhead: fetching the hypervisor over TFTP", timeout=60)
    con.expect(r"Bytes transferred = %d " % IMAGE.stat().st_size, timeout=60)
    con.expect(r"Starting kernel")
    ready = con.expect_ready()
    assert (ready["cpus"], ready["gic"], ready["mem"]) == (2, gic, 2048)
