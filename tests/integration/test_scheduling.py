"""The cockpit's scheduling and crash containment: vCPUs of several Linux
domains share pCPUs, cpupools from the device tree (Xen's binding) run the
null and rtds schedulers, admission control refuses a pool that cannot be
guaranteed (and only its domains), and a domain with bulkhead,on-crash =
"restart" comes back after each way Linux can stop."""
import pytest

from bh import (GUEST_BAREMETAL, INITRAMFS, LINUX_IMAGE, Module, add_domain, add_pool,
                expect_guests_ready,
                dump_dtb, focus, linux_modules, qemu_cmd)

needs_linux = pytest.mark.skipif(not LINUX_IMAGE.exists() or not INITRAMFS.exists(),
                                 reason="guest images missing (make images)")
READY = r"\[{}\] BULKHEAD-GUEST-READY nproc=(\d+) "


def linux_domain(dtb, slot, name, vcpus, bootargs="console=ttyAMA0 panic=-1", props=()):
    kernel, initrd = linux_modules(slot)
    add_domain(dtb, name, kernel, mem_mib=256, cpus=vcpus, ramdisk=initrd, bootargs=bootargs,
               props=[("s", "bulkhead,name", name), *props])
    return kernel.loader() + initrd.loader()


def answer(con, name, token):
    """The domain's shell still runs commands."""
    focus(con, name)
    con.send(f"echo {name}-says-$((6*7))-{token}\n")
    con.expect(rf"\[{name}\] {name}-says-42-{token}", timeout=120)


@needs_linux
def test_vcpus_share_pcpus(boot, tmp_path):
    """Two Linux domains with two vCPUs each on a two-CPU machine (pool 0,
    rtds): four vCPUs on two pCPUs, both boot SMP and keep answering."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3)
    extra = linux_domain(dtb, 0, "left", 2) + linux_domain(dtb, 1, "right", 2)
    con = boot(qemu_cmd(smp=2, gic=3, dtb=dtb, extra=extra))
    assert expect_guests_ready(con, ["left", "right"]) == {"left": 2, "right": 2}
    answer(con, "left", 1)
    answer(con, "right", 1)
    assert "BULKHEAD PANIC" not in con.output()


def test_cpupools_null_and_rtds(boot, tmp_path):
    """A null pool and an rtds pool from the DT: each domain runs on its
    pool's CPUs only (bulkhead reports where), and both complete the
    bare-metal guest's checks."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=4, gic=3)
    solo = add_pool(dtb, "solo", [1], "null")
    shared = add_pool(dtb, "shared", [2, 3], "rtds")
    mods = []
    for i, (name, pool, cpus, extra_props) in enumerate([
            ("critical", solo, 1, []),
            ("infotain", shared, 2, [("x", "bulkhead,rtds", 10000, 6000),
                                     ("s", "bulkhead,rtds-extratime")])]):
        mod = Module(GUEST_BAREMETAL, 0x50000000 + i * 0x200000)
        add_domain(dtb, name, mod, mem_mib=16, cpus=cpus,
                   props=[("s", "bulkhead,name", name), ("x", "domain-cpupool", pool),
                          *extra_props])
        mods += mod.loader()
    con = boot(qemu_cmd(smp=4, gic=3, dtb=dtb, extra=mods))
    done = {}
    while len(done) < 2:
        m = con.expect(r"\[(critical|infotain)\] GUEST DONE (0x[0-9a-f]{16})", timeout=60)
        done[m.group(1)] = int(m.group(2), 16)
    assert done == {"critical": 0, "infotain": 0}
    log = con.output()
    for line in ("cpupool solo: CPUs 0x2, null", "cpupool shared: CPUs 0xc, rtds",
                 "domain critical: 1 vCPU(s) from CPU 1,", "domain infotain: 2 vCPU(s) from CPU 2,"):
        assert line in log
    assert "FAIL" not in log


def test_admission_control_refuses_only_its_pool(boot, tmp_path):
    """A null pool of one CPU cannot take a two-vCPU domain, and an rtds
    pool of one CPU cannot promise 0.7 + 0.7: both pools' domains are
    refused with a message naming pool and domain; the domain of pool 0
    still runs."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=4, gic=3)
    tight = add_pool(dtb, "tight", [1], "null")
    over = add_pool(dtb, "over", [2], "rtds")
    doms = [("greedy", 2, [("x", "domain-cpupool", tight)]),
            ("heavy1", 1, [("x", "domain-cpupool", over), ("x", "bulkhead,rtds", 1000, 700)]),
            ("heavy2", 1, [("x", "domain-cpupool", over), ("x", "bulkhead,rtds", 1000, 700)]),
            ("fine", 1, [])]
    mods = []
    for i, (name, cpus, props) in enumerate(doms):
        mod = Module(GUEST_BAREMETAL, 0x50000000 + i * 0x200000)
        add_domain(dtb, name, mod, mem_mib=16, cpus=cpus,
                   props=[("s", "bulkhead,name", name), *props])
        mods += mod.loader()
    con = boot(qemu_cmd(smp=4, gic=3, dtb=dtb, extra=mods))
    m = con.expect(r"\[fine\] GUEST DONE (0x[0-9a-f]{16})", timeout=60)
    assert int(m.group(1), 16) == 0
    log = con.output()
    assert "cpupool tight: 2 vCPUs for 1 pCPUs" in log
    assert "cpupool tight: domain greedy not started (admission control)" in log
    assert "cpupool over: utilisation 1.400 exceeds its 1 pCPUs" in log
    for name in ("heavy1", "heavy2"):
        assert f"cpupool over: domain {name} not started (admission control)" in log
    for name in ("greedy", "heavy1", "heavy2"):
        assert f"[{name}]" not in log
    assert "BULKHEAD PANIC" not in log


@needs_linux
def test_linux_restarts_after_each_way_it_stops(boot, tmp_path):
    """bulkhead,on-crash = "restart": reboot -f (PSCI SYSTEM_RESET),
    poweroff -f (SYSTEM_OFF) and a kernel panic with panic=1 each bring the
    domain back to userspace; its neighbour never restarts and keeps
    answering."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=4, gic=3)
    extra = linux_domain(dtb, 0, "phoenix", 2, bootargs="console=ttyAMA0 panic=1",
                         props=[("s", "bulkhead,on-crash", "restart"),
                                ("x", "bulkhead,restart-limit", 10)])
    extra += linux_domain(dtb, 1, "steady", 1)
    con = boot(qemu_cmd(smp=4, gic=3, dtb=dtb, extra=extra))
    expect_guests_ready(con, ["phoenix", "steady"])
    ways = [("reboot -f", "PSCI SYSTEM_RESET"), ("poweroff -f", "PSCI SYSTEM_OFF"),
            ("echo c > /proc/sysrq-trigger", "PSCI SYSTEM_RESET")]
    for n, (command, why) in enumerate(ways, start=1):
        focus(con, "phoenix")
        con.send(command + "\n")
        con.expect(rf"domain phoenix: crashed \({why}\); restarting it \(restart {n}\)",
                   timeout=120)
        con.expect(rf"domain phoenix: restarted \(restart {n}\)\s", timeout=60)
        m = con.expect(READY.format("phoenix"), timeout=300)
        assert m.group(1) == "2"
        answer(con, "steady", n)
    log = con.output()
    assert "domain steady: crashed" not in log and "domain steady: halted" not in log
    assert "BULKHEAD PANIC" not in log


@needs_linux
def test_restart_gives_way_on_a_shared_pcpu(boot, tmp_path):
    """One pCPU shared by two Linux domains in pool 0 (rtds): while phoenix
    is rebuilt after reboot -f (its kernel and ramdisk copied back, in steps),
    its neighbour steady, kept busy, runs in between, as its 1 ms server
    entitles it to; the rebuild does not hold the pCPU. steady never restarts
    and keeps answering."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=1, gic=3)
    extra = linux_domain(dtb, 0, "phoenix", 1,
                         props=[("s", "bulkhead,on-crash", "restart"),
                                ("x", "bulkhead,rtds", 10000, 4000),
                                ("s", "bulkhead,rtds-extratime")])
    extra += linux_domain(dtb, 1, "steady", 1, props=[("x", "bulkhead,rtds", 1000, 500)])
    con = boot(qemu_cmd(smp=1, gic=3, dtb=dtb, extra=extra))
    expect_guests_ready(con, ["phoenix", "steady"])
    focus(con, "steady")
    # The loop must spin before phoenix reboots, or steady idles in WFI and
    # the rebuild has nobody to give way to. ash opens /dev/null for a
    # background job: without devtmpfs the job dies at once.
    con.send("mount -t devtmpfs dev /dev; while :; do :; done & "
             "sleep 1; kill -0 $! && echo spin-$((40+2))\n")
    con.expect(r"\[steady\] spin-42", timeout=60)
    focus(con, "phoenix")
    con.send("reboot -f\n")
    m = con.expect(r"domain phoenix: rebuilt in \d+ ms; other vCPUs ran (\d+) times meanwhile",
                   timeout=300)
    assert int(m.group(1)) > 0, "the rebuild never let steady run"
    con.expect(READY.format("phoenix"), timeout=300)
    answer(con, "steady", 1)
    log = con.output()
    assert "domain steady: crashed" not in log and "BULKHEAD PANIC" not in log


DOM0_INITRD = INITRAMFS.parent / "initramfs-dom0.cpio"  # bhctl, devtmpfs


@needs_linux
def test_restart_inside_a_rebuild_waits(boot, tmp_path):
    """One pCPU shared by phoenix and steady (pool 0, rtds; steady has
    bulkhead,control). steady restarts phoenix and, 20 ms later, reboots
    itself: its own restart falls due while phoenix is being rebuilt, in one
    of the pauses the rebuild makes for steady (sched_preempt_point). Started
    there it could not give way, and phoenix's rebuild and everything else
    on the pCPU would wait for all of it; so it waits for phoenix's rebuild
    to end: phoenix is restarted first, then steady, and both come back."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=1, gic=3)
    extra = linux_domain(dtb, 0, "phoenix", 1,
                         props=[("s", "bulkhead,on-crash", "restart"),
                                ("x", "bulkhead,rtds", 10000, 4000),
                                ("s", "bulkhead,rtds-extratime")])
    kernel, initrd = Module(LINUX_IMAGE, 0x54000000), Module(DOM0_INITRD, 0x56000000)
    add_domain(dtb, "steady", kernel, mem_mib=256, cpus=1, ramdisk=initrd,
               bootargs="console=ttyAMA0 panic=-1",
               props=[("s", "bulkhead,name", "steady"), ("s", "bulkhead,on-crash", "restart"),
                      ("s", "bulkhead,control"), ("x", "bulkhead,rtds", 1000, 500)])
    con = boot(qemu_cmd(smp=1, gic=3, dtb=dtb, extra=extra + kernel.loader() + initrd.loader()))
    expect_guests_ready(con, ["phoenix", "steady"])
    focus(con, "steady")
    start = len(con.output())
    con.send("bhctl restart phoenix; sleep 0.02; reboot -f\n")
    con.expect(r"domain steady: restarted \(restart 1\)", timeout=300)
    log = con.output()[start:]
    assert "domain phoenix: restarted (restart 1)" in log, "steady's restart did not wait"
    assert log.index("domain phoenix: restarted") < log.index("domain steady: restarted")
    assert "domain steady: restart waits for the rebuild in progress on CPU 0" in log
    expect_guests_ready(con, ["phoenix", "steady"])
    answer(con, "steady", 2)
    assert "BULKHEAD PANIC" not in con.output()


def apr_hog_beside(dtb, pool, neighbour):
    """The bare-metal guest "hog" (bootargs bulkhead.aprhog: every ICC_AP0R<n>
    and ICC_AP1R<n> it has kept full) in rtds pool `pool`, beside the domain
    `neighbour` adds there; returns the loader arguments of both."""
    hog = Module(GUEST_BAREMETAL, 0x5c000000)  # clear of linux_modules(0)
    add_domain(dtb, "hog", hog, mem_mib=16, bootargs="bulkhead.aprhog",
               props=[("s", "bulkhead,name", "hog"), ("x", "domain-cpupool", pool)])
    return hog.loader() + neighbour


def test_active_priorities_stay_with_their_vcpu(boot, tmp_path):
    """Two domains on one pCPU (rtds pool of CPU 1): "hog" keeps both groups'
    active-priority registers full (its virtual CPU interface would signal
    nothing), "ticks" counts 50 vtimer interrupts 10 ms apart. The APRs are
    the vCPU's state: ticks gets all 50 (with ICH_AP0R<n> left on the pCPU it
    got none, as its running priority was the hog's)."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3)
    pool = add_pool(dtb, "shared", [1], "rtds")
    ticks = Module(GUEST_BAREMETAL, 0x50000000)
    add_domain(dtb, "ticks", ticks, mem_mib=16, bootargs="bulkhead.ticks",
               props=[("s", "bulkhead,name", "ticks"), ("x", "domain-cpupool", pool)])
    con = boot(qemu_cmd(smp=2, gic=3, dtb=dtb, extra=apr_hog_beside(dtb, pool, ticks.loader())))
    con.expect(r"\[hog\] guest: APRs full, AP0R0 0x00000000ffffffff AP1R0 0x00000000ffffffff",
               timeout=60)
    m = con.expect(r"\[ticks\] TICKS (0x[0-9a-f]{16})", timeout=120)
    assert int(m.group(1), 16) == 50
    assert "BULKHEAD PANIC" not in con.output()


@needs_linux
def test_linux_boots_beside_an_apr_hog(boot, tmp_path):
    """The same hog on a pCPU it shares with a Linux domain: Linux boots to
    its shell and answers (it hung after boot when the hog's ICH_AP0R0 stayed
    on the pCPU and held back its interrupts)."""
    dtb = dump_dtb(tmp_path / "host.dtb", smp=2, gic=3)
    pool = add_pool(dtb, "shared", [1], "rtds")
    linux = linux_domain(dtb, 0, "beside", 1, props=[("x", "domain-cpupool", pool)])
    con = boot(qemu_cmd(smp=2, gic=3, dtb=dtb, extra=apr_hog_beside(dtb, pool, linux)))
    con.expect(r"\[hog\] guest: APRs full", timeout=60)
    expect_guests_ready(con, ["beside"], timeout=300)
    answer(con, "beside", 1)
    assert "BULKHEAD PANIC" not in con.output()
