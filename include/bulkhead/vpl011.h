/* A virtual Arm PL011 per domain, and the console multiplexer it talks to. */
#ifndef BULKHEAD_VPL011_H
#define BULKHEAD_VPL011_H

#include <bulkhead/types.h>

struct domain;
struct vpl011;

extern const struct mmio_device vpl011_dev;

struct vpl011 *vpl011_create(struct domain *d);
/* Print what the guest wrote so far, even without a newline. */
void vpl011_flush(struct vpl011 *u);
void vpl011_reset(struct vpl011 *u);
/* Is there half a line waiting that the guest has finished sending? */
bool vpl011_pending(const struct vpl011 *u);
/* A character typed for this domain; false when its 1 KiB input buffer is
 * full and the character is dropped (the guest has not read the rest). */
bool vpl011_receive(struct vpl011 *u, char c);

/* Console mux: input goes to the hypervisor or one domain; three Ctrl-A
 * in a row move it on (hypervisor -> domain 0 -> domain 1 ... -> hypervisor). */
#ifdef CONFIG_CONSOLE_MUX
void console_mux_init(u32 uart_irq);
void console_mux_register(struct domain *d);
void console_mux_input(char c);
/* One line of a domain's output, prefixed with its name. */
void console_mux_domain_line(const struct domain *d, const char *line, size_t len);
#else
/* Not built (Kconfig CONSOLE_MUX): domains' lines go nowhere, input stays
 * with nobody. */
static inline void console_mux_init(u32 uart_irq) { (void)uart_irq; }
static inline void console_mux_register(struct domain *d) { (void)d; }
static inline void console_mux_domain_line(const struct domain *d, const char *line, size_t len)
{
	(void)d, (void)line, (void)len;
}
#endif

#endif
