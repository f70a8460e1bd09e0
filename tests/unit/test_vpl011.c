/* common/vpl011.c: what the guest writes to UARTDR reaches the console mux
 * (tests/unit/shim_vpl011.h) in lines of at most 200 characters. */
#include "unit.h"
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/vmmio.h>
#include <bulkhead/vpl011.h>
#include <bulkhead/log.h>
#include <bulkhead/log_limit.h>
#include <arch/vgic.h>

#define SHIM_CHECK(cond) assert_true(cond)
#include "shim_log.h"
#include "shim_vpl011.h"

static struct vpl011 *uart;

static void puts_dr(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		u64 c = (u8)s[i];
		assert_true(vmmio_access(&shim_uart_dom.vcpus[0], GUEST_PL011_BASE, 4, true, &c));
	}
}

static int setup(void **state)
{
	(void)state;
	if (!uart) {
		shim_uart_dom.vcpus[0].dom = &shim_uart_dom;
		strcpy(shim_uart_dom.name, "dom");
		uart = vpl011_create(&shim_uart_dom);
		assert_non_null(uart);
	}
	vpl011_reset(uart);
	shim_vpl011_reset();
	return 0;
}

TEST(test_controls)
{
	puts_dr("a\tb\x1b[2J\x7f\r\n", 11);
	assert_int_equal(shim_lines, 1);
	assert_memory_equal(shim_console, "a\tb.[2J.\n", 9);
}

/* Regression (fuzz_vpl011): a line of exactly 200 characters ended with
 * CR LF went out at the CR, and the LF printed an empty line after it. */
TEST(test_full_line_crlf)
{
	char line[SHIM_LINE_MAX];
	memset(line, 'x', sizeof(line));
	puts_dr(line, sizeof(line));
	puts_dr("\r\n", 2);
	assert_int_equal(shim_lines, 1);
	assert_int_equal(shim_console_len, SHIM_LINE_MAX + 1);
	puts_dr(line, sizeof(line));
	puts_dr("y\n", 2); /* 201 characters: two lines */
	assert_int_equal(shim_lines, 3);
	assert_memory_equal(shim_console + 2 * (SHIM_LINE_MAX + 1), "y\n", 2);
}

static u64 access(u32 off, unsigned int len, bool write, u64 val)
{
	assert_true(
		vmmio_access(&shim_uart_dom.vcpus[0], GUEST_PL011_BASE + off, len, write, &val));
	return val;
}

/* Byte and halfword accesses see their own bytes of a register (found by
 * fuzz_vpl011: a byte read of UARTIBRD + 1 returned the whole register). */
TEST(test_sub_word_access)
{
	access(0x24, 4, true, 0x1234); /* UARTIBRD */
	assert_int_equal(access(0x24, 1, false, 0), 0x34);
	assert_int_equal(access(0x25, 1, false, 0), 0x12);
	access(0x25, 1, true, 0xab);
	assert_int_equal(access(0x24, 4, false, 0), 0xab34);
	access(0x24, 2, true, 0x5678);
	assert_int_equal(access(0x24, 4, false, 0), 0x5678);
	vpl011_receive(uart, 'q');
	assert_int_equal(access(0x01, 1, false, 0), 0); /* DR bits 15:8: no FIFO read */
	assert_int_equal(access(0x00, 1, false, 0), 'q');
	access(0x01, 1, true, 'z'); /* not a character */
	puts_dr("\n", 1);
	assert_int_equal(shim_console_len, 1);
}

/* Input waits for the guest: a pasted 1 KiB fits whole while the domain is
 * not running (a 64-character FIFO lost the middle of a 100-character
 * line, test_restart_gives_way_on_a_shared_pcpu); beyond that it is lost,
 * in order, and reading makes room again. */
TEST(test_input_waits_then_drops)
{
	for (unsigned int i = 0; i < 1024; i++)
		assert_true(vpl011_receive(uart, (char)('a' + i % 26)));
	shim_log_reset();
	assert_false(vpl011_receive(uart, '!'));
	assert_false(vpl011_receive(uart, '?'));
	assert_int_equal(shim_nlogged, 1); /* once per run of lost characters */
	assert_non_null(strstr(shim_logged, "domain dom: console input dropped"));
	assert_int_equal(access(0x18, 4, false, 0) & (1u << 6), 1u << 6); /* UARTFR.RXFF */
	for (unsigned int i = 0; i < 1024; i++)
		assert_int_equal(access(0x00, 4, false, 0), 'a' + i % 26);
	assert_int_equal(access(0x18, 4, false, 0) & (1u << 4), 1u << 4); /* UARTFR.RXFE */
	assert_true(vpl011_receive(uart, 'z'));
	assert_int_equal(access(0x00, 4, false, 0), 'z');
}

/* A guest that reads one character whenever its buffer is full, while input
 * pours in: every lost character starts a new run of lost input, and the
 * line for it is limited (log_limit.c) rather than one per character. */
TEST(test_input_dropped_line_limited)
{
	log_limit_reset();
	shim_now_ns = 1000000000;
	for (unsigned int i = 0; i < 1024; i++)
		assert_true(vpl011_receive(uart, 'a'));
	shim_log_reset();
	for (unsigned int i = 0; i < 1000; i++) {
		assert_false(vpl011_receive(uart, '!'));
		assert_true(access(0x00, 4, false, 0) != 0); /* one character read: room for one */
		assert_true(vpl011_receive(uart, '!'));
	}
	assert_int_equal(shim_nlogged, LOG_LIMIT_BURST);
	shim_now_ns += 1000000000;
	log_limit_flush();
	assert_int_equal(shim_nlogged, LOG_LIMIT_BURST + 1);
	assert_string_equal(shim_logged,
			    "domain dom: 990 lines suppressed (guest faults: more than 10 "
			    "at once or 2 a second)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_controls, setup),
		cmocka_unit_test_setup(test_full_line_crlf, setup),
		cmocka_unit_test_setup(test_sub_word_access, setup),
		cmocka_unit_test_setup(test_input_waits_then_drops, setup),
		cmocka_unit_test_setup(test_input_dropped_line_limited, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
