/* Per-CPU primitives the common code uses; arm64 implementation. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <bulkhead/types.h>
#include <arch/sysreg.h>

#define ARCH_NAME "arm64" /* in the banner */

static inline void cpu_arch_wfi(void) { __asm__ volatile("dsb sy; wfi" : : : "memory"); }
static inline void cpu_arch_wfe(void) { __asm__ volatile("wfe" : : : "memory"); }
static inline void cpu_arch_sev(void) { __asm__ volatile("dsb ishst; sev" : : : "memory"); }
static inline void cpu_arch_relax(void) { __asm__ volatile("yield" : : : "memory"); }
static inline void cpu_arch_irq_enable(void) { __asm__ volatile("msr daifclr, #2" : : : "memory"); }
static inline void cpu_arch_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}
/* Take any interrupt pending now, then mask again: the ISB is the context
 * synchronization after which an unmasked pending IRQ must be taken. */
static inline void cpu_arch_irq_window(void)
{
	__asm__ volatile("msr daifclr, #2; isb; msr daifset, #2" : : : "memory");
}
static inline u64 cpu_arch_irq_save(void)
{
	u64 flags = read_sysreg(daif);
	cpu_arch_irq_disable();
	return flags;
}
static inline void cpu_arch_irq_restore(u64 flags) { write_sysreg(flags, daif); }

/* Affinity fields of MPIDR_EL1 (Aff3 in bits 39:32, Aff2..Aff0 in 23:0). */
static inline u64 cpu_arch_mpidr(void) { return read_sysreg(mpidr_el1) & 0xff00ffffffULL; }

static inline void *cpu_arch_percpu(void) { return (void *)read_sysreg(tpidr_el2); }
static inline void cpu_arch_set_percpu(void *p) { write_sysreg((u64)p, tpidr_el2); }

static inline void mb(void) { dsb(sy); }
static inline void wmb(void) { dsb(st); }
static inline void smp_mb(void) { dmb(ish); }
static inline void wmb_ish(void) { dsb(ishst); }

/* Clean a range to the point of coherency, for data read by a CPU whose MMU
 * and caches are still off (secondary boot). */
static inline void cpu_arch_dcache_clean(const void *p, size_t len)
{
	u64 ctr = read_sysreg(ctr_el0);
	u64 line = 4ULL << ((ctr >> 16) & 0xf);
	u64 a = (u64)p & ~(line - 1);
	for (; a < (u64)p + len; a += line)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	dsb(sy);
}

void __noreturn cpu_arch_halt(void);

#endif
