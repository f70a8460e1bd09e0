/*
 * AArch32 coprocessor accesses trapped to EL2: MCR/MRC p15 (ESR_EL2.EC 0x03),
 * MCRR/MRRC p15 (0x04), MCR/MRC p14 (0x05), MRRC p14 (0x0c); ISS encodings in
 * ARM ARM D13.2.37 (ESR_EL2). They are the AArch32 encodings (the ARM ARM's
 * AArch32 System register encodings: coproc, opc1, CRn, CRm, opc2) of the
 * registers sysreg_emul.c emulates for AArch64 and trapped by the same
 * HCR_EL2/MDCR_EL2/CNTHCTL_EL2 bits, with the same policy: set/way cache
 * maintenance (HCR_EL2.TSW) completes as a no-op; the PMU (MDCR_EL2.TPM,
 * TPMCR), debug (TDA, TDOSA, TDRA) and the EL1 physical timer (CNTHCTL_EL2.
 * EL1PCEN = 0) read as zero and ignore writes; ICC_SGI1R of a GICv3 guest
 * (trapped by HCR_EL2.IMO) sends the SGI. Everything else (ACTLR under TACR,
 * IMPLEMENTATION DEFINED registers under TIDCP, LDC/STC p14) is undefined.
 */
#include <bulkhead/domain.h>
#include <bulkhead/fmt.h>
#include <arch/aarch32.h>
#include <arch/guest.h>
#include "sysreg_emul.h"

#define EC_CP15_32 0x03
#define EC_CP15_64 0x04
#define EC_CP14_32 0x05
#define EC_CP14_64 0x0c

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

/* The ISS fields of the four classes (D13.2.37): 32-bit forms Opc2 [19:17],
 * Opc1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1: read);
 * 64-bit forms Opc1 [19:16], Rt2 [14:10], Rt [9:5], CRm [4:1], Direction. */
static struct cp_enc decode(u64 esr, unsigned int *rt, unsigned int *rt2)
{
	unsigned int ec = (esr >> 26) & 0x3f;
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

void cp_arch_describe(u64 esr, char *buf, size_t len)
{
	unsigned int rt, rt2;
	struct cp_enc e = decode(esr, &rt, &rt2);
	const char *op = esr & 1 ? (e.wide ? "MRRC" : "MRC") : (e.wide ? "MCRR" : "MCR");

	if (e.wide)
		fmt_snprintf(buf, len, "%s p%u, %u, r%u, r%u, c%u", op, e.cp, e.opc1, rt, rt2,
			     e.crm);
	else
		fmt_snprintf(buf, len, "%s p%u, %u, r%u, c%u, c%u, %u", op, e.cp, e.opc1, rt, e.crn,
			     e.crm, e.opc2);
}

/* r<rt> of the current mode: false for r15 (as an MCR/MCRR source or an
 * MRRC destination, UNPREDICTABLE; we make it undefined). */
static bool reg_x(const struct vcpu *v, unsigned int r, unsigned int *x)
{
	int n = aarch32_reg_x(v->arch.regs.pstate, r);
	if (n == AARCH32_PC)
		return false;
	*x = (unsigned int)n;
	return true;
}

bool cp_arch_emulate(struct vcpu *v, u64 esr)
{
	unsigned int rt, rt2, x = 0, x2 = 0;
	struct cp_enc e = decode(esr, &rt, &rt2);
	struct reg_access a = {esr & 1, 0, 0, 0};
	struct vcpu_regs *r = &v->arch.regs;
	bool to_flags = !e.wide && a.read && rt == 15; /* MRC to APSR_nzcv */

	if (!to_flags && (!reg_x(v, rt, &x) || (e.wide && !reg_x(v, rt2, &x2))))
		return false;
	if (!a.read)
		a.val = (r->x[x] & 0xffffffffULL) | (e.wide ? r->x[x2] << 32 : 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(ranges); i++) {
		if (!matches(&ranges[i], &e))
			continue;
		if (!ranges[i].access(v, &a))
			return false;
		if (!a.read)
			return true;
		if (to_flags)
			r->pstate = (r->pstate & ~0xf0000000ULL) | (a.val & 0xf0000000ULL);
		else
			r->x[x] = a.val & 0xffffffffULL;
		if (e.wide)
			r->x[x2] = a.val >> 32;
		return true;
	}
	return false;
}
