/* What common/vsp805.c calls, on the host: a fake clock (now, in ns), one
 * timer event that records its deadline, and a vGIC line and domain_crash()
 * that record. run_to() moves the clock and fires the armed event at its
 * deadline on the way, as the EL2 timer would. Shared by
 * tests/unit/test_vsp805.c and tests/fuzz/fuzz_vsp805.c; include it in one
 * file of a program, after <bulkhead/domain.h>, <bulkhead/timer.h>,
 * <bulkhead/vsp805.h> and <arch/vgic.h>. SHIM_CHECK(cond) (default: abort()
 * unless cond) checks that the calls concern the watchdog's own domain. */
#ifndef UNIT_SHIM_VSP805_H
#define UNIT_SHIM_VSP805_H

#include <stdlib.h>
#include <string.h>

#include "shim_check.h"

#define NOT_ARMED (~0ULL)

static u64 now;
static struct timer_event *event;
static int crashes, irq_intid;
static bool irq_level;
static const char *crash_why;
static struct domain dom;

u64 timer_now_ns(void) { return now; }

void timer_event_init(struct timer_event *ev, void (*fn)(struct timer_event *ev))
{
	ev->fn = fn;
	ev->next = NULL;
	ev->cpu = -1;
}

void timer_event_arm(struct timer_event *ev, u64 deadline_ns)
{
	ev->deadline = deadline_ns; /* ns here: the fake clock has no ticks */
	ev->cpu = 0;
	event = ev;
}

void timer_event_disarm(struct timer_event *ev) { ev->cpu = -1; }

void vgic_set_level(struct domain *d, u32 intid, bool level)
{
	SHIM_CHECK(d == &dom);
	irq_intid = (int)intid;
	irq_level = level;
}

/* Like the real one: the crash path stops the watchdog (so this also
 * checks that the device lock is not held around the call). */
void domain_crash(struct domain *d, const char *why)
{
	SHIM_CHECK(d == &dom);
	crashes++;
	crash_why = why;
	vsp805_stop(d->wdog);
}

static inline u64 deadline(void) { return event && event->cpu >= 0 ? event->deadline : NOT_ARMED; }

/* Time passes up to t; the armed event fires at its deadline on the way. */
static inline void run_to(u64 t)
{
	while (deadline() <= t) {
		now = MAX(now, deadline());
		event->cpu = -1;
		event->fn(event);
	}
	now = t;
}

static inline void shim_vsp805_reset(void)
{
	memset(&dom, 0, sizeof(dom));
	now = 0;
	event = NULL;
	crashes = 0;
	crash_why = NULL;
	irq_intid = -1;
	irq_level = false;
}

#endif
