/* Console output of the bare-metal test guests: a PL011 (or SBSA UART: data
 * register at 0, FR.TXFF bit 5 at 0x18) at GUEST_UART, an expression the
 * includer defines first (0: no console). reg32() must be defined too. */
#ifndef GUEST_PRINT_H
#define GUEST_PRINT_H

#include <stdint.h>

static inline void putc_(char c)
{
	if (!(GUEST_UART))
		return;
	while (*reg32((GUEST_UART) + 0x18) & (1u << 5))
		;
	*reg32(GUEST_UART) = (uint32_t)(uint8_t)c;
}

static inline void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static inline void putdec(uint64_t v)
{
	char buf[24];
	int i = 0;
	do {
		buf[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (i)
		putc_(buf[--i]);
}

/* All 16 digits, after "0x". */
static inline void puthex(uint64_t v)
{
	puts_("0x");
	for (int i = 60; i >= 0; i -= 4)
		putc_("0123456789abcdef"[(v >> i) & 0xf]);
}

#endif
