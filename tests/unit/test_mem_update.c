/* common/lib/mem_update.c: the result is always a copy of the source, and a
 * page that already holds its part of the source is never written (it is
 * made read-only: a write would fault). */
#include "unit.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <bulkhead/mem_update.h>

#define PAGES 8

static size_t page(void) { return (size_t)sysconf(_SC_PAGESIZE); }

/* Pages of their own (strict POSIX has no MAP_ANONYMOUS: /dev/zero). */
static unsigned char *map(size_t n)
{
	int fd = open("/dev/zero", O_RDWR);
	assert_true(fd >= 0);
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	assert_true(p != MAP_FAILED);
	return p;
}

static void fill(unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)((i * 131 + seed * 7) >> 3);
}

TEST(test_copy_of_fresh_memory)
{
	size_t n = PAGES * page();
	unsigned char *src = map(n), *dst = map(n);
	fill(src, n, 1);
	mem_update(dst, src, n);
	assert_memory_equal(dst, src, n);
	munmap(src, n);
	munmap(dst, n);
}

/* Odd pages already hold the source and are read-only; even pages differ
 * in one byte, at a different place in each. */
TEST(test_unchanged_pages_not_written)
{
	size_t pg = page(), n = PAGES * pg;
	unsigned char *src = map(n), *dst = map(n);
	fill(src, n, 2);
	memcpy(dst, src, n);
	for (size_t i = 0; i < PAGES; i += 2)
		dst[i * pg + (i * 613) % pg] ^= 0x5a;
	for (size_t i = 1; i < PAGES; i += 2)
		assert_int_equal(mprotect(dst + i * pg, pg, PROT_READ), 0);
	mem_update(dst, src, n);
	assert_memory_equal(dst, src, n);
	munmap(src, n);
	munmap(dst, n);
}

/* Sizes and alignments off the 64-byte chunks: the tail and an unaligned
 * pair go through the plain copy. */
TEST(test_tails_and_unaligned)
{
	static const size_t sizes[] = {0, 1, 7, 8, 63, 64, 65, 127, 200, 4095};
	static const size_t offs[] = {0, 1, 8, 3};
	size_t n = 2 * page();
	unsigned char *src = map(n), *dst = map(n);
	for (size_t o = 0; o < sizeof(offs) / sizeof(offs[0]); o++)
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			fill(src, n, (unsigned int)(o * 16 + s));
			memset(dst, 0xee, n);
			memcpy(dst + offs[o], src + offs[o], sizes[s] / 2); /* half already there */
			mem_update(dst + offs[o], src + offs[o], sizes[s]);
			assert_memory_equal(dst + offs[o], src + offs[o], sizes[s]);
			assert_int_equal(dst[offs[o] + sizes[s]], 0xee); /* nothing past the end */
			if (offs[o])
				assert_int_equal(dst[offs[o] - 1], 0xee);
		}
	munmap(src, n);
	munmap(dst, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_of_fresh_memory),
		cmocka_unit_test(test_unchanged_pages_not_written),
		cmocka_unit_test(test_tails_and_unaligned),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
