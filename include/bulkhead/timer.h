/* Time for the hypervisor: the system counter in nanoseconds, and timer
 * events on each CPU's EL2 timer (common/timer_event.c keeps them in order
 * and programs the timer for the first). */
#ifndef BULKHEAD_TIMER_H
#define BULKHEAD_TIMER_H

#include <bulkhead/spinlock.h>
#include <bulkhead/types.h>

struct host_timer;

int timer_init(const struct host_timer *t);
void timer_cpu_init(void);
u32 timer_freq(void);
u64 timer_now_ticks(void);
u64 timer_ticks_to_ns(u64 ticks);
u64 timer_ns_to_ticks(u64 ns);
u64 timer_now_ns(void);

/* One event: fn runs in IRQ context on the CPU that armed it, once the
 * deadline has passed. The struct lives in the caller's object. */
struct timer_event {
	u64 deadline; /* ticks */
	void (*fn)(struct timer_event *ev);
	struct timer_event *next;
	int cpu;	 /* armed on this CPU; -1 when not armed */
	spinlock_t lock; /* serialises arm and disarm (then a queue's lock) */
};

void timer_event_init(struct timer_event *ev, void (*fn)(struct timer_event *ev));
/* (Re)arms ev on the calling CPU for the absolute time deadline_ns. */
void timer_event_arm(struct timer_event *ev, u64 deadline_ns);
/* The same with the deadline in counter ticks (a guest timer's compare value). */
void timer_event_arm_ticks(struct timer_event *ev, u64 deadline);
/* Disarms ev wherever it is armed (any CPU may call it); no-op if not armed. */
void timer_event_disarm(struct timer_event *ev);

/* Driver side (drivers/timer): program or stop this CPU's EL2 timer, and
 * the queue's entry point from the timer interrupt. */
void timer_hw_program(u64 deadline_ticks);
void timer_hw_stop(void);
void timer_events_expire(void);

#endif
