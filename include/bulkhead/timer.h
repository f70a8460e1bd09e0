/* Time for the hypervisor: the system counter in nanoseconds, and one EL2
 * timer event per CPU. */
#ifndef BULKHEAD_TIMER_H
#define BULKHEAD_TIMER_H

#include <bulkhead/types.h>

struct host_timer;

int timer_init(const struct host_timer *t);
void timer_cpu_init(void);
u32 timer_freq(void);
u64 timer_now_ticks(void);
u64 timer_ticks_to_ns(u64 ticks);
u64 timer_ns_to_ticks(u64 ns);
/* Arms this CPU's EL2 timer to fire `ns` from now; fn runs in IRQ context. */
void timer_event_in(u64 ns, void (*fn)(void));
void timer_event_cancel(void);

#endif
