/* Stage-2 translation for a domain: 39-bit IPA, 4 KiB granule, start at
 * level 1 (VTCR_EL2, ARM ARM D13.2.153); tables from arch/arm/stage2_tables.c. */
#include <bulkhead/domain.h>
#include <bulkhead/log.h>
#include <arch/guest.h>
#include <arch/stage2_tables.h>
#include <arch/sysreg.h>

u64 stage2_arch_vtcr(void)
{
	u64 ps = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	if (ps > 5)
		ps = 5;
	return (64 - STAGE2_IPA_BITS) /* T0SZ */ | (1ULL << 6) /* SL0: start at level 1 */ |
	       (1ULL << 8) | (1ULL << 10) /* IRGN0/ORGN0 WBWA */ | (3ULL << 12) /* SH0 inner */ |
	       (ps << 16) | (1ULL << 31); /* RES1 */
}

int stage2_arch_init(struct domain *d)
{
	static bool vtcr_done;
	int rc = stage2_tables_init(d, 1);
	if (rc)
		return rc;
	if (!vtcr_done) { /* the same on every CPU; set here for the boot CPU */
		write_sysreg(stage2_arch_vtcr(), vtcr_el2);
		isb();
		vtcr_done = true;
	}
	return 0;
}

void stage2_arch_cpu_init(void)
{
	write_sysreg(stage2_arch_vtcr(), vtcr_el2);
	isb();
}

/* All of this VMID's stage-1+2 TLB entries, on every CPU (D8.13). */
void stage2_arch_flush_tlb(struct domain *d)
{
	u64 old = read_sysreg(vttbr_el2);
	write_sysreg(d->s2_vttbr, vttbr_el2);
	isb();
	__asm__ volatile("dsb ishst; tlbi vmalls12e1is; dsb ish; isb" : : : "memory");
	write_sysreg(old, vttbr_el2);
	isb();
}

void cache_arch_clean_inval(u64 start, u64 size)
{
	u64 line = 4ULL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	for (u64 a = start & ~(line - 1); a < start + size; a += line)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb sy; ic ialluis; dsb sy; isb" : : : "memory");
}
