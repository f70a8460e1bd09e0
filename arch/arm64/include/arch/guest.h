/* Arch hooks the common vCPU and domain code calls: <arch/guest_hooks.h>,
 * implemented in arch/arm64/vcpu.c, inject.c, trap.c, stage2.c; the register
 * accessors are inline here. */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H

#include <bulkhead/domain.h>
#include <bulkhead/types.h>
#include <arch/guest_hooks.h>

/* Register n of the guest's x0..x30 (31: XZR, reads 0 and ignores writes).
 * Inline: every trap reads or writes a few of them. */
static inline u64 vcpu_arch_get_reg(struct vcpu *v, unsigned int n)
{
	return n < 31 ? v->arch.regs.x[n] : 0;
}

static inline void vcpu_arch_set_reg(struct vcpu *v, unsigned int n, u64 val)
{
	if (n < 31)
		v->arch.regs.x[n] = val;
}

static inline void vcpu_arch_skip_insn(struct vcpu *v) { v->arch.regs.pc += 4; }

#endif
