/* Arm PL011 UART (PrimeCell UART PL011 TRM, DDI 0183: UARTDR 0x00, UARTFR 0x18).
 * The firmware has set the baud rate; we only move bytes, and read the rate
 * back to know how long a byte takes (console accounting). */
#include <bulkhead/console.h>
#include <bulkhead/driver.h>
#include <bulkhead/mmio.h>

#define UARTDR	0x00
#define UARTFR	0x18
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)

static void pl011_putc(const struct uart_dev *u, char c)
{
	while (mmio_read32(u->base + UARTFR) & FR_TXFF)
		;
	mmio_write32(u->base + UARTDR, (u8)c);
}

static int pl011_getc(const struct uart_dev *u)
{
	if (mmio_read32(u->base + UARTFR) & FR_RXFE)
		return -1;
	return (int)(mmio_read32(u->base + UARTDR) & 0xff);
}

/* UARTIMSC: RXIM | RTIM. Both clear as the FIFO is read empty (3.3.13). */
static void pl011_rx_irq_enable(const struct uart_dev *u) { mmio_write32(u->base + 0x38, 0x50); }

/* UARTIBRD 0x24, UARTFBRD 0x28 (3.3.6, 3.3.7): the divisor is IBRD + FBRD / 64
 * of 16 x the baud rate, so baud = UARTCLK * 4 / (64 * IBRD + FBRD). IBRD 0
 * is not a valid divisor: nobody programmed it (QEMU started with -kernel). */
static u32 pl011_baud(const struct uart_dev *u)
{
	u32 ibrd = mmio_read32(u->base + 0x24) & 0xffff, fbrd = mmio_read32(u->base + 0x28) & 0x3f;
	if (!ibrd || !u->clock_hz)
		return 0;
	return (u32)((u64)u->clock_hz * 4 / (64ULL * ibrd + fbrd));
}

const struct uart_ops uart_pl011_ops = {"pl011", pl011_putc, pl011_getc, pl011_rx_irq_enable,
					pl011_baud};

DRIVER_REGISTER(pl011, DRIVER_UART, DRIVER_UART_LAYOUT(2, 4), &uart_pl011_ops, "arm,pl011");
