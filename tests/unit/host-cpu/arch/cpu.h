/* The per-CPU primitives of arch/arm64/include/arch/cpu.h on the host, for
 * the unit tests that link common code calling them (test_domain): one
 * CPU, interrupts a flag, barriers compiler-only (the tests are single
 * threaded). First in the include path of those tests only. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <bulkhead/types.h>

#define ARCH_NAME "host"

extern void *host_cpu_percpu;
extern bool host_cpu_irqs_on;

static inline void cpu_arch_wfi(void) {}
static inline void cpu_arch_wfe(void) {}
static inline void cpu_arch_sev(void) {}
static inline void cpu_arch_relax(void) {}
static inline void cpu_arch_irq_enable(void) { host_cpu_irqs_on = true; }
static inline void cpu_arch_irq_disable(void) { host_cpu_irqs_on = false; }
static inline void cpu_arch_irq_window(void) {}
static inline u64 cpu_arch_irq_save(void)
{
	u64 flags = host_cpu_irqs_on;
	host_cpu_irqs_on = false;
	return flags;
}
static inline void cpu_arch_irq_restore(u64 flags) { host_cpu_irqs_on = flags != 0; }
static inline u64 cpu_arch_mpidr(void) { return 0; }
static inline void *cpu_arch_percpu(void) { return host_cpu_percpu; }
static inline void cpu_arch_set_percpu(void *p) { host_cpu_percpu = p; }
static inline void mb(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static inline void wmb(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static inline void smp_mb(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static inline void wmb_ish(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static inline void cpu_arch_dcache_clean(const void *p, size_t len) { (void)p, (void)len; }
void __noreturn cpu_arch_halt(void);

#endif
