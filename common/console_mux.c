/* Console multiplexing: domain output as whole lines "[name] text", and
 * input switched between the hypervisor and the domains by pressing Ctrl-A
 * three times (as Xen users expect). */
#include <string.h>
#include <bulkhead/console.h>
#include <bulkhead/domain.h>
#include <bulkhead/vcpu_sched.h>
#include <bulkhead/fmt.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/timer.h>
#include <bulkhead/vpl011.h>

#define CTRL_A 0x01

static struct domain *doms[CONFIG_MAX_DOMAINS];
static unsigned int ndoms;
static int focus = -1; /* -1: the hypervisor */
static unsigned int ctrl_a_run;

void console_mux_register(struct domain *d)
{
	if (ndoms < CONFIG_MAX_DOMAINS)
		doms[ndoms++] = d;
}

/*
 * Console accounting: what a domain's output costs the others is the UART's
 * time, so that is what it is charged.
 *
 * The console is one UART shared by the hypervisor and every domain, and on
 * a board it is slow: at 115200 baud (8N1, 10 bits a byte) it sends 11520
 * bytes a second, about 87 us a byte, so a 200-byte line holds it for 17 ms.
 * console_write() sends a line whole by busy-waiting under the console lock
 * (a ticket lock: writers take turns line by line). QEMU's PL011 sends at
 * memory speed and hides all of this; console_ns_per_byte() is derived from
 * the UART's real baud rate (common/console.c) instead.
 *
 * So each domain has a budget in nanoseconds of UART time: a line costs
 * its bytes on the wire ("[name] ", the text, CR LF) times the time of a
 * byte, whoever's pCPU writes it (its vCPU's trap, or the partial-line flush
 * timer, which may fire on a pCPU that runs another domain's vCPU by then).
 * The budget refills at the domain's share of the UART's time, shared
 * equally by the hypervisor and the domains (1 / (domains + 1) each), and
 * holds at most CONSOLE_BURST_NS: a Linux boot log (about 15 KB, 1.3 s at
 * 115200) goes out whole, a flood does not last. A line over the budget is
 * dropped, not held (the vPL011 keeps no more than one line, and the guest's
 * transmitter never waits), counted, and said before the domain's next line
 * that goes out, or NOTE_DELAY_NS after the first drop by a timer if the
 * domain has gone quiet; that note is charged to it too. The dropped line
 * costs only this check. The hypervisor's own lines are not charged (those a guest can
 * cause are limited by common/log_limit.c), so a flooding domain takes at
 * most its share of the UART, and a line of another domain or of the
 * hypervisor waits for at most the one line each other writer is sending.
 * A domain's state is used under its budget's lock (also taken by the note
 * timer; inside the vPL011's, outside the console's).
 */
#define CONSOLE_BURST_NS (2ULL * 1000000000ULL) /* 23 KB at 115200 baud */
#define NOTE_DELAY_NS	 (1000000000ULL)

struct line_budget {
	s64 credit_ns; /* below zero after a note of dropped lines */
	u64 last_ns;
	u32 dropped;
	bool started;
	spinlock_t lock;
	const struct domain *d;	    /* whose: for the note timer */
	struct timer_event note_ev; /* armed at the first drop */
};

static struct line_budget budgets[CONFIG_MAX_DOMAINS];

/* Bytes a second of the UART a domain may have: its share. */
static u64 share_bytes_per_s(void) { return 1000000000ULL / console_ns_per_byte() / (ndoms + 1); }

/* Caller holds b->lock. */
static void refill(struct line_budget *b, u64 now)
{
	if (!b->started) {
		b->started = true;
		b->credit_ns = (s64)CONSOLE_BURST_NS;
	} else if (now > b->last_ns) {
		b->credit_ns = MIN(b->credit_ns + (s64)((now - b->last_ns) / (ndoms + 1)),
				   (s64)CONSOLE_BURST_NS);
	}
	b->last_ns = now;
}

/* What n bytes of a line (with its '\n') cost on the wire: the '\n' goes
 * out as CR LF. */
static u64 wire_ns(size_t n) { return (n + 1) * console_ns_per_byte(); }

#define NOTE_MAX (DOMAIN_NAME_MAX + 96)

/* Caller holds b->lock: the note of the lines dropped so far into note
 * (NOTE_MAX bytes), charged; its length, 0 if none were. */
static size_t take_note(struct line_budget *b, char *note)
{
	size_t k;
	if (!b->dropped)
		return 0;
	k = MIN((size_t)fmt_snprintf(
			note, NOTE_MAX,
			"[%s] (%u lines dropped: over its console share, %llu bytes/s)\n",
			b->d->name, b->dropped, share_bytes_per_s()),
		(size_t)NOTE_MAX - 1);
	b->credit_ns -= (s64)wire_ns(k);
	b->dropped = 0;
	return k;
}

/* A domain that flooded and went quiet still hears how much it lost, once
 * its budget has anything again (the note may take it below zero). */
static void note_due(struct timer_event *ev)
{
	struct line_budget *b =
		(struct line_budget *)((char *)ev -
				       __builtin_offsetof(struct line_budget, note_ev));
	char note[NOTE_MAX];
	size_t k = 0;
	bool again = false;

	spin_lock(&b->lock);
	refill(b, timer_now_ns());
	if (b->credit_ns > 0)
		k = take_note(b, note);
	else
		again = b->dropped != 0;
	spin_unlock(&b->lock);
	if (k)
		console_write(note, k);
	if (again)
		timer_event_arm(ev, timer_now_ns() + NOTE_DELAY_NS);
}

/* Caller holds b->lock. */
static bool line_allowed(struct line_budget *b, const struct domain *d, u64 cost_ns)
{
	u64 now = timer_now_ns();
	refill(b, now);
	/* On a very slow UART a full line may cost more than the bucket holds:
	 * it then costs the whole bucket, never more, so it can still go out. */
	cost_ns = MIN(cost_ns, CONSOLE_BURST_NS);
	if (b->credit_ns >= (s64)cost_ns) {
		b->credit_ns -= (s64)cost_ns;
		return true;
	}
	if (!b->dropped++) {
		if (!b->note_ev.fn)
			timer_event_init(&b->note_ev, note_due);
		b->d = d;
		timer_event_arm(&b->note_ev, now + NOTE_DELAY_NS);
	}
	return false;
}

void console_mux_domain_line(const struct domain *d, const char *line, size_t len)
{
	char buf[DOMAIN_NAME_MAX + 224], note[NOTE_MAX];
	struct line_budget *b = &budgets[d->id % CONFIG_MAX_DOMAINS];
	size_t n = MIN(strnlen(d->name, DOMAIN_NAME_MAX) + len + 4, sizeof(buf) - 1), k;
	bool ok;

	/* "[name] text\n": its cost known before it is formatted, so a dropped
	 * line costs the pCPU that writes it (maybe another domain's) nothing
	 * more than this. */
	spin_lock(&b->lock);
	ok = line_allowed(b, d, wire_ns(n));
	k = ok ? take_note(b, note) : 0;
	spin_unlock(&b->lock);
	if (!ok)
		return;
	n = MIN((size_t)fmt_snprintf(buf, sizeof(buf), "[%s] %.*s\n", d->name, (int)len, line),
		sizeof(buf) - 1);
	if (k)
		console_write(note, k);
	console_write(buf, n);
}

static void switch_focus(void)
{
	focus = focus + 1 >= (int)ndoms ? -1 : focus + 1;
	log_notice("console input now goes to %s (Ctrl-A three times to switch)",
		   focus < 0 ? "the hypervisor" : doms[focus]->name);
}

static void deliver(char c)
{
	if (focus >= 0 && doms[focus]->uart)
		vpl011_receive(doms[focus]->uart, c);
}

void console_mux_input(char c)
{
	if (c == CTRL_A) {
		if (++ctrl_a_run == 3) {
			ctrl_a_run = 0;
			switch_focus();
		}
		return;
	}
	for (; ctrl_a_run; ctrl_a_run--)
		deliver(CTRL_A);   /* fewer than three: they were meant for the guest */
	if (focus < 0 && c == 's') /* Xen's debug key 'r': the scheduler's state */
		sched_dump();
	if (focus < 0 && c == 'm') /* Xen's debug key 'm': memory */
		domain_dump_memory();
	deliver(c);
}

static void uart_irq(u32 intid)
{
	int c;
	(void)intid;
	while ((c = console_getc()) >= 0)
		console_mux_input((char)c);
}

void console_mux_init(u32 uart_irq_intid)
{
	if (!uart_irq_intid || !ndoms)
		return;
	if (console_rx_irq_enable() || irq_set_spi_handler(uart_irq_intid, uart_irq, 0, false))
		log_warn("console: no input interrupt; domains get no console input");
	else
		log_info("console: input goes to the hypervisor; press Ctrl-A three times to "
			 "switch");
}
