/* Register access and table memory for the SMMU drivers (iommu_io.h), on
 * the hypervisor's identity map. The SMMUs Bulkhead drives walk memory
 * coherently (the drivers refuse one without dma-coherent), so a DSB is the
 * only ordering the tables and queues need. */
#include <string.h>
#include <bulkhead/mm.h>
#include <bulkhead/mmio.h>
#include "iommu_io.h"

u32 iommu_rd32(const struct iommu *mmu, u64 off)
{
	u32 v = mmio_read32((uintptr_t)(mmu->base + off));
	__asm__ volatile("dsb ld" : : : "memory");
	return v;
}

u64 iommu_rd64(const struct iommu *mmu, u64 off)
{
	u64 v = mmio_read64((uintptr_t)(mmu->base + off));
	__asm__ volatile("dsb ld" : : : "memory");
	return v;
}

void iommu_wmb(void) { __asm__ volatile("dsb st" : : : "memory"); }

void iommu_wr32(const struct iommu *mmu, u64 off, u32 v)
{
	__asm__ volatile("dsb st" : : : "memory");
	mmio_write32((uintptr_t)(mmu->base + off), v);
}

void iommu_wr64(const struct iommu *mmu, u64 off, u64 v)
{
	__asm__ volatile("dsb st" : : : "memory");
	mmio_write64((uintptr_t)(mmu->base + off), v);
}

void *iommu_alloc(u64 size, u64 align, u64 *pa)
{
	paddr_t p;
	if (mm_alloc(ALIGN_UP(size, 4096ULL), MAX(align, 4096ULL), &p))
		return NULL;
	memset((void *)(uintptr_t)p, 0, size);
	*pa = p;
	return (void *)(uintptr_t)p;
}
