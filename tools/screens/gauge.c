/*
 * gauge: the cluster domain's instrument screen (docs/screens.md). On
 * /dev/fb0 (the simple-framebuffer Bulkhead gives `cluster`, or any 32-bit
 * fbdev), at 30 Hz on absolute deadlines: a speedometer dial whose needle
 * sweeps 0-240 km/h and back every 8 s, the speed in digits, the frame
 * counter and the time since power-on (the generic timer, in tenths of a
 * second), and on rows 0-7 the coded strip (tag 'G', the frame counter)
 * that tests decode from a screenshot.
 *
 * Console: "GAUGE fb0 WxH stride BYTES" at start, "GAUGE first-frame at
 * NNNNNN ms since power-on" once the first frame is drawn; "GAUGE error:
 * ..." and exit 1 without a usable /dev/fb0. It never exits otherwise. Static, libc-free (no
 * argument).
 */
#include "screen.h"

#define MAX_SPEED   240
#define SWEEP_FRAME 120 /* frames from 0 to MAX_SPEED */

/* A filled disc, or with r_in > 0 a ring between r_in and r. */
static void disc(const struct screen *s, i64 cx, i64 cy, i64 r, i64 r_in, u32 c)
{
	for (i64 dy = -r; dy <= r; dy++) {
		if (cy + dy < 0 || cy + dy >= (i64)s->h)
			continue;
		for (i64 dx = -r; dx <= r; dx++) {
			i64 d = dx * dx + dy * dy;
			if (d <= r * r && d >= r_in * r_in && cx + dx >= 0 && cx + dx < (i64)s->w)
				s->px[(u64)(cy + dy) * s->stride + (u64)(cx + dx)] = c;
		}
	}
}

/* A line `t` pixels thick: t x t squares along Bresenham's path. */
static void thick_line(const struct screen *s, i64 x0, i64 y0, i64 x1, i64 y1, i64 t, u32 c)
{
	i64 dx = x1 > x0 ? x1 - x0 : x0 - x1, dy = y1 > y0 ? y0 - y1 : y1 - y0;
	i64 sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
	for (;;) {
		fill_rect(s, x0 - t / 2, y0 - t / 2, t, t, c);
		if (x0 == x1 && y0 == y1)
			return;
		i64 e2 = 2 * err;
		if (e2 >= dy) {
			err += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			err += dx;
			y0 += sy;
		}
	}
}

/* sin and cos of whole degrees in Q30, from rotating (1, 0) by one degree
 * at a time (no libm): error well under 1e-6. */
static i64 sin_q30[360];

static void trig_init(void)
{
	const i64 c1 = 1073578288, s1 = 18739379; /* cos 1 degree, sin 1 degree */
	i64 c = 1L << 30, sn = 0;
	for (int d = 0; d < 360; d++) {
		sin_q30[d] = sn;
		i64 nc = (c * c1 - sn * s1) >> 30;
		sn = (sn * c1 + c * s1) >> 30;
		c = nc;
	}
}

static i64 sin_deg(i64 d) { return sin_q30[((d % 360) + 360) % 360]; }

static i64 cos_deg(i64 d) { return sin_deg(d + 90); }

/* The time since power-on in milliseconds: the generic timer's virtual
 * count (Bulkhead's CNTVOFF is 0, so it is the physical count, which
 * starts at the machine's reset) over its frequency. */
static u64 uptime_ms(void)
{
	u64 cnt, frq;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt));
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));
	return frq >= 1000 ? cnt / (frq / 1000) : 0;
}

struct dial {
	i64 cx, cy, r, needle;
	u32 face, ink, needle_c;
};

static void needle_end(const struct dial *d, i64 speed, i64 *x, i64 *y)
{
	i64 deg = 225 - speed * 270 / MAX_SPEED; /* 0 at lower left, clockwise */
	*x = d->cx + ((d->needle * cos_deg(deg)) >> 30);
	*y = d->cy - ((d->needle * sin_deg(deg)) >> 30);
}

static void dial_face(const struct screen *s, const struct dial *d)
{
	char num[8];
	disc(s, d->cx, d->cy, d->r, 0, d->face);
	disc(s, d->cx, d->cy, d->r, d->r - 4, d->ink);
	for (i64 v = 0; v <= MAX_SPEED; v += 10) {
		i64 deg = 225 - v * 270 / MAX_SPEED, c = cos_deg(deg), sn = sin_deg(deg);
		i64 r0 = d->r - 8, r1 = r0 - (v % 40 ? d->r / 16 : d->r / 8);
		thick_line(s, d->cx + ((r0 * c) >> 30), d->cy - ((r0 * sn) >> 30),
			   d->cx + ((r1 * c) >> 30), d->cy - ((r1 * sn) >> 30), v % 40 ? 2 : 4,
			   d->ink);
		if (v % 40)
			continue;
		i64 rl = r1 - 22, len = (v >= 100 ? 3 : v >= 10 ? 2 : 1);
		*put_num(num, (u64)v) = 0;
		text(s, d->cx + ((rl * c) >> 30) - len * 6, d->cy - ((rl * sn) >> 30) - 8, 2, num,
		     d->ink, d->face);
	}
}

int main_c(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct screen s;
	struct dial d;
	char line[48], *p;
	i64 deadline, ox = 0, oy = 0;

	screen_open(&s, "GAUGE");
	trig_init();
	u32 bg = rgb(&s, 24, 28, 40), white = rgb(&s, 235, 235, 235), amber = rgb(&s, 255, 176, 0);
	d.r = (i64)s.w / 2 - 20;
	if (d.r > ((i64)s.h - 40 - 80) / 2)
		d.r = ((i64)s.h - 40 - 80) / 2;
	d.cx = s.w / 2;
	d.cy = 40 + d.r;
	d.needle = d.r * 11 / 20;
	d.face = rgb(&s, 40, 44, 58);
	d.ink = white;
	d.needle_c = rgb(&s, 255, 60, 40);
	fill_rect(&s, 0, 0, s.w, s.h, bg);
	text(&s, 8, 14, 2, "CLUSTER", white, bg);
	dial_face(&s, &d);
	text(&s, d.cx - 4 * 12, d.cy + d.r / 2 + 30, 2, "KM/H", white, d.face);

	deadline = now_ns();
	for (u32 frame = 0;; frame++) {
		u32 phase = frame % (2 * SWEEP_FRAME);
		i64 speed = (phase < SWEEP_FRAME ? phase : 2 * SWEEP_FRAME - phase) * MAX_SPEED /
			    SWEEP_FRAME;
		i64 x, y;
		u64 up = uptime_ms() / 100; /* tenths of a second */

		needle_end(&d, speed, &x, &y);
		if (frame)
			thick_line(&s, d.cx, d.cy, ox, oy, 5, d.face);
		thick_line(&s, d.cx, d.cy, x, y, 5, d.needle_c);
		disc(&s, d.cx, d.cy, 9, 0, white);
		ox = x;
		oy = y;
		put_fixed(line, (u64)speed, 3);
		text(&s, d.cx - 3 * 9, d.cy + d.r / 2, 3, line, amber, d.face);
		put_fixed(put_str(line, "FRAME "), frame, 8);
		text(&s, 16, s.h - 64, 3, line, white, bg);
		p = put_fixed(put_str(line, "UP "), up / 10, 5);
		*p++ = '.';
		*put_str(put_fixed(p, up % 10, 1), " S") = 0;
		text(&s, 16, s.h - 32, 3, line, white, bg);
		strip(&s, 'G', frame);
		if (frame == 0) { /* drawn: when, on the machine's own clock */
			*put_str(put_fixed(put_str(line, "first-frame at "), uptime_ms(), 6),
				 " ms since power-on") = 0;
			say2(&s, line);
		}
		frame_wait(&deadline);
	}
}
