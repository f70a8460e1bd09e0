/* Arch hooks the common vCPU and domain code calls: <arch/guest_hooks.h>,
 * implemented in arch/arm32/guest.c; the register accessors are inline here. */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H

#include <bulkhead/domain.h>
#include <bulkhead/types.h>
#include <arch/guest_hooks.h>

/* Register n (r0..r14) as the guest's current mode sees it; 15 and up read 0. */
static inline u64 vcpu_arch_get_reg(struct vcpu *v, unsigned int n)
{
	return n < 15 ? v->arch.regs.r[n] : 0;
}

static inline void vcpu_arch_set_reg(struct vcpu *v, unsigned int n, u64 val)
{
	if (n < 15)
		v->arch.regs.r[n] = (u32)val;
}

/* HSR.IL is 0 for a trapped 16-bit Thumb instruction. */
static inline void vcpu_arch_skip_insn(struct vcpu *v)
{
	v->arch.regs.pc += (v->arch.regs.hsr >> 25) & 1 ? 4 : 2;
}

#endif
