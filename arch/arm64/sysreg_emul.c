/*
 * Guest system register accesses trapped to EL2 (ESR_EL2.EC 0x18; ISS
 * encoding D13.2.37), one table entry per register range. The PMU, the
 * debug and trace registers and the EL1 physical timer are not switched
 * between vCPUs that share a pCPU, so guests must not reach them:
 * MDCR_EL2 (D13.2.74) traps PMU and debug accesses, CPTR_EL2 (D13.2.31)
 * trace and activity monitor accesses, CNTHCTL_EL2.EL1PCEN = 0
 * (D13.8.3) the physical timer's, and they read as zero and ignore writes,
 * as on a machine without those features (Linux then finds no PMU, no
 * watchpoints and uses the virtual timer). MDSCR_EL1 is the exception: it is
 * part of the vCPU's switched state, and Linux keeps debug flags there.
 * TLB maintenance traps only for a pinned one-vCPU domain (tlbi_here).
 */
#include <bulkhead/domain.h>
#include <arch/guest.h>
#include <arch/sysreg.h>
#include <arch/reg_access.h>

/* The instruction's encoding, which the table matches. */
struct sysreg_enc {
	u32 op0, op1, crn, crm, op2;
};

struct sysreg_range {
	u8 op0, op1, crn, crm_lo, crm_hi, op2_lo, op2_hi; /* op1 0xff: any */
	reg_access_fn access;
};

/* MDSCR_EL1 (D13.3.13): the loaded vCPU's own, saved and restored with it. */
static bool mdscr(struct vcpu *v, struct reg_access *a)
{
	(void)v;
	if (a->read)
		a->val = read_sysreg(mdscr_el1);
	else
		write_sysreg(a->val, mdscr_el1);
	return true;
}

/*
 * TLBI from a domain whose one vCPU never leaves its pCPU (vcpu.c clears
 * HCR_EL2.FB and sets TTLB for it): no other pCPU can hold its VMID's
 * translations, so the invalidation is done on this pCPU only, for the
 * loaded VMID (C5.5, "A64 TLB maintenance instructions"), and the other
 * pCPUs (the other domains') are not disturbed by a broadcast. The forms by
 * address or ASID (CRm 1 outer shareable, 3 inner shareable, 7 this PE)
 * keep their operand; the range forms (FEAT_TLBIRANGE: CRm 2, 5, 6), the
 * nXS ones (FEAT_XS: CRn 9) and any other invalidate all of the VMID's
 * stage-1 entries, never less than the guest asked.
 */
static void tlbi_vmid_all(void) { __asm__ volatile("tlbi vmalle1" : : : "memory"); }

static bool tlbi_here(struct vcpu *v, struct reg_access *a)
{
	u64 x = a->val;
	(void)v;
	if (a->read)
		return false;
	if (a->crm != 1 && a->crm != 3 && a->crm != 7)
		a->op2 = 0;
	switch (a->op2) {
	case 1: __asm__ volatile("tlbi vae1, %0" : : "r"(x) : "memory"); break;
	case 2: __asm__ volatile("tlbi aside1, %0" : : "r"(x) : "memory"); break;
	case 3: __asm__ volatile("tlbi vaae1, %0" : : "r"(x) : "memory"); break;
	case 5: __asm__ volatile("tlbi vale1, %0" : : "r"(x) : "memory"); break;
	case 7: __asm__ volatile("tlbi vaale1, %0" : : "r"(x) : "memory"); break;
	default: tlbi_vmid_all(); break;
	}
	__asm__ volatile("dsb nsh" : : : "memory");
	return true;
}

static bool tlbi_nxs_here(struct vcpu *v, struct reg_access *a)
{
	a->crm = 0; /* all of the VMID's */
	return tlbi_here(v, a);
}

/* clang-format off */
static const struct sysreg_range ranges[] = {
	/* op0 op1  CRn CRm       op2 */
	{1, 0,    7,  6,  6,  2, 2, sysreg_set_way},	/* DC ISW */
	{1, 0,    7, 10, 10,  2, 2, sysreg_set_way},	/* DC CSW */
	{1, 0,    7, 14, 14,  2, 2, sysreg_set_way},	/* DC CISW */
	{1, 0,    8,  0, 15,  0, 7, tlbi_here},	/* TLBI (HCR_EL2.TTLB) */
	{1, 0,    9,  0, 15,  0, 7, tlbi_nxs_here},	/* TLBI ...nXS */
	{2, 0,    0,  2,  2,  2, 2, mdscr},	/* MDSCR_EL1 */
	{2, 0,    1,  1,  1,  4, 4, sysreg_oslsr},	/* OSLSR_EL1 */
	{2, 0xff, 0,  0, 15,  0, 7, sysreg_raz_wi},	/* debug: DBGB/WxR, OSLAR, OSDLR, ... */
	{2, 0xff, 1,  0, 15,  0, 7, sysreg_raz_wi},
	{2, 0xff, 7,  0, 15,  0, 7, sysreg_raz_wi},	/* DBGCLAIM*, DBGAUTHSTATUS */
	{3, 0,    9, 14, 14,  1, 2, sysreg_raz_wi},	/* PMINTENSET/CLR_EL1 */
	{3, 0,   12, 11, 11,  5, 5, sysreg_sgi1r},	/* ICC_SGI1R_EL1 */
	{3, 3,    9, 12, 14,  0, 7, sysreg_raz_wi},	/* PMCR_EL0 ... PMOVSSET_EL0, PMUSERENR_EL0 */
	{3, 3,   13,  2, 15,  0, 7, sysreg_raz_wi},	/* AMU: AMCR_EL0 ... AMEVTYPER1<n>_EL0 (CPTR_EL2.TAM) */
	{3, 3,   14,  2,  2,  0, 2, sysreg_raz_wi},	/* CNTP_TVAL/CTL/CVAL_EL0 */
	{3, 3,   14,  8, 15,  0, 7, sysreg_raz_wi},	/* PMEVCNTR<n>, PMEVTYPER<n>, PMCCFILTR */
};
/* clang-format on */

static bool matches(const struct sysreg_range *r, const struct sysreg_enc *a)
{
	return r->op0 == a->op0 && (r->op1 == 0xff || r->op1 == a->op1) && r->crn == a->crn &&
	       a->crm >= r->crm_lo && a->crm <= r->crm_hi && a->op2 >= r->op2_lo &&
	       a->op2 <= r->op2_hi;
}

bool sysreg_arch_emulate(struct vcpu *v, u64 esr)
{
	struct sysreg_enc e = {(esr >> 20) & 3, (esr >> 14) & 7, (esr >> 10) & 0xf,
			       (esr >> 1) & 0xf, (esr >> 17) & 7};
	struct reg_access a = {esr & 1, 0, e.crm, e.op2};
	unsigned int rt = (esr >> 5) & 0x1f;

	if (!a.read)
		a.val = rt == 31 ? 0 : vcpu_arch_get_reg(v, rt);
	for (unsigned int i = 0; i < ARRAY_SIZE(ranges); i++) {
		if (!matches(&ranges[i], &e))
			continue;
		if (!ranges[i].access(v, &a))
			return false;
		if (a.read && rt != 31)
			vcpu_arch_set_reg(v, rt, a.val);
		return true;
	}
	return false;
}
