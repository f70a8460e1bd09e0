/*
 * Timer events: each CPU keeps its armed events in deadline order and its
 * EL2 timer programmed for the first one. Schedulers, vCPU timers of
 * descheduled vCPUs, watchdogs and console flushes all share the one timer.
 */
#include <bulkhead/smp.h>
#include <bulkhead/spinlock.h>
#include <bulkhead/timer.h>
#include <arch/cpu.h>

static struct timer_event *queue[CONFIG_MAX_CPUS];
static spinlock_t queue_lock[CONFIG_MAX_CPUS];

void timer_event_init(struct timer_event *ev, void (*fn)(struct timer_event *ev))
{
	ev->fn = fn;
	ev->next = NULL;
	ev->cpu = -1;
	ev->lock = (spinlock_t)SPINLOCK_INIT;
}

/* Caller holds queue_lock[cpu]. */
static void unlink(struct timer_event *ev, unsigned int cpu)
{
	for (struct timer_event **pp = &queue[cpu]; *pp; pp = &(*pp)->next) {
		if (*pp == ev) {
			*pp = ev->next;
			break;
		}
	}
	ev->next = NULL;
	ev->cpu = -1;
}

/* Caller holds queue_lock[cpu] and runs on cpu. */
static void reprogram(unsigned int cpu)
{
	if (queue[cpu])
		timer_hw_program(queue[cpu]->deadline);
	else
		timer_hw_stop();
}

/* Caller holds ev->lock. Another CPU's timer may still fire for it:
 * timer_events_expire then finds nothing due, which is harmless. This CPU's
 * timer is reprogrammed unless the caller is about to do it (`rearm`). */
static void disarm_locked(struct timer_event *ev, bool rearm)
{
	int cpu = ev->cpu;
	if (cpu < 0)
		return;
	spin_lock(&queue_lock[cpu]);
	if (ev->cpu == cpu) /* not unlinked by its expiry meanwhile */
		unlink(ev, (unsigned int)cpu);
	if ((unsigned int)cpu == smp_cpu_id() && !rearm)
		reprogram((unsigned int)cpu);
	spin_unlock(&queue_lock[cpu]);
}

/* The locks are also taken in the timer interrupt: IRQs stay masked while
 * one is held on this CPU. Order: ev->lock, then a queue's lock. */
void timer_event_disarm(struct timer_event *ev)
{
	/* Not armed: nothing to take (an arm racing with this on another CPU
	 * would be as if it came just after). Saves the locks on every vCPU load. */
	if (__atomic_load_n(&ev->cpu, __ATOMIC_ACQUIRE) < 0)
		return;
	u64 flags = cpu_arch_irq_save();
	spin_lock(&ev->lock);
	disarm_locked(ev, false);
	spin_unlock(&ev->lock);
	cpu_arch_irq_restore(flags);
}

void timer_event_arm(struct timer_event *ev, u64 deadline_ns)
{
	timer_event_arm_ticks(ev, timer_ns_to_ticks(deadline_ns));
}

void timer_event_arm_ticks(struct timer_event *ev, u64 deadline)
{
	u64 flags = cpu_arch_irq_save();
	unsigned int cpu = smp_cpu_id();
	struct timer_event **pp;

	spin_lock(&ev->lock);
	disarm_locked(ev, true);
	spin_lock(&queue_lock[cpu]);
	ev->deadline = deadline;
	for (pp = &queue[cpu]; *pp && (*pp)->deadline <= ev->deadline; pp = &(*pp)->next)
		;
	ev->next = *pp;
	*pp = ev;
	ev->cpu = (int)cpu;
	reprogram(cpu);
	spin_unlock(&queue_lock[cpu]);
	spin_unlock(&ev->lock);
	cpu_arch_irq_restore(flags);
}

/* From the EL2 timer interrupt: run every event that is due. Each handler
 * runs without the lock, so it may arm or disarm events itself. */
void timer_events_expire(void)
{
	unsigned int cpu = smp_cpu_id();

	for (;;) {
		struct timer_event *ev;
		spin_lock(&queue_lock[cpu]);
		ev = queue[cpu];
		if (!ev || ev->deadline > timer_now_ticks()) {
			reprogram(cpu);
			spin_unlock(&queue_lock[cpu]);
			return;
		}
		unlink(ev, cpu);
		spin_unlock(&queue_lock[cpu]);
		ev->fn(ev);
	}
}
