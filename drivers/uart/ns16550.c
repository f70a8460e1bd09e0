/* NS16550-compatible UART (PC16550D datasheet: RBR/THR 0, LSR 5), with the
 * register stride (reg-shift) and access width (reg-io-width) of the DT binding. */
#include <bulkhead/console.h>
#include <bulkhead/driver.h>
#include <bulkhead/mmio.h>

#define UART_THR 0
#define UART_RBR 0
#define UART_LSR 5
#define LSR_DR	 (1u << 0)
#define LSR_THRE (1u << 5)
#define LSR_TEMT (1u << 6)
#define UART_DLL 0
#define UART_DLM 1
#define UART_LCR 3
#define LCR_DLAB (1u << 7)

static u32 reg_read(const struct uart_dev *u, unsigned int reg)
{
	uintptr_t a = u->base + ((uintptr_t)reg << u->reg_shift);
	return u->io_width == 4 ? mmio_read32(a) : mmio_read8(a);
}

static void reg_write(const struct uart_dev *u, unsigned int reg, u32 v)
{
	uintptr_t a = u->base + ((uintptr_t)reg << u->reg_shift);
	if (u->io_width == 4)
		mmio_write32(a, v);
	else
		mmio_write8(a, (u8)v);
}

static void ns16550_putc(const struct uart_dev *u, char c)
{
	while (!(reg_read(u, UART_LSR) & LSR_THRE))
		;
	reg_write(u, UART_THR, (u8)c);
}

static int ns16550_getc(const struct uart_dev *u)
{
	if (!(reg_read(u, UART_LSR) & LSR_DR))
		return -1;
	return (int)(reg_read(u, UART_RBR) & 0xff);
}

/* IER bit 0: received data available; OUT2 in MCR gates the IRQ line on PCs. */
static void ns16550_rx_irq_enable(const struct uart_dev *u)
{
	reg_write(u, 4, reg_read(u, 4) | 0x08);
	reg_write(u, 1, 0x01);
}

/* The divisor latch (DLL/DLM behind LCR.DLAB): baud = clock / (16 x divisor).
 * Once, at console set-up, before any other CPU prints. The transmitter is
 * let go empty first: a DesignWare UART ignores LCR writes while busy, and
 * then DLAB would read back clear, and RBR/IER are not a divisor. */
static u32 ns16550_baud(const struct uart_dev *u)
{
	u32 lcr, div;
	if (!u->clock_hz)
		return 0;
	for (unsigned int i = 0; i < 1000000 && !(reg_read(u, UART_LSR) & LSR_TEMT); i++)
		;
	lcr = reg_read(u, UART_LCR);
	reg_write(u, UART_LCR, lcr | LCR_DLAB);
	if (!(reg_read(u, UART_LCR) & LCR_DLAB))
		return 0;
	div = (reg_read(u, UART_DLL) & 0xff) | (reg_read(u, UART_DLM) & 0xff) << 8;
	/* Back to the data registers; a busy DesignWare UART may ignore this
	 * write too, and DLAB left set would send every character to the divisor. */
	for (unsigned int i = 0; i < 1000000; i++) {
		reg_write(u, UART_LCR, lcr & ~LCR_DLAB);
		if (!(reg_read(u, UART_LCR) & LCR_DLAB))
			break;
	}
	return div ? u->clock_hz / (16 * div) : 0;
}

const struct uart_ops uart_ns16550_ops = {"ns16550", ns16550_putc, ns16550_getc,
					  ns16550_rx_irq_enable, ns16550_baud};

DRIVER_REGISTER(ns16550, DRIVER_UART, 0, &uart_ns16550_ops, "ns16550a", "ns16550", "ns16450",
		"snps,dw-apb-uart");
