/*
 * A cyclictest-like timer wake-up latency probe for Linux guests, static and
 * libc-free (raw syscalls): sleeps to absolute deadlines 1 ms apart on
 * CLOCK_MONOTONIC and reports how late each wake-up was, in ns:
 *   LATENCY n=<N> min=<ns> avg=<ns> max=<ns>
 * Under QEMU -icount shift=0 a nanosecond is an instruction, so the figures
 * are path lengths, identical run to run.
 */
#include "../lib/linux_raw.h"

static int parse(const char *s, int def)
{
	int v = 0;
	if (!s || !*s)
		return def;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return v ? v : def;
}

int main_c(int argc, char **argv)
{
	int loops = parse(argc > 1 ? argv[1] : 0, 200);
	i64 interval = 1000000, min = -1, max = 0, sum = 0;
	i64 next = now_ns() + interval;
	char buf[128], *p = buf;

	for (int i = 0; i < loops; i++, next += interval) {
		struct timespec64 t = {next / 1000000000L, next % 1000000000L};
		sys(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, (i64)&t, 0);
		i64 lat = now_ns() - next;
		if (lat < 0)
			lat = 0;
		if (min < 0 || lat < min)
			min = lat;
		if (lat > max)
			max = lat;
		sum += lat;
	}
	p = put_str(p, "LATENCY n=");
	p = put_num(p, (u64)loops);
	p = put_str(p, " min=");
	p = put_num(p, (u64)min);
	p = put_str(p, " avg=");
	p = put_num(p, (u64)(sum / loops));
	p = put_str(p, " max=");
	p = put_num(p, (u64)max);
	*p++ = '\n';
	sys(SYS_write, 1, (i64)buf, p - buf, 0);
	return 0;
}
