/* The hypervisor's own stage-1 map (arch/arm/hyp_mmu.c) and the few
 * ISA-specific pieces it needs from arch/arm64/mmu.c or arch/arm32/mmu.c. */
#ifndef ARCH_HYP_MMU_H
#define ARCH_HYP_MMU_H

#include <bulkhead/types.h>

/* Translation control for the EL2/HYP regime (TCR_EL2 or HTCR). */
u64 mmu_arch_tcr(void);
/* First lookup level of the identity map: 0 for 48 bits (arm64), 1 for 32 bits (arm32). */
unsigned int mmu_arch_start_level(void);
/* Invalidates every EL2/HYP TLB entry on all CPUs and waits for it. */
void mmu_arch_tlb_flush_all(void);
/* head.S: turn the MMU and caches on; invalidate data cache lines of [start, end). */
void mmu_arch_enable(u64 ttbr, u64 tcr, u64 mair);
void cache_arch_inval_range(u64 start, u64 end);

#endif
