/* common/lib/fmt.c: explicit cases, then a flag/width/precision/length matrix
 * checked against the host's snprintf. */
#include "unit.h"
#include <limits.h>
#include <bulkhead/fmt.h>

/* Formats into a roomy buffer and checks both the text and the return value. */
#define EXPECT(want, ...)                                                                          \
	do {                                                                                       \
		char b_[256];                                                                      \
		int n_ = fmt_snprintf(b_, sizeof(b_), __VA_ARGS__);                                \
		assert_string_equal(b_, want);                                                     \
		assert_int_equal(n_, strlen(want));                                                \
	} while (0)

/* Formats gcc's -Wformat would reject at compile time. */
static const char *odd(const char *f) { return f; }

TEST(test_literal_text)
{
	EXPECT("hello", "hello");
	EXPECT("100%", "100%%");
	EXPECT("a%b", "a%%b");
	EXPECT("", odd(""));
}

TEST(test_signed)
{
	EXPECT("0 42 -42", "%d %d %d", 0, 42, -42);
	EXPECT("2147483647 -2147483648", "%i %i", INT_MAX, INT_MIN);
	EXPECT("-9223372036854775808", "%ld", LONG_MIN);
	EXPECT("-9223372036854775808 9223372036854775807", "%lld %lld", LLONG_MIN, LLONG_MAX);
	EXPECT("4464 -56", "%hd %hhd", 70000, 200); /* converted to short / signed char */
}

TEST(test_unsigned)
{
	EXPECT("4294967295", "%u", UINT_MAX);
	EXPECT("18446744073709551615", "%lu", ULONG_MAX);
	EXPECT("18446744073709551615", "%llu", ULLONG_MAX);
	EXPECT("1 1", "%hu %hhu", 65537, 257);
	EXPECT("12345", "%zu", (size_t)12345);
}

TEST(test_hex_octal)
{
	EXPECT("deadbeef DEADBEEF", "%x %X", 0xdeadbeefU, 0xdeadbeefU);
	EXPECT("123456789abcdef", "%llx", 0x0123456789abcdefULL);
	EXPECT("ffffffffffffffff", "%lx", ULONG_MAX);
	EXPECT("10 0 1777777777777777777777", "%o %o %llo", 8U, 0U, ULLONG_MAX);
	EXPECT("0xff 0XFF 0", "%#x %#X %#x", 255U, 255U, 0U);
	EXPECT("010 0", "%#o %#o", 8U, 0U);
}

TEST(test_char_string)
{
	const char *volatile nul = NULL;
	EXPECT("A", "%c", 'A');
	EXPECT("    A|A   |", "%5c|%-4c|", 'A', 'A');
	EXPECT("abc ab   abc|abc  |", "%s %.2s %5s|%-5s|", "abc", "abc", "abc", "abc");
	EXPECT("(null) (nu", "%s %.3s", nul, nul);
	EXPECT("ab", "%.*s", 2, "abcdef");
	EXPECT("abc", "%.*s", -1, "abc"); /* negative precision: as if none */
}

TEST(test_pointer)
{
	EXPECT("0x1234", "%p", (void *)0x1234);
	EXPECT("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	EXPECT("    0x10|0x10    |", "%8p|%-8p|", (void *)0x10, (void *)0x10);
	EXPECT("0", "%p", (void *)NULL); /* not glibc's "(nil)" */
}

TEST(test_width_precision_flags)
{
	EXPECT("   42|42   |00042|-0042", "%5d|%-5d|%05d|%05d", 42, 42, 42, -42);
	EXPECT("-42  |", odd("%-05d|"), -42); /* '-' beats '0' */
	EXPECT("+5 -5  5 +5", odd("%+d %+d % d %+ d"), 5, -5, 5, 5);
	EXPECT("     042", odd("%08.3d"), 42); /* '0' is ignored with a precision */
	EXPECT("||     |000ab", "|%.0d|%5.0d|%.5x", 0, 0, 0xabU);
	EXPECT("0x0000ab|    0xab|0xab    |", "%#08x|%#8x|%-#8x|", 0xabU, 0xabU, 0xabU);
	EXPECT("12345", "%2d", 12345);			   /* width never truncates */
	EXPECT("   42|42   |", "%*d|%*d|", 5, 42, -5, 42); /* negative '*' width: left */
	EXPECT("007", "%.*d", 3, 7);
	EXPECT("7", "%.*d", -1, 7);
}

TEST(test_unknown_and_trailing)
{
	EXPECT("%q", odd("%q"), 1);
	EXPECT("%y5", odd("%y5"));
	EXPECT("abc", odd("abc%"));
	EXPECT("abc", odd("abc%-"));
	EXPECT("abc", odd("abc%5."));
}

TEST(test_truncation)
{
	char b[16];

	memset(b, 'X', sizeof(b));
	assert_int_equal(fmt_snprintf(b, 5, "hello %s", "world"), 11);
	assert_string_equal(b, "hell");
	assert_memory_equal(b + 5, "XXXXXXXXXXX", 11); /* nothing written past size */

	assert_int_equal(fmt_snprintf(b, 6, "hello"), 5); /* exact fit */
	assert_string_equal(b, "hello");

	assert_int_equal(fmt_snprintf(b, 4, "%08d", 123), 8); /* cut inside the padding */
	assert_string_equal(b, "000");

	memset(b, 'X', sizeof(b));
	assert_int_equal(fmt_snprintf(b, 1, "%d", 12345), 5);
	assert_int_equal(b[0], '\0');
	assert_int_equal(b[1], 'X');
}

TEST(test_size_zero)
{
	char b[4] = "XYZ";
	assert_int_equal(fmt_snprintf(b, 0, "%d-%s", 12345, "abc"), 9);
	assert_string_equal(b, "XYZ");
	assert_int_equal(fmt_snprintf(NULL, 0, "%llx", 0x123456789ULL), 9);
}

/* Exactly the bytes the output needs: ASan sees any write past them. */
TEST(test_exact_heap_buffer)
{
	char *b = malloc(6);
	assert_non_null(b);
	assert_int_equal(fmt_snprintf(b, 6, "%5d", -1234), 5);
	assert_string_equal(b, "-1234");
	assert_int_equal(fmt_snprintf(b, 6, "%-10s|", "abc"), 11);
	assert_string_equal(b, "abc  ");
	free(b);
}

/* "%.*s" of a buffer that is not NUL-terminated (a vPL011 line, 200 bytes)
 * reads those bytes and not one more: ASan sees the heap buffer's end. */
TEST(test_precision_reads_no_further)
{
	char *line = malloc(4), out[8];
	assert_non_null(line);
	memcpy(line, "abcd", 4);
	assert_int_equal(fmt_snprintf(out, sizeof(out), "%.*s", 4, line), 4);
	assert_string_equal(out, "abcd");
	free(line);
}

/* One conversion with value v, passed as the type the length modifier says;
 * must match the host libc byte for byte. */
static void compare(const char *f, const char *len, char conv, long long v)
{
	char ours[128], ref[128];
	int n, m;
	bool sgn = conv == 'd' || conv == 'i';

#define BOTH(arg)                                                                                  \
	(n = fmt_snprintf(ours, sizeof(ours), f, arg), m = snprintf(ref, sizeof(ref), f, arg))
	if (!strcmp(len, "ll"))
		sgn ? BOTH(v) : BOTH((unsigned long long)v);
	else if (!strcmp(len, "l"))
		sgn ? BOTH((long)v) : BOTH((unsigned long)v);
	else
		sgn ? BOTH((int)v) : BOTH((unsigned int)v); /* h and hh are promoted to int */
#undef BOTH
	if (n != m || strcmp(ours, ref))
		fail_msg("format \"%s\" value %lld: got \"%s\" (%d), libc \"%s\" (%d)", f, v, ours,
			 n, ref, m);
}

static const char *const lens[] = {"", "hh", "h", "l", "ll"};
static const int widths[] = {-1, 0, 1, 6, 25};
static const int precs[] = {-1, 0, 1, 4, 21};
static const long long vals[] = {0,	    1,	      -1,    7,	      42,      -42,
				 255,	    256,      65535, INT_MAX, INT_MIN, 0x123456789abLL,
				 LLONG_MAX, LLONG_MIN};

/* Every length, width, precision and value for one conversion and flag set. */
static unsigned int compare_all(char conv, const char *flags)
{
	const size_t nl = ARRAY_SIZE(lens), nw = ARRAY_SIZE(widths), np = ARRAY_SIZE(precs);
	unsigned int checked = 0;

	for (size_t i = 0; i < nl * nw * np; i++) {
		const char *len = lens[i % nl];
		int w = widths[i / nl % nw], p = precs[i / nl / nw];
		char f[48], ws[12] = "", ps[12] = "";

		if (conv == 'o' && strchr(flags, '#') && p == 0)
			continue; /* test_alt_octal_zero */
		if (w >= 0)
			snprintf(ws, sizeof(ws), "%d", w);
		if (p >= 0)
			snprintf(ps, sizeof(ps), ".%d", p);
		snprintf(f, sizeof(f), "%%%s%s%s%s%c", flags, ws, ps, len, conv);
		for (size_t v = 0; v < ARRAY_SIZE(vals); v++, checked++)
			compare(f, len, conv, vals[v]);
	}
	return checked;
}

TEST(test_matrix_against_libc)
{
	unsigned int checked = 0;

	for (const char *c = "diuxXo"; *c; c++) {
		/* The flags C defines for the conversion ('+' and ' ' are signed only). */
		const char *allowed = (*c == 'd' || *c == 'i') ? "-0+ " : *c == 'u' ? "-0" : "-0#";
		unsigned int n = (unsigned int)strlen(allowed);
		for (unsigned int set = 0; set < (1U << n); set++) {
			char flags[8] = "";
			for (unsigned int i = 0; i < n; i++)
				if (set & (1U << i))
					strncat(flags, &allowed[i], 1);
			checked += compare_all(*c, flags);
		}
	}
	assert_int_equal(checked, (2 * 16 + 4 + 3 * 8) * 5 * 5 * 5 * 14 - 4 * 5 * 5 * 14);
}

/* C11 7.21.6.1: '#' with o makes the first digit a zero, so "%#.0o" of 0 is
 * "0". put_number() in fmt.c reads tmp[n - 1] with n == 0 here (stack underflow). */
TEST(test_alt_octal_zero) { EXPECT("0", "%#.0o", 0U); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal_text),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_unsigned),
		cmocka_unit_test(test_hex_octal),
		cmocka_unit_test(test_char_string),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_width_precision_flags),
		cmocka_unit_test(test_unknown_and_trailing),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_size_zero),
		cmocka_unit_test(test_exact_heap_buffer),
		cmocka_unit_test(test_precision_reads_no_further),
		cmocka_unit_test(test_matrix_against_libc),
		cmocka_unit_test(test_alt_octal_zero),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
