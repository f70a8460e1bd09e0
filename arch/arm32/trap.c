/*
 * An AArch32 guest's synchronous exit on an ARMv7-A host, dispatched by
 * exception class (HSR.EC, ARMv7-A/R ARM B3.13.6). Every class not in the
 * table is reported to the guest as an undefined instruction and logged once
 * per domain; nothing a guest does here can stop the hypervisor.
 */
#include <bulkhead/domain.h>
#include <bulkhead/log.h>
#include <arch/aarch32.h>
#include <arch/guest.h>
#include <arch/guest_exit.h>
#include <arch/syndrome.h>

static void handle_dabt(struct vcpu *v, u64 hsr)
{
	guest_abort_data(v, hsr, v->arch.regs.hdfar, v->arch.regs.hpfar);
}

static void handle_iabt(struct vcpu *v, u64 hsr)
{
	guest_abort_insn(v, hsr, v->arch.regs.hifar, v->arch.regs.hpfar);
}

static void handle_unknown(struct vcpu *v, u64 syndrome)
{
	u32 hsr = (u32)syndrome;

	domain_log_once(v->dom,
			"unhandled exception class 0x%02x (HSR 0x%08x): undefined instruction",
			hsr >> 26, hsr);
	inject_arch_undef(v);
}

typedef void (*exit_handler)(struct vcpu *v, u64 hsr);

static const exit_handler handlers[64] = {
	[EC_WFX] = guest_trap_wfx,    [EC_CP15_32] = guest_trap_cp, [EC_CP15_64] = guest_trap_cp,
	[EC_CP14_32] = guest_trap_cp, [EC_CP14_64] = guest_trap_cp, [EC_HVC32] = guest_trap_hvc,
	[EC_SMC32] = guest_trap_smc,  [EC_IABT_LO] = handle_iabt,   [EC_DABT_LO] = handle_dabt,
};

void trap_arch_guest_sync(struct vcpu *v)
{
	u32 hsr = v->arch.regs.hsr, ec = ESR_EC(hsr);
	exit_handler h = handlers[ec];

	/* An instruction trapped although its condition failed is skipped. */
	if (aarch32_ec_has_cond(ec) && !aarch32_cond_passed(hsr, v->arch.regs.cpsr)) {
		vcpu_arch_skip_insn(v);
		return;
	}
	(h ? h : handle_unknown)(v, hsr);
}
