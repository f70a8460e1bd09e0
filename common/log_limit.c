/*
 * Per-domain rate limits for guest-caused log lines (include/bulkhead/
 * log_limit.h): a token bucket per source and class, in nanoseconds of
 * credit, LOG_LIMIT_BURST lines deep and refilled at LOG_LIMIT_PER_S.
 *
 * Why the numbers: the SMMUv3 event poll used to log 9 lines every 20 ms,
 * 450 lines a second. On a board's 115200-baud UART (11520 bytes/s, about
 * 87 us per byte) a 100-byte line takes 8.7 ms to send, so that was the
 * whole UART (QEMU's PL011 sends at memory speed and hides it), spun out by
 * CPU 0 in its timer interrupt, away from its vCPUs. Two lines a second per
 * domain and class are at most 17 ms of UART time a second each (1.7 %).
 */
#include <stdarg.h>
#include <string.h>
#include <bulkhead/fmt.h>
#include <bulkhead/log_limit.h>
#include <bulkhead/spinlock.h>
#include <bulkhead/timer.h>

#define NS_PER_LINE (1000000000ULL / LOG_LIMIT_PER_S)
#define CREDIT_MAX  (LOG_LIMIT_BURST * NS_PER_LINE)
/* Slot 0: lines of no domain; one per domain after it. */
#define SOURCES (CONFIG_MAX_DOMAINS + 1)

struct bucket {
	u64 credit_ns, last_ns;
	u32 suppressed;
	bool started;
};

struct source {
	const char *who; /* a domain's name (static storage); NULL: unused, or slot 0 */
	struct bucket b[LOG_CLASSES];
};

static struct source sources[SOURCES];
static spinlock_t limit_lock = SPINLOCK_INIT;
static struct timer_event summary_ev;
static bool summary_armed;

static const char *const class_name[LOG_CLASSES] = {
	[LOG_CLASS_DMA] = "DMA faults",
	[LOG_CLASS_GUEST] = "guest faults",
	[LOG_CLASS_CONTROL] = "control requests",
};

/* Caller holds limit_lock. Names are unique among domains; more names than
 * domains cannot be, but would share slot 0 rather than go unlimited. */
static struct source *source_of(const char *who)
{
	if (!who)
		return &sources[0];
	for (unsigned int i = 1; i < SOURCES; i++) {
		if (!sources[i].who)
			sources[i].who = who;
		if (!strcmp(sources[i].who, who))
			return &sources[i];
	}
	return &sources[0];
}

/* Caller holds limit_lock: whether a line's credit is there, now. */
static bool bucket_ready(struct bucket *b, u64 now)
{
	if (!b->started) {
		b->started = true;
		b->credit_ns = CREDIT_MAX;
	} else if (now > b->last_ns) {
		b->credit_ns = MIN(b->credit_ns + (now - b->last_ns), CREDIT_MAX);
	}
	b->last_ns = now;
	return b->credit_ns >= NS_PER_LINE;
}

/* Caller holds limit_lock: takes one line's credit if there is one. */
static bool bucket_take(struct bucket *b, u64 now)
{
	if (!bucket_ready(b, now))
		return false;
	b->credit_ns -= NS_PER_LINE;
	return true;
}

static void say_suppressed(const char *who, enum log_class cls, u32 n)
{
	if (who)
		log_printf(
			LOG_WARN,
			"domain %s: %u lines suppressed (%s: more than %u at once or %u a second)",
			who, n, class_name[cls], LOG_LIMIT_BURST, LOG_LIMIT_PER_S);
	else
		log_printf(
			LOG_WARN,
			"no domain: %u lines suppressed (%s: more than %u at once or %u a second)",
			n, class_name[cls], LOG_LIMIT_BURST, LOG_LIMIT_PER_S);
}

static void summary_due(struct timer_event *ev)
{
	(void)ev;
	log_limit_flush();
}

/* Caller holds limit_lock; returns whether the caller arms the timer. */
static bool summary_arm_locked(void)
{
	if (summary_armed)
		return false;
	summary_armed = true;
	return true;
}

static void summary_arm(void)
{
	if (!summary_ev.fn)
		timer_event_init(&summary_ev, summary_due);
	timer_event_arm(&summary_ev, timer_now_ns() + NS_PER_LINE);
}

bool log_limit_allow(const char *who, enum log_class cls)
{
	struct source *s;
	struct bucket *b;
	bool ok, arm = false;
	u32 before = 0;

	spin_lock(&limit_lock);
	s = source_of(who);
	b = &s->b[cls];
	ok = bucket_take(b, timer_now_ns());
	if (ok) {
		before = b->suppressed;
		b->suppressed = 0;
	} else {
		b->suppressed++;
		arm = summary_arm_locked();
	}
	who = s->who; /* slot 0 has none, whatever the caller said */
	spin_unlock(&limit_lock);

	if (before)
		say_suppressed(who, cls, before);
	if (arm)
		summary_arm();
	return ok;
}

void log_limited(const char *who, enum log_class cls, enum log_level level, const char *fmt, ...)
{
	char line[224];
	va_list ap;

	if (!log_limit_allow(who, cls))
		return;
	va_start(ap, fmt);
	fmt_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log_printf(level, "%s", line);
}

void log_limit_flush(void)
{
	struct {
		const char *who;
		u32 cls, n;
	} due[SOURCES * LOG_CLASSES];
	unsigned int ndue = 0;
	bool waiting = false;
	u64 now = timer_now_ns();

	spin_lock(&limit_lock);
	summary_armed = false;
	for (unsigned int i = 0; i < SOURCES; i++)
		for (unsigned int c = 0; c < LOG_CLASSES; c++) {
			struct bucket *b = &sources[i].b[c];
			if (!b->suppressed)
				continue;
			/* The summary is said once a line could be, and
			 * leaves that line's credit to the next real line:
			 * at most one summary a line's worth of time. */
			if (!bucket_ready(b, now)) {
				waiting = true;
				continue;
			}
			due[ndue].who = sources[i].who;
			due[ndue].cls = c;
			due[ndue++].n = b->suppressed;
			b->suppressed = 0;
		}
	if (waiting)
		waiting = summary_arm_locked();
	spin_unlock(&limit_lock);

	for (unsigned int i = 0; i < ndue; i++)
		say_suppressed(due[i].who, (enum log_class)due[i].cls, due[i].n);
	if (waiting)
		summary_arm();
}

void log_limit_reset(void)
{
	spin_lock(&limit_lock);
	memset(sources, 0, sizeof(sources));
	summary_armed = false;
	spin_unlock(&limit_lock);
}
