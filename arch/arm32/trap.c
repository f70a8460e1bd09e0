/*
 * An AArch32 guest's synchronous exit on an ARMv7-A host, dispatched by
 * exception class (HSR.EC, ARMv7-A/R ARM B3.13.6). Every class not in the
 * table is reported to the guest as an undefined instruction and logged once
 * per domain; nothing a guest does here can stop the hypervisor.
 */
#include <bulkhead/domain.h>
#include <bulkhead/log.h>
#include <bulkhead/smccc.h>
#include <bulkhead/vcpu_sched.h>
#include <arch/guest.h>
#include <arch/guest_abort.h>

#define EC_WFX	   0x01
#define EC_CP15_32 0x03
#define EC_CP15_64 0x04
#define EC_HVC	   0x12
#define EC_SMC	   0x13
#define EC_IABT_LO 0x20
#define EC_DABT_LO 0x24

/* An instruction trapped although its condition failed is skipped (HSR.CV
 * and COND, ISS[24:20], for the classes below 0x10); COND against the
 * guest's N, Z, C, V (A8.3). */
static bool cond_passes(u32 hsr, u32 cpsr)
{
	u32 cond = (hsr >> 20) & 0xf;
	bool n = cpsr >> 31 & 1, z = cpsr >> 30 & 1, c = cpsr >> 29 & 1, ov = cpsr >> 28 & 1;
	bool r;

	if (!(hsr & (1U << 24)) || cond >= 0xe)
		return true;
	switch (cond >> 1) {
	case 0: r = z; break;
	case 1: r = c; break;
	case 2: r = n; break;
	case 3: r = ov; break;
	case 4: r = c && !z; break;
	case 5: r = n == ov; break;
	default: r = n == ov && !z; break;
	}
	return cond & 1 ? !r : r;
}

static void handle_wfx(struct vcpu *v, u32 hsr)
{
	if (!(hsr & 1)) /* WFI; WFE just goes on */
		vcpu_block(v);
	vcpu_arch_skip_insn(v);
}

static void handle_hvc(struct vcpu *v, u32 hsr)
{
	(void)hsr;
	smccc_handle(v); /* ELR_hyp already points past the HVC */
}

static void handle_smc(struct vcpu *v, u32 hsr)
{
	(void)hsr;
	smccc_handle(v);
	vcpu_arch_skip_insn(v); /* a trapped SMC returns to itself (HCR.TSC) */
}

static void handle_cp15(struct vcpu *v, u32 hsr)
{
	if (!sysreg_arch_emulate(v, hsr)) { /* cp15_emul.c */
		if (hsr >> 26 == EC_CP15_64)
			domain_log_once(v->dom,
					"cp15 access (HSR 0x%08x: MCRR/MRRC opc1 %u CRm %u, %s): "
					"undefined instruction",
					hsr, (hsr >> 16) & 0xf, (hsr >> 1) & 0xf,
					hsr & 1 ? "read" : "write");
		else
			domain_log_once(v->dom,
					"cp15 access (HSR 0x%08x: opc1 %u CRn %u CRm %u opc2 %u, "
					"%s): undefined instruction",
					hsr, (hsr >> 14) & 7, (hsr >> 10) & 0xf, (hsr >> 1) & 0xf,
					(hsr >> 17) & 7, hsr & 1 ? "read" : "write");
		inject_arch_undef(v);
		return;
	}
	vcpu_arch_skip_insn(v);
}

static void handle_dabt(struct vcpu *v, u32 hsr)
{
	guest_abort_data(v, hsr, v->arch.regs.hdfar, v->arch.regs.hpfar);
}

static void handle_iabt(struct vcpu *v, u32 hsr)
{
	guest_abort_insn(v, hsr, v->arch.regs.hifar, v->arch.regs.hpfar);
}

static void handle_unknown(struct vcpu *v, u32 hsr)
{
	domain_log_once(v->dom,
			"unhandled exception class 0x%02x (HSR 0x%08x): undefined instruction",
			hsr >> 26, hsr);
	inject_arch_undef(v);
}

typedef void (*exit_handler)(struct vcpu *v, u32 hsr);

static const exit_handler handlers[64] = {
	[EC_WFX] = handle_wfx,	    [EC_CP15_32] = handle_cp15, [EC_CP15_64] = handle_cp15,
	[EC_HVC] = handle_hvc,	    [EC_SMC] = handle_smc,	[EC_IABT_LO] = handle_iabt,
	[EC_DABT_LO] = handle_dabt,
};

void trap_arch_guest_sync(struct vcpu *v)
{
	u32 hsr = v->arch.regs.hsr, ec = hsr >> 26;
	exit_handler h = handlers[ec];

	if (ec < 0x10 && ec != 0 && !cond_passes(hsr, v->arch.regs.cpsr)) {
		vcpu_arch_skip_insn(v);
		return;
	}
	(h ? h : handle_unknown)(v, hsr);
}
