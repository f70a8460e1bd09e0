/*
 * Synchronous exceptions delivered to a guest whose EL1 is AArch32, as the
 * hardware would take them: where they go is arch/arm/aarch32.c's; here the
 * AArch64 registers that hold the AArch32 mode's state while EL2 is AArch64
 * (ARM ARM D1, "Mapping of AArch32 registers to AArch64"): SPSR_und and
 * SPSR_abt; the mode's LR, an X register; DFSR is ESR_EL1, IFSR is
 * IFSR32_EL2, DFAR is FAR_EL1[31:0] and IFAR is FAR_EL1[63:32]. The aborts
 * are synchronous external aborts (no device answered).
 */
#include <bulkhead/domain.h>
#include <arch/aarch32.h>
#include <arch/guest.h>
#include <arch/sysreg.h>

static void enter(struct vcpu *v, enum aarch32_exception e)
{
	struct vcpu_regs *r = &v->arch.regs;
	struct aarch32_entry to;

	aarch32_exception_entry(e, r->pstate, r->pc, read_sysreg(sctlr_el1), read_sysreg(vbar_el1),
				&to);
	if (to.mode == MODE32_ABT)
		write_sysreg(r->pstate & 0xffffffffULL, spsr_abt);
	else
		write_sysreg(r->pstate & 0xffffffffULL, spsr_und);
	r->x[aarch32_reg_x(to.mode, 14)] = to.lr;
	r->pstate = to.psr;
	r->pc = to.pc;
}

void inject32_undef(struct vcpu *v) { enter(v, A32_UNDEF); }

void inject32_dabt(struct vcpu *v, u64 addr, bool write)
{
	u64 far = read_sysreg(far_el1);
	write_sysreg(aarch32_fsr_external(read_sysreg(tcr_el1), write), esr_el1); /* DFSR */
	write_sysreg((far & ~0xffffffffULL) | (addr & 0xffffffffULL), far_el1);
	enter(v, A32_DABT);
}

void inject32_iabt(struct vcpu *v, u64 addr)
{
	u64 far = read_sysreg(far_el1);
	write_sysreg(aarch32_fsr_external(read_sysreg(tcr_el1), false), ifsr32_el2);
	write_sysreg((far & 0xffffffffULL) | (addr << 32), far_el1);
	enter(v, A32_PABT);
}
