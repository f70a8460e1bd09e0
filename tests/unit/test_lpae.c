/* arch/arm/lpae.c on host memory: tables come from a page-aligned pool. */
#include "unit.h"
#include <arch/lpae.h>

#define PAGE 4096
#define POOL 16

struct pool {
	u64 *pages; /* POOL zeroed pages, the first is the root */
	unsigned int used, limit;
};

static u64 *pool_alloc(void *ctx)
{
	struct pool *p = ctx;
	return p->used < p->limit ? p->pages + (size_t)p->used++ * LPAE_ENTRIES : NULL;
}

static struct pool pool;
static struct lpae_map map;

/* A fresh map with a 48-bit space (start level 0) and `limit` table pages. */
static void setup(unsigned int start_level, unsigned int limit)
{
	free(pool.pages);
	pool.pages = aligned_alloc(PAGE, POOL * PAGE);
	assert_non_null(pool.pages);
	memset(pool.pages, 0, POOL * PAGE);
	pool.used = 1;
	pool.limit = limit;
	map = (struct lpae_map){pool.pages, start_level, pool_alloc, &pool};
}

static int teardown(void **state)
{
	(void)state;
	free(pool.pages);
	pool.pages = NULL;
	return 0;
}

/* va translates to pa through a leaf at `level` carrying exactly attrs. */
static void expect_leaf(u64 va, u64 pa, unsigned int level, u64 attrs)
{
	unsigned int l = 99;
	u64 d = lpae_lookup(&map, va, &l);
	u64 want = pa | attrs | LPAE_VALID | (level == 3 ? LPAE_TABLE : 0);
	if (l != level || d != want)
		fail_msg("va 0x%llx: descriptor 0x%llx at level %u, want 0x%llx at level %u", va, d,
			 l, want, level);
}

static void expect_unmapped(u64 va)
{
	unsigned int l = 99;
	assert_int_equal(lpae_lookup(&map, va, &l), 0);
	assert_int_equal(l, 99); /* untouched */
}

TEST(test_1g_block)
{
	setup(0, POOL);
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x40000000, 1ULL << 30, LPAE_PROT_RW), 0);
	assert_int_equal(pool.used, 2); /* root + one level-1 table */
	assert_int_equal(map.root[0], (u64)(uintptr_t)(pool.pages + LPAE_ENTRIES) | 3);
	expect_leaf(0x40000000, 0x40000000, 1, LPAE_PROT_RW);
	expect_leaf(0x7ffff000, 0x40000000, 1, LPAE_PROT_RW); /* same block, last page */
	expect_unmapped(0x3ffff000);
	expect_unmapped(0x80000000);
}

TEST(test_2m_block_and_pages)
{
	setup(0, POOL);
	/* 0x40201000-0x40600000: 511 pages, then one 2 MiB block. */
	assert_int_equal(lpae_map_range(&map, 0x40201000, 0x80201000, 0x3ff000, LPAE_PROT_RO), 0);
	assert_int_equal(pool.used, 4); /* root, L1, L2, one L3 */
	expect_leaf(0x40201000, 0x80201000, 3, LPAE_PROT_RO);
	expect_leaf(0x403ff000, 0x803ff000, 3, LPAE_PROT_RO);
	expect_leaf(0x40400000, 0x80400000, 2, LPAE_PROT_RO);
	expect_leaf(0x405ff000, 0x80400000, 2, LPAE_PROT_RO);
	expect_unmapped(0x40200000);
	expect_unmapped(0x40600000);
}

TEST(test_mixed_sizes)
{
	setup(0, POOL);
	/* 0x3fe00000-0x80400000: one 2 MiB block, a 1 GiB block, two 2 MiB blocks. */
	assert_int_equal(lpae_map_range(&map, 0x3fe00000, 0x3fe00000, 0x40600000, LPAE_PROT_DEVICE),
			 0);
	expect_leaf(0x3fe00000, 0x3fe00000, 2, LPAE_PROT_DEVICE);
	expect_leaf(0x40000000, 0x40000000, 1, LPAE_PROT_DEVICE);
	expect_leaf(0x80000000, 0x80000000, 2, LPAE_PROT_DEVICE);
	expect_leaf(0x80200000, 0x80200000, 2, LPAE_PROT_DEVICE);
	expect_unmapped(0x80400000);
	assert_int_equal(pool.used, 4); /* root, L1, L2 for 0-1G, L2 for 2G-3G */
}

TEST(test_misaligned_pa_forces_pages)
{
	setup(0, POOL);
	/* va is 1 GiB aligned but pa only 4 KiB: no block can be used. */
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x90001000, 0x400000, LPAE_PROT_RX), 0);
	expect_leaf(0x40000000, 0x90001000, 3, LPAE_PROT_RX);
	expect_leaf(0x40200000, 0x90201000, 3, LPAE_PROT_RX);
	expect_leaf(0x403ff000, 0x90400000, 3, LPAE_PROT_RX);
	assert_int_equal(pool.used, 5); /* root, L1, L2, two L3 */
}

TEST(test_start_level_1)
{
	setup(1, 1); /* 39-bit space: the root is level 1, no table needed */
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x40000000, 2ULL << 30, LPAE_PROT_RW), 0);
	assert_int_equal(pool.used, 1);
	assert_int_equal(map.root[1], 0x40000000 | LPAE_PROT_RW | LPAE_VALID);
	expect_leaf(0xbffff000, 0x80000000, 1, LPAE_PROT_RW);
}

TEST(test_identical_remap)
{
	setup(0, POOL);
	assert_int_equal(lpae_map_range(&map, 0x9000000, 0x9000000, 0x1000, LPAE_PROT_DEVICE), 0);
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x40000000, 0x400000, LPAE_PROT_RW), 0);
	unsigned int used = pool.used;
	assert_int_equal(lpae_map_range(&map, 0x9000000, 0x9000000, 0x1000, LPAE_PROT_DEVICE), 0);
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x40000000, 0x400000, LPAE_PROT_RW), 0);
	assert_int_equal(lpae_map_range(&map, 0x40200000, 0x40200000, 0x200000, LPAE_PROT_RW), 0);
	assert_int_equal(pool.used, used);
	/* A 2 MiB range over a page already mapped the same way: fills in the
	 * existing level-3 table instead of placing a block. */
	assert_int_equal(lpae_map_range(&map, 0x9000000, 0x9000000, 0x200000, LPAE_PROT_DEVICE), 0);
	assert_int_equal(pool.used, used);
	expect_leaf(0x9000000, 0x9000000, 3, LPAE_PROT_DEVICE);
	expect_leaf(0x91ff000, 0x91ff000, 3, LPAE_PROT_DEVICE);
}

TEST(test_conflicting_remap)
{
	setup(0, POOL);
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x40000000, 0x200000, LPAE_PROT_RW), 0);
	assert_int_equal(lpae_map_range(&map, 0x40400000, 0x40400000, 0x1000, LPAE_PROT_RW), 0);
	/* Other pa, other attributes, a page inside a block, a block over a page. */
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x50000000, 0x200000, LPAE_PROT_RW),
			 -E_BUSY);
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x40000000, 0x200000, LPAE_PROT_RO),
			 -E_BUSY);
	assert_int_equal(lpae_map_range(&map, 0x40001000, 0x40001000, 0x1000, LPAE_PROT_RW),
			 -E_BUSY);
	assert_int_equal(lpae_map_range(&map, 0x40400000, 0x40400000, 0x200000, LPAE_PROT_RO),
			 -E_BUSY);
	expect_leaf(0x40000000, 0x40000000, 2, LPAE_PROT_RW);
	expect_leaf(0x40400000, 0x40400000, 3, LPAE_PROT_RW);
	expect_unmapped(0x40401000);
}

TEST(test_out_of_tables)
{
	setup(0, 3); /* root, L1, L2: no room for an L3 */
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x40000000, 0x200000, LPAE_PROT_RW), 0);
	assert_int_equal(lpae_map_range(&map, 0x40200000, 0x40200000, 0x1000, LPAE_PROT_RW),
			 -E_NOMEM);
	assert_int_equal(pool.used, 3);
	expect_unmapped(0x40200000);
	expect_leaf(0x40000000, 0x40000000, 2, LPAE_PROT_RW);
}

TEST(test_bad_arguments)
{
	setup(0, POOL);
	assert_int_equal(lpae_map_range(&map, 0x40000800, 0x40000000, 0x1000, LPAE_PROT_RW),
			 -E_INVAL);
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x40000800, 0x1000, LPAE_PROT_RW),
			 -E_INVAL);
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x40000000, 0x800, LPAE_PROT_RW),
			 -E_INVAL);
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x40000000, 0, LPAE_PROT_RW), -E_INVAL);
	/* Levels are 0 to 3: a start level past them is refused, not walked. */
	map.start_level = 4;
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x40000000, 0x1000, LPAE_PROT_RW),
			 -E_INVAL);
	assert_int_equal(lpae_unmap_range(&map, 0x40000000, 0x1000), -E_INVAL);
	assert_int_equal(pool.used, 1);
}

TEST(test_lookup_attributes)
{
	setup(0, POOL);
	assert_int_equal(lpae_map_range(&map, 0x9000000, 0x9000000, 0x1000, LPAE_PROT_DEVICE), 0);
	assert_int_equal(lpae_map_range(&map, 0x40080000, 0x40080000, 0x1000, LPAE_PROT_RX), 0);
	u64 dev = lpae_lookup(&map, 0x9000000, NULL), rx = lpae_lookup(&map, 0x40080000, NULL);
	/* Device-nGnRE (MAIR slot 0), never executable; RX: Normal, read-only, executable. */
	assert_int_equal((dev >> 2) & 7, MAIR_IDX_DEVICE);
	assert_true(dev & LPAE_XN);
	assert_true(dev & LPAE_AF);
	assert_int_equal((rx >> 2) & 7, MAIR_IDX_NORMAL);
	assert_false(rx & LPAE_XN);
	assert_int_equal((rx >> 6) & 3, 3); /* AP[2:1] = read-only */
	assert_int_equal((rx >> 8) & 3, 3); /* inner shareable */
	assert_int_equal(rx & LPAE_ADDR_MASK, 0x40080000);
	assert_int_equal(MAIR_VALUE, 0xff04);
	assert_int_equal(lpae_lookup(&map, 0x40081000, NULL), 0);
}

TEST(test_unmap_blocks_and_pages)
{
	setup(1, POOL);
	/* Two 2 MiB blocks and 511 pages after them. */
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x80000000, 0x5ff000, LPAE_PROT_RW), 0);
	unsigned int used = pool.used;
	assert_int_equal(lpae_unmap_range(&map, 0x40200000, 0x3ff000), 0);
	expect_leaf(0x40000000, 0x80000000, 2, LPAE_PROT_RW); /* outside: kept */
	assert_int_equal(lpae_lookup(&map, 0x40200000, NULL), 0);
	assert_int_equal(lpae_lookup(&map, 0x405fe000, NULL), 0);
	/* A partial block cannot be unmapped without splitting it. */
	assert_int_equal(lpae_unmap_range(&map, 0x40000000, 0x1000), -E_BUSY);
	expect_leaf(0x40000000, 0x80000000, 2, LPAE_PROT_RW);
	/* Unmapping nothing is fine; the tables are reused by the next map. */
	assert_int_equal(lpae_unmap_range(&map, 0x50000000, 0x200000), 0);
	assert_int_equal(lpae_map_range(&map, 0x40200000, 0x90200000, 0x200000, LPAE_PROT_RO), 0);
	expect_leaf(0x40200000, 0x90200000, 2, LPAE_PROT_RO);
	assert_int_equal(pool.used, used);
	assert_int_equal(lpae_unmap_range(&map, 0x40000800, 0x1000), -E_INVAL);
}

static unsigned int freed;
static bool page_freed[POOL];

static void pool_free(u64 *page, void *ctx)
{
	struct pool *p = ctx;
	size_t i = (size_t)(page - p->pages) / LPAE_ENTRIES;
	assert_true(i < p->used);
	assert_false(page_freed[i]); /* each page once */
	page_freed[i] = true;
	freed++;
}

/* Every table page goes back once, leaves and blocks are not pages. */
TEST(test_free_tables)
{
	setup(1, POOL);
	memset(page_freed, 0, sizeof(page_freed));
	freed = 0;
	/* A 1 GiB block, 2 MiB blocks and pages in two level-2 tables. */
	assert_int_equal(lpae_map_range(&map, 0x40000000, 0x40000000, 0x40000000, LPAE_PROT_RW), 0);
	assert_int_equal(lpae_map_range(&map, 0x80000000, 0x80000000, 0x401000, LPAE_PROT_RW), 0);
	assert_int_equal(lpae_map_range(&map, 0x100200000, 0x9000000, 0x3000, LPAE_PROT_DEVICE), 0);
	assert_int_equal(pool.used, 5); /* root, 2 level-2, 2 level-3 */
	lpae_free_tables(&map, pool_free);
	assert_int_equal(freed, pool.used);
	assert_null(map.root);
	lpae_free_tables(&map, pool_free); /* no root: nothing */
	assert_int_equal(freed, pool.used);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_1g_block, teardown),
		cmocka_unit_test_teardown(test_2m_block_and_pages, teardown),
		cmocka_unit_test_teardown(test_mixed_sizes, teardown),
		cmocka_unit_test_teardown(test_misaligned_pa_forces_pages, teardown),
		cmocka_unit_test_teardown(test_start_level_1, teardown),
		cmocka_unit_test_teardown(test_identical_remap, teardown),
		cmocka_unit_test_teardown(test_conflicting_remap, teardown),
		cmocka_unit_test_teardown(test_out_of_tables, teardown),
		cmocka_unit_test_teardown(test_bad_arguments, teardown),
		cmocka_unit_test_teardown(test_lookup_attributes, teardown),
		cmocka_unit_test_teardown(test_unmap_blocks_and_pages, teardown),
		cmocka_unit_test_teardown(test_free_tables, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
