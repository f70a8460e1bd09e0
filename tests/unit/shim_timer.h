/* Time on the host for code that reads the clock and arms timer events
 * (common/log_limit.c, common/console_mux.c): shim_now_ns is the clock the
 * test sets or advances; an armed event only records its deadline, and
 * shim_timer_fire() runs it. Include it in one file of a program, after
 * <bulkhead/timer.h>. shim_last_armed: the event armed last. */
#ifndef UNIT_SHIM_TIMER_H
#define UNIT_SHIM_TIMER_H

static u64 shim_now_ns;
static unsigned int shim_timer_arms;
static struct timer_event *shim_last_armed;

u64 timer_now_ns(void) { return shim_now_ns; }

void timer_event_init(struct timer_event *ev, void (*fn)(struct timer_event *ev))
{
	ev->fn = fn;
	ev->next = NULL;
	ev->cpu = -1;
}

void timer_event_arm(struct timer_event *ev, u64 deadline_ns)
{
	ev->deadline = deadline_ns; /* in ns here: the host has no counter */
	ev->cpu = 0;
	shim_timer_arms++;
	shim_last_armed = ev;
}

void timer_event_disarm(struct timer_event *ev) { ev->cpu = -1; }

/* Runs ev as its deadline would, with the clock moved there. */
static inline void shim_timer_fire(struct timer_event *ev)
{
	if (ev->cpu < 0)
		return;
	if (shim_now_ns < ev->deadline)
		shim_now_ns = ev->deadline;
	ev->cpu = -1;
	ev->fn(ev);
}

#endif
