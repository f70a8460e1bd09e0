#!/usr/bin/env python3
"""Builds a tiny initramfs (cpio "newc", gzip-free) around a static busybox:
   mkinitramfs.py BUSYBOX OUT.cpio [--init-extra 'shell lines'] [--file SRC:DEST ...]
The /init script mounts /proc and /sys, prints a ready line with the CPU
count, and starts a shell on the console."""
import argparse
import os
import stat

INIT = """#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
{extra}
echo "BULKHEAD-GUEST-READY nproc=$(nproc) kernel=$(uname -r)"
exec setsid cttyhack sh
"""


def entry(ino, name, mode, data=b"", rdev=(0, 0), nlink=1):
    name_b = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0]
    hdr = b"070701" + b"".join(b"%08X" % f for f in fields)
    out = hdr + name_b
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def build(busybox, extra, extra_files=()):
    files = []
    ino = 1
    for d in ("bin", "dev", "proc", "sys", "tmp", "sbin", "usr", "usr/bin", "usr/sbin"):
        files.append(entry(ino, d, stat.S_IFDIR | 0o755, nlink=2))
        ino += 1
    files.append(entry(ino, "dev/console", stat.S_IFCHR | 0o600, rdev=(5, 1)))
    ino += 1
    with open(busybox, "rb") as f:
        files.append(entry(ino, "bin/busybox", stat.S_IFREG | 0o755, f.read()))
    ino += 1
    files.append(entry(ino, "bin/sh", stat.S_IFLNK | 0o777, b"busybox"))
    ino += 1
    for spec in extra_files:
        src, dest = spec.split(":", 1)
        ino += 1
        with open(src, "rb") as f:
            files.append(entry(ino, dest.lstrip("/"), stat.S_IFREG | 0o755, f.read()))
    ino += 1
    files.append(entry(ino, "init", stat.S_IFREG | 0o755, INIT.format(extra=extra).encode()))
    files.append(entry(0, "TRAILER!!!", 0))
    blob = b"".join(files)
    return blob + b"\0" * (-len(blob) % 512)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("busybox")
    ap.add_argument("out")
    ap.add_argument("--init-extra", default="")
    ap.add_argument("--file", action="append", default=[], help="SRC:DEST to add")
    a = ap.parse_args()
    data = build(a.busybox, a.init_extra, a.file)
    tmp = a.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
