/* Physical memory allocator: a sorted list of free ranges, page granular.
 * Pure data structure (never touches the memory it manages), so it runs
 * unchanged in the host unit tests. */
#ifndef BULKHEAD_PMEM_H
#define BULKHEAD_PMEM_H

#include <bulkhead/types.h>
#include <bulkhead/dt.h>

#define PMEM_PAGE	4096ULL
#define PMEM_MAX_RANGES 64

struct pmem {
	struct mem_range free[PMEM_MAX_RANGES]; /* sorted, disjoint, not adjacent */
	unsigned int n;
};

void pmem_init(struct pmem *p);
/* Adds free memory, rounded inwards to pages. Overlap with free memory: -E_RANGE. */
int pmem_add(struct pmem *p, u64 base, u64 size);
/* Removes [base, base+size) rounded outwards to pages, wherever it is free. */
int pmem_reserve(struct pmem *p, u64 base, u64 size);
/* Lowest-address fit of size bytes (rounded up to pages) at the given
 * power-of-two alignment (>= a page). */
int pmem_alloc(struct pmem *p, u64 size, u64 align, u64 *out);
/* Gives memory back; freeing memory that is already free is -E_RANGE. */
int pmem_free(struct pmem *p, u64 base, u64 size);
u64 pmem_free_bytes(const struct pmem *p);

#endif
