/* LPAE translation tables, 4 KiB granule (ARM ARM D8.3). Pure data: the unit
 * tests run it on host buffers. */
#include <bulkhead/types.h>
#include <arch/lpae.h>

static inline unsigned int level_shift(unsigned int level) { return 12 + 9 * (3 - level); }

static inline unsigned int level_index(u64 va, unsigned int level)
{
	return (unsigned int)((va >> level_shift(level)) & (LPAE_ENTRIES - 1));
}

/* Blocks exist at levels 1 and 2 with the 4 KiB granule; pages at level 3. */
static bool can_use_leaf(unsigned int level, u64 va, u64 pa, u64 size)
{
	u64 block = 1ULL << level_shift(level);
	if (level == 0)
		return false;
	return IS_ALIGNED(va, block) && IS_ALIGNED(pa, block) && size >= block;
}

static u64 leaf_desc(unsigned int level, u64 pa, u64 attrs)
{
	return (pa & LPAE_ADDR_MASK) | attrs | LPAE_VALID | (level == 3 ? LPAE_TABLE : 0);
}

/* NOLINTNEXTLINE(misc-no-recursion): one level deeper a call, 4 at most */
static int map_level(const struct lpae_map *m, u64 *table, unsigned int level, u64 va, u64 pa,
		     u64 size, u64 attrs)
{
	while (size) {
		u64 block = 1ULL << level_shift(level);
		u64 chunk = MIN(size, block - (va & (block - 1)));
		u64 *e = &table[level_index(va, level)];
		bool is_table =
			level < 3 && (*e & (LPAE_VALID | LPAE_TABLE)) == (LPAE_VALID | LPAE_TABLE);

		if (!is_table && can_use_leaf(level, va, pa, size)) {
			u64 want = leaf_desc(level, pa, attrs);
			if ((*e & LPAE_VALID) && *e != want)
				return -E_BUSY;
			*e = want;
		} else {
			u64 *next;
			int rc;
			if (level == 3)
				return -E_INVAL; /* unaligned to a page */
			if (!(*e & LPAE_VALID)) {
				next = m->alloc(m->ctx);
				if (!next)
					return -E_NOMEM;
				*e = ((u64)(uintptr_t)next & LPAE_ADDR_MASK) | LPAE_VALID |
				     LPAE_TABLE;
			} else if (!is_table) {
				return -E_BUSY; /* a block covers part of the range */
			}
			next = (u64 *)(uintptr_t)(*e & LPAE_ADDR_MASK);
			rc = map_level(m, next, level + 1, va, pa, chunk, attrs);
			if (rc)
				return rc;
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
	return 0;
}

int lpae_map_range(const struct lpae_map *m, u64 va, u64 pa, u64 size, u64 attrs)
{
	if (!IS_ALIGNED(va | pa | size, 4096ULL) || size == 0 || m->start_level > 3)
		return -E_INVAL;
	return map_level(m, m->root, m->start_level, va, pa, size, attrs);
}

/* NOLINTNEXTLINE(misc-no-recursion): one level deeper a call, 4 at most */
static int unmap_level(u64 *table, unsigned int level, u64 va, u64 size)
{
	while (size) {
		u64 block = 1ULL << level_shift(level);
		u64 chunk = MIN(size, block - (va & (block - 1)));
		u64 *e = &table[level_index(va, level)];

		if (!(*e & LPAE_VALID)) {
			/* nothing mapped here */
		} else if (level < 3 && (*e & LPAE_TABLE)) {
			int rc = unmap_level((u64 *)(uintptr_t)(*e & LPAE_ADDR_MASK), level + 1, va,
					     chunk);
			if (rc)
				return rc;
		} else if (chunk == block) {
			*e = 0;
		} else {
			return -E_BUSY; /* a leaf reaches outside the range */
		}
		va += chunk;
		size -= chunk;
	}
	return 0;
}

int lpae_unmap_range(const struct lpae_map *m, u64 va, u64 size)
{
	if (!IS_ALIGNED(va | size, 4096ULL) || size == 0 || m->start_level > 3)
		return -E_INVAL;
	return unmap_level(m->root, m->start_level, va, size);
}

u64 lpae_lookup(const struct lpae_map *m, u64 va, unsigned int *level)
{
	u64 *table = m->root;
	for (unsigned int l = m->start_level; l <= 3; l++) {
		u64 e = table[level_index(va, l)];
		if (!(e & LPAE_VALID))
			return 0;
		if (l == 3 || !(e & LPAE_TABLE)) {
			if (level)
				*level = l;
			return e;
		}
		table = (u64 *)(uintptr_t)(e & LPAE_ADDR_MASK);
	}
	return 0;
}

/* NOLINTNEXTLINE(misc-no-recursion): one level deeper a call, 4 at most */
static void free_level(u64 *table, unsigned int level, lpae_free_fn free_page, void *ctx)
{
	for (unsigned int i = 0; level < 3 && i < LPAE_ENTRIES; i++)
		if ((table[i] & (LPAE_VALID | LPAE_TABLE)) == (LPAE_VALID | LPAE_TABLE))
			free_level((u64 *)(uintptr_t)(table[i] & LPAE_ADDR_MASK), level + 1,
				   free_page, ctx);
	free_page(table, ctx);
}

void lpae_free_tables(struct lpae_map *m, lpae_free_fn free_page)
{
	if (m->root)
		free_level(m->root, m->start_level, free_page, m->ctx);
	m->root = NULL;
}
