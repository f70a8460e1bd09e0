/* Shared parts of the SMMU models (model_iommu.h). */
#include <stdlib.h>
#include <string.h>
#include <bulkhead/types.h>
#include "model_iommu.h"

#define MAX_BLOCKS 4096

static void *blocks[MAX_BLOCKS];
static unsigned int nblocks;

/* The model reads the tables only when a command or a DMA asks it to. */
void iommu_wmb(void) {}

void *iommu_alloc(u64 size, u64 align, u64 *pa)
{
	void *p;

	if (nblocks == MAX_BLOCKS)
		return NULL;
	align = align < 8 ? 8 : align;
	p = aligned_alloc((size_t)align, (size_t)((size + align - 1) / align * align));
	if (!p)
		return NULL;
	memset(p, 0, (size_t)size);
	blocks[nblocks++] = p;
	*pa = (u64)(uintptr_t)p;
	return p;
}

void model_mem_free_all(void)
{
	while (nblocks)
		free(blocks[--nblocks]);
}

int model_walk(u64 root, unsigned int inbits, int start_level, u64 addr, bool write, bool stage2,
	       u64 *pa)
{
	u64 table = root;

	if (inbits < 64 && addr >> inbits)
		return -1;
	for (int level = start_level; level <= 3; level++) {
		unsigned int shift = 12 + 9 * (unsigned int)(3 - level);
		u64 d = ((const u64 *)(uintptr_t)table)[(addr >> shift) & 511];
		bool leaf = level == 3 || (d & 3) == 1;

		if (!(d & 1) || (level == 3 && (d & 3) != 3))
			return -1;
		if (!leaf) {
			table = d & 0x0000fffffffff000ULL;
			continue;
		}
		if (stage2 ? !(d & (write ? 0x80 : 0x40)) : write && (d & 0x80))
			return -2;
		*pa = (d & 0x0000fffffffff000ULL & ~((1ULL << shift) - 1)) |
		      (addr & ((1ULL << shift) - 1));
		return 0;
	}
	return -1;
}
