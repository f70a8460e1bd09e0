/* common/mm/pmem.c: the free-range allocator. */
#include "unit.h"
#include <bulkhead/pmem.h>

#define PG PMEM_PAGE

/* The free list is exactly the n ranges given as base, size pairs. */
static void expect_free(const struct pmem *p, unsigned int n, ...)
{
	va_list ap;
	bool same = p->n == n;

	va_start(ap, n);
	for (unsigned int i = 0; same && i < n; i++) {
		u64 base = va_arg(ap, u64), size = va_arg(ap, u64);
		same = p->free[i].base == base && p->free[i].size == size;
	}
	va_end(ap);
	if (same)
		return;
	for (unsigned int i = 0; i < p->n; i++)
		print_error("free[%u] = 0x%llx+0x%llx\n", i, p->free[i].base, p->free[i].size);
	fail_msg("the free list above is not the %u range(s) expected", n);
}

/* A table holding PMEM_MAX_RANGES one-page ranges, a page apart. */
static void fill_table(struct pmem *p)
{
	pmem_init(p);
	for (unsigned int i = 0; i < PMEM_MAX_RANGES; i++)
		assert_int_equal(pmem_add(p, (2 * i + 1) * PG, PG), 0);
	assert_int_equal(p->n, PMEM_MAX_RANGES);
}

TEST(test_empty)
{
	struct pmem p;
	u64 out = 0;
	memset(&p, 0xa5, sizeof(p));
	pmem_init(&p);
	expect_free(&p, 0);
	assert_int_equal(pmem_free_bytes(&p), 0);
	assert_int_equal(pmem_alloc(&p, PG, PG, &out), -E_NOMEM);
}

TEST(test_add_rounds_inwards_and_sorts)
{
	struct pmem p;
	pmem_init(&p);
	assert_int_equal(pmem_add(&p, 0x10000800, 0x3000), 0); /* 0x10001000-0x10003000 */
	assert_int_equal(pmem_add(&p, 0x1000, 0xfff), 0);      /* less than a page: nothing */
	assert_int_equal(pmem_add(&p, 0x4000, 0x2000), 0);     /* lower: goes first */
	expect_free(&p, 2, 0x4000ULL, 0x2000ULL, 0x10001000ULL, 0x2000ULL);
	assert_int_equal(pmem_free_bytes(&p), 0x4000);
	assert_int_equal(pmem_add(&p, ~0ULL - PG, 2 * PG), -E_INVAL); /* wraps */
}

TEST(test_add_overlap_refused)
{
	struct pmem p, before;
	pmem_init(&p);
	assert_int_equal(pmem_add(&p, 0x10000, 0x10000), 0);
	before = p;
	assert_int_equal(pmem_add(&p, 0x18000, 0x10000), -E_RANGE); /* tail */
	assert_int_equal(pmem_add(&p, 0x8000, 0x10000), -E_RANGE);  /* head */
	assert_int_equal(pmem_add(&p, 0x12000, 0x1000), -E_RANGE);  /* inside */
	assert_int_equal(pmem_add(&p, 0x0, 0x40000), -E_RANGE);	    /* around */
	assert_memory_equal(&p, &before, sizeof(p));
}

TEST(test_add_merges_neighbours)
{
	struct pmem p;
	pmem_init(&p);
	assert_int_equal(pmem_add(&p, 0x10000, 0x1000), 0);
	assert_int_equal(pmem_add(&p, 0x13000, 0x1000), 0);
	assert_int_equal(pmem_add(&p, 0x11000, 0x1000), 0); /* joins the lower one */
	expect_free(&p, 2, 0x10000ULL, 0x2000ULL, 0x13000ULL, 0x1000ULL);
	assert_int_equal(pmem_add(&p, 0x14000, 0x1000), 0); /* joins the upper one */
	assert_int_equal(pmem_add(&p, 0xf000, 0x1000), 0);  /* joins below */
	expect_free(&p, 2, 0xf000ULL, 0x3000ULL, 0x13000ULL, 0x2000ULL);
	assert_int_equal(pmem_add(&p, 0x12000, 0x1000), 0); /* fills the hole: one range */
	expect_free(&p, 1, 0xf000ULL, 0x6000ULL);
}

TEST(test_reserve)
{
	struct pmem p;
	pmem_init(&p);
	assert_int_equal(pmem_add(&p, 0x100000, 0x100000), 0);
	assert_int_equal(pmem_add(&p, 0x300000, 0x100000), 0);

	/* Rounded outwards: 0x110800+0x1000 takes 0x110000-0x112000; splits. */
	assert_int_equal(pmem_reserve(&p, 0x110800, 0x1000), 0);
	expect_free(&p, 3, 0x100000ULL, 0x10000ULL, 0x112000ULL, 0xee000ULL, 0x300000ULL,
		    0x100000ULL);
	assert_int_equal(pmem_reserve(&p, 0x100000, 0x1000), 0); /* head */
	assert_int_equal(pmem_reserve(&p, 0x1ff000, 0x1000), 0); /* tail */
	expect_free(&p, 3, 0x101000ULL, 0xf000ULL, 0x112000ULL, 0xed000ULL, 0x300000ULL,
		    0x100000ULL);
	/* Spanning ranges: trims one, removes one, trims the next. */
	assert_int_equal(pmem_reserve(&p, 0x108000, 0x200000), 0);
	expect_free(&p, 2, 0x101000ULL, 0x7000ULL, 0x308000ULL, 0xf8000ULL);
	/* Memory that is not free: nothing happens, no error. */
	assert_int_equal(pmem_reserve(&p, 0x200000, 0x100000), 0);
	assert_int_equal(pmem_reserve(&p, ~0ULL - 0x1000, 0x10000), 0); /* wraps: to the top */
	assert_int_equal(pmem_free_bytes(&p), 0xff000);
	assert_int_equal(pmem_reserve(&p, 0, 1ULL << 40), 0);
	expect_free(&p, 0);
}

TEST(test_reserve_split_with_full_table)
{
	struct pmem p, before;
	fill_table(&p);
	before = p;
	/* A 65th range: refused, nothing changed. */
	assert_int_equal(pmem_add(&p, 0x1000000, 0x4000), -E_NOMEM);
	assert_int_equal(pmem_free(&p, 0x1000000, PG), -E_NOMEM);
	assert_memory_equal(&p, &before, sizeof(p));
	p.free[PMEM_MAX_RANGES - 1].size = 3 * PG; /* make the last range splittable */
	before = p;
	assert_int_equal(pmem_reserve(&p, p.free[PMEM_MAX_RANGES - 1].base + PG, PG), -E_NOMEM);
	assert_memory_equal(&p, &before, sizeof(p));
	/* Trimming and removing need no slot. */
	assert_int_equal(pmem_reserve(&p, p.free[PMEM_MAX_RANGES - 1].base, PG), 0);
	assert_int_equal(pmem_reserve(&p, p.free[0].base, PG), 0);
	assert_int_equal(p.n, PMEM_MAX_RANGES - 1);
}

TEST(test_alloc_lowest_fit_and_rounding)
{
	struct pmem p;
	u64 a, b, c;
	pmem_init(&p);
	assert_int_equal(pmem_add(&p, 0x40000000, 0x1000000), 0);
	assert_int_equal(pmem_alloc(&p, 1, PG, &a), 0); /* one byte costs a page */
	assert_int_equal(pmem_alloc(&p, PG + 1, PG, &b), 0);
	assert_int_equal(pmem_alloc(&p, PG, PG, &c), 0);
	assert_int_equal(a, 0x40000000);
	assert_int_equal(b, 0x40001000);
	assert_int_equal(c, 0x40003000);
	expect_free(&p, 1, 0x40004000ULL, 0xffc000ULL);
}

TEST(test_alloc_alignment)
{
	struct pmem p;
	u64 a, b;
	pmem_init(&p);
	assert_int_equal(pmem_add(&p, 0x1000, 0x300000), 0); /* 0x1000-0x301000 */
	assert_int_equal(pmem_alloc(&p, 0x1000, 0x200000, &a), 0);
	assert_int_equal(a, 0x200000);
	expect_free(&p, 2, 0x1000ULL, 0x1ff000ULL, 0x201000ULL, 0x100000ULL);
	assert_int_equal(pmem_alloc(&p, 0x1000, 0x200000, &b),
			 -E_NOMEM); /* no 2 MiB boundary left */
	assert_int_equal(pmem_alloc(&p, 0x8000, 0x8000, &b), 0);
	assert_int_equal(b, 0x8000);
	assert_int_equal(pmem_alloc(&p, PG, 0x3000, &b), -E_INVAL); /* not a power of two */
	assert_int_equal(pmem_alloc(&p, PG, 0x800, &b), -E_INVAL);  /* below a page */
	assert_int_equal(pmem_alloc(&p, 0, PG, &b), -E_INVAL);
}

TEST(test_alloc_exhaustion_leaves_state)
{
	struct pmem p, before;
	u64 a;
	pmem_init(&p);
	assert_int_equal(pmem_add(&p, 0x10000, 0x4000), 0);
	assert_int_equal(pmem_add(&p, 0x20000, 0x2000), 0);
	before = p;
	assert_int_equal(pmem_alloc(&p, 0x5000, PG, &a), -E_NOMEM); /* 0x6000 free, in pieces */
	assert_memory_equal(&p, &before, sizeof(p));
	assert_int_equal(pmem_alloc(&p, 0x4000, PG, &a), 0); /* a whole range */
	assert_int_equal(pmem_alloc(&p, 0x2000, PG, &a), 0);
	assert_int_equal(a, 0x20000);
	expect_free(&p, 0);
	assert_int_equal(pmem_alloc(&p, PG, PG, &a), -E_NOMEM);
}

TEST(test_alloc_with_full_table)
{
	struct pmem p, before;
	u64 a = 0;
	fill_table(&p);
	p.free[PMEM_MAX_RANGES - 1].size = 3 * PG; /* 0x7f000-0x82000 */
	before = p;
	/* The only 8 KiB-aligned fit, 0x80000, splits the last range: no slot for that. */
	assert_int_equal(pmem_alloc(&p, PG, 2 * PG, &a), -E_NOMEM);
	assert_memory_equal(&p, &before, sizeof(p));
	assert_int_equal(pmem_alloc(&p, PG, PG, &a), 0); /* from the head: no split */
	assert_int_equal(a, PG);
}

TEST(test_free_merges_back)
{
	struct pmem p;
	u64 a, b, c;
	pmem_init(&p);
	assert_int_equal(pmem_add(&p, 0x100000, 0x10000), 0);
	assert_int_equal(pmem_alloc(&p, PG, PG, &a), 0);
	assert_int_equal(pmem_alloc(&p, PG, PG, &b), 0);
	assert_int_equal(pmem_alloc(&p, PG, PG, &c), 0);
	assert_int_equal(pmem_free(&p, b, PG), 0); /* a hole between a and c */
	expect_free(&p, 2, 0x101000ULL, 0x1000ULL, 0x103000ULL, 0xd000ULL);
	assert_int_equal(pmem_free(&p, a, 1), 0); /* size rounded up to the page */
	assert_int_equal(pmem_free(&p, c, PG), 0);
	expect_free(&p, 1, 0x100000ULL, 0x10000ULL);
}

TEST(test_free_refuses_bad_and_double)
{
	struct pmem p, before;
	u64 a;
	pmem_init(&p);
	assert_int_equal(pmem_add(&p, 0x100000, 0x10000), 0);
	assert_int_equal(pmem_alloc(&p, 0x4000, PG, &a), 0);
	before = p;
	assert_int_equal(pmem_free(&p, a + 0x800, PG), -E_INVAL); /* unaligned */
	assert_int_equal(pmem_free(&p, a, 0), -E_INVAL);
	assert_int_equal(pmem_free(&p, ~0ULL & ~(PG - 1), 2 * PG), -E_INVAL); /* wraps */
	assert_int_equal(pmem_free(&p, 0x104000, PG), -E_RANGE);	      /* already free */
	assert_int_equal(pmem_free(&p, a + 0x3000, 0x2000), -E_RANGE);	      /* half free */
	assert_memory_equal(&p, &before, sizeof(p));
	assert_int_equal(pmem_free(&p, a, 0x4000), 0);
	assert_int_equal(pmem_free(&p, a, 0x4000), -E_RANGE); /* double free */
	expect_free(&p, 1, 0x100000ULL, 0x10000ULL);
}

/* pmem_alloc: ALIGN_UP(size) wraps to 0 for sizes in the last page of the
 * 64-bit space, and the "allocation" of nothing succeeds. */
TEST(test_alloc_huge_size)
{
	struct pmem p;
	u64 a;
	pmem_init(&p);
	assert_int_equal(pmem_add(&p, 0x100000, 0x10000), 0);
	assert_int_equal(pmem_alloc(&p, ~0ULL, PG, &a), -E_INVAL); /* impossible size */
	assert_int_equal(pmem_free_bytes(&p), 0x10000ULL);
}

/* The same wrap in pmem_add (a base in the last page becomes 0 and
 * [0, top) is added) and pmem_reserve (an end in the last page
 * becomes 0 and nothing is reserved). */
TEST(test_rounding_in_last_page)
{
	struct pmem p;
	pmem_init(&p);
	assert_int_equal(pmem_add(&p, ~0ULL - 0x7ff, 0x100), 0); /* less than a page */
	expect_free(&p, 0);
	assert_int_equal(pmem_add(&p, 0x100000, 0x10000), 0);
	assert_int_equal(pmem_reserve(&p, 0, ~0ULL), 0);
	expect_free(&p, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_add_rounds_inwards_and_sorts),
		cmocka_unit_test(test_add_overlap_refused),
		cmocka_unit_test(test_add_merges_neighbours),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_reserve_split_with_full_table),
		cmocka_unit_test(test_alloc_lowest_fit_and_rounding),
		cmocka_unit_test(test_alloc_alignment),
		cmocka_unit_test(test_alloc_exhaustion_leaves_state),
		cmocka_unit_test(test_alloc_with_full_table),
		cmocka_unit_test(test_free_merges_back),
		cmocka_unit_test(test_free_refuses_bad_and_double),
		cmocka_unit_test(test_alloc_huge_size),
		cmocka_unit_test(test_rounding_in_last_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
