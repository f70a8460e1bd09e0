/* Free-range physical allocator (see include/bulkhead/pmem.h). */
#include <string.h>
#include <bulkhead/pmem.h>

void pmem_init(struct pmem *p) { memset(p, 0, sizeof(*p)); }

static void remove_at(struct pmem *p, unsigned int i)
{
	memmove(&p->free[i], &p->free[i + 1], (p->n - i - 1) * sizeof(p->free[0]));
	p->n--;
}

static int insert_at(struct pmem *p, unsigned int i, u64 base, u64 size)
{
	if (p->n == PMEM_MAX_RANGES)
		return -E_NOMEM;
	memmove(&p->free[i + 1], &p->free[i], (p->n - i) * sizeof(p->free[0]));
	p->free[i].base = base;
	p->free[i].size = size;
	p->n++;
	return 0;
}

/* Inserts a page-aligned free range, merging with neighbours. */
static int insert_free(struct pmem *p, u64 base, u64 end)
{
	unsigned int i = 0;
	while (i < p->n && p->free[i].base < base)
		i++;
	if ((i > 0 && p->free[i - 1].base + p->free[i - 1].size > base) ||
	    (i < p->n && p->free[i].base < end))
		return -E_RANGE;
	bool join_prev = i > 0 && p->free[i - 1].base + p->free[i - 1].size == base;
	bool join_next = i < p->n && p->free[i].base == end;
	if (join_prev && join_next) {
		p->free[i - 1].size += (end - base) + p->free[i].size;
		remove_at(p, i);
	} else if (join_prev) {
		p->free[i - 1].size += end - base;
	} else if (join_next) {
		p->free[i].base = base;
		p->free[i].size += end - base;
	} else {
		return insert_at(p, i, base, end - base);
	}
	return 0;
}

int pmem_add(struct pmem *p, u64 base, u64 size)
{
	u64 start = ALIGN_UP(base, PMEM_PAGE);
	u64 end = ALIGN_DOWN(base + size, PMEM_PAGE);
	if (base + size < base)
		return -E_INVAL;
	if (start < base || end <= start)
		return 0; /* less than a page (or rounding wrapped at the top) */
	return insert_free(p, start, end);
}

int pmem_free(struct pmem *p, u64 base, u64 size)
{
	if (!IS_ALIGNED(base, PMEM_PAGE) || size == 0 || size > ~0ULL - (PMEM_PAGE - 1) ||
	    base + ALIGN_UP(size, PMEM_PAGE) < base)
		return -E_INVAL;
	return insert_free(p, base, base + ALIGN_UP(size, PMEM_PAGE));
}

int pmem_reserve(struct pmem *p, u64 base, u64 size)
{
	u64 start = ALIGN_DOWN(base, PMEM_PAGE);
	u64 end = base + size < base ? ~0ULL : ALIGN_UP(base + size, PMEM_PAGE);

	if (end == 0 || end < base)
		end = ~0ULL; /* rounding up wrapped: reserve to the top */

	for (unsigned int i = 0; i < p->n;) {
		u64 fs = p->free[i].base, fe = fs + p->free[i].size;
		if (fe <= start || fs >= end) {
			i++;
			continue;
		}
		if (fs < start && fe > end) { /* split in two */
			if (p->n == PMEM_MAX_RANGES)
				return -E_NOMEM; /* checked first: nothing is changed */
			p->free[i].size = start - fs;
			return insert_at(p, i + 1, end, fe - end);
		}
		if (fs < start) {
			p->free[i].size = start - fs;
			i++;
		} else if (fe > end) {
			p->free[i].base = end;
			p->free[i].size = fe - end;
			i++;
		} else {
			remove_at(p, i);
		}
	}
	return 0;
}

int pmem_alloc(struct pmem *p, u64 size, u64 align, u64 *out)
{
	if (size == 0 || size > ~0ULL - (PMEM_PAGE - 1) || align < PMEM_PAGE ||
	    (align & (align - 1)))
		return -E_INVAL;
	size = ALIGN_UP(size, PMEM_PAGE);
	for (unsigned int i = 0; i < p->n; i++) {
		u64 fs = p->free[i].base, fe = fs + p->free[i].size;
		u64 a = ALIGN_UP(fs, align);
		if (a < fs || a >= fe || fe - a < size)
			continue;
		/* Splitting may need one more slot: reserve handles that and fails
		 * cleanly (nothing changed) when the table is full. */
		if (pmem_reserve(p, a, size))
			return -E_NOMEM;
		*out = a;
		return 0;
	}
	return -E_NOMEM;
}

u64 pmem_free_bytes(const struct pmem *p)
{
	u64 t = 0;
	for (unsigned int i = 0; i < p->n; i++)
		t += p->free[i].size;
	return t;
}
