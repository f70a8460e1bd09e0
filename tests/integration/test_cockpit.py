"""The cockpit (dts/qemu-cockpit.dts) and freedom from interference: while
`cluster` runs its periodic 1 ms task, `ivi` is crashed in every way Linux
can stop — a kernel panic, a wild write outside its memory, a hang with
interrupts masked (only the SP805 watchdog notices), poweroff -f, reboot -f
— and comes back to userspace each time; `cluster` never restarts, its task
never stops, and the checksum of its memory stays what it was. Timing
figures (missed periods) are reported here and judged by make bench."""
import re
import sys

import pytest

from bh import ROOT, cockpit_missing, expect_guests_ready, focus

sys.path.insert(0, str(ROOT / "tools"))
import cockpit  # noqa: E402

pytestmark = pytest.mark.skipif(cockpit_missing() is not None, reason=str(cockpit_missing()))

PERIODIC = (r"\[cluster\] .*PERIODIC periods=(\d+) missed=(\d+) "
            r"checksum=([0-9a-f]{16}) initial=([0-9a-f]{16})")
# How each way of stopping shows up in the hypervisor's log. A panic ends in
# Linux's restart path: PSCI SYSTEM_RESET, unless the SP805 driver's restart
# handler (which lets the watchdog expire at once) runs first.
RESET = r"(PSCI SYSTEM_RESET|watchdog expired \(SP805\))"
WAYS = [
    ("kernel panic", "echo c > /proc/sysrq-trigger", RESET),
    # PID 1 is the shell: devmem's write outside the domain's memory is
    # reported to it as an abort, SIGBUS kills init, the kernel panics.
    ("wild write", "exec devmem 0x30000000 32 1", RESET),
    # panic=0: the panic spins forever with interrupts masked.
    ("hang, interrupts masked", "echo 0 > /proc/sys/kernel/panic; echo c > /proc/sysrq-trigger",
     r"watchdog expired \(SP805\)"),
    ("poweroff -f", "poweroff -f", r"PSCI SYSTEM_OFF"),
    ("reboot -f", "reboot -f", RESET),
]


class Cluster:
    """The cluster's periodic task, seen through its once-a-second lines."""

    def __init__(self, con):
        self.con = con
        self.periods, self.missed, checksum, self.initial = self.next()
        assert checksum == self.initial

    def next(self):
        m = self.con.expect(PERIODIC, timeout=60)
        return int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)

    def still_running(self):
        """A new line, further on, with the memory unchanged."""
        periods, missed, checksum, initial = self.next()
        assert periods > self.periods, "the cluster's periodic task stopped"
        assert initial == self.initial and checksum == self.initial, \
            "the cluster's memory changed"
        self.periods, self.missed = periods, missed


def test_crash_storm_leaves_the_cluster_alone(boot):
    con = boot(cockpit.qemu_cmd())
    expect_guests_ready(con, ["dom0", "cluster", "ivi"])
    log = con.output()
    assert "cpupool cpupool-cluster: CPUs 0x2, null" in log
    assert "cpupool cpupool-ivi: CPUs 0xc, rtds" in log
    assert "[ivi] WATCHDOG ok" in log
    cluster = Cluster(con)
    start_missed = cluster.missed
    for n, (what, command, why) in enumerate(WAYS, start=1):
        focus(con, "ivi")
        con.send(command + "\n")
        con.expect(rf"domain ivi: crashed \({why}\); restarting it \(restart {n}\)",
                   timeout=120)
        con.expect(rf"domain ivi: restarted \(restart {n}\)\s", timeout=120)
        con.expect(r"\[ivi\] WATCHDOG ok", timeout=300)
        assert con.expect(r"\[ivi\] BULKHEAD-GUEST-READY nproc=(\d+) ",
                          timeout=300).group(1) == "2", what
        cluster.still_running()
    log = con.output()
    assert "domain ivi: write outside its memory map at 0x30000000" in log
    for other in ("cluster", "dom0"):
        assert not re.search(rf"domain {other}: (crashed|halted|restarted)", log)
    assert "BULKHEAD PANIC" not in log
    print(f"cluster: {cluster.missed - start_missed} missed periods of 1 ms during the storm "
          f"(judged by make bench, not here)")
