/* What the SMMU models of the unit tests share: memory the driver hands the
 * SMMU (iommu_alloc, on the host heap, freed by model_mem_free_all), and a
 * translation table walker written from the VMSAv8-64 rules (ARM ARM D8,
 * 4 KiB granule) that the models use to carry out a DMA access the way the
 * SMMU would. On the host a pointer is its "physical" address. */
#ifndef UNIT_MODEL_IOMMU_H
#define UNIT_MODEL_IOMMU_H

#include <bulkhead/types.h>

/* The driver's allocator (drivers/iommu/iommu_io.h), on the host heap. */
void *iommu_alloc(u64 size, u64 align, u64 *pa);
void model_mem_free_all(void);

/* Walks the table at root for an input of inbits bits (starting level from
 * inbits); stage2: S2AP permissions (bit 6 read, bit 7 write), else stage-1
 * AP[2] (bit 7: read-only). 0 with *pa, or -1 for a translation fault, -2
 * for a permission fault. */
int model_walk(u64 root, unsigned int inbits, int start_level, u64 addr, bool write, bool stage2,
	       u64 *pa);

#endif
