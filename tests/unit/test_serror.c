/* arch/arm/serror.c: an SError taken at EL2/HYP is the exiting guest's only
 * inside the exit path's window; it then returns with the A mask set in the
 * saved status and its syndrome kept for the crash report. Outside the
 * window nothing is changed (the caller treats it as the hypervisor's). */
#include "unit.h"
#include <arch/serror.h>

#define START 0x40001000ULL
#define END   (START + 4) /* the window: the unmask, the ISB, the mask again */
#define PSR_A (1ULL << 8)

TEST(test_in_window_charged_and_masked)
{
	for (u64 elr = START; elr <= END; elr += 4) {
		u64 spsr = 0x3c9 & ~PSR_A, syn = 0;
		assert_true(serror_window_take(elr, &spsr, 0xbf000002ULL, START, END, &syn));
		assert_true(spsr & PSR_A);
		assert_int_equal(spsr & ~PSR_A, 0x3c9 & ~PSR_A); /* nothing else changed */
		assert_int_equal(syn, 0xbf000002ULL);
	}
}

TEST(test_outside_window_untouched)
{
	const u64 elrs[] = {0, START - 4, START - 1, END + 1, END + 4, ~0ULL};
	for (unsigned int i = 0; i < sizeof(elrs) / sizeof(elrs[0]); i++) {
		u64 spsr = 0x3c5 & ~PSR_A, syn = 0x1234;
		assert_false(serror_window_take(elrs[i], &spsr, 0xbf000002ULL, START, END, &syn));
		assert_int_equal(spsr, 0x3c5 & ~PSR_A);
		assert_int_equal(syn, 0x1234);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_window_charged_and_masked),
		cmocka_unit_test(test_outside_window_untouched),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
