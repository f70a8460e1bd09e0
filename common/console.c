/* The physical console. Lines are written whole under one lock; before the
 * secondaries start (and with the MMU off, where exclusives are not usable)
 * no lock is taken. */
#include <bulkhead/console.h>
#include <bulkhead/spinlock.h>
#include <arch/cpu.h>

static struct uart_dev console_uart;
static spinlock_t console_lock = SPINLOCK_INIT;
static bool console_smp;

void console_early_init(void)
{
#ifdef CONFIG_DEBUG_CONSOLE
	console_uart.base = CONFIG_DEBUG_UART_BASE;
#ifdef CONFIG_DEBUG_UART_NS16550
	console_uart.reg_shift = 2;
	console_uart.io_width = 1;
	console_uart.ops = &uart_ns16550_ops;
#else
	console_uart.ops = &uart_pl011_ops;
#endif
#endif
}

/* Unknown until console_set_uart finds out; the usual rate meanwhile. */
#define BAUD_DEFAULT 115200
static u32 baud = BAUD_DEFAULT;
#define BAUD_ASSUMED "assumed: the UART's divisor or clock is unknown"
static const char *baud_how = BAUD_ASSUMED;

/* A rate far from any real UART's is a misread divisor or clock: the hint
 * or the usual rate is closer to the truth than that. */
static bool baud_plausible(u32 b) { return b >= 300 && b <= 16000000; }

void console_set_uart(const struct uart_dev *u)
{
	u32 b = u->ops && u->ops->baud ? u->ops->baud(u) : 0;

	console_uart = *u;
	if (baud_plausible(b)) {
		baud = b;
		baud_how = "its divisor";
	} else if (baud_plausible(u->baud_hint)) {
		baud = u->baud_hint;
		baud_how = "the device tree's";
	} else {
		baud = BAUD_DEFAULT;
		baud_how = BAUD_ASSUMED;
	}
}

u32 console_baud(const char **how)
{
	if (how)
		*how = baud_how;
	return baud;
}

/* A start bit, 8 data bits, no parity, a stop bit (8N1, what firmware sets
 * almost everywhere; parity or two stop bits would make a byte 10-20 %
 * longer than charged). 115200 baud: 11520 bytes/s, 86806 ns a byte. */
u64 console_ns_per_byte(void) { return 10ULL * 1000000000ULL / baud; }

void console_smp_enable(void) { console_smp = true; }

/* What the console printed last, for bhctl log (the control interface). */
#define HISTORY_SIZE 16384
static char history[HISTORY_SIZE];
static size_t history_end; /* bytes written so far; the ring holds the last HISTORY_SIZE */

static void write_raw(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		history[history_end++ % HISTORY_SIZE] = s[i];
	if (!console_uart.ops)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			console_uart.ops->putc(&console_uart, '\r');
		console_uart.ops->putc(&console_uart, s[i]);
	}
}

void console_write(const char *s, size_t n)
{
	if (!console_smp) {
		write_raw(s, n);
		return;
	}
	/* Interrupts masked while the lock is held: a timer event on this CPU
	 * that logs (the SMMU fault poll, during the boot's interrupt window)
	 * would otherwise spin on the lock its own CPU holds, for good. */
	u64 flags = cpu_arch_irq_save();
	spin_lock(&console_lock);
	write_raw(s, n);
	spin_unlock(&console_lock);
	cpu_arch_irq_restore(flags);
}

void console_write_force(const char *s, size_t n)
{
	bool locked = console_smp && spin_trylock_for(&console_lock, 1000000);
	write_raw(s, n);
	if (locked)
		spin_unlock(&console_lock);
}

size_t console_history(char *out, size_t max)
{
	size_t n, start;
	if (console_smp)
		spin_lock(&console_lock);
	n = MIN(MIN(history_end, (size_t)HISTORY_SIZE), max);
	start = history_end - n;
	for (size_t i = 0; i < n; i++)
		out[i] = history[(start + i) % HISTORY_SIZE];
	if (console_smp)
		spin_unlock(&console_lock);
	return n;
}

int console_getc(void)
{
	if (!console_uart.ops || !console_uart.ops->getc)
		return -1;
	return console_uart.ops->getc(&console_uart);
}

int console_rx_irq_enable(void)
{
	if (!console_uart.ops || !console_uart.ops->rx_irq_enable)
		return -E_NOSUPP;
	console_uart.ops->rx_irq_enable(&console_uart);
	return 0;
}
