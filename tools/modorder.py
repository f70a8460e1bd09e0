#!/usr/bin/env python3
"""Prints kernel modules in an order insmod can load them: each after the
modules of the list it depends on (its .modinfo `depends=`), otherwise in
the order given. A dependency outside the list is taken as built in.
Debian's kernel updates move symbols between modules (6.1.192 made virtio
need virtio_ring), so the order is read from the modules, not written down.

   modorder.py DIR MODULE...   (DIR/MODULE.ko must exist)"""
import re
import sys
from pathlib import Path


def depends(ko):
    m = re.search(rb"(?:^|\x00)depends=([^\x00]*)\x00", ko.read_bytes())
    return [d.replace("-", "_") for d in m.group(1).decode().split(",") if d] if m else []


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    d, mods = Path(sys.argv[1]), sys.argv[2:]
    key = {m.replace("-", "_"): m for m in mods}
    deps = {m: [key[x] for x in depends(d / f"{m}.ko") if x in key] for m in mods}
    out, done, busy = [], set(), set()

    def visit(m):
        if m in done:
            return
        if m in busy:
            sys.exit(f"modorder: {m}: circular module dependencies")
        busy.add(m)
        for x in deps[m]:
            visit(x)
        busy.discard(m)
        done.add(m)
        out.append(m)

    for m in mods:
        visit(m)
    print(" ".join(out))


if __name__ == "__main__":
    main()
