/* Stage-2 translation for a domain on an ARMv7-A host: a 32-bit IPA space
 * looked up from the first level (VTCR, ARMv7-A/R ARM B4.1.159), tables from
 * arch/arm/stage2_tables.c; the TLB and cache maintenance that goes with it. */
#include <bulkhead/domain.h>
#include <bulkhead/log.h>
#include <arch/cpu.h>
#include <arch/guest.h>
#include <arch/stage2_tables.h>
#include <arch/sysreg.h>

/* T0SZ 0 (32-bit IPA), SL0 1 (start at the first level), IRGN0/ORGN0
 * write-back write-allocate, SH0 inner shareable, bit 31 RES1. */
#define VTCR_VALUE ((1U << 6) | (1U << 8) | (1U << 10) | (3U << 12) | (1U << 31))

/* Its RAM is below 1 << STAGE2_IPA_BITS: alloc_ram (common/domain.c). */
int stage2_arch_init(struct domain *d)
{
	stage2_arch_cpu_init(); /* the same on every CPU; here for the boot CPU */
	return stage2_tables_init(d, 1);
}

void stage2_arch_cpu_init(void)
{
	write_cp32((u32)stage2_arch_vtcr(), VTCR);
	isb();
}

/* Every non-secure PL1&0 TLB entry on every CPU: broader than this VMID's
 * (ARMv7 has no by-VMID invalidation from HYP), never too little. */
void stage2_arch_flush_tlb(struct domain *d)
{
	(void)d;
	dsb(ishst);
	write_cp32(0, TLBIALLNSNHIS);
	dsb(ish);
	isb();
}

/* DCCIMVAC over the range: clean and invalidate to the point of coherency;
 * then the instruction caches, since a guest may run what was written. */
void cache_arch_clean_inval(u64 start, u64 size)
{
	u32 line = cpu_arch_dline();
	for (u64 a = start & ~(u64)(line - 1); a < start + size; a += line)
		write_cp32((u32)a, DCCIMVAC);
	dsb(sy);
	write_cp32(0, ICIALLUIS);
	dsb(sy);
	isb();
}

u64 stage2_arch_vtcr(void) { return VTCR_VALUE; }
