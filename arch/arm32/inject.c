/* Exceptions delivered to an AArch32 guest's PL1, as an ARMv7 CPU would take
 * them: where they go is arch/arm/aarch32.c's (ARMv7-A/R ARM B1.8.3); here
 * the banked LR and SPSR of the target mode and the fault registers. The
 * guest's cp15 state is loaded while its traps are handled, so it is read
 * and written in place. The aborts are synchronous external aborts (no
 * device answered). */
#include <bulkhead/domain.h>
#include <arch/aarch32.h>
#include <arch/guest.h>
#include <arch/sysreg.h>

static void take(struct vcpu *v, enum aarch32_exception e)
{
	struct vcpu_regs *r = &v->arch.regs;
	struct vcpu_banked *b = &r->b;
	struct aarch32_entry to;

	aarch32_exception_entry(e, r->cpsr, r->pc, read_cp32(SCTLR), read_cp32(VBAR), &to);
	if (to.mode == MODE32_UND) {
		b->lr_und = (u32)to.lr;
		b->spsr_und = r->cpsr;
	} else {
		b->lr_abt = (u32)to.lr;
		b->spsr_abt = r->cpsr;
	}
	r->cpsr = (u32)to.psr;
	r->pc = (u32)to.pc;
}

void inject_arch_undef(struct vcpu *v) { take(v, A32_UNDEF); }

void inject_arch_dabt(struct vcpu *v, u64 addr, bool write)
{
	write_cp32((u32)aarch32_fsr_external(read_cp32(TTBCR), write), DFSR);
	write_cp32((u32)addr, DFAR);
	take(v, A32_DABT);
}

void inject_arch_iabt(struct vcpu *v, u64 addr)
{
	write_cp32((u32)aarch32_fsr_external(read_cp32(TTBCR), false), IFSR);
	write_cp32((u32)addr, IFAR);
	take(v, A32_PABT);
}
