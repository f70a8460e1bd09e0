/* Included first by every unit test. */
#ifndef UNIT_H
#define UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define TEST(name) static void name(void **state __attribute__((unused)))

/* A DTB file from dir in a buffer of exactly its size, or of its header's
 * totalsize when that is larger (a truncated fixture): the hypervisor maps
 * totalsize bytes, and past a truncated copy there is other memory, here
 * zeroes. Checks only the header fields it needs, so bad blobs load too. */
static inline void *unit_load_dtb(const char *dir, const char *name)
{
	char path[512];
	unsigned char *buf;
	size_t size, total;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (unit.mk makes it)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	size = (size_t)n;
	buf = malloc(size ? size : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, size, f), size);
	fclose(f);
	if (size >= 8 && buf[0] == 0xd0 && buf[1] == 0x0d && buf[2] == 0xfe && buf[3] == 0xed) {
		total = (size_t)buf[4] << 24 | (size_t)buf[5] << 16 | (size_t)buf[6] << 8 | buf[7];
		if (total > size && total <= 2 * 1024 * 1024) {
			buf = realloc(buf, total);
			assert_non_null(buf);
			memset(buf + size, 0, total - size);
		}
	}
	return buf;
}

/* First line of a test for a bug found in the code under test and reported,
 * not fixed yet: skipped, so the suite stays green, unless the environment
 * has UNIT_KNOWN_BUGS=1. Delete the line together with the fix. */
#define KNOWN_BUG(what)                                                                            \
	do {                                                                                       \
		const char *kb_ = getenv("UNIT_KNOWN_BUGS");                                       \
		if (!kb_ || strcmp(kb_, "1") != 0) {                                               \
			print_message("[ KNOWNBUG ] %s (UNIT_KNOWN_BUGS=1 runs it)\n", what);      \
			skip();                                                                    \
		}                                                                                  \
	} while (0)

#endif
