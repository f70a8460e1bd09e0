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

/* Each domain may print CONSOLE_LINES_PER_S lines a second, in bursts of
 * up to CONSOLE_BURST: the console is one UART that every domain and the
 * hypervisor share, and a line holds it for as long as it takes to send, so
 * a flooding domain (a panic loop, a hostile guest) must not stretch every
 * other domain's writes. A token bucket in nanoseconds of credit; a domain's
 * state is used under its vPL011's lock. */
#define CONSOLE_LINES_PER_S 128ULL
#define CONSOLE_BURST	    256ULL
#define NS_PER_LINE	    (1000000000ULL / CONSOLE_LINES_PER_S)

struct line_budget {
	u64 credit_ns, last_ns;
	u32 dropped;
	bool started;
};

static struct line_budget budgets[CONFIG_MAX_DOMAINS];

static bool line_allowed(struct line_budget *b)
{
	u64 now = timer_now_ns();
	if (!b->started) {
		b->started = true;
		b->credit_ns = CONSOLE_BURST * NS_PER_LINE;
	} else {
		b->credit_ns = MIN(b->credit_ns + (now - b->last_ns), CONSOLE_BURST * NS_PER_LINE);
	}
	b->last_ns = now;
	if (b->credit_ns < NS_PER_LINE) {
		b->dropped++;
		return false;
	}
	b->credit_ns -= NS_PER_LINE;
	return true;
}

void console_mux_domain_line(const struct domain *d, const char *line, size_t len)
{
	char buf[DOMAIN_NAME_MAX + 224];
	struct line_budget *b = &budgets[d->id % CONFIG_MAX_DOMAINS];
	int n;

	if (!line_allowed(b))
		return;
	if (b->dropped) {
		n = fmt_snprintf(buf, sizeof(buf),
				 "[%s] (%u lines dropped: more than %llu lines a second)\n",
				 d->name, b->dropped, CONSOLE_LINES_PER_S);
		console_write(buf, MIN((size_t)n, sizeof(buf) - 1));
		b->dropped = 0;
	}
	n = fmt_snprintf(buf, sizeof(buf), "[%s] %.*s\n", d->name, (int)len, line);
	console_write(buf, MIN((size_t)n, sizeof(buf) - 1));
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
