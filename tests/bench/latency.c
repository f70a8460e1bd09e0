/*
 * A cyclictest-like timer wake-up latency probe for Linux guests, static and
 * libc-free (raw syscalls): sleeps to absolute deadlines 1 ms apart on
 * CLOCK_MONOTONIC and reports how late each wake-up was, in ns: the first
 * MAX_SAMPLES one by one (for the distribution plots), then the summary:
 *   LATENCY-S <ns> <ns> ... (16 per line)
 *   LATENCY n=<N> min=<ns> avg=<ns> max=<ns>
 * Under QEMU -icount shift=0 a nanosecond is an instruction, so the figures
 * are path lengths, identical run to run.
 */
#include "linux_raw.h"

static int parse(const char *s, int def)
{
	int v = 0;
	if (!s || !*s)
		return def;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return v ? v : def;
}

#define MAX_SAMPLES 4096
#define PER_LINE    16

static i64 samples[MAX_SAMPLES];

static void print_samples(int n)
{
	for (int i = 0; i < n; i += PER_LINE) {
		char buf[16 + PER_LINE * 21], *p = put_str(buf, "LATENCY-S");
		for (int k = i; k < n && k < i + PER_LINE; k++) {
			*p++ = ' ';
			p = put_num(p, (u64)samples[k]);
		}
		*p++ = '\n';
		sys(SYS_write, 1, (i64)buf, p - buf, 0);
	}
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
		if (i < MAX_SAMPLES)
			samples[i] = lat;
	}
	print_samples(loops < MAX_SAMPLES ? loops : MAX_SAMPLES);
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
