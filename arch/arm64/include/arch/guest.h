/* Arch hooks the common vCPU and domain code calls (arm64 implementation in
 * arch/arm64/vcpu.c, inject.c, trap.c, stage2.c). */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H

#include <bulkhead/domain.h>
#include <bulkhead/types.h>

/* vCPU state */
void vcpu_arch_reset(struct vcpu *v, u64 entry, u64 arg0);
void vcpu_arch_load(struct vcpu *v);
void vcpu_arch_put(struct vcpu *v);
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
/* Runs the guest until it exits; returns enum guest_exit. */
int vcpu_arch_enter(struct vcpu *v);
/* Handles a synchronous exit (trap.c). */
void trap_arch_guest_sync(struct vcpu *v);

/* Reporting faults to the guest, as hardware would (inject.c). */
void inject_arch_undef(struct vcpu *v);
void inject_arch_dabt(struct vcpu *v, u64 addr, bool write);
void inject_arch_iabt(struct vcpu *v, u64 addr);

/* Stage 2 (stage2.c) */
int stage2_arch_init(struct domain *d);
void stage2_arch_flush_tlb(struct domain *d);
/* VTCR_EL2 as every domain's stage 2 uses it (the SMMUs walk the same tables). */
u64 stage2_arch_vtcr(void);

/* Virtual timer of the vCPU loaded on this CPU. */
void vtimer_arch_stop(void);
u64 vtimer_arch_deadline(const struct vcpu *v);
bool vtimer_arch_fired(void);
/* Its saved virtual timer off (a parked vCPU). */
void vtimer_arch_forget(struct vcpu *v);
/* A trapped system register access (EC 0x18): false if none is emulated. */
bool sysreg_arch_emulate(struct vcpu *v, u64 esr);

/* Zero page-aligned memory fast (DC ZVA). */
void mem_arch_zero(void *p, u64 size);

/* Caches: make data written through the hypervisor's cacheable map visible
 * to a guest that starts with its MMU and caches off. */
void cache_arch_clean_inval(u64 start, u64 size);

#endif
