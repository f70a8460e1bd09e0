/*
 * EL2 stage-1 translation, the AArch64 pieces: TCR_EL2 for a 48-bit VA with
 * the 4 KiB granule (ARM ARM D13.2.131) and EL2 TLB maintenance. The map
 * itself is arch/arm/hyp_mmu.c, shared with arm32.
 */
#include <bulkhead/types.h>
#include <arch/hyp_mmu.h>
#include <arch/sysreg.h>

u64 mmu_arch_tcr(void)
{
	u64 parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	if (parange > 5)
		parange = 5; /* 48 bits is all a 4-level, 4 KiB map can output */
	return 16 /* T0SZ: 48-bit VA */ | (1ULL << 8) | (1ULL << 10) /* IRGN0/ORGN0 WBWA */
	       | (3ULL << 12) /* SH0 inner */ | (0ULL << 14) /* TG0 4K */ | (parange << 16) |
	       (1ULL << 23) | (1ULL << 31); /* RES1 */
}

unsigned int mmu_arch_start_level(void) { return 0; }

void mmu_arch_tlb_flush_all(void)
{
	dsb(ishst);
	__asm__ volatile("tlbi alle2is" : : : "memory");
	dsb(ish);
	isb();
}
