/* ARM generic timer (ARM ARM D11): the system counter is the time base; the
 * EL2 physical timer (CNTHP, its PPI from the DT's 4th timer interrupt)
 * gives the hypervisor its own events, leaving CNTV to guests. */
#include <bulkhead/hostdt.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/smp.h>
#include <bulkhead/timer.h>
#include <arch/timer.h>

static u32 freq;
static u32 hyp_irq;

u32 timer_freq(void) { return freq; }
u64 timer_now_ticks(void) { return timer_arch_counter(); }
u64 timer_now_ns(void) { return timer_ticks_to_ns(timer_arch_counter()); }

/* Split so that neither product overflows 64 bits for any counter value. */
u64 timer_ticks_to_ns(u64 t) { return t / freq * 1000000000ULL + t % freq * 1000000000ULL / freq; }
u64 timer_ns_to_ticks(u64 ns)
{
	return ns / 1000000000ULL * freq + ns % 1000000000ULL * freq / 1000000000ULL;
}

static void timer_irq(u32 intid)
{
	(void)intid;
	timer_arch_hyp_stop(); /* the level-triggered PPI drops with ENABLE clear */
	timer_events_expire();
}

int timer_init(const struct host_timer *t)
{
	freq = t->freq ? t->freq : timer_arch_freq();
	if (!freq) {
		log_err("timer: CNTFRQ_EL0 is 0 and the DT gives no clock-frequency");
		return -E_INVAL;
	}
	hyp_irq = t->hyp_irq;
	irq_set_local_handler(hyp_irq, timer_irq);
	return 0;
}

void timer_cpu_init(void)
{
	timer_arch_cpu_init();
	irq_enable_local(hyp_irq);
}

void timer_hw_program(u64 deadline_ticks) { timer_arch_hyp_arm(deadline_ticks); }
void timer_hw_stop(void) { timer_arch_hyp_stop(); }
