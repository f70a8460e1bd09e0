/* common/vpl011.c: what the guest writes to UARTDR reaches the console mux
 * (tests/unit/shim_vpl011.h) in lines of at most 200 characters. */
#include "unit.h"
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/vmmio.h>
#include <bulkhead/vpl011.h>
#include <arch/vgic.h>

#define SHIM_CHECK(cond) assert_true(cond)
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_controls, setup),
		cmocka_unit_test_setup(test_full_line_crlf, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
