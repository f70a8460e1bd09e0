/* Cpupools (common/config/pools.c) on domains-pools.dts, and the domains
 * naming them. The environment: test_config.h. */
#include "test_config.h"

/* ---- cpupools: domains-pools.dts ---------------------------------------- */

#define GUARD	  "domain guard (/chosen/guard): "
#define SOLO	  "domain solo (/chosen/bad): "
#define TAIL	  "domain tail (/chosen/tail): "
#define SOLO_PL	  "cpupool solo-pool (/chosen/solo-pool@3): "
#define POOLS	  "cpupool-cpus: "
#define SOLO_PATH "/chosen/solo-pool@3"

/* The node's phandle, given one if nothing referred to it (cpu@0). */
static u32 phandle_of(void *f, const char *path)
{
	u32 ph = fdt_get_phandle(f, node(f, path));
	if (!ph) {
		assert_int_equal(fdt_generate_phandle(f, &ph), 0);
		assert_int_equal(fdt_setprop_u32(f, node(f, path), "phandle", ph), 0);
	}
	return ph;
}

/* The pools fixture as written: rt = CPUs 1, 2 (rtds), solo-pool = CPU 3
 * (null); guard in rt, solo in solo-pool, tail in pool 0. */
static void check_rt(const void *f)
{
	expect_pool(&pools[0], f, "/chosen/rt", "rt", 0x6, SCHED_RTDS);
}

static void check_pools_guard(const struct domain_config *c, const void *f)
{
	expect_valid(c, f, "/chosen/guard", "guard");
	assert_int_equal(c->affinity, 0x4);
	expect_sched(c, 0, 20000, 5000, true, 1500, 0);
}

TEST(test_pools_valid)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = load("domains-pools.dtb");

	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(count, 3);
	assert_int_equal(npools, 2);
	assert_int_equal(npools_valid, 2);
	check_rt(f);
	expect_pool(&pools[1], f, SOLO_PATH, "solo-pool", 0x8, SCHED_NULL);
	check_pools_guard(&out[0], f);
	expect_valid(&out[1], f, "/chosen/bad", "solo");
	expect_sched(&out[1], 1, 10000, 4000, false, 0, 3);
	check_tail(&out[2], f);
	assert_int_equal(config_nlogged(), 0);
	free(f);
}

/* Logical numbers follow lim.cpu_mpidr, not the DT's order, and compare the
 * affinity bits only (MPIDR_EL1 bit 31 is RES1). */
TEST(test_pools_logical_numbering)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = load("domains-pools.dtb");
	const u64 order[4] = {0x0, 0x80000101, 0x1, 0x100};

	memcpy(mpidr, order, sizeof(mpidr));
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	expect_pool(&pools[0], f, "/chosen/rt", "rt", 0xc, SCHED_RTDS);
	expect_pool(&pools[1], f, SOLO_PATH, "solo-pool", 0x2, SCHED_NULL);
	free(f);
}

/* solo-pool refused with err, so domain solo too; the rest as written. */
static void expect_solo_pool_refused(const void *f, const char *err)
{
	struct domain_config out[MAXD];
	unsigned int count;

	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_int_equal(count, 3);
	assert_int_equal(npools, 2);
	assert_int_equal(npools_valid, 1);
	check_rt(f);
	expect_pool_refused(&pools[1], f, SOLO_PATH, err);
	check_pools_guard(&out[0], f);
	expect_refused(&out[1], f, "/chosen/bad",
		       SOLO "domain-cpupool: the cpupool " SOLO_PATH " is refused");
	check_tail(&out[2], f);
}

#define POOL_EDIT(name, err, ...)                                                                  \
	TEST(name)                                                                                 \
	{                                                                                          \
		void *f = pools_copy();                                                            \
		__VA_ARGS__;                                                                       \
		expect_solo_pool_refused(f, err);                                                  \
		free(f);                                                                           \
	}

POOL_EDIT(test_pool_no_cpus, SOLO_PL POOLS "missing (phandles of the pool's /cpus nodes)",
	  del_prop(f, SOLO_PATH, "cpupool-cpus"))
POOL_EDIT(test_pool_cpus_empty, SOLO_PL POOLS "want a non-empty list of phandles of /cpus nodes",
	  set_empty(f, SOLO_PATH, "cpupool-cpus"))
POOL_EDIT(test_pool_phandle_dangling, SOLO_PL POOLS "phandle 0x999 names no node",
	  set_cells(f, SOLO_PATH, "cpupool-cpus", 1, 0x999))
POOL_EDIT(test_pool_phandle_self,
	  SOLO_PL POOLS SOLO_PATH " is not a cpu node (device_type = \"cpu\" under /cpus)",
	  set_cells(f, SOLO_PATH, "cpupool-cpus", 1, phandle_of(f, SOLO_PATH)))
POOL_EDIT(test_pool_phandle_not_cpu,
	  SOLO_PL POOLS "/chosen/rt is not a cpu node (device_type = \"cpu\" under /cpus)",
	  set_cells(f, SOLO_PATH, "cpupool-cpus", 1, phandle_of(f, "/chosen/rt")))
POOL_EDIT(test_pool_cpu_without_device_type,
	  SOLO_PL POOLS "/cpus/cpu@101 is not a cpu node (device_type = \"cpu\" under /cpus)",
	  del_prop(f, "/cpus/cpu@101", "device_type"))
POOL_EDIT(test_pool_cpu_bad_reg,
	  SOLO_PL POOLS "/cpus/cpu@101: reg is not one MPIDR of /cpus' #address-cells",
	  set_cells(f, "/cpus/cpu@101", "reg", 2, 0, 0x101))
POOL_EDIT(test_pool_cpu_beyond_ncpus,
	  SOLO_PL POOLS "/cpus/cpu@101 (MPIDR 0x101) is not one of the 3 CPUs Bulkhead uses",
	  lim.ncpus = 3)
POOL_EDIT(test_pool_cpu_in_earlier_pool,
	  SOLO_PL POOLS "/cpus/cpu@100 (CPU 2) is already in cpupool rt",
	  set_cells(f, SOLO_PATH, "cpupool-cpus", 2, phandle_of(f, "/cpus/cpu@101"),
		    phandle_of(f, "/cpus/cpu@100")))
POOL_EDIT(test_pool_cpu_twice, SOLO_PL POOLS "/cpus/cpu@101 (CPU 3) is listed twice",
	  set_cells(f, SOLO_PATH, "cpupool-cpus", 2, phandle_of(f, "/cpus/cpu@101"),
		    phandle_of(f, "/cpus/cpu@101")))
POOL_EDIT(test_pool_boot_cpu,
	  SOLO_PL POOLS "/cpus/cpu@0 is the boot CPU, which stays in pool 0 (the CPUs in no "
			"cpupool)",
	  set_cells(f, SOLO_PATH, "cpupool-cpus", 2, phandle_of(f, "/cpus/cpu@101"),
		    phandle_of(f, "/cpus/cpu@0")))
/* The boot CPU is logical 0 wherever the DT lists it. */
POOL_EDIT(test_pool_boot_cpu_not_first_in_dt,
	  SOLO_PL POOLS "/cpus/cpu@101 is the boot CPU, which stays in pool 0 (the CPUs in no "
			"cpupool)",
	  mpidr[0] = 0x101;
	  mpidr[3] = 0x0)
POOL_EDIT(test_pool_sched_credit,
	  SOLO_PL "cpupool-sched: \"credit\" is a Xen scheduler Bulkhead does not have; it "
		  "has \"null\" and \"rtds\"",
	  set_str(f, SOLO_PATH, "cpupool-sched", "credit"))
POOL_EDIT(test_pool_sched_unknown,
	  SOLO_PL "cpupool-sched: unknown scheduler \"fifo\"; Bulkhead has \"null\" and "
		  "\"rtds\"",
	  set_str(f, SOLO_PATH, "cpupool-sched", "fifo"))
POOL_EDIT(test_pool_sched_not_string, SOLO_PL "cpupool-sched: not a single string",
	  set_cells(f, SOLO_PATH, "cpupool-sched", 1, 0x6e756c6c /* "null" without NUL */))

/* Without the CPUs' MPIDRs no pool can be read; their domains are refused. */
TEST(test_pools_without_cpu_map)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = load("domains-pools.dtb");

	lim.cpu_mpidr = NULL;
	assert_int_equal(parse(f, MAXD, out, &count), 1);
	assert_int_equal(npools_valid, 0);
	expect_pool_refused(&pools[0], f, "/chosen/rt",
			    "cpupool rt (/chosen/rt): " POOLS
			    "/cpus/cpu@1 (MPIDR 0x1) is not one of the 0 CPUs Bulkhead uses");
	expect_refused(&out[0], f, "/chosen/guard",
		       GUARD "domain-cpupool: the cpupool /chosen/rt is refused");
	check_tail(&out[2], f);
	free(f);
}

TEST(test_pool_sched_default_rtds)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = pools_copy();

	del_prop(f, SOLO_PATH, "cpupool-sched");
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	expect_pool(&pools[1], f, SOLO_PATH, "solo-pool", 0x8, SCHED_RTDS);
	assert_int_equal(out[1].pool, 1);
	free(f);
}

/* A refused pool's CPUs stay in pool 0: a later pool may take them. */
TEST(test_pool_refused_takes_no_cpu)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = pools_copy();

	set_str(f, "/chosen/rt", "cpupool-sched", "credit2");
	set_cells(f, SOLO_PATH, "cpupool-cpus", 2, phandle_of(f, "/cpus/cpu@1"),
		  phandle_of(f, "/cpus/cpu@101"));
	set_cells(f, "/chosen/tail", "bulkhead,vcpu-affinity", 1, 2);
	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_int_equal(npools_valid, 1);
	expect_pool_refused(&pools[0], f, "/chosen/rt",
			    "cpupool rt (/chosen/rt): cpupool-sched: \"credit2\" is a Xen "
			    "scheduler Bulkhead does not have; it has \"null\" and \"rtds\"");
	expect_pool(&pools[1], f, SOLO_PATH, "solo-pool", 0xa, SCHED_NULL);
	expect_refused(&out[0], f, "/chosen/guard",
		       GUARD "domain-cpupool: the cpupool /chosen/rt is refused");
	assert_true(out[1].valid);
	expect_valid(&out[2], f, "/chosen/tail", "tail");
	assert_int_equal(out[2].affinity, 0x4);
	free(f);
}

TEST(test_pool_disabled)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = pools_copy();

	set_str(f, SOLO_PATH, "status", "disabled");
	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_int_equal(npools, 1);
	check_rt(f);
	expect_refused(&out[1], f, "/chosen/bad",
		       SOLO "domain-cpupool: the cpupool " SOLO_PATH " is disabled");
	free(f);
}

TEST(test_pools_too_many)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = load("domains-pools.dtb");

	pool_max = 1;
	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_int_equal(npools, 1);
	check_rt(f);
	assert_int_equal(config_nlogged(), 1);
	assert_string_equal(config_logged(),
			    SOLO_PL "compatible: more than 1 cpupools (CFG_MAX_POOLS); "
				    "it and the 0 after it are not used");
	check_pools_guard(&out[0], f);
	expect_refused(&out[1], f, "/chosen/bad",
		       SOLO "domain-cpupool: the cpupool " SOLO_PATH
			    " was not read (more cpupools than CFG_MAX_POOLS)");
	free(f);
}

/* One domain of the pools fixture refused with err, the others valid. */
static void expect_pools_domain_refused(const void *f, unsigned int idx, const char *err)
{
	static const char *const paths[] = {"/chosen/guard", "/chosen/bad", "/chosen/tail"};
	struct domain_config out[MAXD];
	unsigned int count;

	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_int_equal(count, 3);
	assert_int_equal(npools_valid, 2);
	for (unsigned int i = 0; i < 3; i++)
		if (i == idx)
			expect_refused(&out[i], f, paths[i], err);
		else
			assert_true(out[i].valid);
}

#define POOL_DOMAIN_EDIT(name, idx, err, ...)                                                      \
	TEST(name)                                                                                 \
	{                                                                                          \
		void *f = pools_copy();                                                            \
		__VA_ARGS__;                                                                       \
		expect_pools_domain_refused(f, idx, err);                                          \
		free(f);                                                                           \
	}

POOL_DOMAIN_EDIT(test_domain_pool_not_a_pool, 0,
		 GUARD "domain-cpupool: /cpus/cpu@1 is not a cpupool (compatible \"xen,cpupool\" "
		       "or \"bulkhead,cpupool\")",
		 set_cells(f, "/chosen/guard", "domain-cpupool", 1, phandle_of(f, "/cpus/cpu@1")))
/* References back to the node itself: phandles are followed one step, so
 * no cycle can form; each is refused naming the node. */
POOL_DOMAIN_EDIT(test_domain_pool_self, 0,
		 GUARD "domain-cpupool: /chosen/guard is not a cpupool (compatible \"xen,cpupool\" "
		       "or \"bulkhead,cpupool\")",
		 set_cells(f, "/chosen/guard", "domain-cpupool", 1, phandle_of(f, "/chosen/guard")))
POOL_DOMAIN_EDIT(test_domain_pool_dangling, 0, GUARD "domain-cpupool: phandle 0x999 names no node",
		 set_cells(f, "/chosen/guard", "domain-cpupool", 1, 0x999))
POOL_DOMAIN_EDIT(test_domain_pool_two_cells, 0,
		 GUARD "domain-cpupool: want one phandle (<&pool>), found 8 bytes",
		 set_cells(f, "/chosen/guard", "domain-cpupool", 2, 1, 2))
POOL_DOMAIN_EDIT(test_rtds_in_null_pool, 1,
		 SOLO "bulkhead,rtds: the domain's pool (cpupool solo-pool) schedules with null, "
		      "not rtds",
		 set_cells(f, "/chosen/bad", "bulkhead,rtds", 2, 10000, 4000))
POOL_DOMAIN_EDIT(test_rtds_extratime_in_null_pool, 1,
		 SOLO "bulkhead,rtds-extratime: the domain's pool (cpupool solo-pool) schedules "
		      "with null, not rtds",
		 set_empty(f, "/chosen/bad", "bulkhead,rtds-extratime"))
POOL_DOMAIN_EDIT(test_affinity_outside_pool, 0,
		 GUARD "bulkhead,vcpu-affinity: pCPU 3 is not in the domain's cpupool rt",
		 set_cells(f, "/chosen/guard", "bulkhead,vcpu-affinity", 2, 1, 3))
POOL_DOMAIN_EDIT(test_affinity_pool0_outside, 2,
		 TAIL "bulkhead,vcpu-affinity: pCPU 1 is in a cpupool; the domain has pool 0",
		 set_cells(f, "/chosen/tail", "bulkhead,vcpu-affinity", 2, 0, 1))

int main(int argc, char **argv)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_pools_valid),
		T(test_pools_logical_numbering),
		T(test_pool_no_cpus),
		T(test_pool_cpus_empty),
		T(test_pool_phandle_dangling),
		T(test_pool_phandle_not_cpu),
		T(test_pool_phandle_self),
		T(test_pool_cpu_without_device_type),
		T(test_pool_cpu_bad_reg),
		T(test_pool_cpu_beyond_ncpus),
		T(test_pool_cpu_in_earlier_pool),
		T(test_pool_cpu_twice),
		T(test_pool_boot_cpu),
		T(test_pool_boot_cpu_not_first_in_dt),
		T(test_pool_sched_credit),
		T(test_pool_sched_unknown),
		T(test_pool_sched_not_string),
		T(test_pools_without_cpu_map),
		T(test_pool_sched_default_rtds),
		T(test_pool_refused_takes_no_cpu),
		T(test_pool_disabled),
		T(test_pools_too_many),
		T(test_domain_pool_not_a_pool),
		T(test_domain_pool_dangling),
		T(test_domain_pool_self),
		T(test_domain_pool_two_cells),
		T(test_rtds_in_null_pool),
		T(test_rtds_extratime_in_null_pool),
		T(test_affinity_outside_pool),
		T(test_affinity_pool0_outside),
	};
#undef T
	return config_tests_run("config_pools", tests, ARRAY_SIZE(tests), argc, argv);
}
