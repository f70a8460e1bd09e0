/* Arm PL011 UART (PrimeCell UART PL011 TRM, DDI 0183: UARTDR 0x00, UARTFR 0x18).
 * The firmware has set the baud rate; we only move bytes. */
#include <bulkhead/console.h>
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

const struct uart_ops uart_pl011_ops = {"pl011", pl011_putc, pl011_getc, pl011_rx_irq_enable};
