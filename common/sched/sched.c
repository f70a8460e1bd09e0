/*
 * The scheduler core: cpupools, each scheduled by a policy (null.c, rtds.c,
 * pure bookkeeping behind struct sched_ops), and the loop every pCPU runs:
 * ask the pool's policy what to run, run it (common/vcpu.c) until it sleeps
 * or the policy wants the pCPU back, ask again; idle in WFI when there is
 * nothing to run. Pool 0 holds the online CPUs that are in no cpupool and
 * schedules with rtds (Xen's Pool-0, with Bulkhead's real-time default).
 *
 * A wake-up (vcpu_kick) marks the vCPU kicked, makes it runnable and
 * interrupts the pCPUs the policy names; the run loop clears `kicked` before
 * it looks at a vCPU's state, and sched_sleep refuses to sleep a vCPU kicked
 * since, so no wake-up is lost between "nothing to do" and "asleep".
 * Each pool's lock is a leaf: nothing else is locked while it is held.
 */
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/fmt.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/panic.h>
#include <bulkhead/smp.h>
#include <bulkhead/vcpu_sched.h>
#include <arch/cpu.h>
#include <arch/guest.h>
#include <arch/vgic.h>

#define POOLS (CFG_MAX_POOLS + 1) /* pool 0 + the DT's */

struct pool {
	struct sched_pool p;
	spinlock_t lock;
	bool usable;
	char name[DOMAIN_NAME_MAX];
};

struct cpu_sched {
	struct pool *pool;
	volatile bool resched; /* pick again: a wake-up or the policy's deadline */
	struct timer_event deadline;
	void (*work)(void);   /* sched_defer */
	struct vcpu *running; /* the vCPU this loop runs (its turn), if any */
	bool nested;	      /* inside sched_preempt_point's own runs */
	u64 preempt_runs;     /* vCPUs sched_preempt_point ran */
};

static struct pool pools[POOLS];
static struct cpu_sched pcpus[CONFIG_MAX_CPUS];
static volatile bool started;
static unsigned int next_unit_id;

static struct pool *pool_of(const struct vcpu *v) { return &pools[v->dom->cfg->pool + 1]; }

static u64 online_cpus(void)
{
	u64 m = 0;
	for (unsigned int c = 0; c < smp_cpu_count() && c < 64; c++)
		if (smp_pcpu(c)->online)
			m |= 1ULL << c;
	return m;
}

static void pool_setup(struct pool *pl, const char *name, enum sched_kind kind, u64 mask)
{
	size_t n = strlen(name);
	n = n < sizeof(pl->name) - 1 ? n : sizeof(pl->name) - 1;
	memcpy(pl->name, name, n);
	pl->name[n] = 0;
	pl->p.name = pl->name;
	pl->p.ops = kind == SCHED_NULL || !SCHED_HAS_RTDS ? &sched_null_ops : SCHED_RTDS_OPS;
	if (kind == SCHED_RTDS && !SCHED_HAS_RTDS)
		log_warn("cpupool %s: this build has no rtds scheduler (CONFIG_SCHED_RTDS); it "
			 "schedules with null",
			 name);
	pl->p.cpus = mask;
	pl->usable = mask != 0;
	for (unsigned int c = 0; c < CONFIG_MAX_CPUS; c++)
		if (mask & (1ULL << c))
			pcpus[c].pool = pl;
}

void sched_init(const struct pool_config *cfg, unsigned int n)
{
	u64 online = online_cpus(), taken = 0;

	for (unsigned int i = 0; i < n && i < CFG_MAX_POOLS; i++) {
		u64 mask = cfg[i].valid ? cfg[i].cpus & online : 0;
		if (cfg[i].valid && mask != cfg[i].cpus)
			log_warn("cpupool %s: CPU mask 0x%llx has offline CPUs; it keeps 0x%llx",
				 cfg[i].name, cfg[i].cpus, mask);
		pool_setup(&pools[i + 1], cfg[i].name, cfg[i].sched, mask);
		taken |= mask;
		if (mask)
			log_info("cpupool %s: CPUs 0x%llx, %s", cfg[i].name, mask,
				 pools[i + 1].p.ops->name);
	}
	pool_setup(&pools[0], "Pool-0", SCHED_RTDS, online & ~taken);
}

int sched_domain_add(struct domain *d)
{
	struct pool *pl = &pools[d->cfg->pool + 1];
	u64 allowed = pl->p.cpus & (d->cfg->affinity ? d->cfg->affinity : ~0ULL);
	u64 now = timer_now_ns();

	if (!pl->usable || !allowed) {
		log_err("domain %s: its cpupool %s has no online CPU it may use", d->name,
			pl->name);
		return -E_INVAL;
	}
	for (unsigned int i = 0; i < d->nvcpus; i++) {
		struct vcpu *v = &d->vcpus[i];
		struct sched_unit *u = &v->unit;
		memset(u, 0, sizeof(*u));
		u->vcpu = v;
		u->id = next_unit_id++;
		u->cpu = u->home = -1;
		u->affinity = d->cfg->affinity;
		v->loaded_on = -1;
		u->period = (u64)d->cfg->rtds_period_us * 1000;
		u->budget = (u64)d->cfg->rtds_budget_us * 1000;
		u->extratime = d->cfg->rtds_extratime;
		v->pcpu = __builtin_ctzll(allowed);
		/* A forwarded (HW) interrupt is deactivated by the guest on the CPU
		 * interface that acknowledged it: vCPU 0, which takes the domain's
		 * passthrough SPIs, stays on the pCPU they are routed to. */
		if (i == 0 && d->cfg->n_pt_irqs && pl->p.ops == SCHED_RTDS_OPS)
			u->affinity = 1ULL << v->pcpu; /* a null pool's home is for good */
		spin_lock(&pl->lock);
		pl->p.ops->insert(&pl->p, u, now);
		spin_unlock(&pl->lock);
		if (u->home >= 0)
			v->pcpu = u->home;
	}
	d->sched_joined = true;
	return 0;
}

/* Only a domain whose units joined (sched_domain_add succeeded), once. */
void sched_domain_remove(struct domain *d)
{
	struct pool *pl = &pools[d->cfg->pool + 1];

	if (!d->sched_joined)
		return;
	spin_lock(&pl->lock);
	for (unsigned int k = 0; k < d->nvcpus; k++)
		pl->p.ops->remove(&pl->p, &d->vcpus[k].unit);
	spin_unlock(&pl->lock);
	d->sched_joined = false;
}

void sched_admit(void)
{
	char err[120];
	for (unsigned int i = 0; i < POOLS; i++) {
		struct pool *pl = &pools[i];
		if (!pl->p.units || !pl->p.ops->admit(&pl->p, err, sizeof(err)))
			continue;
		log_err("cpupool %s: %s: its domains are refused, the others start", pl->name, err);
		while (pl->p.units) {
			struct domain *d = pl->p.units->vcpu->dom;
			log_err("cpupool %s: domain %s not started (admission control)", pl->name,
				d->name);
			sched_domain_remove(d);
			domain_refuse(d);
		}
	}
}

int sched_set_rtds(struct domain *d, u32 period_us, u32 budget_us, char *err, size_t len)
{
	struct pool *pl = pool_of(&d->vcpus[0]);
	u64 old_period[DOMAIN_MAX_VCPUS], old_budget[DOMAIN_MAX_VCPUS];
	int rc;

	if (pl->p.ops != SCHED_RTDS_OPS) {
		fmt_snprintf(err, len, "cpupool %s schedules with %s, not rtds", pl->name,
			     pl->p.ops->name);
		return -E_INVAL;
	}
	if (budget_us < 10 || budget_us > period_us || period_us > 10000000) {
		fmt_snprintf(err, len, "want 10 <= budget <= period <= 10000000 us");
		return -E_INVAL;
	}
	spin_lock(&pl->lock);
	for (unsigned int i = 0; i < d->nvcpus; i++) {
		struct sched_unit *u = &d->vcpus[i].unit;
		old_period[i] = u->period, old_budget[i] = u->budget;
		u->period = (u64)period_us * 1000;
		u->budget = (u64)budget_us * 1000;
	}
	rc = pl->p.ops->admit(&pl->p, err, len);
	for (unsigned int i = 0; i < d->nvcpus; i++) {
		struct sched_unit *u = &d->vcpus[i].unit;
		if (rc) { /* refused: as it was */
			u->period = old_period[i], u->budget = old_budget[i];
		} else if (u->remaining > u->budget) {
			u->remaining = u->budget; /* the new budget from now on */
		}
	}
	spin_unlock(&pl->lock);
	return rc ? -E_RANGE : 0;
}

const char *sched_pool_name(const struct vcpu *v) { return pool_of(v)->name; }
const char *sched_policy_name(const struct vcpu *v) { return pool_of(v)->p.ops->name; }

void sched_dump(void)
{
	u64 now = timer_now_ns();
	for (unsigned int i = 0; i < POOLS; i++) {
		struct pool *pl = &pools[i];
		if (!pl->p.cpus)
			continue;
		log_notice("cpupool %s (%s), CPUs 0x%llx:", pl->name, pl->p.ops->name, pl->p.cpus);
		for (struct sched_unit *u = pl->p.units; u; u = u->next) {
			struct vcpu *v = u->vcpu;
			log_notice(
				"  %s.%u: %s on CPU %d, %s%s%s, run %llu us, misses %llu, budget "
				"%llu us left of %llu/%llu, deadline in %lld us",
				v->dom->name, v->id, u->runnable ? "runnable" : "asleep", u->cpu,
				v->online ? "online" : "off", v->blocked ? ", in WFI" : "",
				v->parked ? ", parked" : "", u->runtime / 1000, u->misses,
				u->remaining / 1000, u->budget / 1000, u->period / 1000,
				(long long)(u->deadline - now) / 1000);
			if (vtimer_arch_deadline(v) != ~0ULL && !v->parked)
				log_notice("    timer due in %lld ticks, interrupt pending %d",
					   (long long)(vtimer_arch_deadline(v) - timer_now_ticks()),
					   vgic_has_pending(v));
			if (!v->parked)
				vgic_log_private(v);
		}
	}
	for (unsigned int c = 0; c < smp_cpu_count(); c++)
		log_notice("  CPU %u: loaded %s.%d, resched %d", c,
			   smp_pcpu(c)->vcpu ? smp_pcpu(c)->vcpu->dom->name : "-",
			   smp_pcpu(c)->vcpu ? (int)smp_pcpu(c)->vcpu->id : -1, pcpus[c].resched);
}

bool sched_may_migrate(const struct vcpu *v)
{
	u64 allowed = pool_of(v)->p.cpus & (v->unit.affinity ? v->unit.affinity : ~0ULL);
	return v->unit.home < 0 && (allowed & (allowed - 1)) != 0;
}

static void resched_cpus(u64 mask)
{
	unsigned int me = smp_cpu_id();
	for (; mask; mask &= mask - 1) {
		unsigned int c = (unsigned int)__builtin_ctzll(mask);
		pcpus[c].resched = true;
		if (c != me)
			irq_send_ipi(c, IPI_PING);
	}
}

void vcpu_kick(struct vcpu *v)
{
	struct pool *pl = pool_of(v);
	u64 mask = 0;
	int on;

	__atomic_store_n(&v->kicked, true, __ATOMIC_SEQ_CST);
	if (!started)
		return;
	spin_lock(&pl->lock);
	if (!v->unit.runnable)
		mask = pl->p.ops->wake(&pl->p, &v->unit, timer_now_ns());
	on = v->unit.cpu;
	spin_unlock(&pl->lock);
	/* Running elsewhere: make that pCPU leave the guest and look. */
	if (on >= 0 && (unsigned int)on != smp_cpu_id())
		irq_send_ipi((unsigned int)on, IPI_PING);
	resched_cpus(mask);
}

bool sched_sleep(struct vcpu *v)
{
	struct pool *pl = pool_of(v);
	spin_lock(&pl->lock);
	if (__atomic_exchange_n(&v->kicked, false, __ATOMIC_SEQ_CST)) {
		spin_unlock(&pl->lock);
		return false;
	}
	pl->p.ops->sleep(&pl->p, &v->unit, timer_now_ns());
	spin_unlock(&pl->lock);
	return true;
}

static struct vcpu *pick(struct cpu_sched *cs, unsigned int cpu)
{
	struct sched_unit *u;
	u64 until;

	spin_lock(&cs->pool->lock);
	u = cs->pool->p.ops->pick(&cs->pool->p, cpu, timer_now_ns(), &until);
	spin_unlock(&cs->pool->lock);
	if (until == SCHED_NEVER)
		timer_event_disarm(&cs->deadline);
	else
		timer_event_arm(&cs->deadline, until);
	return u ? u->vcpu : NULL;
}

static void deadline_reached(struct timer_event *ev)
{
	(void)ev;
	pcpus[smp_cpu_id()].resched = true;
}

/* Until something wants this pCPU: interrupts (an IPI, a timer) wake WFI. */
static void idle_wait(const volatile bool *flag)
{
	while (!*flag) {
		cpu_arch_wfi();
		cpu_arch_irq_enable();
		cpu_arch_irq_disable();
	}
}

void sched_wait_start(void)
{
	cpu_arch_irq_disable();
	idle_wait(&started);
	/* What the boot CPU set up before sched_start (domains, the vGIC) is
	 * seen after the flag: a weakly ordered CPU needs the barrier. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

void sched_defer(unsigned int cpu, void (*fn)(void))
{
	if (__atomic_exchange_n(&pcpus[cpu].work, fn, __ATOMIC_SEQ_CST))
		panic("CPU %u: a second deferred work item", cpu);
	resched_cpus(1ULL << cpu);
}

void sched_start(void)
{
	__atomic_store_n(&started, true, __ATOMIC_SEQ_CST);
	resched_cpus(online_cpus());
}

void __noreturn sched_run(void)
{
	unsigned int cpu = smp_cpu_id();
	struct cpu_sched *cs = &pcpus[cpu];

	sched_wait_start();
	timer_event_init(&cs->deadline, deadline_reached);
	for (;;) {
		/* Cleared before the look at work and the pick: a sched_defer or a
		 * wake-up after this point sets it again and is seen next turn. */
		__atomic_store_n(&cs->resched, false, __ATOMIC_SEQ_CST);
		void (*work)(void) = __atomic_exchange_n(&cs->work, NULL, __ATOMIC_SEQ_CST);
		if (work) {
			vcpu_put_current();
			work();
		}
		struct vcpu *v = cs->pool ? pick(cs, cpu) : NULL;
		if (!v) {
			idle_wait(&cs->resched);
			continue;
		}
		vcpu_switch_to(v);
		cs->running = v;
		vcpu_run(v, &cs->resched);
		cs->running = NULL;
		/* Another pCPU may pick it next: its state must be in memory. */
		if (sched_may_migrate(v))
			vcpu_put_current();
	}
}

/* The other vCPUs run here, one level deep, on this stack, until the policy
 * picks `self` again. Only for a self that no other pCPU may pick (else it
 * could start the same work there) and that is not loaded (the work runs
 * outside its guest's state, which must not be switched out under a trap
 * handler). What ran is saved again before the work goes on: the
 * hypervisor owns FP/SIMD there. */
void sched_preempt_point(void)
{
	unsigned int cpu = smp_cpu_id();
	struct cpu_sched *cs = &pcpus[cpu];
	struct vcpu *self = cs->running;

	if (!self || cs->nested || smp_pcpu(cpu)->vcpu || sched_may_migrate(self))
		return;
	cpu_arch_irq_window(); /* a timer or IPI that wants the pCPU sets resched */
	if (!cs->resched)
		return;
	cs->nested = true;
	for (;;) {
		__atomic_store_n(&cs->resched, false, __ATOMIC_SEQ_CST);
		struct vcpu *v = pick(cs, cpu);
		if (v == self)
			break;
		if (!v) { /* self has no budget left and no slack to use */
			idle_wait(&cs->resched);
			continue;
		}
		vcpu_switch_to(v);
		cs->running = v;
		cs->preempt_runs++;
		vcpu_run(v, &cs->resched);
		cs->running = self;
		vcpu_put_current();
	}
	vcpu_put_current();
	cs->nested = false;
	if (cs->work) /* deferred work waits for the outer loop: make it look */
		__atomic_store_n(&cs->resched, true, __ATOMIC_SEQ_CST);
}

u64 sched_preempt_runs(void) { return pcpus[smp_cpu_id()].preempt_runs; }

bool sched_preempt_nested(void) { return pcpus[smp_cpu_id()].nested; }
