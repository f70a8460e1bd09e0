import pytest

from bh import Console, log_name


@pytest.fixture
def boot(request):
    """boot(cmd) starts QEMU with that command line and returns its Console;
    every console is closed (QEMU killed) when the test ends."""
    consoles = []
    counter = [0]

    def start(cmd, cwd=None):
        counter[0] += 1
        suffix = "" if counter[0] == 1 else f"-{counter[0]}"
        c = Console(cmd, log_name(request) + suffix, cwd=cwd)
        consoles.append(c)
        return c

    yield start
    for c in consoles:
        c.close()
