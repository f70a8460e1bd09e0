#ifndef BULKHEAD_SELFTEST_H
#define BULKHEAD_SELFTEST_H

#include <bulkhead/types.h>

#ifdef CONFIG_SELFTEST
/* This CPU's EL2 timer interrupt arrives (GIC + timer + vectors work). */
int selftest_timer_local(void);
/* Every online secondary answers an IPI from the boot CPU. */
int selftest_ipi(void);
/* Deliberate EL2 data abort, to prove the exception dump (selftest=abort). */
void __noreturn selftest_abort(void);
#else
/* Not built (Kconfig SELFTEST): nothing is tested, selftest=abort is ignored. */
static inline int selftest_timer_local(void) { return 0; }
static inline int selftest_ipi(void) { return 0; }
static inline void selftest_abort(void) {}
#endif

#endif
