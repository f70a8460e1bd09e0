/* cp15 accesses a guest makes that trap to HYP mode (HSR EC 0x03, MCR/MRC):
 * with HCR.TAC, ACTLR, whose bits are IMPLEMENTATION DEFINED and the whole
 * CPU's: reads see the host's value, writes are ignored. */
#include <bulkhead/domain.h>
#include <arch/guest.h>
#include <arch/sysreg.h>

#define EC_CP15_32 0x03

/* ISS of an MCR/MRC trap (B3.13.6): Opc2[19:17], Opc1[16:14], CRn[13:10],
 * Rt[8:5], CRm[4:1], Direction[0] (1: read). */
#define CP15_KEY(opc1, crn, crm, opc2)                                                             \
	(((opc2) << 17) | ((opc1) << 14) | ((crn) << 10) | ((crm) << 1))
#define CP15_KEY_MASK CP15_KEY(7U, 15U, 15U, 7U)
#define ISS_RT(esr)   (((esr) >> 5) & 0xf)
#define ISS_READ(esr) ((esr)&1)

bool sysreg_arch_emulate(struct vcpu *v, u64 esr)
{
	if (((esr >> 26) & 0x3f) != EC_CP15_32)
		return false;
	switch (esr & CP15_KEY_MASK) {
	case CP15_KEY(0U, 1U, 0U, 1U): /* ACTLR */
		if (ISS_READ(esr))
			vcpu_arch_set_reg(v, ISS_RT(esr), v->arch.sys.actlr);
		return true;
	default: return false;
	}
}
