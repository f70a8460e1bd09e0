/*
 * The null scheduling policy: one vCPU per pCPU, no timer tick (after Xen's
 * "null" scheduler). Each unit owns a home pCPU for good, chosen when it
 * joins the pool: the lowest pCPU of the pool its affinity allows (affinity
 * 0 = any) that is no other unit's home. A pCPU runs its home unit whenever
 * that unit is runnable and idles otherwise, so there is nothing to decide at
 * run time and pick never asks for a timer (SCHED_NEVER).
 *
 * A unit left without a home (more vCPUs than pCPUs, or an affinity whose
 * pCPUs are all taken) never runs: admission refuses the pool. Removing a
 * unit hands its pCPU to the first homeless unit that may use it.
 *
 * insert links the unit at the tail of the pool's list, remove unlinks it.
 */
#include <bulkhead/fmt.h>
#include <bulkhead/sched.h>

#define CPU_BIT(c) (1ULL << (c))

static u64 null_allowed(const struct sched_pool *p, const struct sched_unit *u)
{
	return p->cpus & (u->affinity ? u->affinity : ~0ULL);
}

/* Tail insertion keeps the order units joined in, which decides who gets a
 * freed pCPU first. Linking a unit already on the list is a no-op. */
static void null_find_home(struct sched_pool *p, struct sched_unit *u)
{
	u64 free = null_allowed(p, u);
	for (const struct sched_unit *v = p->units; v; v = v->next)
		if (v != u && v->home >= 0)
			free &= ~CPU_BIT(v->home);
	u->home = free ? __builtin_ctzll(free) : -1;
}

/* Charges the time u ran since it started on its pCPU. */
static void null_charge(struct sched_unit *u, u64 now)
{
	if (now > u->started)
		u->runtime += now - u->started;
	u->started = now;
}

static int null_admit(const struct sched_pool *p, char *err, size_t len)
{
	unsigned int units = 0, cpus = sched_cpu_count(p->cpus);
	const struct sched_unit *homeless = NULL;

	for (const struct sched_unit *u = p->units; u; u = u->next) {
		units++;
		if (u->home < 0 && !homeless)
			homeless = u;
	}
	if (!homeless)
		return 0;
	if (units > cpus)
		fmt_snprintf(err, len, "%u vCPUs for %u pCPUs", units, cpus);
	else
		fmt_snprintf(err, len, "unit %u: no free pCPU in its affinity 0x%llx", homeless->id,
			     homeless->affinity);
	return -E_RANGE;
}

static void null_insert(struct sched_pool *p, struct sched_unit *u, u64 now)
{
	u->runnable = false;
	u->cpu = -1;
	u->started = now;
	sched_unit_link(p, u);
	null_find_home(p, u);
}

static void null_remove(struct sched_pool *p, struct sched_unit *u)
{
	sched_unit_unlink(p, u);
	u->home = -1;
	u->cpu = -1;
	u->runnable = false;
	for (struct sched_unit *v = p->units; v; v = v->next)
		if (v->home < 0)
			null_find_home(p, v);
}

static u64 null_wake(struct sched_pool *p, struct sched_unit *u, u64 now)
{
	(void)p;
	(void)now;
	u->runnable = true;
	if (u->home < 0 || u->cpu == u->home)
		return 0;
	return CPU_BIT(u->home);
}

static void null_sleep(struct sched_pool *p, struct sched_unit *u, u64 now)
{
	(void)p;
	if (u->cpu >= 0)
		null_charge(u, now);
	u->cpu = -1;
	u->runnable = false;
}

static struct sched_unit *null_pick(struct sched_pool *p, unsigned int cpu, u64 now, u64 *until)
{
	struct sched_unit *next = NULL;

	*until = SCHED_NEVER;
	for (struct sched_unit *u = p->units; u; u = u->next) {
		if (u->cpu == (int)cpu) {
			null_charge(u, now);
			u->cpu = -1;
		}
		if (u->home == (int)cpu && u->runnable)
			next = u;
	}
	if (next) {
		next->cpu = (int)cpu;
		next->started = now;
	}
	return next;
}

const struct sched_ops sched_null_ops = {
	.name = "null",
	.admit = null_admit,
	.insert = null_insert,
	.remove = null_remove,
	.wake = null_wake,
	.sleep = null_sleep,
	.pick = null_pick,
};
