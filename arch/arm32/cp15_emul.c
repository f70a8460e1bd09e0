/*
 * cp15 accesses a guest makes that trap to HYP mode (HSR EC 0x03, MCR/MRC,
 * and 0x04, MCRR/MRRC; ARMv7-A/R ARM B3.13.6):
 * - with HCR.TAC, ACTLR, whose bits are IMPLEMENTATION DEFINED and the whole
 *   CPU's: reads see the host's value, writes are ignored;
 * - with HDCR.TPM, the performance monitors (CRn 9, CRm 12..14): a guest
 *   has none (its DT has no PMU node), so they read as zero and ignore
 *   writes, and no domain sees another's events or the host's counters;
 * - a GICv3 guest's ICC_SGI1R (MCRR p15, 0, c12), which always traps: its
 *   SGIs go through the vGIC (arch/arm/vgic/vgic-v3.c);
 * - with HDCR.TDA, TDOSA and TDRA, the cp14 debug registers (MRC/MCR p14,
 *   opc1 0, EC 0x05; MRRC p14, EC 0x0c; B3.17.x): they are not switched
 *   between vCPUs, so a guest has no debug hardware. They read as zero and
 *   ignore writes, DBGOSLSR says the OS lock is implemented and clear (the
 *   policy arch/arm64/cp_emul.c has for AArch32 guests), and Linux then finds
 *   debug architecture 0 (no breakpoints). LDC/STC p14 (EC 0x06) and the
 *   trace registers (opc1 1, HCPTR.TTA) are undefined.
 */
#include <bulkhead/domain.h>
#include <arch/guest.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>

#define EC_CP15_32 0x03
#define EC_CP15_64 0x04
#define EC_CP14_32 0x05
#define EC_CP14_64 0x0c

/* MCR/MRC ISS: Opc2[19:17], Opc1[16:14], CRn[13:10], Rt[8:5], CRm[4:1],
 * Direction[0] (1: read). MCRR/MRRC ISS: Opc1[19:16], Rt2[14:10], Rt[8:5],
 * CRm[4:1], Direction[0]. */
#define CP32_KEY(opc1, crn, crm, opc2)                                                             \
	(((opc2) << 17) | ((opc1) << 14) | ((crn) << 10) | ((crm) << 1))
#define CP32_KEY_MASK	    CP32_KEY(7U, 15U, 15U, 7U)
#define CP64_KEY(opc1, crm) (((opc1) << 16) | ((crm) << 1))
#define CP64_KEY_MASK	    CP64_KEY(15U, 15U)
#define ISS_RT(esr)	    ((unsigned int)((esr) >> 5) & 0xf)
#define ISS_RT2(esr)	    ((unsigned int)((esr) >> 10) & 0xf)
#define ISS_READ(esr)	    ((esr)&1)

/* PMU: opc1 0, CRn 9, CRm 12..14. */
static bool is_pmu(u64 esr)
{
	unsigned int crm = (esr >> 1) & 0xf;
	return (esr & CP32_KEY(7U, 15U, 0U, 0U)) == CP32_KEY(0U, 9U, 0U, 0U) && crm >= 12 &&
	       crm <= 14;
}

static bool emulate32(struct vcpu *v, u64 esr)
{
	if (is_pmu(esr)) {
		if (ISS_READ(esr))
			vcpu_arch_set_reg(v, ISS_RT(esr), 0);
		return true;
	}
	switch (esr & CP32_KEY_MASK) {
	case CP32_KEY(0U, 1U, 0U, 1U): /* ACTLR */
		if (ISS_READ(esr))
			vcpu_arch_set_reg(v, ISS_RT(esr), v->arch.sys.actlr);
		return true;
	default: return false;
	}
}

static bool emulate64(struct vcpu *v, u64 esr)
{
	switch (esr & CP64_KEY_MASK) {
	case CP64_KEY(0U, 12U): /* ICC_SGI1R: Rt bits 31:0, Rt2 bits 63:32 */
		if (ISS_READ(esr) || v->dom->vgic.version != 3)
			return false;
		vgic_v3_write_sgi1r(v, vcpu_arch_get_reg(v, ISS_RT(esr)) |
					       vcpu_arch_get_reg(v, ISS_RT2(esr)) << 32);
		return true;
	default: return false;
	}
}

/* MRC/MCR p14, opc1 0: CRn 0, 1, 2 and 7 hold the debug registers (DBGDIDR,
 * DBGB/WxR, DBGOSLAR/DBGOSLSR/DBGOSDLR/DBGPRCR, DBGDSAR, DBGCLAIM*, ...). */
static bool debug32(struct vcpu *v, u64 esr)
{
	unsigned int crn = (esr >> 10) & 0xf;
	u32 val = 0;

	if ((esr >> 14) & 7) /* opc1 1: trace */
		return false;
	if ((esr & CP32_KEY_MASK) == CP32_KEY(0U, 1U, 1U, 4U)) /* DBGOSLSR: OSLM 0b10 */
		val = 1U << 3;
	else if (crn != 0 && crn != 1 && crn != 2 && crn != 7)
		return false;
	if (ISS_READ(esr)) {
		if (ISS_RT(esr) == 15) /* MRC to APSR_nzcv: flags from val[31:28] */
			return false;
		vcpu_arch_set_reg(v, ISS_RT(esr), val);
	}
	return true;
}

/* MRRC p14, opc1 0, CRm 1 and 2: DBGDRAR, DBGDSAR (64-bit): no debug ROM. */
static bool debug64(struct vcpu *v, u64 esr)
{
	unsigned int crm = (esr >> 1) & 0xf;
	if (((esr >> 16) & 0xf) || (crm != 1 && crm != 2) || !ISS_READ(esr))
		return false;
	vcpu_arch_set_reg(v, ISS_RT(esr), 0);
	vcpu_arch_set_reg(v, ISS_RT2(esr), 0);
	return true;
}

bool sysreg_arch_emulate(struct vcpu *v, u64 esr)
{
	switch ((esr >> 26) & 0x3f) {
	case EC_CP15_32: return emulate32(v, esr);
	case EC_CP15_64: return emulate64(v, esr);
	case EC_CP14_32: return debug32(v, esr);
	case EC_CP14_64: return debug64(v, esr);
	default: return false;
	}
}
