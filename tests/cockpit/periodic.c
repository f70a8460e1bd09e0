/*
 * The cockpit's critical task: a 1 ms periodic loop for the `cluster` domain,
 * static and libc-free (raw syscalls), in the style of tests/bench/latency.c.
 *
 * Timing: the task sleeps with clock_nanosleep(CLOCK_MONOTONIC,
 * TIMER_ABSTIME) to absolute deadlines 1 ms apart. After each wake-up it does
 * its period's work, then looks at the clock: every deadline that has already
 * passed by then (the task woke, or finished, after the next period's deadline)
 * is *missed*; they are counted and skipped, and the task realigns to the
 * first deadline still in the future, so it never runs a burst of late
 * periods to catch up.
 *   periods = periods run (wake-ups), missed = deadlines skipped;
 *   periods + missed = deadlines elapsed since the start.
 *
 * Memory integrity: at start a 16 MiB bss buffer is filled with a
 * pseudo-random pattern (xorshift64, fixed seed) and its checksum (FNV-1a over
 * 64-bit little-endian words, in order) is computed once: the *initial*
 * checksum. Hashing 16 MiB takes far longer than 1 ms under QEMU TCG, so the
 * check is incremental: each period hashes the next 64 KiB slice, continuing
 * the running FNV-1a state; after 256 periods a full pass ends and its
 * checksum becomes the *last completed* one, and the next pass starts over.
 * FNV-1a is order-dependent, so a completed pass equals the initial checksum
 * exactly when the buffer read back the same contents.
 *
 * Output, on stdout, once per second (each time periods + missed crosses a
 * multiple of 1000):
 *   PERIODIC periods=<n> missed=<n> checksum=<16 hex> initial=<16 hex>
 * where checksum is the last completed full pass (the initial checksum until
 * the first pass has ended). It never exits.
 *
 * `periodic PERIOD_US DEADLINES` instead runs with that period until
 * DEADLINES deadlines have elapsed, prints one line
 *   PERIODIC DONE periods=<n> missed=<n> checksum=<16 hex> initial=<16 hex>
 * (checksum: the pass under way, finished after the last period) and exits
 * 0; with a bad argument it prints "PERIODIC usage: ..." and exits 2.
 */
#include "linux_raw.h"

#define PERIOD_NS      1000000L /* the default */
#define REPORT_PERIODS 1000
#define BUF_BYTES      (16UL << 20)
#define SLICE_BYTES    (64UL << 10)
#define BUF_WORDS      (BUF_BYTES / sizeof(u64))
#define SLICE_WORDS    (SLICE_BYTES / sizeof(u64))
#define FNV_OFFSET     0xcbf29ce484222325UL
#define FNV_PRIME      0x100000001b3UL
#define PATTERN_SEED   0x9e3779b97f4a7c15UL

static u64 buf[BUF_WORDS];

static char *put_hex(char *p, u64 v)
{
	for (int i = 60; i >= 0; i -= 4)
		*p++ = "0123456789abcdef"[(v >> i) & 0xf];
	return p;
}

/* Continues an FNV-1a hash over words [from, to) of the buffer. */
static u64 fnv1a(u64 h, u64 from, u64 to)
{
	for (u64 i = from; i < to; i++) {
		h ^= buf[i];
		h *= FNV_PRIME;
	}
	return h;
}

static void report(const char *what, u64 periods, u64 missed, u64 checksum, u64 initial)
{
	char line[128], *p = line;
	p = put_str(p, what);
	p = put_str(p, "periods=");
	p = put_num(p, periods);
	p = put_str(p, " missed=");
	p = put_num(p, missed);
	p = put_str(p, " checksum=");
	p = put_hex(p, checksum);
	p = put_str(p, " initial=");
	p = put_hex(p, initial);
	*p++ = '\n';
	sys(SYS_write, 1, (i64)line, p - line, 0);
}

/* A decimal number > 0, or 0 if s is not one. */
static u64 parse_num(const char *s)
{
	u64 v = 0;
	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 1000000000000UL)
			return 0;
		v = v * 10 + (u64)(*s - '0');
	}
	return v;
}

int main_c(int argc, char **argv)
{
	i64 period = PERIOD_NS;
	u64 deadlines = 0; /* 0: run for ever */
	if (argc == 3) {
		period = (i64)parse_num(argv[1]) * 1000;
		deadlines = parse_num(argv[2]);
	}
	if ((argc != 1 && argc != 3) || period <= 0 || (argc == 3 && !deadlines)) {
		static const char usage[] = "PERIODIC usage: periodic [PERIOD_US DEADLINES]\n";
		sys(SYS_write, 2, (i64)usage, sizeof(usage) - 1, 0);
		return 2;
	}
	u64 x = PATTERN_SEED;
	for (u64 i = 0; i < BUF_WORDS; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = x;
	}
	u64 initial = fnv1a(FNV_OFFSET, 0, BUF_WORDS);
	u64 last = initial, running = FNV_OFFSET, pos = 0;
	u64 periods = 0, missed = 0, next_report = REPORT_PERIODS;
	i64 next = now_ns() + period;

	while (!deadlines || periods + missed < deadlines) {
		struct timespec64 t = {next / 1000000000L, next % 1000000000L};
		sys(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, (i64)&t, 0);
		periods++;

		running = fnv1a(running, pos, pos + SLICE_WORDS);
		pos += SLICE_WORDS;
		if (pos == BUF_WORDS) {
			last = running;
			running = FNV_OFFSET;
			pos = 0;
		}

		next += period;
		i64 late = now_ns() - next;
		if (late >= 0) {
			u64 skipped = (u64)(late / period) + 1;
			missed += skipped;
			next += (i64)skipped * period;
		}
		if (!deadlines && periods + missed >= next_report) {
			report("PERIODIC ", periods, missed, last, initial);
			while (next_report <= periods + missed)
				next_report += REPORT_PERIODS;
		}
	}
	/* The pass under way, finished: a full pass read after the last period. */
	if (pos)
		last = fnv1a(running, pos, BUF_WORDS);
	report("PERIODIC DONE ", periods, missed, last, initial);
	return 0;
}
