/* Per-CPU primitives the common code uses; arm32 (ARMv7-A, HYP mode) implementation. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <bulkhead/types.h>
#include <arch/sysreg.h>

#define ARCH_NAME "arm32" /* in the banner */

static inline void cpu_arch_wfi(void) { __asm__ volatile("dsb sy; wfi" : : : "memory"); }
static inline void cpu_arch_wfe(void) { __asm__ volatile("wfe" : : : "memory"); }
static inline void cpu_arch_sev(void) { __asm__ volatile("dsb ishst; sev" : : : "memory"); }
static inline void cpu_arch_relax(void) { __asm__ volatile("yield" : : : "memory"); }
static inline void cpu_arch_irq_enable(void) { __asm__ volatile("cpsie i" : : : "memory"); }
static inline void cpu_arch_irq_disable(void) { __asm__ volatile("cpsid i" : : : "memory"); }
/* Take any interrupt pending now, then mask again (ISB: see arm64's). */
static inline void cpu_arch_irq_window(void)
{
	__asm__ volatile("cpsie i; isb; cpsid i" : : : "memory");
}
static inline u64 cpu_arch_irq_save(void)
{
	u32 flags;
	__asm__ volatile("mrs %0, cpsr" : "=r"(flags));
	cpu_arch_irq_disable();
	return flags;
}
/* Only the I bit comes back: the rest of the CPSR is not the caller's to restore. */
static inline void cpu_arch_irq_restore(u64 flags)
{
	if (flags & (1U << 7))
		cpu_arch_irq_disable();
	else
		cpu_arch_irq_enable();
}

/* Affinity fields of MPIDR (Aff2..Aff0; AArch32 has no Aff3). */
static inline u64 cpu_arch_mpidr(void) { return read_cp32(MPIDR) & 0xffffffU; }

static inline void *cpu_arch_percpu(void) { return (void *)(uintptr_t)read_cp32(HTPIDR); }
static inline void cpu_arch_set_percpu(void *p) { write_cp32((uintptr_t)p, HTPIDR); }

static inline void mb(void) { dsb(sy); }
static inline void wmb(void) { dsb(st); }
static inline void smp_mb(void) { dmb(ish); }
static inline void wmb_ish(void) { dsb(ishst); }

/* Smallest data cache line (CTR.DminLine, log2 of words). */
static inline u32 cpu_arch_dline(void) { return 4U << ((read_cp32(CTR) >> 16) & 0xf); }

/* Clean a range to the point of coherency, for data read by a CPU whose MMU
 * and caches are still off (secondary boot). */
static inline void cpu_arch_dcache_clean(const void *p, size_t len)
{
	u32 line = cpu_arch_dline();
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(line - 1);
	for (; a < (uintptr_t)p + len; a += line)
		write_cp32(a, DCCMVAC);
	dsb(sy);
}

void __noreturn cpu_arch_halt(void);

#endif
