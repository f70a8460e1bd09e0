/*
 * A guest's synchronous exit, dispatched by exception class (ESR_EL2.EC,
 * ARM ARM D13.2.37). Every class not in the table is reported to the guest as
 * an undefined instruction and logged once per domain; nothing a guest does
 * here can stop the hypervisor.
 */
#include <bulkhead/domain.h>
#include <bulkhead/log.h>
#include <bulkhead/smccc.h>
#include <bulkhead/vcpu_sched.h>
#include <bulkhead/vmmio.h>
#include <arch/guest.h>
#include <arch/guest_abort.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>

#define EC_WFX	   0x01
#define EC_HVC64   0x16
#define EC_SMC64   0x17
#define EC_SYSREG  0x18
#define EC_IABT_LO 0x20
#define EC_DABT_LO 0x24

static u64 esr_of(void) { return read_sysreg(esr_el2); }

static void handle_wfx(struct vcpu *v, u64 esr)
{
	if ((esr & 3) == 0) /* WFI; WFE and WFIT (FEAT_WFxT) just go on */
		vcpu_block(v);
	vcpu_arch_skip_insn(v);
}

static void handle_hvc(struct vcpu *v, u64 esr)
{
	(void)esr;
	smccc_handle(v); /* ELR already points past the HVC */
}

static void handle_smc(struct vcpu *v, u64 esr)
{
	(void)esr;
	smccc_handle(v);
	vcpu_arch_skip_insn(v); /* a trapped SMC returns to itself (D13.2.48 TSC) */
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

/* Stage-2 aborts: arch/arm/guest_abort.c (shared with arm32). */
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
			"unhandled exception class 0x%02llx (ESR 0x%llx): undefined "
			"instruction",
			(esr >> 26) & 0x3f, esr);
	inject_arch_undef(v);
}

typedef void (*exit_handler)(struct vcpu *v, u64 esr);

static const exit_handler handlers[64] = {
	[EC_WFX] = handle_wfx,	     [EC_HVC64] = handle_hvc,	 [EC_SMC64] = handle_smc,
	[EC_SYSREG] = handle_sysreg, [EC_IABT_LO] = handle_iabt, [EC_DABT_LO] = handle_dabt,
};

void trap_arch_guest_sync(struct vcpu *v)
{
	u64 esr = esr_of();
	exit_handler h = handlers[(esr >> 26) & 0x3f];
	if (v->arch.regs.pstate & (1ULL << 4)) {
		/* AArch32 state: not supported yet (16-bit instructions, conditions
		 * and PC-as-register would need their own decoding). */
		domain_log_once(v->dom, "trap from AArch32 state: undefined instruction");
		inject_arch_undef(v);
		return;
	}
	(h ? h : handle_unknown)(v, esr);
}
