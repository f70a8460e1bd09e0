"""Foundation: Bulkhead boots at EL2 on QEMU virt and says so only when every
CPU has taken interrupts; wrong entry conditions are refused clearly."""
import subprocess

import pytest

from bh import IMAGE, dump_dtb, fdtput, qemu_cmd, shim_image

FREE_RE = r"mem: (\d+) MiB RAM in \d+ range\(s\), (\d+) KiB free in \d+ range\(s\), (\d+) reserved, (\d+) module\(s\)"


def version():
    return subprocess.run(["git", "describe", "--tags", "--always", "--dirty"],
                          capture_output=True, text=True, cwd=IMAGE.parents[1]).stdout.strip()


@pytest.mark.parametrize("gic", [2, 3])
@pytest.mark.parametrize("smp", [1, 4])
def test_ready_line(boot, smp, gic):
    con = boot(qemu_cmd(smp=smp, gic=gic))
    banner = con.expect(r"Bulkhead (\S+) \(arm64\)")
    ready = con.expect_ready()
    assert ready == {"cpus": smp, "gic": gic, "mem": 2048, "boot_us": ready["boot_us"]}
    assert 0 < ready["boot_us"] < 10_000_000
    assert banner.group(1) != "unknown"
    log = con.output()
    assert "(bh) error" not in log
    assert f"GICv{gic}" in log
    # Nothing after the ready line: every CPU idles.
    assert "(bh)" not in con.quiet_for(1)


def test_version_in_banner_matches_git(boot):
    con = boot(qemu_cmd())
    m = con.expect(r"Bulkhead (\S+) \(arm64\)")
    v = version()
    assert m.group(1) == v or (v.endswith("-dirty") is False and m.group(1).startswith(v))


def test_el1_entry_refused(boot):
    con = boot(qemu_cmd(virt=False))
    con.expect(r"Bulkhead needs EL2 \(hardware virtualization\); entered at EL1")
    assert "Bulkhead ready" not in con.quiet_for(2)


def test_cpus_beyond_config_limit(boot):
    """More CPUs than CONFIG_MAX_CPUS (8): a warning and the first 8 run."""
    con = boot(qemu_cmd(smp=10, gic=3))
    con.expect(r"the DT describes 10 CPUs; this build uses 8")
    assert con.expect_ready()["cpus"] == 8


def test_reserved_memory_and_modules_excluded(boot, tmp_path):
    dtb = dump_dtb(tmp_path / "board.dtb", mem="1G")
    base = boot(qemu_cmd(mem="1G", dtb=dtb))
    free0 = int(base.expect(FREE_RE).group(2))
    base.expect_ready()

    fdtput(dtb, "-c", "-p", "/reserved-memory/fw@60000000")
    fdtput(dtb, "-t", "x", "/reserved-memory", "#address-cells", 2)
    fdtput(dtb, "-t", "x", "/reserved-memory", "#size-cells", 2)
    fdtput(dtb, "/reserved-memory", "ranges")
    fdtput(dtb, "-t", "x", "/reserved-memory/fw@60000000", "reg", 0, 0x60000000, 0, 0x4000000)
    fdtput(dtb, "-c", "/chosen/module@70000000")
    fdtput(dtb, "-t", "s", "/chosen/module@70000000", "compatible", "multiboot,kernel",
           "multiboot,module")
    fdtput(dtb, "-t", "x", "/chosen", "#address-cells", 2)
    fdtput(dtb, "-t", "x", "/chosen", "#size-cells", 1)
    fdtput(dtb, "-t", "x", "/chosen/module@70000000", "reg", 0, 0x70000000, 0x200000)
    con = boot(qemu_cmd(mem="1G", dtb=dtb))
    m = con.expect(FREE_RE)
    con.expect_ready()
    assert (int(m.group(3)), int(m.group(4))) == (1, 1)
    # 64 MiB reserved + a 2 MiB module, exactly.
    assert free0 - int(m.group(2)) == 64 * 1024 + 2 * 1024


def test_unexpected_exception_dump(boot, tmp_path):
    dtb = dump_dtb(tmp_path / "board.dtb", smp=2)
    fdtput(dtb, "-t", "s", "/chosen", "bulkhead,bootargs", "selftest=abort")
    con = boot(qemu_cmd(smp=2, dtb=dtb))
    con.expect(r"unexpected exception: Synchronous \(EL2\)", allow_panic=True)
    con.expect(r"EC 0x25 Data Abort \(same EL\)", allow_panic=True)
    con.expect(r"translation fault, level \d, read, FAR_EL2 0x0000fffffffff000", allow_panic=True)
    con.expect(r"ELR_EL2 0x[0-9a-f]{16}", allow_panic=True)
    con.expect(r"BULKHEAD PANIC on CPU 0", allow_panic=True)
    con.expect(r"System halted", allow_panic=True)
    assert "Bulkhead ready" not in con.output()
    assert "(bh)" not in con.quiet_for(1)


SHIM_AT = 0x40200000     # QEMU loads a text_offset-0 Image at RAM + 2 MiB
BULKHEAD_AT = 0x40400000
BLOB_AT = 0x44000000


def shim_boot(boot, tmp_path, x0, blob=None):
    shim = shim_image(tmp_path / "shim.bin", x0, BULKHEAD_AT)
    extra = ["-device", f"loader,file={IMAGE},addr={BULKHEAD_AT:#x},force-raw=on"]
    if blob is not None:
        (tmp_path / "blob.bin").write_bytes(blob)
        extra += ["-device", f"loader,file={tmp_path / 'blob.bin'},addr={BLOB_AT:#x},force-raw=on"]
    return boot(qemu_cmd(kernel=shim, extra=extra))


def test_shim_with_valid_dtb_boots(boot, tmp_path):
    """The shim path itself works: the failures below are Bulkhead's refusals."""
    dtb = dump_dtb(tmp_path / "board.dtb").read_bytes()
    con = shim_boot(boot, tmp_path, BLOB_AT, dtb)
    assert con.expect_ready()["cpus"] == 1


def test_missing_dtb_refused(boot, tmp_path):
    con = shim_boot(boot, tmp_path, 0)
    con.expect(r"error: no device tree: x0 is 0 at entry")
    assert "Bulkhead ready" not in con.quiet_for(2)


def test_garbage_dtb_refused(boot, tmp_path):
    con = shim_boot(boot, tmp_path, BLOB_AT, b"this is not a device tree" * 40)
    con.expect(r"error: corrupt device tree at 0x44000000: bad magic 0x74686973")
    assert "Bulkhead ready" not in con.quiet_for(2)


def test_unaligned_dtb_refused(boot, tmp_path):
    con = shim_boot(boot, tmp_path, BLOB_AT + 4, b"\0" * 64)
    con.expect(r"error: device tree at 0x44000004 is not 8-byte aligned")
    assert "Bulkhead ready" not in con.quiet_for(2)


def test_truncated_dtb_refused(boot, tmp_path):
    dtb = dump_dtb(tmp_path / "board.dtb").read_bytes()
    # Cut in half; the header still claims the full size.
    con = shim_boot(boot, tmp_path, BLOB_AT, dtb[: len(dtb) // 2])
    con.expect(r"error: host DT is corrupt: FDT_ERR_\w+")
    con.expect(r"boot stopped")
    assert "Bulkhead ready" not in con.quiet_for(2)


def test_dtb_without_memory_refused(boot, tmp_path):
    dtb = dump_dtb(tmp_path / "board.dtb")
    subprocess.run(["fdtput", "-r", str(dtb), "/memory@40000000"], check=True)
    con = shim_boot(boot, tmp_path, BLOB_AT, dtb.read_bytes())
    con.expect(r'error: host DT: no memory: no node with device_type = "memory"')
    assert "Bulkhead ready" not in con.quiet_for(2)
