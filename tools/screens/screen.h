/*
 * What the screens' demo programs share (docs/screens.md): /dev/fb0 opened
 * and mapped, fbcon told to keep off it, a 30 Hz frame clock on absolute
 * deadlines, drawing (rectangles, a 5x7 font scaled up) and the coded
 * pixel strip on the top rows that tests decode from a screenshot
 * (tests/integration/screen.py).
 *
 * Static and libc-free (tools/lib/linux_raw.h); AArch64 Linux only. The
 * framebuffer must be 32 bits a pixel with 8-bit channels (XRGB8888 for
 * simple-framebuffer, virtio-gpu's DRM fbdev emulation and ramfb).
 */
#ifndef TOOLS_SCREENS_SCREEN_H
#define TOOLS_SCREENS_SCREEN_H

#include "linux_raw.h"

/* <linux/fb.h>, <linux/kd.h> */
#define FBIOGET_VSCREENINFO 0x4600
#define FBIOGET_FSCREENINFO 0x4602
#define KDSETMODE	    0x4b3a
#define KD_GRAPHICS	    1

struct fb_bitfield {
	u32 offset, length, msb_right;
};

struct fb_var_screeninfo {
	u32 xres, yres, xres_virtual, yres_virtual, xoffset, yoffset, bits_per_pixel, grayscale;
	struct fb_bitfield red, green, blue, transp;
	u32 nonstd, activate, height, width, accel_flags, pixclock, left_margin, right_margin,
		upper_margin, lower_margin, hsync_len, vsync_len, sync, vmode, rotate, colorspace;
	u32 reserved[4];
};

struct fb_fix_screeninfo {
	char id[16];
	u64 smem_start;
	u32 smem_len, type, type_aux, visual;
	u16 xpanstep, ypanstep, ywrapstep;
	u32 line_length;
	u64 mmio_start;
	u32 mmio_len, accel;
	u16 capabilities, reserved[2];
};

/* The frame rate and the strip's geometry (docs/screens.md). */
#define FRAME_NS     33333333L /* 30 Hz */
#define STRIP_BLOCK  8	       /* a bit is an 8x8 block, white 1, black 0 */
#define STRIP_BITS   54	       /* 110, tag 8, counter 32, CRC-8 8, 011 */
#define STRIP_PIXELS (STRIP_BITS * STRIP_BLOCK)

struct screen {
	volatile u32 *px; /* the mapped framebuffer */
	u32 w, h, stride; /* stride in pixels */
	u32 roff, goff, boff;
	const char *name; /* GAUGE, IVI: the console lines' first word */
};

/* "NAME text\n" on stdout. */
static void say2(const struct screen *s, const char *text)
{
	char line[96], *p = put_str(put_str(put_str(line, s->name), " "), text);
	*p++ = '\n';
	sys(SYS_write, 1, (i64)line, p - line, 0);
}

static u32 rgb(const struct screen *s, u32 r, u32 g, u32 b)
{
	return (r << s->roff) | (g << s->goff) | (b << s->boff);
}

/* Opens and maps /dev/fb0, says "NAME fb0 WxH stride BYTES" and keeps
 * fbcon's text and cursor off the screen; on failure says why and exits 1. */
static void screen_open(struct screen *s, const char *name)
{
	struct fb_var_screeninfo var;
	struct fb_fix_screeninfo fix;
	char line[96], *p;
	i64 fd, tty, addr;

	s->name = name;
	fd = sys(SYS_openat, AT_FDCWD, (i64) "/dev/fb0", O_RDWR, 0);
	if (fd < 0) {
		say2(s, "error: no /dev/fb0 (no framebuffer driver bound?)");
		sys(SYS_exit, 1, 0, 0, 0);
	}
	if (sys(SYS_ioctl, fd, FBIOGET_VSCREENINFO, (i64)&var, 0) < 0 ||
	    sys(SYS_ioctl, fd, FBIOGET_FSCREENINFO, (i64)&fix, 0) < 0) {
		say2(s, "error: /dev/fb0 answers no FBIOGET_VSCREENINFO/FSCREENINFO");
		sys(SYS_exit, 1, 0, 0, 0);
	}
	if (var.bits_per_pixel != 32 || var.red.length != 8 || var.green.length != 8 ||
	    var.blue.length != 8 || var.xres < STRIP_PIXELS || var.yres < 240 ||
	    fix.line_length < var.xres * 4) {
		say2(s, "error: /dev/fb0 is not 32 bits a pixel and at least 432x240");
		sys(SYS_exit, 1, 0, 0, 0);
	}
	addr = sys_mmap((u64)fix.line_length * var.yres, PROT_RW, MAP_SHARED, fd, 0);
	if ((u64)addr >= (u64)-MAX_MMAP_ERRNO) {
		say2(s, "error: cannot mmap /dev/fb0");
		sys(SYS_exit, 1, 0, 0, 0);
	}
	s->px = (volatile u32 *)addr;
	s->w = var.xres;
	s->h = var.yres;
	s->stride = fix.line_length / 4;
	s->roff = var.red.offset;
	s->goff = var.green.offset;
	s->boff = var.blue.offset;
	/* fbcon draws its text and cursor on fb0 unless its VT is in graphics mode. */
	tty = sys(SYS_openat, AT_FDCWD, (i64) "/dev/tty0", O_RDWR, 0);
	if (tty >= 0)
		sys(SYS_ioctl, tty, KDSETMODE, KD_GRAPHICS, 0);
	p = put_str(line, "fb0 ");
	p = put_str(put_num(put_str(put_num(p, s->w), "x"), s->h), " stride ");
	*put_num(p, fix.line_length) = 0;
	say2(s, line);
}

static void fill_rect(const struct screen *s, i64 x, i64 y, i64 w, i64 h, u32 c)
{
	if (x < 0) {
		w += x;
		x = 0;
	}
	if (y < 0) {
		h += y;
		y = 0;
	}
	if (x + w > (i64)s->w)
		w = (i64)s->w - x;
	if (y + h > (i64)s->h)
		h = (i64)s->h - y;
	for (i64 j = 0; j < h; j++) {
		volatile u32 *row = s->px + (u64)(y + j) * s->stride + x;
		for (i64 i = 0; i < w; i++)
			row[i] = c;
	}
}

/* The font: 5x7 glyphs, each row's five pixels in bits 4..0. */
static const char font_chars[] = "0123456789ACEFGHIKLMNPRSTUV/.: ";
static const u8 font_rows[][7] = {
	{0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e}, /* 0 */
	{0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e}, /* 1 */
	{0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f}, /* 2 */
	{0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e}, /* 3 */
	{0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02}, /* 4 */
	{0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e}, /* 5 */
	{0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e}, /* 6 */
	{0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}, /* 7 */
	{0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e}, /* 8 */
	{0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c}, /* 9 */
	{0x0e, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11}, /* A */
	{0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e}, /* C */
	{0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x1f}, /* E */
	{0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10}, /* F */
	{0x0e, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0f}, /* G */
	{0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11}, /* H */
	{0x0e, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e}, /* I */
	{0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}, /* K */
	{0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f}, /* L */
	{0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11}, /* M */
	{0x11, 0x19, 0x15, 0x13, 0x11, 0x11, 0x11}, /* N */
	{0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10}, /* P */
	{0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11}, /* R */
	{0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e}, /* S */
	{0x1f, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}, /* T */
	{0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e}, /* U */
	{0x11, 0x11, 0x11, 0x11, 0x11, 0x0a, 0x04}, /* V */
	{0x01, 0x02, 0x02, 0x04, 0x08, 0x08, 0x10}, /* / */
	{0x00, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x0c}, /* . */
	{0x00, 0x0c, 0x0c, 0x00, 0x0c, 0x0c, 0x00}, /* : */
	{0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, /* space */
};

/* Text at (x, y), each font pixel a `scale` square, on background bg
 * (each cell 6x8 font pixels, so the old text is overwritten). */
static void text(const struct screen *s, i64 x, i64 y, i64 scale, const char *str, u32 fg, u32 bg)
{
	for (; *str; str++, x += 6 * scale) {
		int g = 0;
		while (font_chars[g] && font_chars[g] != *str)
			g++;
		if (!font_chars[g])
			g--; /* unknown: a space */
		fill_rect(s, x, y, 6 * scale, 8 * scale, bg);
		for (int r = 0; r < 7; r++)
			for (int b = 0; b < 5; b++)
				if (font_rows[g][r] & (0x10 >> b))
					fill_rect(s, x + b * scale, y + r * scale, scale, scale,
						  fg);
	}
}

/* v in `digits` decimal digits, leading zeros, into p (NUL-terminated). */
static char *put_fixed(char *p, u64 v, int digits)
{
	for (int i = digits - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	p[digits] = 0;
	return p + digits;
}

/* CRC-8, polynomial x^8 + x^2 + x + 1 (0x07), initial 0, MSB first. */
static u8 crc8(const u8 *b, int n)
{
	u8 c = 0;
	while (n--) {
		c ^= *b++;
		for (int i = 0; i < 8; i++)
			c = (u8)((c & 0x80) ? (c << 1) ^ 0x07 : c << 1);
	}
	return c;
}

/* The coded strip on rows 0-7 from x = 0: 54 blocks of 8x8 pixels, white
 * 1 and black 0: start 1 1 0, the tag (8 bits), the counter (32 bits), a
 * CRC-8 of the tag and the counter's four big-endian bytes, end 0 1 1; bits
 * MSB first. Composed first, then written row by row in one go, so that a
 * screenshot rarely catches half of it (the CRC catches that). */
static void strip(const struct screen *s, u8 tag, u32 counter)
{
	static u32 row[STRIP_PIXELS];
	u8 bytes[5] = {tag, (u8)(counter >> 24), (u8)(counter >> 16), (u8)(counter >> 8),
		       (u8)counter};
	u64 bits = 6; /* 110 */
	bits = (bits << 8) | tag;
	bits = (bits << 32) | counter;
	bits = (bits << 8) | crc8(bytes, 5);
	bits = (bits << 3) | 3; /* 011 */
	u32 white = rgb(s, 255, 255, 255), black = rgb(s, 0, 0, 0);
	for (int i = 0; i < STRIP_PIXELS; i++)
		row[i] = (bits >> (STRIP_BITS - 1 - i / STRIP_BLOCK)) & 1 ? white : black;
	for (int y = 0; y < STRIP_BLOCK; y++) {
		volatile u32 *dst = s->px + (u64)y * s->stride;
		for (int i = 0; i < STRIP_PIXELS; i++)
			dst[i] = row[i];
	}
}

/* Sleeps to the next frame's absolute deadline (CLOCK_MONOTONIC); deadlines
 * already passed are skipped, not caught up. */
static void frame_wait(i64 *deadline)
{
	struct timespec64 t;
	*deadline += FRAME_NS;
	i64 now = now_ns();
	if (now > *deadline)
		*deadline += (now - *deadline) / FRAME_NS * FRAME_NS + FRAME_NS;
	t.tv_sec = *deadline / 1000000000L;
	t.tv_nsec = *deadline % 1000000000L;
	while (sys(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, (i64)&t, 0) != 0)
		;
}

#endif
