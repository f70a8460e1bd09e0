/* A vCPU's architectural state while it is not on a CPU (EL1/EL0, AArch64 or
 * AArch32). */
#ifndef ARCH_VCPU_H
#define ARCH_VCPU_H

#include <arch/guest_exit.h>

/* Offsets used by guest_entry.S */
#define VCPU_CTX_X	0 /* x0..x30 */
#define VCPU_CTX_SP_EL0 (31 * 8)
#define VCPU_CTX_PC	(32 * 8)
#define VCPU_CTX_PSTATE (33 * 8)
#define VCPU_CTX_HOST	(34 * 8) /* host callee-saved x19..x30, sp */

#ifndef __ASSEMBLY__

#include <bulkhead/types.h>

struct vcpu_regs {
	u64 x[31];
	u64 sp_el0;
	u64 pc;	    /* ELR_EL2 */
	u64 pstate; /* SPSR_EL2 */
	u64 host[14];
	/* Exit information, filled by the exit path */
	u64 esr, far, hpfar;
};

/* EL1 system registers switched with the vCPU (ARM ARM D13.2). */
struct vcpu_sysregs {
	u64 sctlr, cpacr, ttbr0, ttbr1, tcr, mair, amair, vbar, contextidr;
	u64 tpidr_el0, tpidrro_el0, tpidr_el1, sp_el1, elr_el1, spsr_el1;
	u64 esr_el1, far_el1, afsr0, afsr1, par, cntkctl, csselr, mdscr;
	u64 cntv_ctl, cntv_cval;
	u64 vmpidr;
	/* AArch32 EL1 only */
	u64 dacr32, ifsr32, fpexc32, spsr_abt, spsr_und, spsr_irq, spsr_fiq;
};

struct vcpu_fp {
	__uint128_t v[32];
	u64 fpsr, fpcr;
} __aligned(16);

struct vcpu_arch {
	struct vcpu_regs regs;
	struct vcpu_sysregs sys;
	struct vcpu_fp fp;
	u64 hcr;
};

_Static_assert(__builtin_offsetof(struct vcpu_regs, sp_el0) == (size_t)VCPU_CTX_SP_EL0,
	       "ctx layout");
_Static_assert(__builtin_offsetof(struct vcpu_regs, pc) == (size_t)VCPU_CTX_PC, "ctx layout");
_Static_assert(__builtin_offsetof(struct vcpu_regs, host) == (size_t)VCPU_CTX_HOST, "ctx layout");

#endif
#endif
