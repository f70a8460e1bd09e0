/* A vCPU's architectural state while it is not on a CPU: an AArch32 guest
 * (PL1/PL0) on an ARMv7-A host, HYP mode holding the rest. */
#ifndef ARCH_VCPU_H
#define ARCH_VCPU_H

#include <arch/guest_exit.h>

/* Offsets used by guest_entry.S (struct vcpu_regs). */
#define VCPU_CTX_R	 0	  /* r0..r12 */
#define VCPU_CTX_LR_USR	 (13 * 4) /* LR_usr: HYP mode's own lr */
#define VCPU_CTX_PC	 (14 * 4) /* ELR_hyp */
#define VCPU_CTX_CPSR	 (15 * 4) /* SPSR_hyp */
#define VCPU_CTX_BANKED	 (16 * 4) /* SP_usr, then per mode SP, LR, SPSR; FIQ's r8-r12 */
#define VCPU_CTX_NBANKED 21
#define VCPU_CTX_HOST	 (37 * 4) /* host r4..r11, sp, lr */
#define VCPU_CTX_SYND	 (47 * 4) /* HSR, HDFAR, HIFAR, HPFAR at the exit */
#define VCPU_FP_FPEXC	 256	  /* struct vcpu_fp */

#ifndef __ASSEMBLY__

#include <bulkhead/types.h>

/* The banked registers, in the order guest_entry.S moves them. */
struct vcpu_banked {
	u32 sp_usr;
	u32 sp_svc, lr_svc, spsr_svc;
	u32 sp_abt, lr_abt, spsr_abt;
	u32 sp_und, lr_und, spsr_und;
	u32 sp_irq, lr_irq, spsr_irq;
	u32 r8_fiq, r9_fiq, r10_fiq, r11_fiq, r12_fiq, sp_fiq, lr_fiq, spsr_fiq;
};

struct vcpu_regs {
	u32 r[13]; /* r0..r12 of every mode but FIQ */
	u32 lr_usr;
	u32 pc;	  /* ELR_hyp */
	u32 cpsr; /* SPSR_hyp */
	struct vcpu_banked b;
	u32 host[10];
	/* Exit information, filled by the exit path */
	u32 hsr, hdfar, hifar, hpfar;
};

/* PL1 cp15 state switched with the vCPU (ARMv7-A/R ARM B4.1). */
struct vcpu_sysregs {
	u32 sctlr, actlr, cpacr, ttbcr, dacr, dfsr, ifsr, adfsr, aifsr, dfar, ifar;
	u32 prrr, nmrr, amair0, amair1, vbar, contextidr, tpidrurw, tpidruro, tpidrprw;
	u32 cntkctl, csselr, cntv_ctl;
	u64 ttbr0, ttbr1, par, cntv_cval;
	u32 vmpidr;
};

/* VFPv3/v4 with 32 double registers (Cortex-A15), saved eagerly. */
struct vcpu_fp {
	u64 d[32];
	u32 fpexc, fpscr;
};

struct vcpu_arch {
	struct vcpu_regs regs;
	struct vcpu_sysregs sys;
	struct vcpu_fp fp;
	u32 hcr;
};

_Static_assert(__builtin_offsetof(struct vcpu_regs, lr_usr) == (size_t)VCPU_CTX_LR_USR,
	       "ctx layout");
_Static_assert(__builtin_offsetof(struct vcpu_regs, pc) == (size_t)VCPU_CTX_PC, "ctx layout");
_Static_assert(__builtin_offsetof(struct vcpu_regs, b) == (size_t)VCPU_CTX_BANKED, "ctx layout");
_Static_assert(sizeof(struct vcpu_banked) == VCPU_CTX_NBANKED * 4, "ctx layout");
_Static_assert(__builtin_offsetof(struct vcpu_regs, host) == (size_t)VCPU_CTX_HOST, "ctx layout");
_Static_assert(__builtin_offsetof(struct vcpu_regs, hsr) == (size_t)VCPU_CTX_SYND, "ctx layout");
_Static_assert(__builtin_offsetof(struct vcpu_fp, fpexc) == (size_t)VCPU_FP_FPEXC, "fp layout");

#endif
#endif
