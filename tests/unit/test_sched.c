/* common/sched/null.c and rtds.c: the scheduling policies, on a simulated
 * clock (plain nanoseconds the tests advance by hand). */
#include "unit.h"
#include <bulkhead/sched.h>

#define US 1000ULL
#define MS 1000000ULL

static void pool_init(struct sched_pool *p, const struct sched_ops *ops, u64 cpus)
{
	memset(p, 0, sizeof(*p));
	p->name = "test";
	p->ops = ops;
	p->cpus = cpus;
}

/* Inserts unit id with the given server parameters (ignored by null). */
static void unit_add(struct sched_pool *p, struct sched_unit *u, unsigned int id, u64 period,
		     u64 budget, u64 now)
{
	memset(u, 0, sizeof(*u));
	u->id = id;
	u->period = period;
	u->budget = budget;
	u->home = -1;
	u->cpu = -1;
	p->ops->insert(p, u, now);
}

static struct sched_unit *pick(struct sched_pool *p, unsigned int cpu, u64 now, u64 *until)
{
	*until = 0;
	return p->ops->pick(p, cpu, now, until);
}

/* Asserts pick(cpu, now) runs `want` (NULL: idle) until `until`. */
static void expect_pick(struct sched_pool *p, unsigned int cpu, u64 now,
			const struct sched_unit *want, u64 until)
{
	u64 got_until;
	const struct sched_unit *got = pick(p, cpu, now, &got_until);
	if (got != want)
		fail_msg("pick(cpu %u, %llu us): unit %d, expected unit %d", cpu, now / US,
			 got ? (int)got->id : -1, want ? (int)want->id : -1);
	if (got_until != until)
		fail_msg("pick(cpu %u, %llu us): until %llu ns, expected %llu ns", cpu, now / US,
			 got_until, until);
	if (got)
		assert_int_equal(got->cpu, cpu);
}

/* ---- null ---- */

TEST(test_null_home_assignment)
{
	struct sched_pool p;
	struct sched_unit u[5];

	pool_init(&p, &sched_null_ops, 0xe); /* pCPUs 1..3 */
	unit_add(&p, &u[0], 0, 0, 0, 0);
	assert_int_equal(u[0].home, 1); /* lowest of the pool */
	memset(&u[1], 0, sizeof(u[1]));
	u[1].id = 1;
	u[1].affinity = 0x8;
	sched_null_ops.insert(&p, &u[1], 0);
	assert_int_equal(u[1].home, 3); /* its affinity */
	unit_add(&p, &u[2], 2, 0, 0, 0);
	assert_int_equal(u[2].home, 2); /* lowest not taken */
	unit_add(&p, &u[3], 3, 0, 0, 0);
	assert_int_equal(u[3].home, -1); /* all taken */
	memset(&u[4], 0, sizeof(u[4]));
	u[4].id = 4;
	u[4].affinity = 0x1; /* outside the pool */
	sched_null_ops.insert(&p, &u[4], 0);
	assert_int_equal(u[4].home, -1);

	sched_null_ops.remove(&p, &u[1]); /* frees pCPU 3 for the first homeless */
	assert_int_equal(u[3].home, 3);
	assert_int_equal(u[4].home, -1);
	assert_ptr_equal(p.units, &u[0]);
	assert_ptr_equal(u[0].next, &u[2]);
	assert_ptr_equal(u[2].next, &u[3]);
	assert_ptr_equal(u[3].next, &u[4]);
	assert_null(u[4].next);
}

TEST(test_null_admit_refuses_more_vcpus_than_pcpus)
{
	struct sched_pool p;
	struct sched_unit u[4];
	char err[80] = "";

	pool_init(&p, &sched_null_ops, 0x3);
	unit_add(&p, &u[0], 0, 0, 0, 0);
	unit_add(&p, &u[1], 1, 0, 0, 0);
	assert_int_equal(sched_null_ops.admit(&p, err, sizeof(err)), 0);
	unit_add(&p, &u[2], 2, 0, 0, 0);
	unit_add(&p, &u[3], 3, 0, 0, 0);
	assert_int_equal(sched_null_ops.admit(&p, err, sizeof(err)), -E_RANGE);
	assert_string_equal(err, "4 vCPUs for 2 pCPUs");

	/* Enough pCPUs, but two units pinned to the same one. */
	pool_init(&p, &sched_null_ops, 0x3);
	memset(u, 0, sizeof(u));
	for (unsigned int i = 0; i < 2; i++) {
		u[i].id = i;
		u[i].affinity = 0x2;
		sched_null_ops.insert(&p, &u[i], 0);
	}
	assert_int_equal(sched_null_ops.admit(&p, err, sizeof(err)), -E_RANGE);
	assert_string_equal(err, "unit 1: no free pCPU in its affinity 0x2");
}

TEST(test_null_pick_runs_home_unit_only)
{
	struct sched_pool p;
	struct sched_unit u[2];

	pool_init(&p, &sched_null_ops, 0x3);
	unit_add(&p, &u[0], 0, 0, 0, 0);
	unit_add(&p, &u[1], 1, 0, 0, 0);
	expect_pick(&p, 0, 0, NULL, SCHED_NEVER); /* not runnable yet */
	assert_int_equal(sched_null_ops.wake(&p, &u[1], 0), 0x2);
	expect_pick(&p, 0, 0, NULL, SCHED_NEVER); /* u1 is not cpu 0's */
	expect_pick(&p, 1, 0, &u[1], SCHED_NEVER);
	assert_int_equal(sched_null_ops.wake(&p, &u[1], 0), 0); /* runs already */

	expect_pick(&p, 1, 3 * MS, &u[1], SCHED_NEVER);
	assert_int_equal(u[1].runtime, 3 * MS);
	sched_null_ops.sleep(&p, &u[1], 5 * MS);
	assert_int_equal(u[1].runtime, 5 * MS);
	assert_int_equal(u[1].cpu, -1);
	expect_pick(&p, 1, 5 * MS, NULL, SCHED_NEVER); /* home unit blocked */
	assert_int_equal(u[1].runtime, 5 * MS);	       /* not charged twice */
	assert_int_equal(sched_null_ops.wake(&p, &u[1], 9 * MS), 0x2);
	expect_pick(&p, 1, 9 * MS, &u[1], SCHED_NEVER);
	expect_pick(&p, 1, 10 * MS, &u[1], SCHED_NEVER);
	assert_int_equal(u[1].runtime, 6 * MS); /* the blocked 4 ms not counted */
}

/* ---- rtds ---- */

static void rtds_pool(struct sched_pool *p, u64 cpus) { pool_init(p, &sched_rtds_ops, cpus); }

static u64 wake(struct sched_pool *p, struct sched_unit *u, u64 now)
{
	return sched_rtds_ops.wake(p, u, now);
}

TEST(test_rtds_edf_order)
{
	struct sched_pool p;
	struct sched_unit a, b, c, d;

	rtds_pool(&p, 0x1);
	unit_add(&p, &a, 0, 10 * MS, 2 * MS, 0); /* deadline 10 ms */
	unit_add(&p, &b, 1, 5 * MS, 1 * MS, 0);	 /* deadline 5 ms */
	wake(&p, &a, 0);
	wake(&p, &b, 0);
	expect_pick(&p, 0, 0, &b, 1 * MS); /* earlier deadline, until its budget ends */
	expect_pick(&p, 0, 1 * MS, &a, 3 * MS);
	expect_pick(&p, 0, 3 * MS, NULL, 5 * MS); /* both spent: idle to b's refill */

	/* Equal deadlines: the lower id first. */
	rtds_pool(&p, 0x1);
	unit_add(&p, &d, 4, 10 * MS, 2 * MS, 0);
	unit_add(&p, &c, 3, 10 * MS, 2 * MS, 0);
	wake(&p, &d, 0);
	wake(&p, &c, 0);
	expect_pick(&p, 0, 0, &c, 2 * MS);
	expect_pick(&p, 0, 2 * MS, &d, 4 * MS);
}

TEST(test_rtds_replenish_at_period_boundary)
{
	struct sched_pool p;
	struct sched_unit a;

	rtds_pool(&p, 0x1);
	unit_add(&p, &a, 0, 10 * MS, 3 * MS, 0);
	wake(&p, &a, 0);
	expect_pick(&p, 0, 0, &a, 3 * MS);
	expect_pick(&p, 0, 3 * MS, NULL, 10 * MS);
	assert_int_equal(a.remaining, 0);
	assert_int_equal(a.deadline, 10 * MS);
	expect_pick(&p, 0, 10 * MS, &a, 13 * MS);
	assert_int_equal(a.remaining, 3 * MS);
	assert_int_equal(a.deadline, 20 * MS);
	assert_int_equal(a.misses, 0);
}

TEST(test_rtds_budget_exhaustion)
{
	struct sched_pool p;
	struct sched_unit a;

	rtds_pool(&p, 0x1);
	unit_add(&p, &a, 0, 10 * MS, 2 * MS, 0);
	wake(&p, &a, 0);
	expect_pick(&p, 0, 0, &a, 2 * MS);	   /* now + remaining */
	expect_pick(&p, 0, 500 * US, &a, 2 * MS);  /* an early pick keeps the end */
	expect_pick(&p, 0, 2 * MS, NULL, 10 * MS); /* spent */
	expect_pick(&p, 0, 6 * MS, NULL, 10 * MS); /* still spent */
	expect_pick(&p, 0, 10 * MS, &a, 12 * MS);  /* next period */
	assert_int_equal(a.runtime, 2 * MS);
	assert_int_equal(a.misses, 0);
}

TEST(test_rtds_extratime_runs_only_in_slack)
{
	struct sched_pool p;
	struct sched_unit a, b, c;

	rtds_pool(&p, 0x1);
	unit_add(&p, &a, 0, 10 * MS, 2 * MS, 0); /* deadline 10 ms, extratime */
	a.extratime = true;
	unit_add(&p, &b, 1, 10 * MS, 5 * MS, 1 * MS); /* deadline 11 ms */
	wake(&p, &a, 1 * MS);
	wake(&p, &b, 1 * MS);
	expect_pick(&p, 0, 1 * MS, &a, 3 * MS);
	expect_pick(&p, 0, 3 * MS, &b, 8 * MS);	 /* b has budget: above a's extratime */
	expect_pick(&p, 0, 8 * MS, &a, 10 * MS); /* slack: a until its refill */
	assert_int_equal(a.remaining, 0);
	expect_pick(&p, 0, 10 * MS, &a, 11 * MS); /* a on budget again, deadline 20 */
	assert_int_equal(a.remaining, 2 * MS);
	assert_int_equal(a.runtime, 4 * MS); /* 2 on budget, 2 in extratime */
	assert_int_equal(b.misses, 0);

	/* A budgeted unit waking preempts extratime at once. */
	rtds_pool(&p, 0x1);
	unit_add(&p, &a, 0, 10 * MS, 1 * MS, 0);
	a.extratime = true;
	unit_add(&p, &b, 1, 20 * MS, 1 * MS, 0);
	wake(&p, &a, 0);
	expect_pick(&p, 0, 0, &a, 1 * MS);
	expect_pick(&p, 0, 1 * MS, &a, 10 * MS); /* extratime, nothing else runnable */
	assert_int_equal(wake(&p, &b, 2 * MS), 0x1);
	expect_pick(&p, 0, 2 * MS, &b, 3 * MS);

	/* Among extratime units, the earlier deadline first. */
	rtds_pool(&p, 0x1);
	unit_add(&p, &b, 1, 20 * MS, 1 * MS, 0);
	unit_add(&p, &c, 2, 10 * MS, 1 * MS, 0);
	b.extratime = c.extratime = true;
	b.remaining = c.remaining = 0;
	wake(&p, &b, 0);
	wake(&p, &c, 0);
	expect_pick(&p, 0, 0, &c, 10 * MS);
}

TEST(test_rtds_admission)
{
	struct sched_pool p;
	struct sched_unit u[4];
	char err[80] = "";

	rtds_pool(&p, 0x3);
	unit_add(&p, &u[0], 0, 10 * MS, 10 * MS, 0);
	unit_add(&p, &u[1], 1, 1 * MS, 1 * MS, 0);
	assert_int_equal(sched_rtds_ops.admit(&p, err, sizeof(err)), 0); /* exactly 2 */
	unit_add(&p, &u[2], 2, 10 * MS, 4 * MS, 0);
	assert_int_equal(sched_rtds_ops.admit(&p, err, sizeof(err)), -E_RANGE);
	assert_string_equal(err, "utilisation 2.400 exceeds its 2 pCPUs");

	/* Three thirds of two: 2.0 exactly, not refused for rounding. */
	rtds_pool(&p, 0x3);
	for (unsigned int i = 0; i < 3; i++)
		unit_add(&p, &u[i], i, 3 * MS, 2 * MS, 0);
	assert_int_equal(sched_rtds_ops.admit(&p, err, sizeof(err)), 0);
	/* 2.001: refused. */
	unit_add(&p, &u[3], 3, 1000 * MS, 1 * MS, 0);
	assert_int_equal(sched_rtds_ops.admit(&p, err, sizeof(err)), -E_RANGE);
	assert_string_equal(err, "utilisation 2.001 exceeds its 2 pCPUs");

	rtds_pool(&p, 0x1);
	unit_add(&p, &u[0], 0, 1 * MS, 2 * MS, 0);
	assert_int_equal(sched_rtds_ops.admit(&p, err, sizeof(err)), -E_INVAL);
	assert_string_equal(err,
			    "unit 0: budget 2000000 ns not within 10000 ns..period 1000000 ns");

	rtds_pool(&p, 0x1);
	unit_add(&p, &u[0], 0, 1 * MS, 5 * US, 0); /* below the granularity */
	assert_int_equal(sched_rtds_ops.admit(&p, err, sizeof(err)), -E_INVAL);

	rtds_pool(&p, 0x1);
	unit_add(&p, &u[0], 0, 1 * MS, 100 * US, 0);
	u[0].affinity = 0x2; /* no pCPU of the pool */
	assert_int_equal(sched_rtds_ops.admit(&p, err, sizeof(err)), -E_INVAL);
	assert_string_equal(err, "unit 0: affinity 0x2 has no pCPU of the pool");
}

TEST(test_rtds_wake_preempts_later_deadline)
{
	struct sched_pool p;
	struct sched_unit a, b, c, d;
	u64 until;

	rtds_pool(&p, 0x3);
	unit_add(&p, &a, 0, 10 * MS, 5 * MS, 0); /* deadline 10 */
	unit_add(&p, &b, 1, 20 * MS, 5 * MS, 0); /* deadline 20 */
	unit_add(&p, &c, 2, 15 * MS, 5 * MS, 0); /* deadline 15 */
	unit_add(&p, &d, 3, 30 * MS, 5 * MS, 0); /* deadline 30 */
	assert_int_equal(wake(&p, &a, 0), 0x1);
	assert_int_equal(wake(&p, &b, 0), 0x2); /* cpu 0 is about to pick already */
	assert_ptr_equal(pick(&p, 0, 0, &until), &a);
	assert_ptr_equal(pick(&p, 1, 0, &until), &b);

	assert_int_equal(wake(&p, &d, 1 * MS), 0);   /* later than both: waits */
	assert_int_equal(wake(&p, &c, 1 * MS), 0x2); /* beats b, the latest running */
	expect_pick(&p, 1, 1 * MS, &c, 6 * MS);
	assert_int_equal(b.cpu, -1);
	assert_int_equal(b.remaining, 4 * MS);
}

TEST(test_rtds_wake_prefers_idle_cpu)
{
	struct sched_pool p;
	struct sched_unit a, b, c;
	u64 until;

	rtds_pool(&p, 0x3);
	unit_add(&p, &a, 0, 30 * MS, 5 * MS, 0);
	unit_add(&p, &b, 1, 10 * MS, 5 * MS, 0);
	unit_add(&p, &c, 2, 10 * MS, 5 * MS, 0);
	assert_int_equal(wake(&p, &a, 0), 0x1);
	assert_ptr_equal(pick(&p, 0, 0, &until), &a);
	/* b would beat a, but pCPU 1 is idle. */
	assert_int_equal(wake(&p, &b, 0), 0x2);
	/* cpu 1 has not picked yet: c preempts a rather than pile onto it. */
	assert_int_equal(wake(&p, &c, 0), 0x1);
	assert_ptr_equal(pick(&p, 1, 0, &until), &b);
	assert_ptr_equal(pick(&p, 0, 0, &until), &c);
}

TEST(test_rtds_miss_accounting)
{
	struct sched_pool p;
	struct sched_unit a, b, c, d;

	rtds_pool(&p, 0x1);
	unit_add(&p, &a, 0, 5 * MS, 5 * MS, 0);	 /* all of the pCPU, earlier deadlines */
	unit_add(&p, &b, 1, 10 * MS, 2 * MS, 0); /* runnable, starved */
	unit_add(&p, &c, 2, 10 * MS, 2 * MS, 0); /* blocked throughout */
	unit_add(&p, &d, 3, 10 * MS, 2 * MS, 0); /* blocked with budget left */
	wake(&p, &a, 0);
	wake(&p, &b, 0);
	wake(&p, &d, 0);
	expect_pick(&p, 0, 0, &a, 5 * MS);
	sched_rtds_ops.sleep(&p, &d, 0);
	expect_pick(&p, 0, 5 * MS, &a, 10 * MS); /* ties b at 10 ms: lower id */
	expect_pick(&p, 0, 10 * MS, &a, 15 * MS);
	assert_int_equal(b.misses, 1);
	assert_int_equal(c.misses, 0);
	assert_int_equal(d.misses, 0);
	assert_int_equal(a.misses, 0);

	/* Two more of b's periods end (20, 30 ms) before anyone looks. */
	expect_pick(&p, 0, 30 * MS, &a, 35 * MS);
	assert_int_equal(b.misses, 3);
	assert_int_equal(a.misses, 0); /* ran all along, spent each budget */
	assert_int_equal(c.misses, 0);
	assert_int_equal(d.misses, 0);
	assert_int_equal(d.remaining, 2 * MS);
	assert_int_equal(d.deadline, 40 * MS);
}

TEST(test_rtds_runtime_accounting)
{
	struct sched_pool p;
	struct sched_unit a, b;
	u64 until;

	rtds_pool(&p, 0x3);
	unit_add(&p, &a, 0, 10 * MS, 4 * MS, 0);
	unit_add(&p, &b, 1, 10 * MS, 4 * MS, 0);
	wake(&p, &a, 0);
	wake(&p, &b, 0);
	assert_ptr_equal(pick(&p, 0, 0, &until), &a);
	assert_ptr_equal(pick(&p, 1, 0, &until), &b);
	expect_pick(&p, 0, 1 * MS, &a, 4 * MS);
	assert_int_equal(a.runtime, 1 * MS);
	assert_int_equal(a.remaining, 3 * MS);
	/* Deferrable: the budget waits while a sleeps. */
	sched_rtds_ops.sleep(&p, &a, 1500 * US);
	assert_int_equal(a.runtime, 1500 * US);
	assert_int_equal(a.remaining, 2500 * US);
	assert_int_equal(a.cpu, -1);
	expect_pick(&p, 0, 1500 * US, NULL, 10 * MS);
	/* b on the other pCPU was charged along the way, never twice. */
	expect_pick(&p, 1, 4 * MS, NULL, 10 * MS);
	assert_int_equal(b.runtime, 4 * MS);
	assert_int_equal(wake(&p, &a, 6 * MS), 0x1);
	assert_int_equal(a.remaining, 2500 * US);
	expect_pick(&p, 0, 6 * MS, &a, 8500 * US);
	expect_pick(&p, 0, 8500 * US, NULL, 10 * MS);
	assert_int_equal(a.runtime, 4 * MS);
}

TEST(test_rtds_global_edf_two_cpus)
{
	struct sched_pool p;
	struct sched_unit a, b, c;
	u64 until;

	rtds_pool(&p, 0x3);
	unit_add(&p, &c, 2, 30 * MS, 10 * MS, 0);
	unit_add(&p, &b, 1, 20 * MS, 2 * MS, 0);
	unit_add(&p, &a, 0, 10 * MS, 1 * MS, 0);
	assert_int_equal(wake(&p, &c, 0), 0x1);
	assert_int_equal(wake(&p, &b, 0), 0x2);
	assert_int_equal(wake(&p, &a, 0), 0); /* both pCPUs about to pick */
	assert_ptr_equal(pick(&p, 0, 0, &until), &a);
	assert_int_equal(until, 1 * MS);
	assert_ptr_equal(pick(&p, 1, 0, &until), &b);
	assert_int_equal(until, 2 * MS);
	assert_int_equal(c.cpu, -1);		   /* the latest deadline waits */
	expect_pick(&p, 0, 1 * MS, &c, 10 * MS);   /* a's refill at 10 ms may preempt */
	expect_pick(&p, 1, 2 * MS, NULL, 10 * MS); /* c runs elsewhere */
	expect_pick(&p, 1, 10 * MS, &a, 11 * MS);  /* refilled a: the idle pCPU */
	expect_pick(&p, 0, 10 * MS, &c, 11 * MS);  /* c keeps its pCPU */
	assert_int_equal(c.runtime, 9 * MS);
}

TEST(test_rtds_affinity)
{
	struct sched_pool p;
	struct sched_unit a, b;

	rtds_pool(&p, 0x3);
	unit_add(&p, &a, 0, 10 * MS, 2 * MS, 0);
	a.affinity = 0x2; /* pCPU 1 only */
	unit_add(&p, &b, 1, 20 * MS, 2 * MS, 0);
	assert_int_equal(wake(&p, &b, 0), 0x1);
	expect_pick(&p, 0, 0, &b, 2 * MS);
	/* a beats b, but only pCPU 1 is allowed, and idle. */
	assert_int_equal(wake(&p, &a, 0), 0x2);
	expect_pick(&p, 0, 500 * US, &b, 2 * MS);
	expect_pick(&p, 1, 500 * US, &a, 2500 * US);

	/* Both pCPUs idle: a is sent to the one it may use, not the lowest. */
	sched_rtds_ops.sleep(&p, &a, 1 * MS);
	sched_rtds_ops.sleep(&p, &b, 1 * MS);
	/* Nothing runnable: no tick at all (blocked units' refills wait). */
	expect_pick(&p, 0, 1 * MS, NULL, SCHED_NEVER);
	expect_pick(&p, 1, 1 * MS, NULL, SCHED_NEVER);
	assert_int_equal(wake(&p, &a, 1 * MS), 0x2);
	expect_pick(&p, 0, 1 * MS, NULL, 10 * MS); /* a is not cpu 0's to run */
	expect_pick(&p, 1, 1 * MS, &a, 2500 * US);
}

TEST(test_rtds_min_slice)
{
	struct sched_pool p;
	struct sched_unit a, b;

	/* A deadline 3 us away: the pick comes 10 us away, not sooner. */
	rtds_pool(&p, 0x1);
	unit_add(&p, &a, 0, 10 * MS, 5 * MS, 0);
	unit_add(&p, &b, 1, 1 * MS, 100 * US, 0); /* deadline 1 ms */
	wake(&p, &a, 0);
	wake(&p, &b, 0);
	expect_pick(&p, 0, 0, &b, 100 * US);
	expect_pick(&p, 0, 100 * US, &a, 1 * MS); /* b's budget is spent */
	expect_pick(&p, 0, 997 * US, &a, 1007 * US);

	/* Less than 10 us of budget left counts as spent, and is no miss. */
	rtds_pool(&p, 0x1);
	unit_add(&p, &a, 0, 10 * MS, 1 * MS, 0);
	wake(&p, &a, 0);
	expect_pick(&p, 0, 0, &a, 1 * MS);
	expect_pick(&p, 0, 995 * US, NULL, 10 * MS);
	assert_int_equal(a.remaining, 5 * US);
	expect_pick(&p, 0, 10 * MS, &a, 11 * MS);
	assert_int_equal(a.misses, 0);

	/* 10 us exactly is a slice. */
	expect_pick(&p, 0, 10990 * US, &a, 11 * MS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_home_assignment),
		cmocka_unit_test(test_null_admit_refuses_more_vcpus_than_pcpus),
		cmocka_unit_test(test_null_pick_runs_home_unit_only),
		cmocka_unit_test(test_rtds_edf_order),
		cmocka_unit_test(test_rtds_replenish_at_period_boundary),
		cmocka_unit_test(test_rtds_budget_exhaustion),
		cmocka_unit_test(test_rtds_extratime_runs_only_in_slack),
		cmocka_unit_test(test_rtds_admission),
		cmocka_unit_test(test_rtds_wake_preempts_later_deadline),
		cmocka_unit_test(test_rtds_wake_prefers_idle_cpu),
		cmocka_unit_test(test_rtds_miss_accounting),
		cmocka_unit_test(test_rtds_runtime_accounting),
		cmocka_unit_test(test_rtds_global_edf_two_cpus),
		cmocka_unit_test(test_rtds_affinity),
		cmocka_unit_test(test_rtds_min_slice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
