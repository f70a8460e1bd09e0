/* libFuzzer target: the emulated PL011 (common/vpl011.c) through the MMIO
 * dispatcher (common/vmmio.c), with the console mux and the vGIC line of
 * tests/unit/shim_vpl011.h. The UART is created once (vpl011.c keeps one per
 * domain for good); each input starts from vpl011_reset(), as a restarted
 * domain does.
 *
 * Input: steps of 6 bytes:
 *   [0] bits 0-1: 0 read, 1 write, 2 a character typed ([3]) for the domain,
 *       3 bits 2-3: 0 vpl011_reset(), 1 vpl011_flush(), 2 or 3 the guest
 *       writes [3], [4], [5] to UARTDR (32-bit) [1] mod 72 times over (up
 *       to 213 characters: past a full line);
 *       for reads and writes: bits 2-3: width 1 << n bytes, bit 4: aligned
 *       word access (width 4, offset & ~3);
 *   [1..2] offset (LE) mod 0x1100 from GUEST_PL011_BASE (also past the page);
 *   [3..5] the value written (LE).
 * Checked: the page is emulated (unallocated offsets RAZ/WI), nothing past
 * it; the console gets lines of at most 200 characters holding no control
 * character but tab, exactly what the guest wrote (CR and LF aside, control
 * characters as '.') in order; a typed character is read back from UARTDR in
 * order (1024 held, the rest dropped, vpl011_receive() saying which) with
 * UARTFR's RXFE/RXFF and RIS agreeing; MIS is RIS & IMSC and the interrupt
 * line follows it whenever it changes; the plain registers read back what
 * writes of any width left (16 bits, a narrow write changing only its bytes);
 * a read fits its width and 16 bits; UARTDR's bytes above bits 7:0 neither
 * read the FIFO nor transmit; vpl011_pending() means half a line and TX
 * masked. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/vmmio.h>
#include <bulkhead/vpl011.h>
#include <bulkhead/log.h>
#include <arch/vgic.h>
#include "shim_log.h"
#include "shim_vpl011.h"

#define FUZZ_NAME "fuzz_vpl011"
#include "fuzz_check.h"
#include "fuzz_input.h"

#define STEP	6
#define RX_MAX	1024
#define R_DR	0x00
#define R_FR	0x18
#define R_IMSC	0x38
#define R_RIS	0x3c
#define R_MIS	0x40
#define FR_RXFE (1u << 4)
#define FR_RXFF (1u << 6)
#define INT_RX	(1u << 4)
#define INT_TX	(1u << 5)
#define INT_RT	(1u << 6)

static struct vpl011 *uart;
/* The model: what the console must have got (expect_len may exceed the
 * buffer, as shim_console_len may), the characters typed and not read, the
 * plain registers (-1: a narrow access made it unknown). */
static char expect[SHIM_CONSOLE_MAX];
static size_t expect_len, line_len, checked; /* checked: console compared up to there */
static u8 rxq[RX_MAX];
static unsigned int rx_n;
static s64 plain[0x50 / 4];

static bool is_plain(u32 off)
{
	return off == 0x24 || off == 0x28 || off == 0x2c || off == 0x30 || off == 0x34 ||
	       off == 0x38 || off == 0x48;
}

static u64 width_mask(unsigned int len) { return len >= 8 ? ~0ULL : (1ULL << (8 * len)) - 1; }

static u32 rd(u32 off)
{
	u64 val = ~0ULL;
	CHECK(vmmio_access(&shim_uart_dom.vcpus[0], GUEST_PL011_BASE + off, 4, false, &val), "0x%x",
	      off);
	CHECK(val <= 0xffff, "0x%x: 0x%llx", off, val);
	return (u32)val;
}

/* A character the guest sent, as the console must show it. */
static void model_tx(u8 c)
{
	if (c == '\n' || c == '\r') {
		if (c == '\n') {
			if (expect_len < SHIM_CONSOLE_MAX)
				expect[expect_len] = '\n';
			expect_len++;
			line_len = 0;
		}
		return;
	}
	if (line_len == SHIM_LINE_MAX) { /* a full line goes out on its own */
		if (expect_len < SHIM_CONSOLE_MAX)
			expect[expect_len] = '\n';
		expect_len++;
		line_len = 0;
	}
	if (expect_len < SHIM_CONSOLE_MAX)
		expect[expect_len] = c < 0x20 && c != '\t' ? '.' : c == 0x7f ? '.' : (char)c;
	expect_len++;
	line_len++;
}

static void model_flush(void)
{
	if (line_len) {
		if (expect_len < SHIM_CONSOLE_MAX)
			expect[expect_len] = '\n';
		expect_len++;
	}
	line_len = 0;
}

/* What the console got so far is what the guest sent, up to the line it
 * is still writing. */
static void check_console(void)
{
	size_t done = expect_len - line_len, n = MIN(done, (size_t)SHIM_CONSOLE_MAX);
	CHECK(shim_console_len == done, "console has %zu characters, expected %zu",
	      shim_console_len, done);
	for (size_t i = checked; i < n; i++) {
		u8 c = (u8)shim_console[i];
		CHECK(c != 0x7f && (c >= 0x20 || c == '\t' || c == '\n'), "control 0x%02x at %zu",
		      c, i);
		CHECK(shim_console[i] == expect[i], "at %zu: 0x%02x, expected 0x%02x", i, c,
		      (u8)expect[i]);
	}
	checked = n;
}

static void check_regs(unsigned int irq_calls, u32 mis_before)
{
	u32 fr = rd(R_FR), ris = rd(R_RIS), mis = rd(R_MIS), imsc = rd(R_IMSC);

	CHECK(!(fr & FR_RXFE) == (rx_n != 0), "FR 0x%x, %u typed", fr, rx_n);
	CHECK(!!(fr & FR_RXFF) == (rx_n == RX_MAX), "FR 0x%x, %u typed", fr, rx_n);
	CHECK(ris == (INT_TX | (rx_n ? INT_RX | INT_RT : 0)), "RIS 0x%x, %u typed", ris, rx_n);
	CHECK(mis == (ris & imsc), "MIS 0x%x, RIS 0x%x, IMSC 0x%x", mis, ris, imsc);
	if (mis != mis_before)
		CHECK(shim_irq_calls != irq_calls, "MIS 0x%x -> 0x%x, the line not updated",
		      mis_before, mis);
	if (shim_irq_calls != irq_calls)
		CHECK(shim_irq_level == (mis != 0), "line %d, MIS 0x%x", shim_irq_level, mis);
	CHECK(vpl011_pending(uart) == (line_len && !(imsc & INT_TX)), "pending %d, %zu waiting",
	      vpl011_pending(uart), line_len);
	for (u32 off = 0x24; off < 0x4c; off += 4)
		if (is_plain(off) && plain[off / 4] >= 0)
			CHECK(rd(off) == plain[off / 4], "0x%x: 0x%x, expected 0x%llx", off,
			      rd(off), (long long)plain[off / 4]);
}

static void model_reset(void)
{
	expect_len = line_len = checked = 0;
	rx_n = 0;
	for (unsigned int i = 0; i < ARRAY_SIZE(plain); i++)
		plain[i] = is_plain(i * 4) ? 0 : -1;
	plain[0x30 / 4] = 0x300; /* TXE | RXE */
}

static void access(const u8 *s)
{
	bool write = s[0] & 1, word = s[0] & 0x10;
	unsigned int len = word ? 4 : 1u << ((s[0] >> 2) & 3);
	u64 off = le(s + 1, 2) % (GUEST_PL011_SIZE + 0x100);
	u64 val = le(s + 3, 3), got;
	u32 reg;
	bool hit; /* reaches a register (else RAZ/WI) */

	if (word)
		off &= ~3ULL;
	reg = (u32)off & ~3u;
	hit = len <= 4 && !(off & (len - 1)) && (reg <= 0x48 || (reg >= 0xfe0 && len == 4));
	got = val;
	CHECK(vmmio_access(&shim_uart_dom.vcpus[0], GUEST_PL011_BASE + off, len, write, &got) ==
		      (off < GUEST_PL011_SIZE),
	      "0x%llx, %u bytes", off, len);
	if (off >= GUEST_PL011_SIZE)
		return;
	if (!write) {
		CHECK(got <= 0xffff, "0x%llx, %u bytes: 0x%llx", off, len, got);
		CHECK(len >= 8 || got >> (8 * len) == 0, "0x%llx, %u bytes: 0x%llx is wider", off,
		      len, got);
		if (!hit)
			CHECK(got == 0, "unallocated 0x%llx read 0x%llx", off, got);
		if (hit && is_plain(reg) && plain[reg / 4] >= 0)
			CHECK(got == ((u64)plain[reg / 4] >> (8 * (off & 3)) & width_mask(len)),
			      "0x%llx, %u bytes: 0x%llx, register 0x%llx", off, len, got,
			      (long long)plain[reg / 4]);
		if (hit && reg == R_DR && (off & 3)) /* bits 15:8: no FIFO read */
			CHECK(got == 0, "DR+%llu: 0x%llx", off & 3, got);
		else if (hit && reg == R_DR) {
			CHECK(got == (rx_n ? rxq[0] : 0), "DR 0x%llx, expected 0x%x", got,
			      rx_n ? rxq[0] : 0);
			if (rx_n)
				memmove(rxq, rxq + 1, --rx_n);
		}
		return;
	}
	if (!hit)
		return;
	if (reg == R_DR && !(off & 3)) /* only bits 7:0 transmit */
		model_tx((u8)val);
	else if (is_plain(reg) && plain[reg / 4] >= 0) { /* narrow writes merge */
		u64 mask = width_mask(len) << (8 * (off & 3));
		plain[reg / 4] =
			(s64)((((u64)plain[reg / 4] & ~mask) | ((val << (8 * (off & 3))) & mask)) &
			      0xffff);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!uart) {
		shim_uart_dom.vcpus[0].dom = &shim_uart_dom;
		shim_uart_dom.nvcpus = 1;
		uart = vpl011_create(&shim_uart_dom);
		CHECK(uart && shim_uart_dom.nmmio == 1, "vpl011_create");
	}
	vpl011_reset(uart);
	shim_vpl011_reset();
	model_reset();

	for (; size >= STEP; data += STEP, size -= STEP) {
		unsigned int calls = shim_irq_calls;
		u32 mis = rd(R_MIS);

		switch (data[0] & 3) {
		case 0:
		case 1: access(data); break;
		case 2: {
			bool fits = vpl011_receive(uart, (char)data[3]);
			CHECK(fits == (rx_n < RX_MAX), "typed with %u held: %d", rx_n, fits);
			if (rx_n < RX_MAX)
				rxq[rx_n++] = data[3];
			break;
		}
		case 3:
			switch ((data[0] >> 2) & 3) {
			case 0:
				vpl011_reset(uart);
				model_reset(); /* what was not flushed is dropped */
				shim_vpl011_reset();
				calls = 0;
				mis = 0;
				break;
			case 1:
				vpl011_flush(uart);
				model_flush();
				break;
			default:
				for (unsigned int i = 0; i < data[1] % 72u; i++)
					for (unsigned int j = 3; j < 6; j++) {
						u64 c = data[j];
						CHECK(vmmio_access(&shim_uart_dom.vcpus[0],
								   GUEST_PL011_BASE + R_DR, 4, true,
								   &c),
						      "DR");
						model_tx(data[j]);
					}
			}
		}
		check_console();
		check_regs(calls, mis);
	}
	vpl011_flush(uart);
	model_flush();
	check_console();
	return 0;
}
