/* Arch hooks the common vCPU and domain code calls, the same on arm64 and
 * arm32; each arch's <arch/guest.h> includes this and adds its inline
 * register accessors (vcpu_arch_get_reg, vcpu_arch_set_reg, vcpu_arch_skip_insn). */
#ifndef ARCH_GUEST_HOOKS_H
#define ARCH_GUEST_HOOKS_H

#include <bulkhead/domain.h>
#include <bulkhead/types.h>

/* vCPU state */
/* boot: the domain's start (the kernel's boot protocol: x0 = arg0 = DT for
 * AArch64, r2 for AArch32), else a CPU_ON (context ID arg0 in x0/r0). */
void vcpu_arch_reset(struct vcpu *v, u64 entry, u64 arg0, bool boot);
/* Whether this CPU can run a guest's EL1 in AArch32 (a 32-bit kernel), and
 * in AArch64 (an arm64 Image). */
bool guest_arch_aarch32_ok(void);
bool guest_arch_aarch64_ok(void);
/* vcpu_arch_skip_insn(v), in each arch's <arch/guest.h>: past the trapped
 * instruction: 4 bytes in AArch64; 2 or 4 (the syndrome's IL) in AArch32,
 * with the IT state advanced. */
/* How vcpu_arch_get_reg/set_reg name AArch32 register r<r> (0..15) in the
 * vCPU's current mode; AARCH32_PC (arch/aarch32.h) for r15. */
int vcpu_arch_reg32(const struct vcpu *v, unsigned int r);
/* vcpu_arch_psr(v) and vcpu_arch_set_psr(v, psr), in <arch/guest.h>: the
 * guest's PSTATE (SPSR_EL2's view) or CPSR. */
/* The host's ACTLR (its low 32 bits on arm64), what a guest reads there. */
u32 vcpu_arch_actlr(const struct vcpu *v);
void vcpu_arch_load(struct vcpu *v);
void vcpu_arch_put(struct vcpu *v);
/* Each host's guest_entry.S: the world switch (returns enum guest_exit), and
 * the guest's FP/SIMD (VFP) registers. */
int guest_arch_enter(struct vcpu_regs *regs);
void fp_arch_save(struct vcpu_fp *fp);
void fp_arch_restore(const struct vcpu_fp *fp);
/* vcpu_arch_enter(v), in <arch/guest.h>: runs the guest until it exits;
 * returns enum guest_exit. Inline: every exit's round trip takes it. */
/* Handles a synchronous exit. */
void trap_arch_guest_sync(struct vcpu *v);

/* Reporting faults to the guest, as hardware would. */
void inject_arch_undef(struct vcpu *v);
void inject_arch_dabt(struct vcpu *v, u64 addr, bool write);
void inject_arch_iabt(struct vcpu *v, u64 addr);

/* Stage 2 */
int stage2_arch_init(struct domain *d);
void stage2_arch_flush_tlb(struct domain *d);
/* VTCR as every domain's stage 2 uses it (an SMMU walks the same tables). */
u64 stage2_arch_vtcr(void);
/* This CPU's stage-2 controls (VTCR), before it runs vCPUs. */
void stage2_arch_cpu_init(void);

/* Virtual timer of the vCPU loaded on this CPU; vtimer_cpu_init takes its
 * interrupt on this CPU, before it runs vCPUs. */
void vtimer_cpu_init(void);
void vtimer_arch_stop(void);
u64 vtimer_arch_deadline(const struct vcpu *v);
bool vtimer_arch_fired(void);
/* v was just loaded here: a timer that fired while it was away is made its
 * pending interrupt before it runs. */
void vtimer_arch_loaded(struct vcpu *v);
/* Its saved virtual timer off (a parked vCPU). */
void vtimer_arch_forget(struct vcpu *v);

/* Zero page-aligned memory fast (DC ZVA where there is one). */
void mem_arch_zero(void *p, u64 size);

/* Caches: make data written through the hypervisor's cacheable map visible
 * to a guest that starts with its MMU and caches off. */
void cache_arch_clean_inval(u64 start, u64 size);

#endif
