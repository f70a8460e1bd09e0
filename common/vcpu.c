/*
 * A pCPU running its vCPU: enter the guest, handle the exit, repeat; sleep
 * in WFI while the vCPU is off or waiting for an interrupt. Each vCPU owns
 * one pCPU (vcpu_place); sharing pCPUs is the scheduler's job (cockpit issue).
 */
#include <bulkhead/domain.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/smp.h>
#include <bulkhead/timer.h>
#include <bulkhead/vcpu_sched.h>
#include <bulkhead/vpl011.h>
#include <arch/cpu.h>
#include <arch/guest.h>
#include <arch/vgic.h>

static struct vcpu *owner[CONFIG_MAX_CPUS];
static spinlock_t place_lock = SPINLOCK_INIT;

void stage2_arch_cpu_init(void);
void vtimer_cpu_init(void);
u32 vgic_maint_irq(void);

struct vcpu *vcpu_current(void) { return smp_pcpu(smp_cpu_id())->vcpu; }

int vcpu_place(struct vcpu *v, u64 affinity)
{
	int rc = -E_BUSY;
	spin_lock(&place_lock);
	for (unsigned int cpu = 0; cpu < smp_cpu_count(); cpu++) {
		if (owner[cpu] || !smp_pcpu(cpu)->online ||
		    (affinity && !(affinity & (1ULL << cpu))))
			continue;
		owner[cpu] = v;
		v->pcpu = (int)cpu;
		rc = 0;
		break;
	}
	spin_unlock(&place_lock);
	return rc;
}

void vcpu_unplace(struct vcpu *v)
{
	spin_lock(&place_lock);
	if (v->pcpu >= 0 && owner[v->pcpu] == v)
		owner[v->pcpu] = NULL;
	v->pcpu = -1;
	spin_unlock(&place_lock);
}

void vcpu_kick(struct vcpu *v)
{
	if (v->pcpu >= 0 && (unsigned int)v->pcpu != smp_cpu_id())
		irq_send_ipi((unsigned int)v->pcpu, IPI_PING);
}

void vcpu_start_on_pcpu(struct vcpu *v)
{
	smp_pcpu((unsigned int)v->pcpu)->vcpu = v;
	smp_mb();
	vcpu_kick(v);
}

/* Sleep until cond holds. WFI with interrupts masked still wakes on a pending
 * one, so a wake-up between the check and the WFI is never lost. */
static void sleep_until(bool (*cond)(struct vcpu *), struct vcpu *v)
{
	while (!cond(v)) {
		cpu_arch_wfi();
		cpu_arch_irq_enable();
		cpu_arch_irq_disable();
	}
}

#define PARTIAL_LINE_NS (50ULL * 1000 * 1000)

static volatile bool flush_due[CONFIG_MAX_CPUS];
static struct timer_event flush_ev[CONFIG_MAX_CPUS];

static void flush_timer(struct timer_event *ev)
{
	(void)ev;
	flush_due[smp_cpu_id()] = true;
}

static bool domain_stopped(struct vcpu *v) { return v->dom->state != DOM_RUNNING; }
static bool has_work(struct vcpu *v) { return domain_stopped(v) || vgic_has_pending(v); }
static bool work_or_flush(struct vcpu *v) { return has_work(v) || flush_due[smp_cpu_id()]; }
static bool on_or_stopped(struct vcpu *v) { return v->on_request || domain_stopped(v); }
static bool never(struct vcpu *v) { return (void)v, false; }

/* A guest that stays idle for 50 ms with half a line written and its TX
 * interrupt masked (a shell prompt) gets that half line printed. */
void vcpu_block(struct vcpu *v)
{
	unsigned int cpu = smp_cpu_id();
	if (!v->dom->uart || !vpl011_pending(v->dom->uart)) {
		sleep_until(has_work, v);
		return;
	}
	flush_due[cpu] = false;
	timer_event_init(&flush_ev[cpu], flush_timer);
	timer_event_arm(&flush_ev[cpu], timer_now_ns() + PARTIAL_LINE_NS);
	sleep_until(work_or_flush, v);
	if (flush_due[cpu])
		vpl011_flush(v->dom->uart);
	else
		timer_event_disarm(&flush_ev[cpu]);
	sleep_until(has_work, v);
}

void vcpu_cpu_off(struct vcpu *v)
{
	v->online = false;
	vtimer_arch_stop();
	vgic_vcpu_release(v);
}

static void __noreturn park(struct vcpu *v)
{
	v->online = false;
	vtimer_arch_stop();
	vgic_vcpu_release(v);
	vcpu_arch_put(v);
	for (;;)
		sleep_until(never, v);
}

void __noreturn vcpu_run_loop(struct vcpu *v)
{
	bool loaded = false;

	cpu_arch_irq_disable();
	stage2_arch_cpu_init();
	vgic_cpu_init(vgic_maint_irq());
	vtimer_cpu_init();
	for (;;) {
		if (!v->online) {
			sleep_until(on_or_stopped, v);
			if (domain_stopped(v))
				park(v);
			/* Under the lock CPU_ON takes: no second CPU_ON can slip in
			 * between "not requested" and "online". */
			spin_lock(&v->dom->lock);
			u64 entry = v->on_entry, context = v->on_context;
			v->online = true;
			v->on_request = false;
			spin_unlock(&v->dom->lock);
			vcpu_arch_reset(v, entry, context);
			loaded = false;
		}
		if (domain_stopped(v))
			park(v);
		if (!loaded) {
			vcpu_arch_load(v);
			loaded = true;
		}
		vgic_flush(v);
		int exit = vcpu_arch_enter(v);
		vgic_sync(v);
		if (exit == EXIT_SYNC)
			trap_arch_guest_sync(v);
		else if (exit == EXIT_SERROR)
			domain_shutdown(v->dom, "SError (asynchronous abort)");
		else
			irq_handle(NULL);
	}
}
