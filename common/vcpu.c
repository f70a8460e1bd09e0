/*
 * A vCPU on the pCPU the scheduler gave it: enter the guest, handle the exit,
 * repeat, until it has nothing to do (WFI with no interrupt, CPU_OFF, its
 * domain stopped) or the scheduler wants the pCPU back. Its state stays
 * loaded in the hardware while nothing else runs here, so a vCPU that owns
 * its pCPU (null pool) wakes from WFI without a reload.
 */
#include <bulkhead/boot_gate.h>
#include <bulkhead/domain.h>
#include <bulkhead/fmt.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/iommu.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/panic.h>
#include <bulkhead/smp.h>
#include <bulkhead/timer.h>
#include <bulkhead/vcpu_sched.h>
#include <bulkhead/vpl011.h>
#include <arch/cpu.h>
#include <arch/guest.h>
#include <arch/vgic.h>

#define PARTIAL_LINE_NS (50ULL * 1000 * 1000)
#define VTIMER_MAX_WAIT (3600ULL * 1000 * 1000 * 1000) /* re-check at least hourly */

struct vcpu *vcpu_current(void) { return smp_pcpu(smp_cpu_id())->vcpu; }

static bool is_loaded(const struct vcpu *v) { return smp_pcpu(smp_cpu_id())->vcpu == v; }

/* Its virtual timer, while it is not loaded: wake it when the timer fires. */
static void vtimer_due(struct timer_event *ev)
{
	struct vcpu *v = (struct vcpu *)((char *)ev - __builtin_offsetof(struct vcpu, vtimer_ev));
	u64 due = vtimer_arch_deadline(v), now = timer_now_ticks();
	if (due == ~0ULL || __atomic_load_n(&v->loaded_on, __ATOMIC_ACQUIRE) >= 0)
		return; /* off, or loaded: its timer interrupt reaches that pCPU */
	if (due <= now) {
		vcpu_kick(v);
		return;
	}
	/* In ticks, as the guest gave it; a far-away one is re-checked hourly. */
	timer_event_arm_ticks(ev, now + MIN(due - now, timer_ns_to_ticks(VTIMER_MAX_WAIT)));
}

/* A vCPU's state is in one pCPU's hardware at a time: the scheduler puts a
 * vCPU that may migrate before it can be picked elsewhere. */
static void vcpu_load(struct vcpu *v)
{
	int cpu = (int)smp_cpu_id();
	int on = __atomic_load_n(&v->loaded_on, __ATOMIC_ACQUIRE);
	if (on >= 0 && on != cpu)
		panic("%s.%u: loaded on CPU %d while CPU %d loads it", v->dom->name, v->id, on,
		      cpu);
	timer_event_disarm(&v->vtimer_ev);
	vcpu_arch_load(v);
	vtimer_arch_loaded(v);
	v->loaded_on = cpu;
	smp_pcpu((unsigned int)cpu)->vcpu = v;
}

void vcpu_put_current(void)
{
	struct pcpu *me = smp_pcpu(smp_cpu_id());
	struct vcpu *v = me->vcpu;
	if (!v)
		return;
	vcpu_arch_put(v);
	vgic_vcpu_put(v);
	me->vcpu = NULL;
	__atomic_store_n(&v->loaded_on, -1, __ATOMIC_RELEASE);
	if (vtimer_arch_deadline(v) != ~0ULL)
		vtimer_due(&v->vtimer_ev);
}

/* Only a vCPU that is on has state to load (a zeroed one would give the
 * hypervisor a guest's HCR_EL2). */
void vcpu_switch_to(struct vcpu *v)
{
	if (is_loaded(v))
		return;
	vcpu_put_current();
	if (v->online && !v->parked)
		vcpu_load(v);
}

static void flush_line(struct timer_event *ev)
{
	struct vcpu *v = (struct vcpu *)((char *)ev - __builtin_offsetof(struct vcpu, flush_ev));
	if (v->dom->uart && vpl011_pending(v->dom->uart))
		vpl011_flush(v->dom->uart);
}

static void restart_due(struct timer_event *ev)
{
	vcpu_kick((struct vcpu *)((char *)ev - __builtin_offsetof(struct vcpu, restart_ev)));
}

void vcpu_timers_init(struct vcpu *v)
{
	timer_event_init(&v->vtimer_ev, vtimer_due);
	timer_event_init(&v->flush_ev, flush_line);
	timer_event_init(&v->restart_ev, restart_due);
}

void vcpu_block(struct vcpu *v)
{
	v->blocked = true;
	boot_gate_idle(v); /* a first frame is complete */
}

void vcpu_cpu_off(struct vcpu *v)
{
	v->online = false;
	vtimer_arch_stop();
	vgic_vcpu_release(v);
}

static bool domain_stopped(const struct vcpu *v)
{
	return v->dom->state != DOM_RUNNING && v->dom->state != DOM_PAUSED;
}

static bool domain_paused(const struct vcpu *v) { return v->dom->state == DOM_PAUSED; }

static bool has_work(struct vcpu *v)
{
	if (domain_stopped(v) || vgic_has_pending(v))
		return true;
	/* A timer that fired but whose interrupt we have not taken yet: it
	 * arrives once the guest runs, if the guest lets it through. */
	if (is_loaded(v) ? vtimer_arch_fired() : vtimer_arch_deadline(v) <= timer_now_ticks())
		return vgic_would_signal(v, GUEST_TIMER_VIRT_IRQ);
	return false;
}

/* Nothing to do: give up the pCPU. A vCPU that may run elsewhere is saved
 * first, so no other pCPU can pick it while its state is still here. */
static bool vcpu_sleep(struct vcpu *v)
{
	if (is_loaded(v) && sched_may_migrate(v))
		vcpu_put_current();
	return sched_sleep(v);
}

/* The domain stopped: leave the guest for good (its state saved, so the
 * hypervisor owns FP/SIMD again) and tell vCPU 0, which restarts the domain
 * once all its vCPUs are parked. */
static void park(struct vcpu *v)
{
	if (is_loaded(v)) {
		vtimer_arch_stop();
		vcpu_put_current();
	}
	vtimer_arch_forget(v); /* its saved timer must not wake it while parked */
	timer_event_disarm(&v->vtimer_ev);
	timer_event_disarm(&v->flush_ev);
	v->online = v->blocked = false;
	vgic_vcpu_release(v);
	v->parked = true;
	__atomic_add_fetch(&v->dom->nparked, 1, __ATOMIC_SEQ_CST);
	vcpu_kick(&v->dom->vcpus[0]);
}

/* A restart that falls due while this pCPU runs the vCPU in one of another
 * domain's rebuild pauses (sched_preempt_point) waits for that rebuild to
 * end, looking again this often: started there, its own copies could not
 * give way (the point is a no-op when nested), and the outer rebuild, with
 * everything else on the pCPU, would wait for all of it. So one rebuild at a
 * time runs per pCPU, each in preemptible steps. (Detaching its DMA, just
 * before, is bounded by its stream count.) */
#define NESTED_RESTART_RETRY_NS (1000ULL * 1000)

/* Parked: restart the domain when it is vCPU 0's turn, else sleep. Returns
 * true when the vCPU sleeps. */
static bool run_parked(struct vcpu *v)
{
	struct domain *d = v->dom;
	if (!v->parked)
		park(v);
	/* Its devices' DMA ends before any of its memory is rebuilt; here, not
	 * in the trap that stopped it, the work can give way to other vCPUs.
	 * Nothing to do once they are detached. */
	if (v->id == 0)
		iommu_detach_domain(d);
	if (!domain_may_restart(v))
		return vcpu_sleep(v);
	if (timer_now_ns() < d->restart_at) {
		timer_event_arm(&v->restart_ev, d->restart_at);
		return vcpu_sleep(v);
	}
	if (sched_preempt_nested()) {
		if (!d->restart_waited)
			log_info("domain %s: restart waits for the rebuild in progress on CPU %u",
				 d->name, smp_cpu_id());
		d->restart_waited = true;
		timer_event_arm(&v->restart_ev, timer_now_ns() + NESTED_RESTART_RETRY_NS);
		return vcpu_sleep(v);
	}
	d->restart_waited = false;
	domain_restart(d);
	return false;
}

/* Off: start on a CPU_ON (or the domain's start), else sleep. */
static bool run_offline(struct vcpu *v)
{
	if (!v->on_request)
		return vcpu_sleep(v);
	/* Under the lock CPU_ON takes: no second CPU_ON can slip in between
	 * "not requested" and "online". */
	spin_lock(&v->dom->lock);
	u64 entry = v->on_entry, context = v->on_context;
	bool boot = v->on_boot;
	v->online = true;
	v->on_request = v->on_boot = false;
	spin_unlock(&v->dom->lock);
	vcpu_arch_reset(v, entry, context, boot);
	vcpu_load(v); /* the reset state, into the hardware */
	return false;
}

/* WFI: wait for an interrupt. A guest idle for 50 ms with half a line
 * written and its TX interrupt masked (a shell prompt) gets it printed. */
static bool run_blocked(struct vcpu *v)
{
	if (!has_work(v)) {
		if (v->dom->uart && vpl011_pending(v->dom->uart) && v->flush_ev.cpu < 0)
			timer_event_arm(&v->flush_ev, timer_now_ns() + PARTIAL_LINE_NS);
		return vcpu_sleep(v);
	}
	v->blocked = false;
	timer_event_disarm(&v->flush_ev);
	return false;
}

/* An SError found pending as the vCPU exited (arch/serror.h): its domain's
 * accesses raised it, so its domain is charged, not the next one to run. */
static void crash_serror_late(struct vcpu *v)
{
	char why[80];
	fmt_snprintf(why, sizeof(why), "SError pending at its exit, syndrome 0x%llx",
		     (u64)smp_pcpu(smp_cpu_id())->serror_syndrome);
	domain_crash(v->dom, why);
}

void vcpu_run(struct vcpu *v, const volatile bool *resched)
{
	while (!*resched) {
		bool slept;
		__atomic_store_n(&v->kicked, false, __ATOMIC_SEQ_CST);
		/* The flags below are plain loads: none may be read before the
		 * clear is visible, or a kick in between would be lost. */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (domain_stopped(v) || v->parked)
			slept = run_parked(v);
		else if (domain_paused(v))
			slept = vcpu_sleep(v); /* until unpaused (or stopped): a kick */
		else if (!v->online)
			slept = run_offline(v);
		else if (v->blocked)
			slept = run_blocked(v);
		else {
			vgic_flush(v);
			int exit = vcpu_arch_enter(v);
			vgic_sync(v);
			if (exit == EXIT_SYNC)
				trap_arch_guest_sync(v);
			else if (exit == EXIT_SERROR)
				domain_crash(v->dom, "SError (asynchronous abort)");
			else if (exit == EXIT_SERROR_LATE)
				crash_serror_late(v);
			else
				irq_handle(NULL);
			continue; /* it ran: it is still the one loaded here */
		}
		if (slept)
			return;
		if (!is_loaded(v) && !v->parked && v->online)
			vcpu_load(v); /* e.g. the sleep was cancelled by a kick */
	}
}
