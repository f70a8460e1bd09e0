"""The control interface (include/public/bulkhead_control.h) and bhctl, in
the cockpit: dom0 (bulkhead,control) lists the domains, restarts ivi while
cluster keeps running, changes ivi's RTDS budget (admission-checked),
pauses and unpauses it, reads the hypervisor's log and the per-vCPU
accounting; a domain without bulkhead,control is refused; bad requests get
clear errors."""
import re
import sys

import pytest

from bh import ROOT, cockpit_missing, expect_guests_ready, focus

sys.path.insert(0, str(ROOT / "tools"))
import cockpit  # noqa: E402

pytestmark = pytest.mark.skipif(cockpit_missing() is not None, reason=str(cockpit_missing()))

LIST_LINE = (r"\[dom0\] (\w+) (\d+) (\w+) (\d+) (\d+) ([\w-]+) (null|rtds) (\d+) (\d+) (\d+) "
             r"(\d+) (\d+)\s")


def run(con, domain, command, token):
    """Runs command in domain's shell; returns its exit status."""
    focus(con, domain)
    con.send(f"{command}; echo rc-{token}=$?\n")
    return int(con.expect(rf"\[{domain}\] rc-{token}=(\d+)\s", timeout=120).group(1))


def test_bhctl_in_the_cockpit(boot):
    con = boot(cockpit.qemu_cmd())
    expect_guests_ready(con, ["dom0", "cluster", "ivi"])

    start = len(con.output())
    assert run(con, "dom0", "bhctl list", "list") == 0
    rows = {m.group(1): m.groups()[1:] for m in re.finditer(LIST_LINE, con.output()[start:])}
    assert set(rows) == {"dom0", "cluster", "ivi"}, con.output()[start:]
    assert rows["dom0"][1:6] == ("running", "1", "256", "Pool-0", "rtds")
    # 256 MiB of RAM and its 640x480 framebuffer's 2 MiB (docs/display.md)
    assert rows["cluster"][1:6] == ("running", "1", "258", "cpupool-cluster", "null")
    assert rows["ivi"][1:8] == ("running", "2", "512", "cpupool-ivi", "rtds", "10000", "8000")
    assert rows["ivi"][8] == "0"  # no restarts yet

    assert run(con, "dom0", "bhctl restart ivi", "restart") == 0
    con.expect(r"\[ivi\] BULKHEAD-GUEST-READY", timeout=300)
    assert "domain ivi: dom0 asked for a restart; restarting it (restart 1)" in con.output()
    con.expect(r"\[cluster\] .*PERIODIC periods=\d+ missed=\d+ ", timeout=60)
    start = len(con.output())
    assert run(con, "dom0", "bhctl list", "list2") == 0
    rows = {m.group(1): m.groups()[1:] for m in re.finditer(LIST_LINE, con.output()[start:])}
    assert rows["ivi"][8] == "1" and rows["cluster"][8] == "0"

    # Run-time RTDS parameters, with admission control and checks.
    assert run(con, "dom0", "bhctl sched ivi 10000 5000", "sched") == 0
    start = len(con.output())
    assert run(con, "dom0", "bhctl list", "list3") == 0
    rows = {m.group(1): m.groups()[1:] for m in re.finditer(LIST_LINE, con.output()[start:])}
    assert rows["ivi"][6:8] == ("10000", "5000")
    assert run(con, "dom0", "bhctl sched ivi 1000 2000", "badsched") == 1
    assert run(con, "dom0", "bhctl sched cluster 10000 5000", "nullsched") == 1
    assert "cpupool cpupool-cluster schedules with null, not rtds" in con.output()

    # Pause: ivi stops answering, cluster goes on; unpause: ivi answers.
    assert run(con, "dom0", "bhctl pause ivi", "pause") == 0
    start = len(con.output())
    assert run(con, "dom0", "bhctl list", "list4") == 0
    assert re.search(r"\[dom0\] ivi 2 paused ", con.output()[start:])
    focus(con, "ivi")
    con.send("echo ivi-back-$((40+2))\n")
    con.expect(r"\[cluster\] .*PERIODIC periods=\d+ missed=\d+ ", timeout=60)
    con.expect(r"\[cluster\] .*PERIODIC periods=\d+ missed=\d+ ", timeout=60)
    assert "ivi-back-42" not in con.output()
    assert run(con, "dom0", "bhctl unpause ivi", "unpause") == 0
    con.expect(r"\[ivi\] ivi-back-42", timeout=60)  # the typed line, once it runs again

    # The hypervisor's log and per-vCPU accounting.
    assert run(con, "dom0", "bhctl log", "log") == 0
    assert re.search(r"\[dom0\] .*domain ivi: unpaused", con.output())
    start = len(con.output())
    assert run(con, "dom0", "bhctl stats", "stats") == 0
    stats = re.findall(r"\[dom0\] (\w+)\.(\d) ([\w-]+) (null|rtds) (\w+) (\d+) (\d+)\s",
                       con.output()[start:])
    assert {(d, v) for d, v, *_ in stats} == {("dom0", "0"), ("cluster", "0"), ("ivi", "0"),
                                             ("ivi", "1")}

    assert run(con, "dom0", "bhctl restart nosuch", "nosuch") == 1
    assert "bhctl: restart: no such domain" in con.output()
    assert run(con, "dom0", "bhctl frobnicate", "usage") == 2

    # cluster has no bulkhead,control: refused, and the hypervisor says so once.
    assert run(con, "cluster", "bhctl list", "denied") == 1
    log = con.output()
    assert "bhctl: list: permission denied" in log
    assert "domain cluster: control interface used without bulkhead,control: refused" in log
    assert not re.search(r"domain (cluster|dom0): (crashed|halted)", log)
    assert "BULKHEAD PANIC" not in log
