/*
 * ivi_screen: the infotainment domain's screen (docs/screens.md). On
 * /dev/fb0 (virtio-gpu's DRM fbdev emulation in `ivi`, or any 32-bit
 * fbdev), at 30 Hz on absolute deadlines: eight coloured bars scrolling
 * across a band in the middle, a white square bouncing below them, the frame
 * counter in digits, and on rows 0-7 the coded strip (tag 'I', the frame
 * counter) that tests decode from a screenshot. Laid out unlike gauge, so the
 * two screens are told apart at a glance as well as by the strip's tag.
 *
 * Plain stores into the mapped framebuffer reach the screen: the DRM fbdev
 * emulation tracks the written pages (deferred I/O) and flushes them to the
 * virtio-gpu about 20 times a second.
 *
 * Console: "IVI fb0 WxH stride BYTES" at start, "IVI first-frame" once the
 * first frame is drawn; "IVI error: ..." and exit 1 without a usable
 * /dev/fb0. It never exits otherwise. Static, libc-free (no argument).
 */
#include "screen.h"

#define MAX_W  4096
#define BARS   8
#define SQUARE 32

static u32 band_row[MAX_W];

int main_c(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	static const u8 colours[BARS][3] = {{230, 40, 40},  {240, 140, 20}, {240, 220, 30},
					    {40, 200, 60},  {30, 200, 220}, {40, 80, 230},
					    {140, 60, 220}, {230, 60, 180}};
	struct screen s;
	char line[32];
	i64 deadline, sx = 0, sy = 0, vx = 6, vy = 4;

	screen_open(&s, "IVI");
	if (s.w > MAX_W) {
		say2(&s, "error: wider than 4096 pixels");
		return 1;
	}
	u32 bg = rgb(&s, 40, 60, 110), white = rgb(&s, 250, 250, 250);
	i64 band_y = s.h / 3, band_h = s.h / 4, bar_w = s.w / BARS;
	i64 box_top = band_y + band_h + 12, box_bottom = s.h - 12;
	fill_rect(&s, 0, 0, s.w, s.h, bg);
	text(&s, 16, 20, 4, "IVI", white, bg);
	sy = box_top;

	deadline = now_ns();
	for (u32 frame = 0;; frame++) {
		i64 shift = (i64)(frame * 4) % (bar_w * BARS);
		for (i64 x = 0; x < (i64)s.w; x++) {
			const u8 *c = colours[((x + shift) / bar_w) % BARS];
			band_row[x] = rgb(&s, c[0], c[1], c[2]);
		}
		for (i64 y = band_y; y < band_y + band_h; y++) {
			volatile u32 *dst = s.px + (u64)y * s.stride;
			for (u32 x = 0; x < s.w; x++)
				dst[x] = band_row[x];
		}
		fill_rect(&s, sx, sy, SQUARE, SQUARE, bg);
		sx += vx;
		sy += vy;
		if (sx < 0 || sx + SQUARE > (i64)s.w) {
			vx = -vx;
			sx += 2 * vx;
		}
		if (sy < box_top || sy + SQUARE > box_bottom) {
			vy = -vy;
			sy += 2 * vy;
		}
		fill_rect(&s, sx, sy, SQUARE, SQUARE, white);
		put_fixed(put_str(line, "FRAME "), frame, 8);
		text(&s, 16 + 4 * 6 * 4, 28, 3, line, white, bg);
		strip(&s, 'I', frame);
		if (frame == 0)
			say2(&s, "first-frame");
		frame_wait(&deadline);
	}
}
