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
