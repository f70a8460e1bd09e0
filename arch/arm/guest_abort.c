/*
 * A guest's stage-2 aborts, the same on arm64 and arm32 (the data abort ISS
 * of ESR_EL2 and HSR agree; arch/arm/mmio_decode.c decodes it): the first
 * touch of a RAM block maps it, a load or store of one register to an
 * emulated device is emulated, anything else is reported back to the guest.
 */
#include <bulkhead/domain.h>
#include <bulkhead/vmmio.h>
#include <arch/guest.h>
#include <arch/guest_abort.h>
#include <arch/mmio_decode.h>

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
