/*
 * A guest's synchronous exits handled alike on arm64 and arm32, after each
 * host's trap.c has dispatched them by exception class (ESR_EL2 and HSR: the
 * same ISS for these classes, arch/syndrome.h; HVC goes straight to
 * smccc.c):
 * - stage-2 aborts: the first touch of a RAM block maps it, a load or store
 *   of one register to an emulated device is emulated (the decoder and the
 *   emulation are inline in <arch/mmio_decode.h>, the fast path), anything
 *   else is reported back to the guest;
 * - WFI/WFE: the ISS's TI field (bits 1:0; ARM ARM D13.2.37, ARMv7-A/R ARM
 *   B3.13.6) is 0 for WFI, which blocks the vCPU until it has work; WFE (and
 *   arm64's WFIT/WFET) just go on;
 * - SMC (trapped by HCR.TSC) goes to the SMCCC dispatcher too, and the PC moves
 *   past the instruction (a trapped SMC's PC points at it);
 * - AArch32 coprocessor accesses go to the shared table (cp_emul.c).
 */
#include <bulkhead/domain.h>
#include <bulkhead/smccc.h>
#include <bulkhead/vcpu_sched.h>
#include <bulkhead/vmmio.h>
#include <arch/guest.h>
#include <arch/guest_exit.h>
#include <arch/mmio_decode.h>
#include <arch/reg_access.h>
#include <arch/syndrome.h>

void guest_abort_data(struct vcpu *v, u64 esr, u64 far, u64 hpfar)
{
	struct mmio_access a;
	bool ok = mmio_decode_dabt(esr, far, hpfar, &a);

	/* First touch of a RAM block: zero and map it, then retry the access.
	 * (An emulated device's accesses are translation faults too: they skip
	 * the call.) */
	if (ISS_FSC_TRANSLATION(esr) && a.ipa - v->dom->ram_ipa < v->dom->ram_size &&
	    !domain_populate(v, a.ipa))
		return;
	/* A 32-bit guest's SRT names a register of its current mode. */
	if (ok && vcpu_arch_in_aarch32(v))
		ok = mmio_decode_aarch32(&a, vcpu_arch_reg32(v, a.rt));
	if (!ok) {
		/* DC by VA on an emulated device: no memory there to maintain. */
		if (a.cm && vmmio_emulates(v->dom, a.ipa)) {
			vcpu_arch_skip_insn(v);
			return;
		}
		domain_log_abort(v->dom, a.why, a.ipa);
		inject_arch_dabt(v, far, a.write);
		return;
	}
	if (!mmio_emulate(v, &a)) {
		domain_log_abort(v->dom,
				 a.write ? "write outside its memory map at"
					 : "read outside its memory map at",
				 a.ipa);
		inject_arch_dabt(v, far, a.write);
		return;
	}
	vcpu_arch_skip_insn(v);
}

void guest_abort_insn(struct vcpu *v, u64 esr, u64 far, u64 hpfar)
{
	u64 ipa = mmio_fault_ipa(far, hpfar);
	if (ISS_FSC_TRANSLATION(esr) && !domain_populate(v, ipa))
		return; /* first touch of a RAM block */
	domain_log_abort(v->dom, "instruction fetch outside its memory at", ipa);
	inject_arch_iabt(v, far);
}

void guest_trap_wfx(struct vcpu *v, u64 syndrome)
{
	if ((syndrome & 3) == 0)
		vcpu_block(v);
	vcpu_arch_skip_insn(v);
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
	bool ldc = ESR_EC(syndrome) == EC_CP14_LS;

	if (ldc || !cp_emulate(v, syndrome)) {
		char insn[48] = "LDC/STC p14";
		if (!ldc)
			cp_describe(syndrome, insn, sizeof(insn));
		domain_log_once(v->dom,
				"AArch32 %s (" ARCH_SYNDROME_NAME " 0x%llx): undefined instruction",
				insn, syndrome);
		inject_arch_undef(v);
		return;
	}
	vcpu_arch_skip_insn(v);
}
