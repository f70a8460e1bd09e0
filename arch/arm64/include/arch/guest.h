/* Arch hooks the common vCPU and domain code calls (arm64 implementation in
 * arch/arm64/vcpu.c, inject.c, trap.c, stage2.c). */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H

#include <bulkhead/domain.h>
#include <bulkhead/types.h>

/* vCPU state */
/* boot: the domain's start (the kernel's boot protocol: x0 = arg0 = DT for
 * AArch64, r2 for AArch32), else a CPU_ON (context ID arg0 in x0/r0). */
void vcpu_arch_reset(struct vcpu *v, u64 entry, u64 arg0, bool boot);
/* Whether this CPU can run a guest's EL1 in AArch32 (a 32-bit kernel). */
bool guest_arch_aarch32_ok(void);
/* The vCPU is in AArch32 state now (EL1 of a 32-bit guest, or the EL0 of a
 * 64-bit one running a 32-bit process). */
static inline bool vcpu_arch_in_aarch32(const struct vcpu *v)
{
	return v->arch.regs.pstate & (1ULL << 4);
}
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

/* Past the trapped instruction (trap.c): 4 bytes in AArch64; 2 or 4 (ESR.IL)
 * in AArch32, with the IT state advanced. */
void vcpu_arch_skip_insn(struct vcpu *v);
/* Runs the guest until it exits; returns enum guest_exit. */
int vcpu_arch_enter(struct vcpu *v);
/* Handles a synchronous exit (trap.c). */
void trap_arch_guest_sync(struct vcpu *v);

/* Reporting faults to the guest, as hardware would (inject.c). */
void inject_arch_undef(struct vcpu *v);
void inject_arch_dabt(struct vcpu *v, u64 addr, bool write);
void inject_arch_iabt(struct vcpu *v, u64 addr);
/* The same for a guest whose EL1 is AArch32 (inject32.c; inject.c picks). */
void inject32_undef(struct vcpu *v);
void inject32_dabt(struct vcpu *v, u64 addr, bool write);
void inject32_iabt(struct vcpu *v, u64 addr);

/* Stage 2 (stage2.c) */
int stage2_arch_init(struct domain *d);
void stage2_arch_flush_tlb(struct domain *d);

/* Virtual timer of the vCPU loaded on this CPU. */
void vtimer_arch_stop(void);
u64 vtimer_arch_deadline(const struct vcpu *v);
bool vtimer_arch_fired(void);
/* Its saved virtual timer off (a parked vCPU). */
void vtimer_arch_forget(struct vcpu *v);
/* A trapped system register access (EC 0x18): false if none is emulated. */
bool sysreg_arch_emulate(struct vcpu *v, u64 esr);
/* A trapped AArch32 MCR/MRC/MCRR/MRRC on p15 or p14 (EC 0x03, 0x04, 0x05,
 * 0x0c; cp_emul.c): false if none is emulated. */
bool cp_arch_emulate(struct vcpu *v, u64 esr);
/* That access as the instruction, "MRC p15, 0, r0, c9, c12, 0", for logs. */
void cp_arch_describe(u64 esr, char *buf, size_t len);

/* Zero page-aligned memory fast (DC ZVA). */
void mem_arch_zero(void *p, u64 size);

/* Caches: make data written through the hypervisor's cacheable map visible
 * to a guest that starts with its MMU and caches off. */
void cache_arch_clean_inval(u64 start, u64 size);

#endif
