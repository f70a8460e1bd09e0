"""The screens' strip decoder and picture helpers (tests/integration/screen.py),
without QEMU: encode -> decode round trips, corrupted strips refused, the PPM
reader, the PNG writer and the dark-screen check."""
import struct
import zlib

import pytest

from screen import (BLOCK, TAG_GAUGE, TAG_IVI, Image, decode_strip, decode_strip_settled,
                    decode_strip_tagged, encode_strip, is_dark, parse_ppm, pixel, read_ppm,
                    save_png, side_by_side)


@pytest.mark.parametrize("counter", [0, 1, 29, 0x5a5a5a5a, 0x80000000, 0xffffffff])
@pytest.mark.parametrize("tag", [TAG_GAUGE, TAG_IVI])
def test_round_trip(tag, counter):
    img = encode_strip(tag, counter)
    assert decode_strip_tagged(img) == (tag, counter)
    assert decode_strip(img) == counter
    assert decode_strip(img, tag=tag) == counter
    assert decode_strip(img, tag=TAG_IVI if tag == TAG_GAUGE else TAG_GAUGE) is None


def paint_block(img, i, rgb):
    data = bytearray(img.data)
    for y in range(BLOCK):
        for x in range(i * BLOCK, (i + 1) * BLOCK):
            p = (y * img.width + x) * 3
            data[p:p + 3] = bytes(rgb)
    return Image(img.width, img.height, bytes(data))


def flip_block(img, i):
    return paint_block(img, i, (0, 0, 0) if img.pixel(i * BLOCK + 3, 3)[0] > 128 else (255,) * 3)


@pytest.mark.parametrize("block", [0, 2, 5, 20, 42, 47, 53])
def test_one_flipped_block_is_refused(block):
    """Any single wrong bit: a marker, the tag, the counter or the CRC."""
    assert decode_strip(flip_block(encode_strip(TAG_GAUGE, 123456), block)) is None


def test_grey_or_torn_block_is_refused():
    img = encode_strip(TAG_IVI, 77)
    assert decode_strip(paint_block(img, 30, (128, 128, 128))) is None
    torn = bytearray(img.data)  # half of block 30 white, half black
    for y in range(BLOCK):
        for x in range(30 * BLOCK, 30 * BLOCK + 4):
            p = (y * img.width + x) * 3
            torn[p:p + 3] = b"\xff\xff\xff" if torn[p] < 128 else b"\0\0\0"
    assert decode_strip(Image(img.width, img.height, bytes(torn))) is None


def test_no_strip():
    assert decode_strip(Image(640, 480, b"\0" * 640 * 480 * 3)) is None
    assert decode_strip(Image(640, 480, b"\xff" * 640 * 480 * 3)) is None
    assert decode_strip(Image(100, 4, b"\0" * 100 * 4 * 3)) is None  # too small


def test_ppm_png_round_trip(tmp_path):
    img = encode_strip(TAG_GAUGE, 4242, width=480, height=64)
    ppm = tmp_path / "a.ppm"
    ppm.write_bytes(b"P6\n# comment\n480 64\n255\n" + img.data)
    back = read_ppm(ppm)
    assert (back.width, back.height, back.data) == (480, 64, img.data)
    assert decode_strip(back) == 4242
    png = save_png(back, tmp_path / "a.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    w, h, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert (w, h, depth, colour) == (480, 64, 8, 2)
    idat_len = struct.unpack(">I", png[33:37])[0]
    assert png[37:41] == b"IDAT"
    rows = zlib.decompress(png[41:41 + idat_len])
    assert rows == b"".join(b"\0" + img.data[y * 1440:(y + 1) * 1440] for y in range(64))


def test_is_dark():
    assert is_dark(Image(64, 64, b"\0" * 64 * 64 * 3))
    assert is_dark(Image(64, 64, b"\x10" * 64 * 64 * 3))
    assert not is_dark(encode_strip(TAG_IVI, 1, width=640, height=480))
    assert not is_dark(Image(64, 64, b"\xc0" * 64 * 64 * 3))


def test_parse_ppm_refuses_short_or_other_formats():
    with pytest.raises(ValueError):
        parse_ppm(b"P6\n4 4\n255\n" + b"\0" * 10)
    with pytest.raises(ValueError):
        parse_ppm(b"P5\n4 4\n255\n" + b"\0" * 16)
    for cut in (b"", b"P6", b"P6 4 4", b"P6\n4 4\n255", b"P6\n# no end"):
        with pytest.raises(ValueError):
            parse_ppm(cut)  # a header cut short: refused, not read forever
    shot = parse_ppm(b"P6 2 1 255\n" + bytes([1, 2, 3, 4, 5, 6]))
    assert pixel(shot, 1, 0) == (4, 5, 6)


def test_side_by_side_keeps_both_pictures():
    left = encode_strip(TAG_GAUGE, 7, width=640, height=480)
    right = encode_strip(TAG_IVI, 9, width=800, height=400)
    both = side_by_side(left, right, gap=16)
    assert (both.width, both.height) == (640 + 16 + 800, 480)
    assert decode_strip(both, tag=TAG_GAUGE) == 7
    shifted = Image(800, 400, b"".join(
        both.data[(y * both.width + 656) * 3:(y * both.width + 1456) * 3] for y in range(400)))
    assert decode_strip(shifted, tag=TAG_IVI) == 9
    assert both.pixel(650, 10) == (0, 0, 0)  # the gap
    assert both.pixel(700, 450) == (0, 0, 0)  # below the shorter picture


def test_settled_decode_retries_a_torn_shot_only():
    """A torn shot is taken again; a screen without its strip stays None."""
    torn = flip_block(encode_strip(TAG_GAUGE, 41), 30)
    shots = iter([torn, encode_strip(TAG_GAUGE, 42)])
    assert decode_strip_settled(lambda: next(shots), TAG_GAUGE, gap=0) == 42
    taken = []
    assert decode_strip_settled(lambda: taken.append(1) or torn, TAG_GAUGE, gap=0) is None
    assert len(taken) == 3
    assert decode_strip_settled(lambda: encode_strip(TAG_IVI, 5), TAG_GAUGE, gap=0) is None
