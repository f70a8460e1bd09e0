/*
 * WFI/WFE, HVC and SMC from a guest, the same on arm64 and arm32: the ISS's
 * TI field (bits 1:0; ARM ARM D13.2.37, ARMv7-A/R ARM B3.13.6) is 0 for WFI,
 * which blocks the vCPU until it has work; WFE (and arm64's WFIT/WFET) just
 * go on. Both calls go to the SMCCC dispatcher; the PC already points past a
 * trapped HVC, while a trapped SMC (HCR.TSC) returns to itself.
 */
#include <bulkhead/smccc.h>
#include <bulkhead/vcpu_sched.h>
#include <arch/guest.h>
#include <arch/guest_trap.h>
#include <arch/reg_access.h>
#include <arch/syndrome.h>

void guest_trap_wfx(struct vcpu *v, u64 syndrome)
{
	if ((syndrome & 3) == 0)
		vcpu_block(v);
	vcpu_arch_skip_insn(v);
}

void guest_trap_hvc(struct vcpu *v, u64 syndrome)
{
	(void)syndrome;
	smccc_handle(v);
}

void guest_trap_smc(struct vcpu *v, u64 syndrome)
{
	(void)syndrome;
	smccc_handle(v);
	vcpu_arch_skip_insn(v);
}

/* MCR/MRC/MCRR/MRRC on p15 and p14 (cp_emul.c); LDC/STC on p14 (debug
 * transfers) are never emulated. */
void guest_trap_cp(struct vcpu *v, u64 syndrome)
{
	char insn[48] = "LDC/STC p14";

	if (ESR_EC(syndrome) == EC_CP14_LS || !cp_emulate(v, syndrome)) {
		if (ESR_EC(syndrome) != EC_CP14_LS)
			cp_describe(syndrome, insn, sizeof(insn));
		domain_log_once(v->dom,
				"AArch32 %s (" ARCH_SYNDROME_NAME " 0x%llx): undefined instruction",
				insn, syndrome);
		inject_arch_undef(v);
		return;
	}
	vcpu_arch_skip_insn(v);
}
