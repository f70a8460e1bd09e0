"""Guests: the bare-metal test guest (tests/guests/baremetal) checks every
interface a domain gets — PSCI, SMCCC, emulated MMIO, stage-2 isolation,
virtual timer, SGI/SPI delivery, CPU_ON of a second vCPU — and reports one
TEST line per check; Bulkhead must survive all of it."""
import re
import subprocess

import pytest

from bh import GUEST_BAREMETAL, Module, add_domain, add_partial_dt, dump_dtb, focus, qemu_cmd

TEST_RE = re.compile(r"\[(\w+)\] TEST (\w+): (PASS|FAIL|SKIP)")
EXPECTED = {"unswitched_state_hidden", "cpu_on_off_storm", "dtb", "dtb_rng_seed", "ram_first_touch",
            "ram_after_image", "psci_version", "smccc_version", "smccc_unknown_hvc",
            "smccc_unknown_vendor", "smccc_unknown_smc", "psci_features", "cpu_on_bad_mpidr", "migrate_info",
            "mmio_typer", "mmio_priority", "isolation_read", "isolation_write", "vtimer",
            "sgi_self", "spi", "cpu_on", "cpu_on_context", "cpu_on_mpidr", "cpu_on_again",
            "affinity_on", "sgi_other_vcpu", "cpu_off", "hostile_gicd_beyond_lines",
            "vtimer_after_icpendr", "mmio_no_syndrome", "wfi_masked_pending", "tlb_maintenance"}


def run_guests(boot, tmp_path, gic, names, cpus=2, smp=4):
    dtb = dump_dtb(tmp_path / "host.dtb", smp=smp, gic=gic)
    extra = []
    for i, name in enumerate(names):
        mod = Module(GUEST_BAREMETAL, 0x50000000 + i * 0x200000)
        add_domain(dtb, name, mod, mem_mib=16, cpus=cpus,
                   props=[("s", "bulkhead,name", name)])
        extra += mod.loader()
    con = boot(qemu_cmd(smp=smp, gic=gic, dtb=dtb, extra=extra))
    con.expect_ready()
    done, halted = {}, set()
    while len(done) < len(names) or len(halted) < len(names):
        m = con.expect(r"\[(\w+)\] GUEST DONE (0x[0-9a-f]{16})|domain (\w+): halted \(PSCI SYSTEM_OFF\)",
                       timeout=60)
        if m.group(1):
            done[m.group(1)] = int(m.group(2), 16)
        else:
            halted.add(m.group(3))
    assert halted == set(names)
    return con, done


@pytest.mark.parametrize("gic", [2, 3])
def test_baremetal_guest_interfaces(boot, tmp_path, gic):
    con, done = run_guests(boot, tmp_path, gic, ["bm"])
    log = con.output()
    results = {m.group(2): m.group(3) for m in TEST_RE.finditer(log)}
    assert results.keys() >= EXPECTED, f"missing checks: {EXPECTED - results.keys()}"
    assert [k for k, v in results.items() if v == "FAIL"] == []
    assert all(results[k] == "PASS" for k in EXPECTED)
    assert done == {"bm": 0}
    assert f"guest: GICv{gic}" in log
    # The stage-2 violations were logged once, with the domain's name, and
    # the hypervisor lived on.
    assert re.search(r"domain bm: read outside its memory map at 0x20000000", log)
    assert "BULKHEAD PANIC" not in log


def test_two_guests_isolated_consoles(boot, tmp_path):
    con, done = run_guests(boot, tmp_path, 3, ["alpha", "beta"])
    assert done == {"alpha": 0, "beta": 0}
    log = con.output()
    # Each domain's lines carry its own name, whole.
    for name in ("alpha", "beta"):
        assert re.search(rf"^\[{name}\] guest: hello from EL1\r?$", log, re.M)
    # Input for a domain that does not read it (alpha has halted) waits in
    # its 1 KiB buffer; what does not fit is dropped, said once, and the
    # others' input is not held up: the hypervisor still answers 's'.
    focus(con, "alpha")
    for _ in range(3):
        con.send("x" * 400)
    con.expect(r"domain alpha: console input dropped: it has not read the 1024 characters before")
    con.send("y" * 100)
    focus(con, "the hypervisor")
    con.send("s")
    con.expect(r"cpupool \S+ \((rtds|null)\), CPUs")
    assert con.output().count("console input dropped") == 1


PARTIAL_DTS = """/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	passthrough {
		compatible = "simple-bus";
		ranges;
		#address-cells = <2>;
		#size-cells = <2>;
		rtc@9010000 {
			compatible = "arm,pl031", "arm,primecell";
			reg = <0x0 0x9010000 0x0 0x1000>;
			interrupts = <0x0 0x2 0x4>;
			interrupt-parent = <65000>;
			xen,reg = <0x0 0x9010000 0x0 0x1000 0x0 0x9010000>;
			xen,path = "/pl031@9010000";
		};
	};
};
"""


@pytest.mark.parametrize("gic", [2, 3])
def test_passthrough_device_and_spi(boot, tmp_path, gic):
    """The host's PL031 RTC given to a domain by a Xen-style partial DT: its
    registers are mapped and its SPI arrives with the HW bit."""
    (tmp_path / "partial.dts").write_text(PARTIAL_DTS)
    partial = tmp_path / "partial.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(partial),
                    str(tmp_path / "partial.dts")], check=True)
    dtb = dump_dtb(tmp_path / "host.dtb", smp=2, gic=gic)
    kernel = Module(GUEST_BAREMETAL, 0x50000000)
    pdt = Module(partial, 0x50400000)
    add_partial_dt(dtb, add_domain(dtb, "rtc", kernel, mem_mib=16, cpus=1), pdt)
    con = boot(qemu_cmd(smp=2, gic=gic, dtb=dtb, extra=kernel.loader() + pdt.loader()))
    con.expect_ready()
    con.expect(r"domain rtc: 1 passthrough region\(s\), 1 interrupt\(s\)")
    con.expect(r"\[rtc\] TEST passthrough_mmio: PASS", timeout=30)
    con.expect(r"\[rtc\] TEST passthrough_spi: PASS", timeout=30)
    con.expect(r"\[rtc\] GUEST DONE 0x0+\s", timeout=30)


def test_failed_load_releases_devices(boot, tmp_path):
    """A domain whose image cannot be built (2 MiB is too small for its kernel
    and DT) is halted before it runs and lets its passthrough devices go; the
    domain after it in the tree still runs."""
    (tmp_path / "partial.dts").write_text(PARTIAL_DTS)
    partial = tmp_path / "partial.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(partial),
                    str(tmp_path / "partial.dts")], check=True)
    dtb = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3)
    kernel = Module(GUEST_BAREMETAL, 0x50000000)
    pdt = Module(partial, 0x50400000)
    add_partial_dt(dtb, add_domain(dtb, "rtc", kernel, mem_mib=2, cpus=1), pdt)
    add_domain(dtb, "next", kernel, mem_mib=16, cpus=1)
    con = boot(qemu_cmd(smp=2, gic=3, dtb=dtb, extra=kernel.loader() + pdt.loader()))
    con.expect_ready()
    con.expect(r"domain rtc: memory: 2 MiB is too small for the kernel")
    con.expect(r"domain rtc: halted before it ran; its devices are released")
    con.expect(r"\[next\] GUEST DONE 0x0+\s", timeout=30)
    log = con.output()
    assert "[rtc]" not in log
    assert "BULKHEAD PANIC" not in log


def test_wfi_native_and_affinity(boot, tmp_path):
    """bulkhead,wfi = "native" leaves WFI to the hardware (the guest still gets
    every interrupt); bulkhead,vcpu-affinity picks the physical CPUs."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=4, gic=3)
    mod = Module(GUEST_BAREMETAL, 0x50000000)
    add_domain(dtb, "native", mod, mem_mib=16, cpus=2,
               props=[("s", "bulkhead,wfi", "native"), ("x", "bulkhead,vcpu-affinity", 2, 3)])
    con = boot(qemu_cmd(smp=4, gic=3, dtb=dtb, extra=mod.loader()))
    con.expect(r"domain native: 2 vCPU\(s\) from CPU 2,")
    m = con.expect(r"\[native\] GUEST DONE (0x[0-9a-f]+)\s", timeout=60)
    assert int(m.group(1), 16) == 0
    assert "FAIL" not in con.output()


@pytest.mark.parametrize("pinned", [True, False], ids=["pinned", "may-migrate"])
def test_tlb_maintenance(boot, tmp_path, pinned):
    """A domain whose one vCPU never leaves its pCPU has its TLB maintenance
    trapped and done on that pCPU only, not broadcast (docs/guests.md). The
    guest changes a translation and invalidates it with each TLBI form, by
    address, ASID or all, inner shareable or local; the old translation
    must never be used again, trapped or not. Without a TLBI the emulator
    kept the old translation in every case: a TLBI the hypervisor dropped
    would fail the check."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3)
    mod = Module(GUEST_BAREMETAL, 0x50000000)
    add_domain(dtb, "tlb", mod, mem_mib=16, cpus=1,
               props=[("x", "bulkhead,vcpu-affinity", 1)] if pinned else [])
    con = boot(qemu_cmd(smp=2, gic=3, dtb=dtb, extra=mod.loader()))
    m = con.expect(r"\[tlb\] GUEST DONE (0x[0-9a-f]+)\s", timeout=60)
    log = con.output()
    assert "[tlb] TEST tlb_maintenance: PASS" in log
    local = "domain tlb: one vCPU, only on CPU 1: its TLB maintenance stays there"
    assert (local in log) == pinned
    if pinned:
        assert re.search(r"\[tlb\] guest: stale translations kept without a TLBI: 0x0*c\s", log)
    assert int(m.group(1), 16) == 0


def test_raw_binary_kernel(boot, tmp_path):
    """A kernel without the arm64 Image header is loaded and entered at the
    start of the domain's RAM (the guest is linked there)."""
    raw = bytearray(GUEST_BAREMETAL.read_bytes())
    assert raw[56:60] == b"ARM\x64"
    raw[56:60] = b"\0\0\0\0"
    (tmp_path / "raw.bin").write_bytes(bytes(raw))
    dtb = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3)
    mod = Module(tmp_path / "raw.bin", 0x50000000)
    add_domain(dtb, "raw", mod, mem_mib=16, cpus=1)
    con = boot(qemu_cmd(smp=2, gic=3, dtb=dtb, extra=mod.loader()))
    m = con.expect(r"\[raw\] GUEST DONE (0x[0-9a-f]+)\s", timeout=60)
    assert int(m.group(1), 16) == 0


def test_restart_on_crash(boot, tmp_path):
    """bulkhead,on-crash = "restart": a domain that powers off is rebuilt from
    its pristine boot module and runs again, with fresh memory (the guest's
    ram_first_touch check finds zero where its first run wrote), a fresh
    second vCPU (CPU_ON works again) and fresh devices."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=4, gic=3)
    mod = Module(GUEST_BAREMETAL, 0x50000000)
    add_domain(dtb, "phoenix", mod, mem_mib=16, cpus=2,
               props=[("s", "bulkhead,on-crash", "restart")])
    con = boot(qemu_cmd(smp=4, gic=3, dtb=dtb, extra=mod.loader()))
    for run in range(3):
        m = con.expect(r"\[phoenix\] GUEST DONE (0x[0-9a-f]{16})", timeout=60)
        assert int(m.group(1), 16) == 0, f"run {run}: guest checks failed"
        # This run's lines: what came since the previous match (the log file
        # may already hold lines beyond it, so it cannot mark where a run starts).
        results = {r.group(2): r.group(3) for r in TEST_RE.finditer(con.child.before)}
        assert results.keys() >= EXPECTED, f"run {run}: missing {EXPECTED - results.keys()}"
        assert all(results[k] == "PASS" for k in EXPECTED), f"run {run}: {results}"
        con.expect(rf"domain phoenix: crashed \(PSCI SYSTEM_OFF\); restarting it \(restart {run + 1}\)", timeout=10)
        con.expect(rf"domain phoenix: restarted \(restart {run + 1}\)\s", timeout=30)
    assert "BULKHEAD PANIC" not in con.output()


WDOG_CHECKS = ("wdog_id", "wdog_running", "wdog_locked", "wdog_stopped", "wdog_irq")


def test_watchdog_resets_hung_guest(boot, tmp_path):
    """bulkhead,watchdog: the guest finds an SP805 already running and locked
    (as Linux's sp805_wdt expects to find a boot-enabled one), stops it,
    re-arms it for 100 ms + 100 ms and hangs: the hypervisor crashes the
    domain, which with on-crash "restart" comes back with its watchdog
    running again."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3)
    mod = Module(GUEST_BAREMETAL, 0x50000000)
    add_domain(dtb, "wd", mod, mem_mib=16, cpus=1,
               props=[("x", "bulkhead,watchdog", 5000), ("s", "bulkhead,on-crash", "restart")])
    con = boot(qemu_cmd(smp=2, gic=3, dtb=dtb, extra=mod.loader()))
    con.expect(r"domain wd: 1 vCPU\(s\) .*, SP805 watchdog")
    for run in range(2):
        start = max(0, con.output().rfind("domain wd: restarted"))  # output may run ahead
        m = con.expect(r"\[wd\] GUEST DONE (0x[0-9a-f]{16})", timeout=60)
        results = {r.group(2): r.group(3) for r in TEST_RE.finditer(con.output()[start:])}
        assert all(results.get(k) == "PASS" for k in WDOG_CHECKS), f"run {run}: {results}"
        assert int(m.group(1), 16) == 0, f"run {run}: guest checks failed"
        con.expect(r"domain wd: crashed \(watchdog expired \(SP805\)\); restarting it", timeout=10)
        con.expect(rf"domain wd: restarted \(restart {run + 1}\)\s", timeout=30)
    assert "BULKHEAD PANIC" not in con.output()


def test_console_flood_is_rate_limited(boot, tmp_path):
    """A domain flooding its console is held to its share of the UART's time
    (a third here: two domains and the hypervisor, after a burst of 2 s of
    UART time, at the 115200 baud assumed for QEMU's PL011) and told how many
    lines were dropped; the domain next to it still prints all its lines and
    finishes."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=4, gic=3)
    mods = []
    for i, (name, args) in enumerate((("flood", "bulkhead.flood"), ("calm", None))):
        mod = Module(GUEST_BAREMETAL, 0x50000000 + i * 0x200000)
        add_domain(dtb, name, mod, mem_mib=16, cpus=2, bootargs=args,
                   props=[("s", "bulkhead,name", name)])
        mods += mod.loader()
    con = boot(qemu_cmd(smp=4, gic=3, dtb=dtb, extra=mods))
    done = {}
    while len(done) < 2:
        m = con.expect(r"\[(flood|calm)\] GUEST DONE (0x[0-9a-f]{16})", timeout=120)
        done[m.group(1)] = int(m.group(2), 16)
    assert done == {"flood": 0, "calm": 0}
    log = con.output()
    shown = len(re.findall(r"^\[flood\] FLOOD ", log, re.M))
    dropped = sum(int(n) for n in re.findall(
        r"\[flood\] \((\d+) lines dropped: over its console share, 3840 bytes/s\)", log))
    assert 0 < shown < 2000 and dropped > 0 and shown + dropped == 2000, (shown, dropped)
    assert "[flood] guest: flood over" in log
    # QEMU's PL011 has no baud rate and -kernel leaves its divisor unset: the
    # share is computed for 115200, and the boot log says it was assumed.
    assert re.search(r"console: pl011 at .*, 115200 baud \(assumed", log), log[:3000]
    calm = {r.group(2) for r in TEST_RE.finditer(log) if r.group(1) == "calm"}
    assert calm >= EXPECTED
