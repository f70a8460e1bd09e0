/* The physical console. Lines are written whole under one lock; before the
 * secondaries start (and with the MMU off, where exclusives are not usable)
 * no lock is taken. */
#include <bulkhead/console.h>
#include <bulkhead/spinlock.h>

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

void console_set_uart(const struct uart_dev *u) { console_uart = *u; }

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
	spin_lock(&console_lock);
	write_raw(s, n);
	spin_unlock(&console_lock);
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
