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

void console_mux_domain_line(const struct domain *d, const char *line, size_t len)
{
	char buf[DOMAIN_NAME_MAX + 224];
	int n = fmt_snprintf(buf, sizeof(buf), "[%s] %.*s\n", d->name, (int)len, line);
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
