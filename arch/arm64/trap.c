/*
 * A guest's synchronous exit, dispatched by exception class (ESR_EL2.EC,
 * ARM ARM D13.2.37). Every class not in the table is reported to the guest as
 * an undefined instruction and logged once per domain; nothing a guest does
 * here can stop the hypervisor. Traps from AArch32 state (a 32-bit guest's
 * EL1, or any guest's 32-bit EL0) come with a condition: an instruction that
 * failed it is skipped unexecuted (ISS CV/COND, ARM ARM D13.2.37).
 */
#include <bulkhead/domain.h>
#include <bulkhead/log.h>
#include <bulkhead/vmmio.h>
#include <arch/aarch32.h>
#include <arch/guest.h>
#include <arch/guest_exit.h>
#include <arch/syndrome.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>

static u64 esr_of(void) { return read_sysreg(esr_el2); }

void vcpu_arch_skip_insn32(struct vcpu *v)
{
	struct vcpu_regs *r = &v->arch.regs;

	r->pc = (r->pc + ((r->esr & ESR_IL) ? 4 : 2)) & 0xffffffffULL;
	r->pstate = aarch32_it_advance(r->pstate);
}

static void handle_sysreg(struct vcpu *v, u64 esr)
{
	if (!sysreg_arch_emulate(v, esr)) { /* the table: sysreg_emul.c */
		domain_log_once(
			v->dom,
			"system register access op0=%llu op1=%llu CRn=%llu CRm=%llu op2=%llu "
			"(%s): undefined instruction",
			(esr >> 20) & 3, (esr >> 14) & 7, (esr >> 10) & 0xf, (esr >> 1) & 0xf,
			(esr >> 17) & 7, esr & 1 ? "read" : "write");
		inject_arch_undef(v);
		return;
	}
	vcpu_arch_skip_insn(v);
}

/* Stage-2 aborts: arch/arm/guest_exit.c (shared with arm32). */
static void handle_dabt(struct vcpu *v, u64 esr)
{
	guest_abort_data(v, esr, read_sysreg(far_el2), read_sysreg(hpfar_el2));
}

static void handle_iabt(struct vcpu *v, u64 esr)
{
	guest_abort_insn(v, esr, read_sysreg(far_el2), read_sysreg(hpfar_el2));
}

static void handle_unknown(struct vcpu *v, u64 esr)
{
	domain_log_once(v->dom,
			"unhandled exception class 0x%02x (ESR 0x%llx): undefined "
			"instruction",
			ESR_EC(esr), esr);
	inject_arch_undef(v);
}

typedef void (*exit_handler)(struct vcpu *v, u64 esr);

static const exit_handler handlers[64] = {
	[EC_WFX] = guest_trap_wfx,    [EC_CP15_32] = guest_trap_cp, [EC_CP15_64] = guest_trap_cp,
	[EC_CP14_32] = guest_trap_cp, [EC_CP14_LS] = guest_trap_cp, [EC_CP14_64] = guest_trap_cp,
	[EC_HVC32] = guest_trap_hvc,  [EC_SMC32] = guest_trap_smc,  [EC_HVC64] = guest_trap_hvc,
	[EC_SMC64] = guest_trap_smc,  [EC_SYSREG] = handle_sysreg,  [EC_IABT_LO] = handle_iabt,
	[EC_DABT_LO] = handle_dabt,
};

void trap_arch_guest_sync(struct vcpu *v)
{
	u64 esr = esr_of();
	unsigned int ec = ESR_EC(esr);
	exit_handler h = handlers[ec];

	v->arch.regs.esr = esr; /* ESR.IL: how far vcpu_arch_skip_insn goes */
	if (vcpu_arch_in_aarch32(v) && aarch32_ec_has_cond(ec) &&
	    !aarch32_cond_passed(esr, v->arch.regs.pstate)) {
		vcpu_arch_skip_insn(v);
		return;
	}
	(h ? h : handle_unknown)(v, esr);
}
