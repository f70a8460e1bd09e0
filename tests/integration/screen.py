"""Screenshots of a QEMU display through QMP (`-qmp unix:SOCK,server=on,wait=off`):
qmp_screendump() asks QEMU for a PPM (its default format in 7.2) and parses it."""
import json
import socket
import time


def qmp_args(sock_path):
    """QEMU arguments for a QMP socket qmp_screendump() can talk to."""
    return ["-qmp", f"unix:{sock_path},server=on,wait=off"]


def _qmp_call(f, cmd, args=None):
    msg = {"execute": cmd}
    if args:
        msg["arguments"] = args
    f.write(json.dumps(msg).encode() + b"\n")
    f.flush()
    while True:
        line = f.readline()
        if not line:
            raise RuntimeError(f"QMP: connection closed during {cmd}")
        reply = json.loads(line)
        if "return" in reply:
            return reply["return"]
        if "error" in reply:
            raise RuntimeError(f"QMP {cmd}: {reply['error']}")
        # an asynchronous event: keep reading


def parse_ppm(data):
    """(width, height, rgb bytes) of a binary PPM (P6, maxval 255)."""
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1  # the single whitespace after maxval
    if fields[0] != b"P6" or int(fields[3]) != 255:
        raise ValueError(f"not an 8-bit P6 PPM: {fields}")
    w, h = int(fields[1]), int(fields[2])
    rgb = data[pos:pos + w * h * 3]
    if len(rgb) != w * h * 3:
        raise ValueError(f"PPM {w}x{h}: {len(rgb)} bytes of pixels")
    return w, h, rgb


def qmp_screendump(sock_path, out_path, device=None, timeout=10):
    """Screenshot of QEMU's display (or `device`'s) into out_path; returns
    (width, height, rgb bytes), 3 bytes a pixel, rows top down."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(str(sock_path))
            break
        except OSError:
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    s.settimeout(timeout)
    with s, s.makefile("rwb") as f:
        f.readline()  # the greeting
        _qmp_call(f, "qmp_capabilities")
        args = {"filename": str(out_path)}
        if device:
            args["device"] = device
        _qmp_call(f, "screendump", args)
    with open(out_path, "rb") as img:
        return parse_ppm(img.read())


def pixel(shot, x, y):
    """(r, g, b) at x, y of a qmp_screendump() result."""
    w, _, rgb = shot
    i = (y * w + x) * 3
    return tuple(rgb[i:i + 3])
