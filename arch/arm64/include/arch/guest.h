/* Arch hooks the common vCPU and domain code calls: <arch/guest_hooks.h>,
 * implemented in arch/arm64/vcpu.c, inject.c, trap.c, stage2.c; the register
 * accessors are inline here, with what only arm64 has: guests whose EL1 is
 * AArch32 (inject32.c). */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H

#include <bulkhead/domain.h>
#include <bulkhead/types.h>
#include <arch/guest_hooks.h>

/* Stage-2 input (guest physical) address size: VTCR_EL2.T0SZ 25 (stage2.c): a 3-level walk from
 * level 1. Common code refuses guest addresses at and above 1 << STAGE2_IPA_BITS, which the tables
 * would otherwise alias below it. */
#define STAGE2_IPA_BITS 39

/* The vCPU is in AArch32 state now (EL1 of a 32-bit guest, or the EL0 of a
 * 64-bit one running a 32-bit process). */
static inline bool vcpu_arch_in_aarch32(const struct vcpu *v)
{
	return v->arch.regs.pstate & (1ULL << 4);
}

/* Past the trapped instruction. Inline for AArch64, the path of every
 * emulated MMIO and system register access; trap.c for AArch32. */
void vcpu_arch_skip_insn32(struct vcpu *v);
static inline void vcpu_arch_skip_insn(struct vcpu *v)
{
	if (vcpu_arch_in_aarch32(v))
		vcpu_arch_skip_insn32(v);
	else
		v->arch.regs.pc += 4;
}

/* The saved PSTATE: the CPSR while in AArch32. */
static inline u64 vcpu_arch_psr(const struct vcpu *v) { return v->arch.regs.pstate; }
static inline void vcpu_arch_set_psr(struct vcpu *v, u64 psr) { v->arch.regs.pstate = psr; }

/* The syndrome register's name, for logs. */
#define ARCH_SYNDROME_NAME "ESR"

/* Register n of the guest's x0..x30 (31: XZR, reads 0 and ignores writes).
 * Inline: every trap reads or writes a few of them. In AArch32 state the
 * caller has mapped r<n> to its X register (arch/aarch32.h). */
static inline u64 vcpu_arch_get_reg(struct vcpu *v, unsigned int n)
{
	return n < 31 ? v->arch.regs.x[n] : 0;
}

static inline void vcpu_arch_set_reg(struct vcpu *v, unsigned int n, u64 val)
{
	if (n < 31)
		v->arch.regs.x[n] = val;
}

/* The same for a guest whose EL1 is AArch32 (inject32.c; inject.c picks). */
void inject32_undef(struct vcpu *v);
void inject32_dabt(struct vcpu *v, u64 addr, bool write);
void inject32_iabt(struct vcpu *v, u64 addr);

/* A trapped AArch64 system register access (EC 0x18; sysreg_emul.c): false
 * if none is emulated. */
bool sysreg_arch_emulate(struct vcpu *v, u64 esr);

/* Runs the guest until it exits (guest_entry.S); returns enum guest_exit. */
static inline int vcpu_arch_enter(struct vcpu *v) { return guest_arch_enter(&v->arch.regs); }

#endif
