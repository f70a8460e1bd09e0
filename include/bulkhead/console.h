/* The physical console: one UART, shared by every CPU, written a whole line
 * at a time so output from different CPUs never interleaves within a line. */
#ifndef BULKHEAD_CONSOLE_H
#define BULKHEAD_CONSOLE_H

#include <bulkhead/types.h>

struct uart_dev;

struct uart_ops {
	const char *name;
	void (*putc)(const struct uart_dev *u, char c);
	int (*getc)(const struct uart_dev *u); /* -1 when nothing is waiting */
	void (*rx_irq_enable)(const struct uart_dev *u);
	/* The line rate the firmware programmed (its divisor over clock_hz),
	 * or 0 when the UART or its clock does not say. */
	u32 (*baud)(const struct uart_dev *u);
};

struct uart_dev {
	uintptr_t base;
	u8 reg_shift; /* register stride = 1 << reg_shift */
	u8 io_width;  /* bytes per register access: 1 or 4 */
	const struct uart_ops *ops;
	u32 clock_hz;  /* its reference clock from the host DT; 0: unknown */
	u32 baud_hint; /* current-speed or stdout-path's "115200n8"; 0: none */
};

extern const struct uart_ops uart_pl011_ops;
extern const struct uart_ops uart_ns16550_ops;

/* The compile-time debug UART (CONFIG_DEBUG_CONSOLE), usable with the MMU off. */
void console_early_init(void);
/* Switch to the UART the host DT names (already mapped), and learn its
 * baud rate: from its divisor and clock, else the DT's hint, else 115200. */
void console_set_uart(const struct uart_dev *u);
/* Its baud rate, and how it was found ("its divisor", "the device tree's",
 * "assumed: ..."), for the boot log. */
u32 console_baud(const char **how);
/* What one byte costs on the wire: 10 bits at console_baud() (8N1). */
u64 console_ns_per_byte(void);
/* From now on several CPUs may print: take the console lock. */
void console_smp_enable(void);
/* Writes s (n bytes), turning \n into \r\n; under the console lock. */
void console_write(const char *s, size_t n);
/* Panic path: write even if another CPU died holding the lock. */
void console_write_force(const char *s, size_t n);
int console_getc(void);
/* Copies the last (at most max) bytes the console printed; returns how many. */
size_t console_history(char *out, size_t max);
/* Interrupt on received characters; -E_NOSUPP if the UART cannot. */
int console_rx_irq_enable(void);

#endif
