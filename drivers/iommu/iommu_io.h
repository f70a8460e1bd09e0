/* What the SMMU drivers need of the machine: register access and memory
 * the SMMU reads (tables, queues). drivers/iommu/iommu_io.c implements it
 * on the hardware; the unit tests implement it with a register-level model
 * of the SMMU, so the drivers are compiled unchanged against both. */
#ifndef DRIVERS_IOMMU_IO_H
#define DRIVERS_IOMMU_IO_H

#include <bulkhead/iommu.h>

/* Register at byte offset off of mmu's window. A write is ordered after
 * every memory write before it (the SMMU reads what the CPU wrote); a read
 * before every memory read after it (queue entries behind an index). */
u32 iommu_rd32(const struct iommu *mmu, u64 off);
u64 iommu_rd64(const struct iommu *mmu, u64 off);
void iommu_wr32(const struct iommu *mmu, u64 off, u32 v);
void iommu_wr64(const struct iommu *mmu, u64 off, u64 v);
/* Memory writes before it reach the SMMU's table walks before those after it
 * (a table entry updated in place in steps). */
void iommu_wmb(void);
/* Zeroed, size-aligned to align, physically contiguous; NULL when out of
 * memory. *pa: the address the SMMU is given. */
void *iommu_alloc(u64 size, u64 align, u64 *pa);
/* Tries a polled register gets before a driver reports a timeout: about a
 * second on QEMU, where an MMIO read traps to the device model. */
#define IOMMU_POLL_TRIES 1000000

#endif
