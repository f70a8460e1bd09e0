/*
 * HYP stage-1 translation, the ARMv7-A pieces: HTCR for the whole 32-bit VA
 * space with the long-descriptor format (ARMv7-A/R ARM B4.1.76), lookups from
 * the first level (4 entries of 1 GiB), and HYP TLB maintenance. The map
 * itself is arch/arm/hyp_mmu.c, shared with arm64.
 */
#include <bulkhead/types.h>
#include <arch/hyp_mmu.h>
#include <arch/sysreg.h>

/* T0SZ 0: 32-bit VA; IRGN0/ORGN0 write-back write-allocate; SH0 inner
 * shareable; bits 31 and 23 RES1. */
#define HTCR_VALUE ((1U << 8) | (1U << 10) | (3U << 12) | (1U << 23) | (1U << 31))

u64 mmu_arch_tcr(void) { return HTCR_VALUE; }

unsigned int mmu_arch_start_level(void) { return 1; }

void mmu_arch_tlb_flush_all(void)
{
	dsb(ishst);
	write_cp32(0, TLBIALLHIS);
	dsb(ish);
	isb();
}
