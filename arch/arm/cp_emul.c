/*
 * AArch32 coprocessor accesses trapped to EL2 or HYP mode, the same table and
 * policy on both hosts: MCR/MRC p15 (EC 0x03), MCRR/MRRC p15 (0x04), MCR/MRC
 * p14 (0x05), MRRC p14 (0x0c); ISS encodings in ARM ARM D13.2.37 (ESR_EL2)
 * and ARMv7-A/R ARM B3.13.6 (HSR), arch/syndrome.h. They are the AArch32
 * encodings (coproc, opc1, CRn, CRm, opc2) of the registers arm64's
 * sysreg_emul.c emulates for AArch64, trapped by the same HCR/MDCR (HDCR)/
 * CNTHCTL bits, with the same policy: set/way cache maintenance (HCR.TSW,
 * arm64 only) completes as a no-op; the PMU (MDCR.TPM, TPMCR), debug (TDA,
 * TDOSA, TDRA) and the EL1 physical timer (CNTHCTL.EL1PCEN = 0) read as zero
 * and ignore writes, DBGOSLSR says the OS lock is implemented and clear, so
 * Linux finds debug architecture 0 and no PMU; ICC_SGI1R of a GICv3 guest
 * (always trapped) sends the SGI; ACTLR (HCR.TACR) reads the host's value
 * and ignores writes (actlr() says why). Everything else
 * (IMPLEMENTATION DEFINED registers under TIDCP, the trace registers under
 * HCPTR/CPTR.TTA, LDC/STC p14) is undefined. The host supplies only the
 * registers: vcpu_arch_reg32, vcpu_arch_get_reg/set_reg, vcpu_arch_psr.
 */
#include <bulkhead/domain.h>
#include <bulkhead/fmt.h>
#include <arch/aarch32.h>
#include <arch/guest.h>
#include <arch/reg_access.h>
#include <arch/syndrome.h>

/* ACTLR: IMPLEMENTATION DEFINED bits of the whole CPU (the SMP/coherency
 * bit of a Cortex-A15 or A7 among them), so no domain may change them:
 * HCR.TACR traps every access. A guest reads the host's value, which is
 * what it would find on the machine and tells it nothing about another
 * domain; its writes are ignored. Not undefined: Linux's Cortex-A7/A15
 * setup (and errata work-arounds) read ACTLR and would die at boot. (An
 * AArch64 guest's ACTLR_EL1 stays undefined: arm64/sysreg_emul.c.) */
static bool actlr(struct vcpu *v, struct reg_access *a)
{
	if (a->read)
		a->val = vcpu_arch_actlr(v);
	return true;
}

/* The instruction's encoding, which the table matches. */
struct cp_enc {
	u8 cp;			  /* 14 or 15 */
	bool wide;		  /* MCRR/MRRC: 64 bits through Rt (low) and Rt2 (high) */
	u32 opc1, crn, crm, opc2; /* crn, opc2: 32-bit forms only */
};

struct cp_range {
	u8 cp;
	bool wide;
	u8 opc1, crn, crm_lo, crm_hi, opc2_lo, opc2_hi;
	reg_access_fn access;
};

/* clang-format off */
static const struct cp_range ranges[] = {
	/* cp wide opc1 CRn CRm      opc2 */
	{15, false, 0,  1,  0,  0,  1, 1, actlr},	/* ACTLR */
	{15, false, 0,  7,  6,  6,  2, 2, sysreg_set_way},	/* DCISW */
	{15, false, 0,  7, 10, 10,  2, 2, sysreg_set_way},	/* DCCSW */
	{15, false, 0,  7, 14, 14,  2, 2, sysreg_set_way},	/* DCCISW */
	{15, false, 0,  9, 12, 14,  0, 7, sysreg_raz_wi},	/* PMCR ... PMOVSSET, PMUSERENR, PMINTEN* */
	{15, false, 0, 14,  2,  2,  0, 1, sysreg_raz_wi},	/* CNTP_TVAL, CNTP_CTL */
	{15, false, 0, 14,  8, 15,  0, 7, sysreg_raz_wi},	/* PMEVCNTR<n>, PMEVTYPER<n>, PMCCFILTR */
	{15, true,  0,  0,  9,  9,  0, 0, sysreg_raz_wi},	/* PMCCNTR (64-bit) */
	{15, true,  0,  0, 12, 12,  0, 0, sysreg_sgi1r},	/* ICC_SGI1R */
	{15, true,  2,  0, 14, 14,  0, 0, sysreg_raz_wi},	/* CNTP_CVAL */
	{14, false, 0,  1,  1,  1,  4, 4, sysreg_oslsr},	/* DBGOSLSR */
	{14, false, 0,  0,  0, 15,  0, 7, sysreg_raz_wi},	/* DBGDIDR, DBGDSCR, DBGB/WxR, ... */
	{14, false, 0,  1,  0, 15,  0, 7, sysreg_raz_wi},	/* DBGDRAR, DBGOSLAR, DBGOSDLR, DBGPRCR, ... */
	{14, false, 0,  2,  0, 15,  0, 7, sysreg_raz_wi},	/* DBGDSAR */
	{14, false, 0,  7,  0, 15,  0, 7, sysreg_raz_wi},	/* DBGCLAIM*, DBGAUTHSTATUS */
	{14, true,  0,  0,  1,  2,  0, 0, sysreg_raz_wi},	/* DBGDRAR, DBGDSAR (64-bit) */
};
/* clang-format on */

static bool matches(const struct cp_range *r, const struct cp_enc *a)
{
	return r->cp == a->cp && r->wide == a->wide && r->opc1 == a->opc1 && r->crn == a->crn &&
	       a->crm >= r->crm_lo && a->crm <= r->crm_hi && a->opc2 >= r->opc2_lo &&
	       a->opc2 <= r->opc2_hi;
}

/* The ISS fields of the four classes (D13.2.37, B3.13.6): 32-bit forms Opc2
 * [19:17], Opc1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1:
 * read); 64-bit forms Opc1 [19:16], Rt2 [14:10], Rt [9:5], CRm [4:1],
 * Direction. ARMv7's Rt and Rt2 are 4 bits, the next one reserved (0). */
static struct cp_enc decode(u64 esr, unsigned int *rt, unsigned int *rt2)
{
	unsigned int ec = ESR_EC(esr);
	struct cp_enc e = {0};

	e.cp = ec == EC_CP15_32 || ec == EC_CP15_64 ? 15 : 14;
	e.wide = ec == EC_CP15_64 || ec == EC_CP14_64;
	e.crm = (esr >> 1) & 0xf;
	*rt = (esr >> 5) & 0x1f;
	if (e.wide) {
		e.opc1 = (esr >> 16) & 0xf;
		*rt2 = (esr >> 10) & 0x1f;
	} else {
		e.opc1 = (esr >> 14) & 7;
		e.crn = (esr >> 10) & 0xf;
		e.opc2 = (esr >> 17) & 7;
		*rt2 = 0;
	}
	return e;
}

void cp_describe(u64 esr, char *buf, size_t len)
{
	unsigned int rt, rt2;
	struct cp_enc e = decode(esr, &rt, &rt2);
	const char *op = (esr & 1) ? (e.wide ? "MRRC" : "MRC") : (e.wide ? "MCRR" : "MCR");

	if (e.wide)
		fmt_snprintf(buf, len, "%s p%u, %u, r%u, r%u, c%u", op, e.cp, e.opc1, rt, rt2,
			     e.crm);
	else
		fmt_snprintf(buf, len, "%s p%u, %u, r%u, c%u, c%u, %u", op, e.cp, e.opc1, rt, e.crn,
			     e.crm, e.opc2);
}

/* r<rt> of the current mode: false for r15 (as an MCR/MCRR source or an
 * MRRC destination, UNPREDICTABLE; we make it undefined). */
static bool reg_n(const struct vcpu *v, unsigned int r, unsigned int *n)
{
	int x = vcpu_arch_reg32(v, r);
	if (x == AARCH32_PC)
		return false;
	*n = (unsigned int)x;
	return true;
}

bool cp_emulate(struct vcpu *v, u64 esr)
{
	unsigned int rt, rt2, n = 0, n2 = 0;
	struct cp_enc e = decode(esr, &rt, &rt2);
	struct reg_access a = {(esr & 1), 0, 0, 0};
	bool to_flags = !e.wide && a.read && rt == 15; /* MRC to APSR_nzcv */

	if (!to_flags && (!reg_n(v, rt, &n) || (e.wide && !reg_n(v, rt2, &n2))))
		return false;
	if (!a.read)
		a.val = (vcpu_arch_get_reg(v, n) & 0xffffffffULL) |
			(e.wide ? vcpu_arch_get_reg(v, n2) << 32 : 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(ranges); i++) {
		if (!matches(&ranges[i], &e))
			continue;
		if (!ranges[i].access(v, &a))
			return false;
		if (!a.read)
			return true;
		if (to_flags)
			vcpu_arch_set_psr(v, (vcpu_arch_psr(v) & ~0xf0000000ULL) |
						     (a.val & 0xf0000000ULL));
		else
			vcpu_arch_set_reg(v, n, a.val & 0xffffffffULL);
		if (e.wide)
			vcpu_arch_set_reg(v, n2, a.val >> 32);
		return true;
	}
	return false;
}
