/* What common/vpl011.c calls, on the host: the console mux, which appends
 * each line a domain prints (and a '\n') to shim_console and counts the
 * lines, and the vGIC line, which records its level and the calls. Include
 * it in one file of a program, after <bulkhead/domain.h>,
 * <bulkhead/vpl011.h> and <arch/vgic.h>. SHIM_CHECK(cond) (default: abort()
 * unless cond) checks that the calls concern the UART's own domain, its SPI,
 * and lines of at most SHIM_LINE_MAX characters. */
#ifndef UNIT_SHIM_VPL011_H
#define UNIT_SHIM_VPL011_H

#include <stdlib.h>
#include <string.h>

#include "shim_check.h"
#include "shim_timer.h" /* for common/log_limit.c */

#define SHIM_LINE_MAX	 200 /* console lines a domain prints, at most */
#define SHIM_CONSOLE_MAX (1 << 16)

static struct domain shim_uart_dom;
static char shim_console[SHIM_CONSOLE_MAX];
static size_t shim_console_len; /* may exceed SHIM_CONSOLE_MAX: only that much is kept */
static unsigned int shim_lines, shim_irq_calls;
static bool shim_irq_level;

void console_mux_domain_line(const struct domain *d, const char *line, size_t len)
{
	SHIM_CHECK(d == &shim_uart_dom);
	SHIM_CHECK(len <= SHIM_LINE_MAX);
	for (size_t i = 0; i <= len; i++, shim_console_len++)
		if (shim_console_len < SHIM_CONSOLE_MAX)
			shim_console[shim_console_len] = i < len ? line[i] : '\n';
	shim_lines++;
}

void vgic_set_level(struct domain *d, u32 intid, bool level)
{
	SHIM_CHECK(d == &shim_uart_dom);
	SHIM_CHECK(intid == 32 + GUEST_PL011_SPI);
	shim_irq_level = level;
	shim_irq_calls++;
}

static inline void shim_vpl011_reset(void)
{
	shim_console_len = 0;
	shim_lines = shim_irq_calls = 0;
	shim_irq_level = false;
}

#endif
