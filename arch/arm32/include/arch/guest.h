/* Arch hooks the common vCPU and domain code calls: <arch/guest_hooks.h>,
 * implemented in arch/arm32/vcpu.c, trap.c, inject.c, stage2.c; the register
 * accessors are inline here. */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H

#include <bulkhead/domain.h>
#include <bulkhead/types.h>
#include <arch/guest_hooks.h>

/* Stage-2 input (guest physical) address size: VTCR.T0SZ 0 (stage2.c). Common code
 * refuses guest addresses at and above 1 << STAGE2_IPA_BITS, which the
 * tables would otherwise alias below it. */
#define STAGE2_IPA_BITS 32

void vcpu_arch_skip_insn(struct vcpu *v); /* vcpu.c */

/* Register n (r0..r14) as the guest's current mode sees it: FIQ mode has its
 * own r8..r12, every mode but User/System its own SP and LR (vcpu.c). */
u32 *vcpu_arch_reg(struct vcpu *v, unsigned int n);

static inline u64 vcpu_arch_get_reg(struct vcpu *v, unsigned int n)
{
	return n < 15 ? *vcpu_arch_reg(v, n) : 0;
}

static inline void vcpu_arch_set_reg(struct vcpu *v, unsigned int n, u64 val)
{
	if (n < 15)
		*vcpu_arch_reg(v, n) = (u32)val;
}

/* Every guest of an ARMv7 host runs in AArch32 state. */
static inline bool vcpu_arch_in_aarch32(const struct vcpu *v)
{
	(void)v;
	return true;
}

/* The guest's CPSR. */
static inline u64 vcpu_arch_psr(const struct vcpu *v) { return v->arch.regs.cpsr; }
static inline void vcpu_arch_set_psr(struct vcpu *v, u64 psr) { v->arch.regs.cpsr = (u32)psr; }

/* The syndrome register's name, for logs. */
#define ARCH_SYNDROME_NAME "HSR"

/* Runs the guest until it exits (guest_entry.S); returns enum guest_exit. */
static inline int vcpu_arch_enter(struct vcpu *v) { return guest_arch_enter(&v->arch.regs); }

#endif
