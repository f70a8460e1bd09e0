"""Screenshots of a QEMU display and the screens' coded strip
(docs/screens.md): a QMP client over a unix socket for `screendump`, a PPM
reader, the strip's decoder (and an encoder for its self-test), a dark-screen
check and a PNG writer, all in the standard library (no PIL).

QEMU is started with `-qmp unix:PATH,server=on,wait=off` (qmp_args) and the
display device named by id, e.g. `-device virtio-gpu-pci,id=ivi-gpu`; then
Qmp(PATH).screendump(file, device="ivi-gpu") writes a PPM (QEMU 7.2's
screendump: filename, device, head, format "ppm" or "png") and returns it as
an Image; qmp_screendump(PATH, file, device) does one shot over its own
connection and returns (width, height, rgb bytes) for pixel(shot, x, y)."""
import json
import socket
import struct
import time
import zlib
from pathlib import Path

# The strip (tools/screens/screen.h): 54 blocks of 8x8 pixels on rows 0-7
# from x = 0, white 1, black 0, MSB first: 1 1 0, tag (8), counter (32),
# CRC-8 (polynomial 0x07, initial 0) of the tag and the counter's
# big-endian bytes (8), 0 1 1.
BLOCK = 8
START, END = (1, 1, 0), (0, 1, 1)
BITS = 3 + 8 + 32 + 8 + 3
TAG_GAUGE, TAG_IVI = ord("G"), ord("I")


class Image:
    """An RGB picture: width, height and 3 bytes a pixel, rows top down."""

    def __init__(self, width, height, data):
        if len(data) != width * height * 3:
            raise ValueError(f"{width}x{height} needs {width * height * 3} bytes, "
                             f"not {len(data)}")
        self.width, self.height, self.data = width, height, bytes(data)

    def pixel(self, x, y):
        return pixel((self.width, self.height, self.data), x, y)


def parse_ppm(data):
    """(width, height, rgb bytes) of a binary PPM (P6, maxval 255), what
    QEMU's screendump writes."""
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if pos >= len(data):  # a header cut short (or none)
            raise ValueError(f"PPM header ends after {len(fields)} of 4 fields")
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while end < len(data) and not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or int(fields[3]) != 255:
        raise ValueError(f"not an 8-bit P6 PPM: {fields}")
    w, h = int(fields[1]), int(fields[2])
    pos += 1  # the single whitespace after maxval
    rgb = data[pos:pos + w * h * 3]
    if len(rgb) != w * h * 3:
        raise ValueError(f"PPM {w}x{h}: {len(rgb)} bytes of pixels")
    return w, h, rgb


def read_ppm(path):
    return Image(*parse_ppm(Path(path).read_bytes()))


def side_by_side(left, right, gap=16, fill=(0, 0, 0)):
    """One Image with left and right next to each other, tops aligned (the
    two screens of the cockpit in one picture)."""
    h = max(left.height, right.height)
    w = left.width + gap + right.width
    rows = []
    for y in range(h):
        row = bytearray(bytes(fill) * w)
        for img, x0 in ((left, 0), (right, left.width + gap)):
            if y < img.height:
                row[x0 * 3:(x0 + img.width) * 3] = \
                    img.data[y * img.width * 3:(y + 1) * img.width * 3]
        rows.append(bytes(row))
    return Image(w, h, b"".join(rows))


def save_png(img, path):
    """img as an 8-bit RGB PNG (zlib and struct only), for the test logs."""
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff))
    stride = img.width * 3
    rows = b"".join(b"\0" + img.data[y * stride:(y + 1) * stride] for y in range(img.height))
    png = (b"\x89PNG\r\n\x1a\n" +
           chunk(b"IHDR", struct.pack(">IIBBBBB", img.width, img.height, 8, 2, 0, 0, 0)) +
           chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))
    Path(path).write_bytes(png)
    return Path(path)


def crc8(data):
    c = 0
    for b in data:
        c ^= b
        for _ in range(8):
            c = ((c << 1) ^ 0x07) & 0xff if c & 0x80 else (c << 1) & 0xff
    return c


def strip_bits(tag, counter):
    payload = bytes([tag]) + struct.pack(">I", counter)
    bits = list(START)
    for value, n in ((tag, 8), (counter, 32), (crc8(payload), 8)):
        bits += [(value >> (n - 1 - i)) & 1 for i in range(n)]
    return bits + list(END)


def encode_strip(tag, counter, width=640, height=480, background=(40, 60, 110)):
    """A picture with the strip drawn as the programs draw it (for tests)."""
    row = bytearray(bytes(background) * width)
    for i, bit in enumerate(strip_bits(tag, counter)):
        row[i * BLOCK * 3:(i + 1) * BLOCK * 3] = (b"\xff\xff\xff" if bit else b"\0\0\0") * BLOCK
    data = bytes(row) * BLOCK + bytes(background) * width * (height - BLOCK)
    return Image(width, height, data)


def _block_bit(img, i):
    """The i-th block's bit from its middle 4x4 pixels, or None when they
    are neither clearly white nor clearly black (or not all alike)."""
    votes = set()
    for y in range(2, 6):
        for x in range(i * BLOCK + 2, i * BLOCK + 6):
            r, g, b = img.pixel(x, y)
            lo, hi = min(r, g, b), max(r, g, b)
            votes.add(1 if lo >= 192 else 0 if hi <= 63 else None)
    return votes.pop() if len(votes) == 1 else None


def decode_strip_tagged(img):
    """(tag, counter) from the strip, or None: markers, every block clear,
    and the CRC must all hold."""
    if img.width < BITS * BLOCK or img.height < BLOCK:
        return None
    bits = []
    for i in range(BITS):
        b = _block_bit(img, i)
        if b is None:
            return None
        bits.append(b)
    if tuple(bits[:3]) != START or tuple(bits[-3:]) != END:
        return None
    word = lambda lo, n: int("".join(map(str, bits[lo:lo + n])), 2)  # noqa: E731
    tag, counter, crc = word(3, 8), word(11, 32), word(43, 8)
    if crc8(bytes([tag]) + struct.pack(">I", counter)) != crc:
        return None
    return tag, counter


def decode_strip(img, tag=None):
    """The strip's counter, or None (no valid strip, or another tag than
    `tag`, e.g. TAG_GAUGE or TAG_IVI, when one is given)."""
    got = decode_strip_tagged(img)
    if got is None or (tag is not None and got[0] != tag):
        return None
    return got[1]


def decode_strip_settled(shoot, tag, tries=3, gap=0.05):
    """The counter of the first of up to `tries` shots (shoot() returns an
    Image) whose strip decodes, `gap` seconds apart, or None. A screenshot
    may catch the strip while the program rewrites it (torn: the CRC or a
    mixed block refuses it); a frame later (30 Hz) it is whole again, while
    a screen that really lost its strip fails every try."""
    for i in range(tries):
        c = decode_strip(shoot(), tag=tag)
        if c is not None or i == tries - 1:
            return c
        time.sleep(gap)


def is_dark(img, bright=48, fraction=0.02):
    """No more than `fraction` of the pixels (sampled every 4th in x and
    y) have a channel above `bright`: a blank or black screen, allowing
    QEMU's small "Display output is not active." text or a cursor."""
    lit = total = 0
    stride = img.width * 3
    for y in range(0, img.height, 4):
        row = img.data[y * stride:(y + 1) * stride]
        for x in range(0, img.width, 4):
            total += 1
            if max(row[x * 3:x * 3 + 3]) > bright:
                lit += 1
    return total > 0 and lit <= fraction * total


def qmp_args(path):
    return ["-qmp", f"unix:{path},server=on,wait=off"]


class Qmp:
    """A QMP connection (QEMU's JSON monitor) over a unix socket."""

    def __init__(self, path, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.settimeout(timeout)
                self.sock.connect(str(path))
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.file = self.sock.makefile("rwb")
        self._read()  # the greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        line = self.file.readline()
        if not line:
            raise ConnectionError("QMP: QEMU closed the socket")
        return json.loads(line)

    def cmd(self, name, **args):
        """Runs a command and returns its "return"; an "error" raises."""
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.file.write(json.dumps(msg).encode() + b"\n")
        self.file.flush()
        while True:
            reply = self._read()
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise RuntimeError(f"QMP {name}: {reply['error']}")
            # an asynchronous event: skip

    def screendump(self, path, device=None, head=None):
        """The display of `device` (a -device id) as an Image; the PPM stays at path."""
        args = {"filename": str(path)}
        if device is not None:
            args["device"] = device
        if head is not None:
            args["head"] = head
        self.cmd("screendump", **args)
        return read_ppm(path)

    def close(self):
        self.file.close()
        self.sock.close()


def qmp_screendump(sock_path, out_path, device=None, timeout=10):
    """One screenshot over a fresh QMP connection: (width, height, rgb
    bytes), 3 bytes a pixel, rows top down (the form test_display.py reads
    with pixel())."""
    qmp = Qmp(sock_path, timeout)
    try:
        img = qmp.screendump(out_path, device=device)
    finally:
        qmp.close()
    return img.width, img.height, img.data


def pixel(shot, x, y):
    """(r, g, b) at x, y of a qmp_screendump() result."""
    w, _, rgb = shot
    i = (y * w + x) * 3
    return tuple(rgb[i:i + 3])
