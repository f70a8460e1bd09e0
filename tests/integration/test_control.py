"""The control interface (include/public/bulkhead_control.h) and bhctl, in
the cockpit: dom0 (bulkhead,control) lists the domains and restarts ivi
while cluster keeps running; a domain without bulkhead,control is refused;
bad requests get clear errors."""
import re
import sys

import pytest

from bh import LINUX_IMAGE, ROOT, focus

sys.path.insert(0, str(ROOT / "tools"))
import cockpit  # noqa: E402

pytestmark = pytest.mark.skipif(
    not LINUX_IMAGE.exists() or not cockpit.DTB.exists() or
    not all(p.exists() for p in cockpit.MODULES.values()),
    reason="cockpit images missing (make cockpit-images)")

LIST_LINE = (r"\[dom0\] (\w+) (\d+) (\w+) (\d+) (\d+) ([\w-]+) (null|rtds) (\d+) (\d+) (\d+) "
             r"(\d+) (\d+)\s")


def run(con, domain, command, token):
    """Runs command in domain's shell; returns its exit status."""
    focus(con, domain)
    con.send(f"{command}; echo rc-{token}=$?\n")
    return int(con.expect(rf"\[{domain}\] rc-{token}=(\d+)", timeout=120).group(1))


def test_bhctl_in_the_cockpit(boot):
    con = boot(cockpit.qemu_cmd())
    seen = set()
    while len(seen) < 3:
        seen.add(con.expect(r"\[(dom0|cluster|ivi)\] BULKHEAD-GUEST-READY", timeout=300).group(1))

    start = len(con.output())
    assert run(con, "dom0", "bhctl list", "list") == 0
    rows = {m.group(1): m.groups()[1:] for m in re.finditer(LIST_LINE, con.output()[start:])}
    assert set(rows) == {"dom0", "cluster", "ivi"}, con.output()[start:]
    assert rows["dom0"][1:6] == ("running", "1", "256", "Pool-0", "rtds")
    assert rows["cluster"][1:6] == ("running", "1", "256", "cpupool-cluster", "null")
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
