/*
 * The rtds scheduling policy: global preemptive EDF over the pCPUs of a pool,
 * each vCPU a deferrable server, after the model of Xen's RTDS scheduler.
 *
 * Server: a unit gets `budget` ns of pCPU in every `period` ns. The current
 * period ends at `deadline`; there the budget is refilled and whatever was
 * left of it is lost. Deferrable: a blocked unit keeps what it has left (a
 * vCPU that wakes late in its period may still use it).
 *
 * Order: units with budget first, earliest deadline first, lower id on a tie;
 * then units with `extratime` and no budget, which run in the slack, again by
 * deadline. A unit without budget and without extratime waits for its next
 * period. Each pick chooses the best runnable unit that runs nowhere else and
 * whose affinity (0 = any pCPU of the pool) allows the pCPU.
 *
 * Granularity, SCHED_MIN_SLICE_NS (10 us): no `until` is closer than that, and
 * a remainder below it counts as no budget (the unit runs only in extratime
 * and a period that ends with such a crumb is no miss). So a unit picked on
 * budget always has at least a full slice to run, never a 3 us stub that
 * costs more in switching than it delivers; admission insists on budgets of
 * at least 10 us. A pick may come up to 10 us after a deadline of another
 * unit, which can delay that unit by as much.
 *
 * Time is accounted lazily, whenever the pool is touched (pick, wake, sleep):
 * each running unit is charged its time since `started`, then every unit
 * whose deadline has passed moves to the period that contains now. A period
 * is a miss if the unit was runnable at its end and still had budget: it
 * wanted the pCPU and did not get its share. Whole periods in which it waited
 * runnable and never ran count as one miss each; periods slept through count
 * as none.
 *
 * Timers: the interface lets only a wake name other pCPUs to reschedule; a
 * pick decides for its own pCPU. So every pCPU also calls pick again at the
 * next deadline of any unit of the pool: a refill there may let a unit (or
 * one it displaces) preempt anywhere, and when all pCPUs re-pick, each takes
 * the best unit left, which is what global EDF wants. The cost is a timer
 * interrupt per pCPU per unit period (none with no units).
 *
 * Units joining a pool that is already running have their first deadline
 * seen by the other pCPUs only at their next pick; pools are built at boot.
 *
 * Admission (Xen's test too): 10 us <= budget <= period for every unit, and
 * the total utilisation sum(budget / period), in parts per million rounded
 * down, at most the pool's pCPU count. That is necessary, not sufficient, for
 * global EDF (Dhall's effect): the miss counters show what it costs.
 *
 * insert links the unit at the tail of the pool's list, remove unlinks it.
 */
#include <bulkhead/fmt.h>
#include <bulkhead/sched.h>

#define CPU_BIT(c) (1ULL << (c))
#define PPM	   1000000ULL

static u64 rtds_allowed(const struct sched_pool *p, const struct sched_unit *u)
{
	return p->cpus & (u->affinity ? u->affinity : ~0ULL);
}

static bool rtds_has_budget(const struct sched_unit *u)
{
	return u->remaining >= SCHED_MIN_SLICE_NS;
}

static bool rtds_eligible(const struct sched_unit *u) { return rtds_has_budget(u) || u->extratime; }

/* Whether a runs before b. */
static bool rtds_before(const struct sched_unit *a, const struct sched_unit *b)
{
	if (rtds_has_budget(a) != rtds_has_budget(b))
		return rtds_has_budget(a);
	if (a->deadline != b->deadline)
		return a->deadline < b->deadline;
	return a->id < b->id;
}

/* Charges a running unit its time since started, on budget as far as it
 * lasts (an extratime run has at most a crumb to lose), and restarts the
 * clock so nothing is charged twice. */
static void rtds_charge(struct sched_unit *u, u64 now)
{
	u64 ran = now > u->started ? now - u->started : 0;
	u->runtime += ran;
	u->remaining -= MIN(ran, u->remaining);
	u->started = now;
}

/* Moves u into the period that contains now, counting the misses of the
 * periods that ended. Its runnable flag has not changed since the last call:
 * wake and sleep call this first. */
static void rtds_replenish(struct sched_unit *u, u64 now)
{
	u64 ended;

	if (!u->period || now < u->deadline)
		return; /* a zero period is refused by admission */
	ended = (now - u->deadline) / u->period + 1;
	if (u->runnable) {
		if (rtds_has_budget(u))
			u->misses++;
		if (u->cpu < 0) /* waited through the later ones with full budget */
			u->misses += ended - 1;
	}
	u->deadline += ended * u->period;
	u->remaining = u->budget;
}

static void rtds_update(struct sched_pool *p, u64 now)
{
	for (struct sched_unit *u = p->units; u; u = u->next) {
		if (u->cpu >= 0)
			rtds_charge(u, now);
		rtds_replenish(u, now);
	}
}

/* When the pCPU running `run` (NULL: idle) must pick again: when its budget
 * runs out, or at the next deadline of a runnable unit in the pool (see the
 * top comment); a blocked unit's refill changes nothing until its wake-up,
 * which asks for a pick itself, so a halted domain costs no ticks. */
static u64 rtds_until(const struct sched_pool *p, const struct sched_unit *run, u64 now)
{
	u64 t = SCHED_NEVER;

	for (const struct sched_unit *u = p->units; u; u = u->next)
		if (u->runnable)
			t = MIN(t, u->deadline);
	if (run && rtds_has_budget(run))
		t = MIN(t, now + run->remaining);
	if (t == SCHED_NEVER)
		return t;
	return MAX(t, now + SCHED_MIN_SLICE_NS);
}

/* The unit of the pool that ran on cpu before this pick, or NULL. */
static struct sched_unit *rtds_on_cpu(struct sched_pool *p, unsigned int cpu)
{
	for (struct sched_unit *u = p->units; u; u = u->next)
		if (u->cpu == (int)cpu)
			return u;
	return NULL;
}

static struct sched_unit *rtds_best(struct sched_pool *p, unsigned int cpu)
{
	struct sched_unit *best = NULL;

	for (struct sched_unit *u = p->units; u; u = u->next) {
		if (!u->runnable || u->cpu >= 0 || !rtds_eligible(u))
			continue;
		if (!(rtds_allowed(p, u) & CPU_BIT(cpu)))
			continue;
		if (!best || rtds_before(u, best))
			best = u;
	}
	return best;
}

/* A pCPU that should pick now because u became runnable: an idle one u may
 * use, else the one running the unit u beats by the most. pCPUs already told
 * to pick do not count: they will see u anyway. */
static u64 rtds_target(struct sched_pool *p, const struct sched_unit *u)
{
	u64 cand = rtds_allowed(p, u) & ~p->resched, busy = 0;
	const struct sched_unit *victim = NULL;

	for (const struct sched_unit *v = p->units; v; v = v->next) {
		if (v->cpu < 0)
			continue;
		busy |= CPU_BIT(v->cpu);
		if ((cand & CPU_BIT(v->cpu)) && (!victim || rtds_before(victim, v)))
			victim = v;
	}
	if (cand & ~busy)
		return CPU_BIT(__builtin_ctzll(cand & ~busy));
	if (victim && rtds_before(u, victim))
		return CPU_BIT(victim->cpu);
	return 0;
}

static int rtds_check_unit(const struct sched_pool *p, const struct sched_unit *u, char *err,
			   size_t len)
{
	if (u->budget < SCHED_MIN_SLICE_NS || u->budget > u->period) {
		fmt_snprintf(err, len, "unit %u: budget %llu ns not within %llu ns..period %llu ns",
			     u->id, u->budget, SCHED_MIN_SLICE_NS, u->period);
		return -E_INVAL;
	}
	if (!rtds_allowed(p, u)) {
		fmt_snprintf(err, len, "unit %u: affinity 0x%llx has no pCPU of the pool", u->id,
			     u->affinity);
		return -E_INVAL;
	}
	return 0;
}

/* budget / period in parts per million, rounded down; budget <= period. */
static u64 rtds_ppm(u64 budget, u64 period)
{
	while (budget > SCHED_NEVER / PPM) { /* keep budget * PPM in 64 bits */
		budget >>= 1;
		period >>= 1;
	}
	return budget * PPM / period;
}

static int rtds_admit(const struct sched_pool *p, char *err, size_t len)
{
	unsigned int cpus = sched_cpu_count(p->cpus);
	u64 ppm = 0, milli;
	int rc;

	for (const struct sched_unit *u = p->units; u; u = u->next) {
		rc = rtds_check_unit(p, u, err, len);
		if (rc)
			return rc;
		ppm += rtds_ppm(u->budget, u->period);
	}
	if (ppm <= cpus * PPM)
		return 0;
	milli = (ppm + 999) / 1000; /* rounded up: never print "2.000 exceeds 2" */
	fmt_snprintf(err, len, "utilisation %llu.%03llu exceeds its %u pCPUs", milli / 1000,
		     milli % 1000, cpus);
	return -E_RANGE;
}

static void rtds_insert(struct sched_pool *p, struct sched_unit *u, u64 now)
{
	u->deadline = now + u->period;
	u->remaining = u->budget;
	u->cpu = -1;
	u->runnable = false;
	u->started = now;
	sched_unit_link(p, u);
}

static void rtds_remove(struct sched_pool *p, struct sched_unit *u)
{
	sched_unit_unlink(p, u);
	u->cpu = -1;
	u->runnable = false;
}

static u64 rtds_wake(struct sched_pool *p, struct sched_unit *u, u64 now)
{
	u64 mask;

	rtds_update(p, now);
	if (u->runnable)
		return 0;
	u->runnable = true;
	/* Without budget or extratime it waits for its deadline, which every
	 * pCPU's timer already covers. */
	if (u->cpu >= 0 || !rtds_eligible(u))
		return 0;
	mask = rtds_target(p, u);
	p->resched |= mask;
	return mask;
}

static void rtds_sleep(struct sched_pool *p, struct sched_unit *u, u64 now)
{
	rtds_update(p, now); /* charges u if it runs, counts misses while runnable */
	u->cpu = -1;
	u->runnable = false;
}

static struct sched_unit *rtds_pick(struct sched_pool *p, unsigned int cpu, u64 now, u64 *until)
{
	struct sched_unit *prev, *next;

	if (cpu >= 64 || !(p->cpus & CPU_BIT(cpu))) {
		*until = SCHED_NEVER;
		return NULL;
	}
	p->resched &= ~CPU_BIT(cpu);
	rtds_update(p, now);
	prev = rtds_on_cpu(p, cpu);
	if (prev)
		prev->cpu = -1;
	next = rtds_best(p, cpu);
	if (next) {
		next->cpu = (int)cpu;
		next->started = now;
	}
	*until = rtds_until(p, next, now);
	return next;
}

const struct sched_ops sched_rtds_ops = {
	.name = "rtds",
	.admit = rtds_admit,
	.insert = rtds_insert,
	.remove = rtds_remove,
	.wake = rtds_wake,
	.sleep = rtds_sleep,
	.pick = rtds_pick,
};
