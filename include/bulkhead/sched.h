/*
 * Scheduling policies: which vCPU a pCPU runs, per cpupool (Xen's model).
 * A policy is pure bookkeeping on sched_unit and sched_pool, with the time
 * passed in: it touches no hardware and takes no locks, so the unit tests run
 * it unchanged on a simulated clock. common/sched/sched.c calls it under the
 * pool's lock, switches vCPUs and programs the EL2 timer for `until`.
 *
 * Times are in nanoseconds; SCHED_NEVER means "no deadline".
 */
#ifndef BULKHEAD_SCHED_H
#define BULKHEAD_SCHED_H

#include <bulkhead/types.h>

#define SCHED_NEVER	   (~0ULL)
#define SCHED_MIN_SLICE_NS 10000ULL /* RTDS granularity: 10 us */

struct vcpu;
struct sched_pool;

/* A vCPU as the scheduler sees it (embedded in struct vcpu). */
struct sched_unit {
	struct vcpu *vcpu; /* NULL in unit tests */
	unsigned int id;   /* stable tie-break: lower id first */
	bool runnable;	   /* online and not blocked: wants a pCPU */
	int cpu;	   /* pCPU running it now, -1 if none */
	u64 affinity;	   /* allowed pCPUs (a subset of the pool's) */

	/* RTDS: a deferrable server. Parameters: */
	u64 period, budget;
	bool extratime; /* may run in slack, below every unit with budget */
	/* RTDS state: the current period ends at deadline; remaining is the
	 * budget left in it (kept while blocked, discarded at the end). */
	u64 deadline, remaining;
	u64 started; /* when it last began running on cpu (accounting) */

	/* null: the pCPU this unit owns; -1 if none. */
	int home;

	/* Accounting, read by bhctl and the bench. */
	u64 runtime; /* ns spent running */
	u64 misses;  /* periods that ended with budget undelivered while runnable */

	struct sched_unit *next; /* the pool's list of units */
};

struct sched_ops {
	const char *name; /* "null" or "rtds", as in cpupool-sched */
	/* Boot-time admission of every unit inserted so far: 0, or an error
	 * with err saying why (e.g. "utilisation 2.40 > 2 CPUs"). */
	int (*admit)(const struct sched_pool *p, char *err, size_t len);
	/* A unit joins (not runnable yet) / leaves the pool. */
	void (*insert)(struct sched_pool *p, struct sched_unit *u, u64 now);
	void (*remove)(struct sched_pool *p, struct sched_unit *u);
	/* u became runnable (wake-up from WFI, CPU_ON, domain start). Returns
	 * the mask of pCPUs that must reschedule now (preemption on wake-up). */
	u64 (*wake)(struct sched_pool *p, struct sched_unit *u, u64 now);
	/* u stopped being runnable (WFI, CPU_OFF, domain stop). */
	void (*sleep)(struct sched_pool *p, struct sched_unit *u, u64 now);
	/* cpu asks what to run from now on. Charges the unit that ran on cpu
	 * since its `started` (runtime, budget), picks the next (NULL = idle),
	 * sets its cpu and started, and sets *until to when cpu must call
	 * pick again at the latest (budget exhausted, a period boundary that
	 * may change the order; SCHED_NEVER if nothing can change). */
	struct sched_unit *(*pick)(struct sched_pool *p, unsigned int cpu, u64 now, u64 *until);
};

struct sched_pool {
	const char *name;
	const struct sched_ops *ops;
	u64 cpus;		  /* pCPU mask */
	struct sched_unit *units; /* every unit of the pool */
	/* Policy-private (rtds): pCPUs a wake returned that have not called
	 * pick since, so back-to-back wakes spread over different pCPUs. */
	u64 resched;
};

/* No __builtin_popcountll: under -mgeneral-regs-only it calls libgcc. */
static inline unsigned int sched_cpu_count(u64 mask)
{
	unsigned int n = 0;
	for (; mask; mask &= mask - 1)
		n++;
	return n;
}

/* Tail insertion keeps the order units joined in (null: who gets a freed
 * pCPU first). Linking a unit already on the list is a no-op. */
static inline void sched_unit_link(struct sched_pool *p, struct sched_unit *u)
{
	struct sched_unit **pp = &p->units;
	for (; *pp; pp = &(*pp)->next)
		if (*pp == u)
			return;
	u->next = NULL;
	*pp = u;
}

static inline void sched_unit_unlink(struct sched_pool *p, struct sched_unit *u)
{
	for (struct sched_unit **pp = &p->units; *pp; pp = &(*pp)->next) {
		if (*pp == u) {
			*pp = u->next;
			u->next = NULL;
			return;
		}
	}
}

extern const struct sched_ops sched_null_ops;
#ifdef CONFIG_SCHED_RTDS
extern const struct sched_ops sched_rtds_ops;
#define SCHED_RTDS_OPS (&sched_rtds_ops)
#define SCHED_HAS_RTDS true
#else
#define SCHED_RTDS_OPS ((const struct sched_ops *)NULL) /* not built: pools use null */
#define SCHED_HAS_RTDS false
#endif

#endif
