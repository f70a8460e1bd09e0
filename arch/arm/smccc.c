/* Guest SMCCC calls (DEN0028 SMCCC 1.1): version and arch features here,
 * PSCI in psci_guest.c, and NOT_SUPPORTED (-1) for every other function ID:
 * never an undefined instruction, never a hypervisor fault. */
#include <bulkhead/domain.h>
#include <bulkhead/smccc.h>
#include <arch/guest.h>
#include <arch/guest_exit.h>

#define SMCCC_VERSION	    0x80000000U
#define SMCCC_ARCH_FEATURES 0x80000001U

void smccc_dispatch(struct vcpu *v, u64 fid, const u64 args[3], u64 ret[4])
{
	ret[0] = SMCCC_NOT_SUPPORTED;
	ret[1] = ret[2] = ret[3] = 0;
	if (fid >> 32) /* the upper 32 bits of W0 must be zero (SMCCC 2.5.1) */
		return;
	switch ((u32)fid) {
	case SMCCC_VERSION:
		ret[0] = 0x10001; /* 1.1 */
		return;
	case SMCCC_ARCH_FEATURES:
		/* SMCCC_VERSION and ARCH_FEATURES are there; no workaround calls. */
		ret[0] = ((u32)args[0] == SMCCC_VERSION || (u32)args[0] == SMCCC_ARCH_FEATURES)
				 ? 0
				 : SMCCC_NOT_SUPPORTED;
		return;
	default: psci_guest_call(v, fid, args, ret);
	}
}

/* From AArch32 (HVC32/SMC32), r0-r3 are X0-X3 in every mode with their upper
 * halves UNKNOWN: only the low 32 bits are read, and written back with the
 * upper ones clear. An SMC64 function ID has no meaning there (SMCCC 2.5:
 * the 64-bit convention is AArch64's) and gets NOT_SUPPORTED. */
void smccc_handle(struct vcpu *v)
{
	bool a32 = vcpu_arch_in_aarch32(v);
	u64 mask = a32 ? 0xffffffffULL : ~0ULL, fid = vcpu_arch_get_reg(v, 0) & mask;
	/* Written out, not looped: this is every HVC's path (make bench's micro). */
	u64 args[3] = {vcpu_arch_get_reg(v, 1) & mask, vcpu_arch_get_reg(v, 2) & mask,
		       vcpu_arch_get_reg(v, 3) & mask};
	u64 ret[4] = {SMCCC_NOT_SUPPORTED, 0, 0, 0};

	if (!a32 || !(fid & SMCCC_SMC64))
		smccc_dispatch(v, fid, args, ret);
	vcpu_arch_set_reg(v, 0, ret[0] & mask);
	vcpu_arch_set_reg(v, 1, ret[1] & mask);
	vcpu_arch_set_reg(v, 2, ret[2] & mask);
	vcpu_arch_set_reg(v, 3, ret[3] & mask);
}

/* The guests' PSCI conduit (their DT's /psci says "hvc"), from each host's
 * trap.c: the PC already points past a trapped HVC. */
void guest_trap_hvc(struct vcpu *v, u64 syndrome)
{
	(void)syndrome;
	smccc_handle(v);
}
