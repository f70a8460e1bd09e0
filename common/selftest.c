/* Boot-time checks of interrupt delivery: the ready line is printed only when
 * every CPU has taken its own timer interrupt and answered an IPI. */
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/panic.h>
#include <bulkhead/selftest.h>
#include <bulkhead/smp.h>
#include <bulkhead/timer.h>
#include <arch/cpu.h>
#include <arch/layout.h>

#define WAIT_NS (200ULL * 1000 * 1000)

static void timer_fired(struct timer_event *ev)
{
	(void)ev;
	smp_pcpu(smp_cpu_id())->timer_fired = true;
}

static bool wait_flag(const volatile bool *flag)
{
	u64 end = timer_now_ticks() + timer_ns_to_ticks(WAIT_NS);
	while (!*flag) {
		if (timer_now_ticks() > end)
			return false;
		cpu_arch_relax();
	}
	return true;
}

int selftest_timer_local(void)
{
	struct pcpu *me = smp_pcpu(smp_cpu_id());
	static struct timer_event ev[CONFIG_MAX_CPUS];
	me->timer_fired = false;
	timer_event_init(&ev[me->id], timer_fired);
	timer_event_arm(&ev[me->id], timer_now_ns() + 100 * 1000ULL);
	if (!wait_flag(&me->timer_fired)) {
		log_err("selftest: EL2 timer interrupt did not arrive on CPU %u", me->id);
		return -E_TIMEOUT;
	}
	return 0;
}

int selftest_ipi(void)
{
	int rc = 0;
	for (unsigned int cpu = 1; cpu < smp_cpu_count(); cpu++) {
		struct pcpu *p = smp_pcpu(cpu);
		u32 before = p->pings;
		u64 end;
		if (!p->online)
			continue;
		irq_send_ipi(cpu, IPI_PING);
		end = timer_now_ticks() + timer_ns_to_ticks(WAIT_NS);
		while (p->pings == before && timer_now_ticks() < end)
			cpu_arch_relax();
		if (p->pings == before) {
			log_err("selftest: CPU %u did not answer an IPI", cpu);
			rc = -E_TIMEOUT;
		}
	}
	return rc;
}

void __noreturn selftest_abort(void)
{
	/* Far above any RAM this map covers: a translation fault at EL2/HYP. */
	volatile u64 *unmapped = (volatile u64 *)(uintptr_t)SELFTEST_UNMAPPED_VA;
	log_notice("selftest: reading unmapped address %p", (void *)unmapped);
	(void)*unmapped;
	panic("selftest: the read of an unmapped address did not fault");
}
