/* common/bootargs.c: the hypervisor command line. */
#include "unit.h"
#include <bulkhead/bootargs.h>

static struct boot_options parse(const char *args)
{
	struct boot_options o;
	memset(&o, 0xa5, sizeof(o)); /* every field must be reset */
	bootargs_parse(args, &o);
	return o;
}

static void expect(const char *args, int loglevel, bool abort, unsigned int unknown,
		   const char *first)
{
	struct boot_options o = parse(args);
	if (o.loglevel != loglevel || o.selftest_abort != abort || o.unknown != unknown ||
	    strcmp(o.first_unknown, first))
		fail_msg("\"%s\": loglevel %d abort %d unknown %u \"%s\", want %d %d %u \"%s\"",
			 args, o.loglevel, o.selftest_abort, o.unknown, o.first_unknown, loglevel,
			 abort, unknown, first);
}

TEST(test_empty)
{
	struct boot_options o = parse(NULL);
	assert_int_equal(o.loglevel, -1);
	assert_false(o.selftest_abort);
	assert_int_equal(o.unknown, 0);
	assert_string_equal(o.first_unknown, "");
	expect("", -1, false, 0, "");
	expect(" \t  ", -1, false, 0, "");
}

TEST(test_loglevel)
{
	expect("loglevel=0", 0, false, 0, "");
	expect("loglevel=4", 4, false, 0, "");
	expect("loglevel=1 loglevel=3", 3, false, 0, ""); /* the last one wins */
	expect("loglevel=5", -1, false, 1, "loglevel=5");
	expect("loglevel=12", -1, false, 1, "loglevel=12");
	expect("loglevel=", -1, false, 1, "loglevel=");
	expect("loglevel", -1, false, 1, "loglevel");
	expect("loglevelx=1", -1, false, 1, "loglevelx=1");
	expect("LOGLEVEL=1", -1, false, 1, "LOGLEVEL=1");
}

TEST(test_selftest_abort)
{
	expect("selftest=abort", -1, true, 0, "");
	expect("selftest=abortx", -1, false, 1, "selftest=abortx");
	expect("selftest=abor", -1, false, 1, "selftest=abor");
	expect("selftest", -1, false, 1, "selftest");
}

TEST(test_words_and_unknowns)
{
	expect("  foo loglevel=2\tbar=1  selftest=abort baz ", 2, true, 3, "foo");
	expect("dom0_mem=1G\t\tloglevel=3", 3, false, 1, "dom0_mem=1G");
	expect("a b c d e f g", -1, false, 7, "a");
}

TEST(test_first_unknown_truncated)
{
	struct boot_options o = parse("this_option_name_is_longer_than_31=1 loglevel=1");
	assert_int_equal(o.unknown, 1);
	assert_int_equal(o.loglevel, 1);
	assert_string_equal(o.first_unknown, "this_option_name_is_longer_than");
	assert_int_equal(strlen(o.first_unknown), sizeof(o.first_unknown) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_loglevel),
		cmocka_unit_test(test_selftest_abort),
		cmocka_unit_test(test_words_and_unknowns),
		cmocka_unit_test(test_first_unknown_truncated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
