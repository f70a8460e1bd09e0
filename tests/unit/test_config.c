/* common/config.c: domains and cpupools from /chosen, on
 * tests/unit/fixtures/domains-*.dts (argv[1] is the directory unit.mk
 * compiles them into) and on copies of domains-valid.dtb and
 * domains-pools.dtb edited with libfdt. Module addresses name host RAM that
 * does not exist here: the partial DT of domU1 lives in a buffer, which
 * map_blob() returns for its module's address. Every parse() reads the pools
 * first, as boot.c does. */
#include "unit.h"
#include <libfdt.h>
#include <bulkhead/domain_config.h>
#include <bulkhead/log.h>
#include "fdt_edit.h"
/* config.c reports more domains than fit on the console. */
#include "shim_log.h"

#define COPY_SIZE    (64 * 1024)
#define MAXD	     8
#define PARTIAL_PA   0x49800000ULL /* domU1's multiboot,device-tree module */
#define PARTIAL_SIZE 0x1000	   /* its size in domains-valid.dts */
#define PARTIAL2_PA  0x49900000ULL
#define SERIAL	     "/passthrough/serial@9040000"
#define ETH	     "/passthrough/ethernet@a000000"

static const char *dtb_dir = "build/unit/dtb";

/* ---- environment: limits, module memory, log ---------------------------- */

/* The memory nodes of the fixtures. */
static const struct mem_range ram[] = {{0x40000000, 1 * GiB}, {0x880000000, 1 * GiB}};
/* Logical CPU -> MPIDR: the fixtures' cpu nodes, cpu@0 booting. */
static u64 mpidr[4];
static const u64 mpidr_dt_order[4] = {0x0, 0x1, 0x100, 0x101};

struct mapper {
	struct {
		u64 pa;
		const void *buf;
		u64 size;
	} at[2];
	unsigned int n, calls;
	u64 last_pa, last_size;
};

static struct mapper mapper;
static struct config_limits lim;
static u8 partial[PARTIAL_SIZE], partial2[PARTIAL_SIZE];
static struct pool_config pools[CFG_MAX_POOLS];
static unsigned int npools, pool_max;
static int npools_valid;

/* config_limits.map: only the blobs placed in mapper are readable. */
static const void *map_blob(u64 pa, u64 size, void *ctx)
{
	struct mapper *m = ctx;
	m->calls++;
	m->last_pa = pa;
	m->last_size = size;
	for (unsigned int i = 0; i < m->n; i++)
		if (pa == m->at[i].pa && size <= m->at[i].size)
			return m->at[i].buf;
	return NULL;
}

static void *load(const char *name) { return unit_load_dtb(dtb_dir, name); }

/* A blob in a buffer of size bytes, room for edits. */
static void open_into(const char *name, void *buf, int size)
{
	void *b = load(name);
	assert_int_equal(fdt_open_into(b, buf, size), 0);
	free(b);
}

static void *copy_of(const char *name)
{
	void *f = malloc(COPY_SIZE);
	assert_non_null(f);
	open_into(name, f, COPY_SIZE);
	return f;
}

static void *valid_copy(void) { return copy_of("domains-valid.dtb"); }
static void *pools_copy(void) { return copy_of("domains-pools.dtb"); }

static int setup(void **state)
{
	(void)state;
	lim = (struct config_limits){.ram = ram,
				     .nram = 2,
				     .max_vcpus = 4,
				     .ncpus = 4,
				     .cpu_mpidr = mpidr,
				     .map = map_blob,
				     .map_ctx = &mapper};
	memcpy(mpidr, mpidr_dt_order, sizeof(mpidr));
	pool_max = CFG_MAX_POOLS;
	memset(&mapper, 0, sizeof(mapper));
	memset(partial, 0, sizeof(partial));
	open_into("domains-partial.dtb", partial, sizeof(partial));
	mapper.at[0].pa = PARTIAL_PA;
	mapper.at[0].buf = partial;
	mapper.at[0].size = sizeof(partial);
	mapper.n = 1;
	shim_log_reset();
	return 0;
}

/* ---- DT edits ------------------------------------------------------------- */

static void set_empty(void *f, const char *path, const char *prop)
{
	assert_int_equal(fdt_setprop_empty(f, node(f, path), prop), 0);
}

/* A module node compatible = kind, "multiboot,module" with a 1-cell reg. */
static void add_module(void *f, const char *parent, const char *name, const char *kind, u32 base,
		       u32 size)
{
	char compat[64], path[128];
	int len = snprintf(compat, sizeof(compat), "%s%cmultiboot,module", kind, 0);
	int n = fdt_add_subnode(f, node(f, parent), name);
	assert_true(n >= 0);
	assert_int_equal(fdt_setprop(f, n, "compatible", compat, len + 1), 0);
	snprintf(path, sizeof(path), "%s/%s", parent, name);
	set_cells(f, path, "reg", 2, base, size);
}

/* ---- expected results ----------------------------------------------------- */

/* The pools (into pools[], at most pool_max), then the domains. */
static int parse(const void *f, unsigned int max, struct domain_config *out, unsigned int *count)
{
	memset(out, 0xa5, sizeof(*out) * MAXD);
	memset(pools, 0xa5, sizeof(pools));
	npools = 99;
	npools_valid = config_parse_pools(f, &lim, pools, pool_max, &npools);
	lim.pools = pools;
	lim.npools = npools;
	return config_parse(f, &lim, out, max, count);
}

/* The scheduling and cockpit properties of a domain. */
static void expect_sched(const struct domain_config *c, int pool, u32 period, u32 budget,
			 bool extratime, u32 watchdog, u32 restart_limit)
{
	assert_int_equal(c->pool, pool);
	assert_int_equal(c->rtds_period_us, period);
	assert_int_equal(c->rtds_budget_us, budget);
	assert_int_equal(c->rtds_extratime, extratime);
	assert_int_equal(c->watchdog_ms, watchdog);
	assert_int_equal(c->restart_limit, restart_limit);
}

/* Absent properties: pool 0, Xen's RTDS defaults with extratime (best effort),
 * no watchdog, 3 restarts. */
static void expect_sched_defaults(const struct domain_config *c)
{
	expect_sched(c, -1, 10000, 4000, true, 0, 3);
}

static void expect_pool(const struct pool_config *pl, const void *f, const char *path,
			const char *name, u64 cpus, enum sched_kind sched)
{
	if (!pl->valid)
		fail_msg("%s refused: %s", path, pl->err);
	assert_string_equal(pl->err, "");
	assert_string_equal(pl->name, name);
	assert_int_equal(pl->node, node(f, path));
	assert_int_equal(pl->cpus, cpus);
	assert_int_equal(pl->sched, sched);
}

static void expect_pool_refused(const struct pool_config *pl, const void *f, const char *path,
				const char *err)
{
	assert_false(pl->valid);
	assert_int_equal(pl->node, node(f, path));
	assert_int_equal(pl->cpus, 0); /* takes no CPU from pool 0 */
	assert_string_equal(pl->err, err);
}

static void expect_module(const struct domain_module *m, u64 base, u64 size, const char *bootargs,
			  const void *f, const char *path)
{
	assert_true(m->present);
	assert_int_equal(m->base, base);
	assert_int_equal(m->size, size);
	assert_int_equal(m->node, node(f, path));
	if (!bootargs)
		assert_null(m->bootargs);
	else
		assert_string_equal(m->bootargs, bootargs);
}

static void expect_absent(const struct domain_module *m)
{
	assert_false(m->present);
	assert_int_equal(m->base, 0);
	assert_int_equal(m->size, 0);
	assert_null(m->bootargs);
}

static void expect_valid(const struct domain_config *c, const void *f, const char *path,
			 const char *name)
{
	if (!c->valid)
		fail_msg("%s refused: %s", path, c->err);
	assert_string_equal(c->err, "");
	assert_string_equal(c->name, name);
	assert_int_equal(c->node, node(f, path));
}

static void expect_refused(const struct domain_config *c, const void *f, const char *path,
			   const char *err)
{
	assert_false(c->valid);
	assert_int_equal(c->node, node(f, path));
	assert_string_equal(c->err, err);
}

/* domU1 with the partial DT of domains-partial.dts. */
static void check_pt_domU1(const struct domain_config *c)
{
	assert_int_equal(c->n_pt_regs, 3);
	assert_int_equal(c->pt_regs[0].paddr, 0x9040000);
	assert_int_equal(c->pt_regs[0].size, 0x1000);
	assert_int_equal(c->pt_regs[0].gaddr, 0x9040000);
	assert_int_equal(c->pt_regs[1].paddr, 0xa000000);
	assert_int_equal(c->pt_regs[1].size, 0x2000);
	assert_int_equal(c->pt_regs[1].gaddr, 0xa000000);
	assert_int_equal(c->pt_regs[2].paddr, 0xa010000);
	assert_int_equal(c->pt_regs[2].size, 0x1000);
	assert_int_equal(c->pt_regs[2].gaddr, 0xb000000);
	assert_int_equal(c->n_pt_irqs, 3);
	assert_int_equal(c->pt_irqs[0], 32 + 9);
	assert_int_equal(c->pt_irqs[1], 32 + 16);
	assert_int_equal(c->pt_irqs[2], 32 + 17);
	/* The Ethernet's xen,path: two streams of the SMMU; the UART has none
	 * and is no DMA master, so it needs no IOMMU. */
	assert_int_equal(c->n_streams, 2);
	assert_int_equal(c->streams[0].sid, 0x10);
	assert_int_equal(c->streams[0].count, 1);
	assert_int_equal(c->streams[1].sid, 0x11);
	assert_false(c->dma_unprotected);
}

static void check_domU1(const struct domain_config *c, const void *f)
{
	expect_valid(c, f, "/chosen/domU1", "domU1");
	assert_int_equal(c->mem_bytes, 128 * MiB);
	assert_int_equal(c->vcpus, 2);
	assert_int_equal(c->affinity, 0);
	assert_true(c->vpl011);
	assert_false(c->control);
	assert_false(c->direct_map);
	assert_int_equal(c->on_crash, ON_CRASH_HALT);
	assert_int_equal(c->wfi, WFI_TRAP);
	expect_sched_defaults(c);
	expect_module(&c->kernel, 0x48000000, 0x1000000, "console=ttyAMA0 rdinit=/init", f,
		      "/chosen/domU1/module@48000000");
	expect_module(&c->ramdisk, 0x49000000, 0x800000, NULL, f, "/chosen/domU1/module@49000000");
	expect_module(&c->dtb, PARTIAL_PA, PARTIAL_SIZE, NULL, f, "/chosen/domU1/module@49800000");
	check_pt_domU1(c);
}

static void check_domU2(const struct domain_config *c, const void *f)
{
	expect_valid(c, f, "/chosen/domU2", "domU2");
	assert_int_equal(c->mem_bytes, 6 * MiB); /* 4097 KiB, rounded up */
	assert_int_equal(c->vcpus, 1);
	assert_int_equal(c->affinity, 0);
	assert_false(c->vpl011);
	assert_false(c->control);
	assert_true(c->direct_map);
	assert_int_equal(c->on_crash, ON_CRASH_HALT);
	assert_int_equal(c->wfi, WFI_TRAP);
	expect_sched_defaults(c);
	expect_module(&c->kernel, 0x880000000, 0x200000, NULL, f, "/chosen/domU2/module@880000000");
	expect_absent(&c->ramdisk);
	expect_absent(&c->dtb);
	assert_int_equal(c->n_pt_regs, 0);
	assert_int_equal(c->n_pt_irqs, 0);
}

static void check_cluster(const struct domain_config *c, const void *f)
{
	expect_valid(c, f, "/chosen/cluster", "rt-cluster");
	assert_int_equal(c->mem_bytes, 256 * MiB);
	assert_int_equal(c->vcpus, 2);
	assert_int_equal(c->affinity, 0xc);
	assert_true(c->vpl011);
	assert_true(c->control);
	assert_false(c->direct_map);
	assert_int_equal(c->on_crash, ON_CRASH_RESTART);
	assert_int_equal(c->wfi, WFI_NATIVE);
	expect_sched(c, 0, 20000, 5000, true, 5000, 5); /* cpupool-rt, pools[0] */
	expect_module(&c->kernel, 0x50000000, 0x400000, "console=ttyAMA0", f,
		      "/chosen/cluster/module@50000000");
	expect_module(&c->ramdisk, 0x50400000, 0x100000, NULL, f,
		      "/chosen/cluster/module@50400000");
	expect_absent(&c->dtb);
	assert_int_equal(c->n_pt_regs, 0);
	assert_int_equal(c->n_pt_irqs, 0);
}

static void check_guard(const struct domain_config *c, const void *f)
{
	expect_valid(c, f, "/chosen/guard", "guard");
	assert_int_equal(c->mem_bytes, 64 * MiB);
	assert_int_equal(c->vcpus, 1);
	expect_module(&c->kernel, 0x48000000, 0x200000, NULL, f, "/chosen/guard/module@48000000");
	expect_absent(&c->ramdisk);
	expect_absent(&c->dtb);
	expect_sched_defaults(c);
}

static void check_tail(const struct domain_config *c, const void *f)
{
	expect_valid(c, f, "/chosen/tail", "tail");
	assert_int_equal(c->mem_bytes, 64 * MiB);
	assert_int_equal(c->vcpus, 1);
	expect_module(&c->kernel, 0x4a000000, 0x200000, NULL, f, "/chosen/tail/module@4a000000");
	expect_absent(&c->ramdisk);
	expect_sched_defaults(c);
}

/* The valid tree edited so that domain idx (0 domU1, 1 domU2, 2 cluster) is
 * refused with err; the other two must come out exactly as unedited. */
static void expect_only_refused(const void *f, unsigned int idx, const char *err)
{
	static const char *const paths[] = {"/chosen/domU1", "/chosen/domU2", "/chosen/cluster"};
	static void (*const checks[])(const struct domain_config *,
				      const void *) = {check_domU1, check_domU2, check_cluster};
	struct domain_config out[MAXD];
	unsigned int count;

	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_int_equal(count, 3);
	for (unsigned int i = 0; i < 3; i++)
		if (i == idx)
			expect_refused(&out[i], f, paths[i], err);
		else
			checks[i](&out[i], f);
}

/* ---- the valid tree --------------------------------------------------------- */

TEST(test_valid)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = load("domains-valid.dtb");
	const char *end = (const char *)f + fdt_totalsize(f);

	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(count, 3);
	check_domU1(&out[0], f);
	check_domU2(&out[1], f);
	check_cluster(&out[2], f);
	assert_int_equal(npools, 1);
	assert_int_equal(npools_valid, 1);
	expect_pool(&pools[0], f, "/chosen/cpupool-rt", "cpupool-rt", 0xc, SCHED_RTDS);
	/* bootargs point into the host DT, which stays. */
	assert_true(out[0].kernel.bootargs > (const char *)f && out[0].kernel.bootargs < end);
	/* The partial DT was read through map, at its module's address and size. */
	assert_int_equal(mapper.calls, 1);
	assert_int_equal(mapper.last_pa, PARTIAL_PA);
	assert_int_equal(mapper.last_size, PARTIAL_SIZE);
	assert_int_equal(shim_nlogged, 0);
	free(f);
}

TEST(test_no_chosen)
{
	struct domain_config out[MAXD];
	unsigned int count = 99;
	void *f = valid_copy();
	assert_int_equal(fdt_del_node(f, node(f, "/chosen")), 0);
	assert_int_equal(parse(f, MAXD, out, &count), 0);
	assert_int_equal(count, 0);
	free(f);
}

TEST(test_disabled_domain_skipped)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	set_str(f, "/chosen/domU2", "status", "disabled");
	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_int_equal(count, 2);
	check_domU1(&out[0], f);
	check_cluster(&out[1], f);
	free(f);
}

/* Both compatibles may be given; other nodes under /chosen are no domains. */
TEST(test_both_compatibles)
{
	static const char both[] = "bulkhead,domain\0xen,domain";
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	assert_int_equal(fdt_setprop(f, node(f, "/chosen/domU2"), "compatible", both, sizeof(both)),
			 0);
	assert_true(fdt_add_subnode(f, node(f, "/chosen"), "framebuffer@0") >= 0);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	check_domU2(&out[1], f);
	free(f);
}

TEST(test_too_many_domains)
{
	struct domain_config out[MAXD];
	unsigned int count;
	u8 untouched[sizeof(out[0])];
	void *f = load("domains-valid.dtb");

	memset(untouched, 0xa5, sizeof(untouched));
	assert_int_equal(parse(f, 2, out, &count), 2);
	assert_int_equal(count, 2);
	check_domU1(&out[0], f);
	check_domU2(&out[1], f);
	assert_memory_equal(&out[2], untouched, sizeof(untouched));
	assert_int_equal(shim_nlogged, 1);
	assert_string_equal(shim_logged,
			    "domain cluster (/chosen/cluster): compatible: more than 2 "
			    "domains (CONFIG_MAX_DOMAINS); it and the 0 after it are not "
			    "started");

	assert_int_equal(parse(f, 1, out, &count), 1);
	assert_int_equal(count, 1);
	check_domU1(&out[0], f);
	assert_string_equal(shim_logged,
			    "domain domU2 (/chosen/domU2): compatible: more than 1 "
			    "domains (CONFIG_MAX_DOMAINS); it and the 1 after it are not "
			    "started");
	free(f);
}

/* ---- fixtures with one bad domain between two good ones ----------------- */

static void expect_bad_fixture(const char *file, const char *err)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = load(file);

	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_int_equal(count, 3);
	check_guard(&out[0], f);
	expect_refused(&out[1], f, "/chosen/bad", err);
	check_tail(&out[2], f);
	free(f);
}

#define BAD_FIXTURE(name, file, err)                                                               \
	TEST(name) { expect_bad_fixture(file, err); }

#define BAD "domain bad (/chosen/bad): "

BAD_FIXTURE(test_bad_no_memory, "domains-bad-no-memory.dtb",
	    BAD "memory: missing (the domain's RAM in KiB: <hi lo>)")
BAD_FIXTURE(test_bad_cpus_zero, "domains-bad-cpus-zero.dtb", BAD "cpus: 0 vCPUs: must be 1 to 4")
BAD_FIXTURE(test_bad_cpus_many, "domains-bad-cpus-many.dtb", BAD "cpus: 5 vCPUs: must be 1 to 4")
BAD_FIXTURE(test_bad_no_kernel, "domains-bad-no-kernel.dtb",
	    BAD "kernel module: missing (a sub-node with compatible = \"multiboot,kernel\", "
		"\"multiboot,module\")")
BAD_FIXTURE(test_bad_module_outside_ram, "domains-bad-module-outside-ram.dtb",
	    BAD "module@30000000 reg: 0x30000000+0x200000 is not inside one host RAM range")
BAD_FIXTURE(test_bad_overlap_across_domains, "domains-bad-overlap.dtb",
	    BAD "module@48100000 reg: overlaps module@48000000 of domain guard")
BAD_FIXTURE(test_bad_on_crash, "domains-bad-on-crash.dtb",
	    BAD "bulkhead,on-crash: must be \"halt\" or \"restart\", not \"explode\"")
BAD_FIXTURE(test_bad_wfi, "domains-bad-wfi.dtb",
	    BAD "bulkhead,wfi: must be \"trap\" or \"native\", not \"sleep\"")
BAD_FIXTURE(test_bad_affinity, "domains-bad-affinity.dtb",
	    BAD "bulkhead,vcpu-affinity: pCPU 4 does not exist (want 0 to 3)")
BAD_FIXTURE(test_bad_duplicate_name, "domains-bad-dup-name.dtb",
	    BAD "bulkhead,name: \"guard\" is already the name of /chosen/guard")
BAD_FIXTURE(test_bad_rtds, "domains-bad-rtds.dtb",
	    BAD "bulkhead,rtds: budget 2000 us: must be 10 to the period (1000 us)")
BAD_FIXTURE(test_bad_watchdog, "domains-bad-watchdog.dtb",
	    BAD "bulkhead,watchdog: 0 ms: must be 1 to 600000")

/* A pool with Xen's credit2 is refused, and so is the domain in it. */
TEST(test_bad_pool_sched)
{
	void *f = load("domains-bad-pool-sched.dtb");
	expect_bad_fixture("domains-bad-pool-sched.dtb",
			   BAD "domain-cpupool: the cpupool /chosen/xenpool is refused");
	assert_int_equal(npools, 1);
	assert_int_equal(npools_valid, 0);
	expect_pool_refused(
		&pools[0], f, "/chosen/xenpool",
		"cpupool xenpool (/chosen/xenpool): cpupool-sched: \"credit2\" is a Xen "
		"scheduler Bulkhead does not have; it has \"null\" and \"rtds\"");
	free(f);
}

/* ---- the valid tree with one domain broken -------------------------------- */

#define EDIT(name, idx, err, ...)                                                                  \
	TEST(name)                                                                                 \
	{                                                                                          \
		void *f = valid_copy();                                                            \
		__VA_ARGS__;                                                                       \
		expect_only_refused(f, idx, err);                                                  \
		free(f);                                                                           \
	}

#define DOMU1	"domain domU1 (/chosen/domU1): "
#define DOMU2	"domain domU2 (/chosen/domU2): "
#define CLUSTER "domain rt-cluster (/chosen/cluster): "
#define C	"/chosen/cluster"

/* memory */
EDIT(test_memory_zero, 2, CLUSTER "memory: 0 KiB", set_cells(f, C, "memory", 2, 0, 0))
EDIT(test_memory_three_cells, 2, CLUSTER "memory: want <hi lo> (KiB), found 12 bytes",
     set_cells(f, C, "memory", 3, 0, 0, 0x40000))
EDIT(test_memory_more_than_host, 2,
     CLUSTER "memory: 2097153 KiB: more than the host's 2048 MiB of RAM",
     set_cells(f, C, "memory", 2, 0, 0x200001))
EDIT(test_memory_more_than_guest_window, 2,
     CLUSTER "memory: 4294967296 KiB: more than the 64 GiB of a guest's RAM window",
     set_cells(f, C, "memory", 2, 1, 0))

TEST(test_memory_rounding)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	set_cells(f, C, "memory", 1, 1); /* 1 KiB, one cell */
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[2].mem_bytes, 2 * MiB);
	set_cells(f, C, "memory", 2, 0, 2048); /* exactly 2 MiB stays */
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[2].mem_bytes, 2 * MiB);
	set_cells(f, C, "memory", 2, 0, 2049);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[2].mem_bytes, 4 * MiB);
	free(f);
}

/* cpus */
EDIT(test_cpus_missing, 1, DOMU2 "cpus: missing (the number of vCPUs)",
     del_prop(f, "/chosen/domU2", "cpus"))
EDIT(test_cpus_two_cells, 1, DOMU2 "cpus: want one cell, found 8 bytes",
     set_cells(f, "/chosen/domU2", "cpus", 2, 0, 1))

TEST(test_cpus_limit_from_limits)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	lim.max_vcpus = 1;
	assert_int_equal(parse(f, MAXD, out, &count), 1);
	assert_string_equal(out[0].err, DOMU1 "cpus: 2 vCPUs: must be 1 to 1");
	check_domU2(&out[1], f);
	assert_string_equal(out[2].err, CLUSTER "cpus: 2 vCPUs: must be 1 to 1");
	lim.max_vcpus = 64; /* capped by DOMAIN_MAX_VCPUS */
	set_cells(f, C, "cpus", 1, DOMAIN_MAX_VCPUS + 1);
	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_string_equal(out[2].err, CLUSTER "cpus: 9 vCPUs: must be 1 to 8");
	free(f);
}

/* flags and choices */
EDIT(test_flag_with_value, 0, DOMU1 "vpl011: must be empty (a flag), found 4 bytes",
     set_cells(f, "/chosen/domU1", "vpl011", 1, 1))
EDIT(test_control_with_value, 2, CLUSTER "bulkhead,control: must be empty (a flag), found 4 bytes",
     set_str(f, C, "bulkhead,control", "yes"))
EDIT(test_passthrough_value, 0,
     DOMU1 "passthrough: must be \"enabled\" or \"disabled\", not \"on\"",
     set_str(f, "/chosen/domU1", "passthrough", "on"))
EDIT(test_choice_not_string, 2, CLUSTER "bulkhead,wfi: not a single string",
     set_cells(f, C, "bulkhead,wfi", 1, 0x74726170 /* "trap" without NUL */))
EDIT(test_choice_two_strings, 2, CLUSTER "bulkhead,on-crash: not a single string",
     assert_int_equal(fdt_setprop(f, node(f, C), "bulkhead,on-crash", "halt\0restart", 13), 0))
EDIT(test_unknown_bulkhead_property, 2, CLUSTER "bulkhead,oncrash: unknown Bulkhead property",
     set_str(f, C, "bulkhead,oncrash", "halt"))

/* Xen properties Bulkhead does not use are no reason to refuse a domain. */
TEST(test_other_xen_properties_ignored)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	set_cells(f, "/chosen/domU1", "nr_spis", 1, 64);
	set_str(f, "/chosen/domU1", "xen,enhanced", "enabled");
	set_cells(f, "/chosen/domU1", "max_grant_frames", 1, 32);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	check_domU1(&out[0], f);
	free(f);
}

/* affinity */
EDIT(test_affinity_empty, 2,
     CLUSTER "bulkhead,vcpu-affinity: want a non-empty list of pCPU indices, one cell each",
     set_empty(f, C, "bulkhead,vcpu-affinity"))
EDIT(test_affinity_odd_length, 2,
     CLUSTER "bulkhead,vcpu-affinity: want a non-empty list of pCPU indices, one cell each",
     assert_int_equal(fdt_setprop(f, node(f, C), "bulkhead,vcpu-affinity", "\0\0\0\1\0", 5), 0))

TEST(test_affinity_mask_is_64_bits)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	lim.ncpus = 128; /* more than mpidr[]: no pool may be read */
	del_prop(f, C, "domain-cpupool");
	assert_int_equal(fdt_del_node(f, node(f, "/chosen/cpupool-rt")), 0);
	set_cells(f, C, "bulkhead,vcpu-affinity", 2, 0, 63);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[2].affinity, 0x8000000000000001ULL);
	set_cells(f, C, "bulkhead,vcpu-affinity", 1, 64);
	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_string_equal(out[2].err, CLUSTER
			    "bulkhead,vcpu-affinity: pCPU 64 does not exist (want 0 to 63)");
	free(f);
}

/* RTDS, watchdog, restart-limit (cluster has them all) */
#define RTDS "bulkhead,rtds: "
EDIT(test_rtds_budget_over_period, 2,
     CLUSTER RTDS "budget 2000 us: must be 10 to the period (1000 us)",
     set_cells(f, C, "bulkhead,rtds", 2, 1000, 2000))
EDIT(test_rtds_budget_too_small, 2, CLUSTER RTDS "budget 9 us: must be 10 to the period (1000 us)",
     set_cells(f, C, "bulkhead,rtds", 2, 1000, 9))
EDIT(test_rtds_period_zero, 2, CLUSTER RTDS "period 0 us: must be 10 to 10000000",
     set_cells(f, C, "bulkhead,rtds", 2, 0, 0))
EDIT(test_rtds_period_too_long, 2, CLUSTER RTDS "period 10000001 us: must be 10 to 10000000",
     set_cells(f, C, "bulkhead,rtds", 2, 10000001, 5000))
EDIT(test_rtds_one_cell, 2, CLUSTER RTDS "want <period_us budget_us>, found 4 bytes",
     set_cells(f, C, "bulkhead,rtds", 1, 10000))
EDIT(test_rtds_extratime_value, 2,
     CLUSTER "bulkhead,rtds-extratime: must be empty (a flag), found 4 bytes",
     set_cells(f, C, "bulkhead,rtds-extratime", 1, 1))
EDIT(test_watchdog_zero, 2, CLUSTER "bulkhead,watchdog: 0 ms: must be 1 to 600000",
     set_cells(f, C, "bulkhead,watchdog", 1, 0))
EDIT(test_watchdog_too_long, 2, CLUSTER "bulkhead,watchdog: 600001 ms: must be 1 to 600000",
     set_cells(f, C, "bulkhead,watchdog", 1, 600001))
EDIT(test_watchdog_two_cells, 2,
     CLUSTER "bulkhead,watchdog: want one cell (timeout in ms), found 8 bytes",
     set_cells(f, C, "bulkhead,watchdog", 2, 0, 5000))
EDIT(test_restart_limit_too_many, 2, CLUSTER "bulkhead,restart-limit: 101: must be 0 to 100",
     set_cells(f, C, "bulkhead,restart-limit", 1, 101))
EDIT(test_restart_limit_string, 2,
     CLUSTER "bulkhead,restart-limit: want one cell (a count), found 6 bytes",
     set_str(f, C, "bulkhead,restart-limit", "three"))

/* The extremes are accepted; RTDS parameters in pool 0 too. */
TEST(test_rtds_watchdog_restart_bounds)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	set_cells(f, C, "bulkhead,rtds", 2, 10, 10);
	set_cells(f, C, "bulkhead,watchdog", 1, 1);
	set_cells(f, C, "bulkhead,restart-limit", 1, 0);
	set_cells(f, "/chosen/domU2", "bulkhead,rtds", 2, 10000000, 10000000);
	set_cells(f, "/chosen/domU2", "bulkhead,watchdog", 1, 600000);
	set_cells(f, "/chosen/domU2", "bulkhead,restart-limit", 1, 100);
	set_empty(f, "/chosen/domU2", "bulkhead,rtds-extratime");
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	expect_sched(&out[2], 0, 10, 10, true, 1, 0);
	expect_sched(&out[1], -1, 10000000, 10000000, true, 600000, 100);
	free(f);
}

/* names */
/* Until bulkhead,name is accepted, messages use the node name. */
#define CLUSTER_NODE "domain cluster (/chosen/cluster): "
EDIT(test_name_bad_characters, 2,
     CLUSTER_NODE "bulkhead,name: \"rt cluster\": want 1 to 31 letters, "
		  "digits or , . _ + -",
     set_str(f, C, "bulkhead,name", "rt cluster"))
EDIT(test_name_empty, 2,
     CLUSTER_NODE "bulkhead,name: \"\": want 1 to 31 letters, digits or , . _ + -",
     set_str(f, C, "bulkhead,name", ""))
EDIT(test_name_too_long, 2,
     CLUSTER_NODE
     "bulkhead,name: \"abcdefghijklmnopqrstuvwxyz012345\": want 1 to 31 letters, digits "
     "or , . _ + -",
     set_str(f, C, "bulkhead,name", "abcdefghijklmnopqrstuvwxyz012345"))
/* Names given and names by default share one space; the later is refused. */
EDIT(test_name_clashes_with_default, 2,
     CLUSTER_NODE "bulkhead,name: \"domU2\" is already the name of /chosen/domU2",
     set_str(f, C, "bulkhead,name", "domU2"))

TEST(test_name_defaults_clash)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	del_prop(f, C, "bulkhead,name");
	assert_int_equal(fdt_set_name(f, node(f, C), "domU2@1"), 0);
	assert_int_equal(parse(f, MAXD, out, &count), 2);
	check_domU2(&out[1], f);
	expect_refused(&out[2], f, "/chosen/domU2@1",
		       "domain domU2 (/chosen/domU2@1): bulkhead,name: \"domU2\" is already the "
		       "name of /chosen/domU2");
	free(f);
}

TEST(test_name_default_drops_unit_address)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	assert_int_equal(fdt_set_name(f, node(f, "/chosen/domU2"), "vm-2@0"), 0);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_string_equal(out[1].name, "vm-2");
	free(f);
}

/* modules */
EDIT(test_module_without_multiboot_module, 2,
     CLUSTER "module@50400000 compatible: \"multiboot,ramdisk\" without \"multiboot,module\"",
     set_str(f, C "/module@50400000", "compatible", "multiboot,ramdisk"))
EDIT(test_second_kernel, 2,
     CLUSTER "module@50000000 compatible: a second \"multiboot,kernel\" (the first is "
	     "module@51000000)",
     add_module(f, C, "module@51000000", "multiboot,kernel", 0x51000000, 0x1000))
EDIT(test_module_straddles_ram_end, 2,
     CLUSTER "module@50000000 reg: 0x7ff00000+0x200000 is not inside one host RAM range",
     set_cells(f, C "/module@50000000", "reg", 2, 0x7ff00000, 0x200000))
EDIT(test_module_zero_size, 2,
     CLUSTER "module@50000000 reg: want one <address size> pair with a non-zero size",
     set_cells(f, C "/module@50000000", "reg", 2, 0x50000000, 0))
EDIT(test_module_two_ranges, 2,
     CLUSTER "module@50000000 reg: want one <address size> pair with a non-zero size",
     set_cells(f, C "/module@50000000", "reg", 4, 0x50000000, 0x1000, 0x50100000, 0x1000))
EDIT(test_module_bootargs_not_string, 2, CLUSTER "module@50000000 bootargs: not a single string",
     set_cells(f, C "/module@50000000", "bootargs", 1, 0x41424344))
EDIT(test_modules_overlap_in_domain, 2, CLUSTER "module@50000000 reg: overlaps module@50400000",
     set_cells(f, C "/module@50400000", "reg", 2, 0x503ff000, 0x2000))
EDIT(test_module_cells, 2, CLUSTER "#address-cells/#size-cells: want 1 or 2 each, found 3 and 1",
     set_cells(f, C, "#address-cells", 1, 3))
/* Another domain's kernel as ramdisk is an overlap, not a shared module. */
EDIT(test_module_shared_for_another_purpose, 2,
     CLUSTER "module@50400000 reg: overlaps module@48000000 of domain domU1",
     set_cells(f, C "/module@50400000", "reg", 2, 0x48000000, 0x1000000))

/* Xen lets domains boot the same kernel module; each gets its own copy. */
TEST(test_module_shared_kernel)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	set_cells(f, C "/module@50000000", "reg", 2, 0x48000000, 0x1000000);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	check_domU1(&out[0], f);
	assert_int_equal(out[2].kernel.base, 0x48000000);
	assert_int_equal(out[2].kernel.size, 0x1000000);
	free(f);
}

/* Only-"multiboot,module" sub-nodes and non-module sub-nodes are ignored. */
TEST(test_module_generic_ignored)
{
	struct domain_config out[MAXD];
	unsigned int count;
	int n;
	void *f = valid_copy();
	n = fdt_add_subnode(f, node(f, C), "module@30000000");
	assert_true(n >= 0);
	set_str(f, C "/module@30000000", "compatible", "multiboot,module");
	set_cells(f, C "/module@30000000", "reg", 2, 0x30000000, 0x1000);
	assert_true(fdt_add_subnode(f, node(f, C), "notes") >= 0);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	check_cluster(&out[2], f);
	free(f);
}

/* ---- the partial device tree ---------------------------------------------- */

#define PDT "module@49800000 (partial DT): "

/* A module outside RAM is refused before anything reads it. */
TEST(test_partial_outside_ram_not_read)
{
	void *f = valid_copy();
	set_cells(f, "/chosen/domU1/module@49800000", "reg", 3, 0, 0x30000000, 0x1000);
	expect_only_refused(f, 0,
			    DOMU1
			    "module@49800000 reg: 0x30000000+0x1000 is not inside one host RAM "
			    "range");
	assert_int_equal(mapper.calls, 0);
	free(f);
}

EDIT(test_partial_unmapped, 0, DOMU1 PDT "0x49800000 cannot be read", mapper.n = 0)
EDIT(test_partial_no_map_callback, 0, DOMU1 PDT "0x49800000 cannot be read", lim.map = NULL)
EDIT(test_partial_bad_magic, 0,
     DOMU1 PDT "no valid device tree blob at 0x49800000: FDT_ERR_BADMAGIC",
     memset(partial, 0, sizeof(partial)))
/* The header's totalsize (0x1000) does not fit the module. */
EDIT(test_partial_truncated, 0,
     DOMU1 PDT "no valid device tree blob at 0x49800000: FDT_ERR_TRUNCATED",
     set_cells(f, "/chosen/domU1/module@49800000", "reg", 3, 0, 0x49800000, 0x800))
EDIT(test_partial_root_cells, 0,
     DOMU1 PDT "root #address-cells/#size-cells: want 1 or 2 each, found 3 and 2",
     set_cells(partial, "/", "#address-cells", 1, 3))

#define SER_REG DOMU1 "partial DT " SERIAL " xen,reg: "
#define SER_IRQ DOMU1 "partial DT " SERIAL " interrupts: "

EDIT(test_pt_unaligned, 0, SER_REG "<0x9040800 0x1000 0x9040000>: want 4 KiB aligned, non-empty",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040800, 0, 0x1000, 0, 0x9040000))
EDIT(test_pt_empty_region, 0, SER_REG "<0x9040000 0x0 0x9040000>: want 4 KiB aligned, non-empty",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0, 0, 0x9040000))
EDIT(test_pt_wraps, 0, SER_REG "<0x9040000 0x2000 0xfffffffffffff000>: wraps around",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0x2000, 0xffffffff, 0xfffff000))
EDIT(test_pt_bad_length, 0, SER_REG "want <paddr size gaddr> entries of 2+2+2 cells",
     set_cells(partial, SERIAL, "xen,reg", 5, 0, 0x9040000, 0, 0x1000, 0))
EDIT(test_pt_host_ram, 0, SER_REG "0x40000000+0x1000 is host RAM, not a device",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x40000000, 0, 0x1000, 0, 0x9040000))
EDIT(test_pt_guest_ram, 0, SER_REG "guest address 0x40000000+0x1000 overlaps the guest's RAM",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0x1000, 0, 0x40000000))
EDIT(test_pt_guest_vpl011, 0, SER_REG "guest address 0x9000000+0x1000 overlaps the guest's vPL011",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0x1000, 0, 0x9000000))
EDIT(test_pt_guest_gic, 0,
     SER_REG "guest address 0x80a0000+0x1000 overlaps the guest's GIC redistributors",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0x1000, 0, 0x80a0000))
EDIT(test_pt_guest_overlap, 0,
     DOMU1 "partial DT " ETH " xen,reg: guest address 0xa000000 overlaps another region",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0x1000, 0, 0xa001000))
EDIT(test_pt_ppi, 0, SER_IRQ "<1 9 ...>: only SPIs (type 0) can be passed through",
     set_cells(partial, SERIAL, "interrupts", 3, 1, 9, 4))
EDIT(test_pt_spi_range, 0, SER_IRQ "SPI 988 does not exist (at most 987)",
     set_cells(partial, SERIAL, "interrupts", 3, 0, 988, 4))
EDIT(test_pt_spi_vpl011, 0, SER_IRQ "SPI 1 is the vPL011's in the guest",
     set_cells(partial, SERIAL, "interrupts", 3, 0, 1, 4))
EDIT(test_pt_spi_twice, 0, DOMU1 "partial DT " ETH " interrupts: SPI 9 is listed twice",
     set_cells(partial, ETH, "interrupts", 3, 0, 9, 4))
EDIT(test_pt_irq_cells, 0, SER_IRQ "want 3-cell GIC specifiers <type number flags>",
     set_cells(partial, SERIAL, "interrupts", 2, 0, 9))

/* What creation would refuse, refused here naming node and property: the
 * limits boot.c passes (config_limits.spi_end, hyp_spi, hyp_mmio,
 * spi_budget, ipa_limit). */
static const struct mem_range hyp_uart = {0x9040000, 0x1000};
EDIT(test_pt_spi_beyond_vgic, 0, SER_IRQ "SPI 224 is beyond the 224 SPIs a guest's GIC has",
     lim.spi_end = 256, set_cells(partial, SERIAL, "interrupts", 3, 0, 224, 4))
EDIT(test_pt_spi_host_uart, 0, SER_IRQ "SPI 9 is the host console UART's (the hypervisor's)",
     lim.hyp_spi = 32 + 9)
EDIT(test_pt_spi_watchdog, 0, SER_IRQ "SPI 7 is the SP805 watchdog's in the guest",
     set_cells(f, "/chosen/domU1", "bulkhead,watchdog", 1, 5000),
     set_cells(partial, SERIAL, "interrupts", 3, 0, 7, 4))
EDIT(test_pt_region_hyp_device, 0,
     SER_REG "0x9040000+0x1000 overlaps the hypervisor's device at 0x9040000+0x1000",
     lim.hyp_mmio = &hyp_uart, lim.nhyp_mmio = 1)
EDIT(test_pt_spi_budget, 0,
     DOMU1 "partial DT " ETH " interrupts: more than 2 passthrough interrupts in all domains "
	   "together (the hypervisor's SPI handlers)",
     lim.spi_budget = 2)
EDIT(test_pt_gaddr_beyond_ipa, 0,
     SER_REG "guest address 0x1000000000+0x1000 is beyond the stage-2 input size "
	     "(0x1000000000)",
     lim.ipa_limit = 1ULL << 36, /* above the fixture's host RAM: direct-map is fine */
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0x1000, 0x10, 0))
EDIT(test_pt_gaddr_across_ipa, 0,
     SER_REG "guest address 0xffffff000+0x2000 is beyond the stage-2 input size "
	     "(0x1000000000)",
     lim.ipa_limit = 1ULL << 36,
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0x2000, 0xf, 0xfffff000))

/* The limits at their edges: the last SPI and page below them are fine. */
TEST(test_pt_limits_edges)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	lim.spi_end = 256;
	lim.spi_budget = 3;
	lim.ipa_limit = 1ULL << 36;
	lim.hyp_spi = 32 + 10;
	lim.hyp_mmio = &hyp_uart;
	lim.nhyp_mmio = 1;
	set_cells(partial, SERIAL, "interrupts", 3, 0, 223, 4);
	set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9041000, 0, 0x1000, 0xf, 0xfffff000);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[0].n_pt_irqs, 3);
	assert_int_equal(out[0].pt_irqs[0], 32 + 223);
	assert_int_equal(out[0].pt_regs[0].gaddr, 0xffffff000);
	free(f);
}

/* The cluster gets a partial DT of its own (partial2): domU1's devices
 * without their xen,reg, so only their interrupts, for the tests to edit. */
static void cluster_gets_partial2(void *f)
{
	memcpy(partial2, partial, sizeof(partial2));
	del_prop(partial2, SERIAL, "xen,reg");
	del_prop(partial2, ETH, "xen,reg");
	mapper.at[1].pa = PARTIAL2_PA;
	mapper.at[1].buf = partial2;
	mapper.at[1].size = sizeof(partial2);
	mapper.n = 2;
	add_module(f, C, "module@49900000", "multiboot,device-tree", PARTIAL2_PA, PARTIAL_SIZE);
}

/* The passthrough SPIs of the domains before count against the budget. */
TEST(test_pt_spi_budget_across_domains)
{
	void *f = valid_copy();
	lim.spi_budget = 4; /* domU1 has 3: the cluster's first fits, its second not */
	cluster_gets_partial2(f);
	set_cells(partial2, SERIAL, "interrupts", 3, 0, 20, 4);
	set_cells(partial2, ETH, "interrupts", 6, 0, 21, 4, 0, 22, 4);
	expect_only_refused(f, 2,
			    CLUSTER "partial DT " ETH " interrupts: more than 4 passthrough "
				    "interrupts in all domains together (the hypervisor's SPI "
				    "handlers)");
	free(f);
}

/* Guest RAM beyond the stage-2 input size: at GUEST_RAM_BASE, or (direct-
 * map) anywhere in host RAM; ending exactly at the limit is fine. */
TEST(test_ram_beyond_ipa)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	lim.ipa_limit = 0x48000000; /* domU1's 128 MiB end there */
	assert_int_equal(parse(f, MAXD, out, &count), 1);
	check_domU1(&out[0], f);
	expect_refused(&out[1], f, "/chosen/domU2",
		       DOMU2 "direct-map: host RAM 0x40000000+0x40000000 goes beyond the stage-2 "
			     "input size (0x48000000): its addresses cannot be guest addresses");
	expect_refused(&out[2], f, "/chosen/cluster",
		       CLUSTER "memory: 256 MiB at 0x40000000 (and its framebuffer) go beyond the "
			       "stage-2 input size (0x48000000)");
	free(f);
}

/* Xen reads xen,reg with the partial DT root's cells: 1 and 1 here. */
TEST(test_pt_root_cells_1)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	set_cells(partial, "/", "#address-cells", 1, 1);
	set_cells(partial, "/", "#size-cells", 1, 1);
	set_cells(partial, SERIAL, "xen,reg", 3, 0x9040000, 0x1000, 0x9050000);
	del_prop(partial, ETH, "xen,reg");
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[0].n_pt_regs, 1);
	assert_int_equal(out[0].pt_regs[0].paddr, 0x9040000);
	assert_int_equal(out[0].pt_regs[0].size, 0x1000);
	assert_int_equal(out[0].pt_regs[0].gaddr, 0x9050000);
	assert_int_equal(out[0].n_pt_irqs, 3);
	free(f);
}

/* Xen accepts a partial DT without /passthrough (only /aliases, say). */
TEST(test_pt_no_passthrough_node)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	assert_int_equal(fdt_del_node(partial, node(partial, "/passthrough")), 0);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_true(out[0].valid);
	assert_int_equal(out[0].n_pt_regs, 0);
	assert_int_equal(out[0].n_pt_irqs, 0);
	free(f);
}

TEST(test_pt_too_many_regions)
{
	void *f = valid_copy();
	fdt32_t cells[(DOMAIN_MAX_PT_REGS + 1) * 6];
	for (int i = 0; i <= DOMAIN_MAX_PT_REGS; i++) {
		u32 a = 0x20000000 + (u32)i * 0x1000;
		u32 e[6] = {0, a, 0, 0x1000, 0, a};
		for (int j = 0; j < 6; j++)
			cells[i * 6 + j] = cpu_to_fdt32(e[j]);
	}
	assert_int_equal(fdt_setprop(partial, node(partial, ETH), "xen,reg", cells, sizeof(cells)),
			 0);
	expect_only_refused(f, 0,
			    DOMU1 "partial DT " ETH " xen,reg: more than 8 passthrough regions");
	free(f);
}

/* ---- DMA: xen,path, iommus, iommu-map ------------------------------------ */

#define HOST_ETH "/ethernet@a000000"

static u32 smmu_phandle(const void *f) { return fdt_get_phandle(f, node(f, "/iommu@9050000")); }

EDIT(test_dma_path_not_in_host, 0,
     DOMU1 "partial DT " ETH " xen,path: \"/nope\" is no node of the host DT",
     set_str(partial, ETH, "xen,path", "/nope"))
/* A DMA master (dma-coherent) with no iommus: refused, the domain is not
 * direct-mapped and nothing says the risk is accepted. */
EDIT(test_dma_without_iommu, 0,
     DOMU1 "partial DT " ETH " xen,path: " HOST_ETH " is behind no IOMMU, its DMA could "
	   "reach any memory (see xen,force-assign-without-iommu)",
     del_prop(f, HOST_ETH, "iommus"))
EDIT(test_dma_force_needs_direct_map, 0,
     DOMU1 "partial DT " ETH " xen,path: xen,force-assign-without-iommu needs direct-map",
     del_prop(f, HOST_ETH, "iommus"), set_empty(partial, ETH, "xen,force-assign-without-iommu"))
EDIT(test_dma_bad_phandle, 0,
     DOMU1 "partial DT " ETH " xen,path: " HOST_ETH ": a phandle names no node",
     set_cells(f, HOST_ETH, "iommus", 2, 0x7777, 0x10))
EDIT(test_dma_iommus_cut_short, 0,
     DOMU1 "partial DT " ETH " xen,path: " HOST_ETH ": iommus is cut short",
     set_cells(f, HOST_ETH, "iommus", 3, smmu_phandle(f), 0x10, smmu_phandle(f)))
EDIT(test_dma_mask_not_low_bits, 0,
     DOMU1 "partial DT " ETH " xen,path: " HOST_ETH
	   ": a stream mask other than low bits over an aligned ID",
     set_cells(f, "/iommu@9050000", "#iommu-cells", 1, 2),
     set_cells(f, HOST_ETH, "iommus", 3, smmu_phandle(f), 0x21, 0x3))

/* Parses f (then frees it) expecting every domain valid; domU1's result. */
static struct domain_config parse_domU1(void *f)
{
	struct domain_config out[MAXD];
	unsigned int count;

	assert_int_equal(parse(f, MAXD, out, &count), 3);
	free(f);
	return out[0];
}

/* Accepted on a direct-mapped domain (the UART's xen,path needs nothing:
 * it is no DMA master). */
TEST(test_dma_force_on_direct_map)
{
	void *f = valid_copy();
	struct domain_config c;

	del_prop(f, HOST_ETH, "iommus");
	set_empty(partial, ETH, "xen,force-assign-without-iommu");
	set_empty(f, "/chosen/domU1", "direct-map");
	c = parse_domU1(f);
	assert_true(c.dma_unprotected);
	assert_int_equal(c.n_streams, 0);
}

/* <sid mask> with #iommu-cells = 2: a range of mask + 1 streams. */
TEST(test_dma_iommus_with_mask)
{
	void *f = valid_copy();
	int smmu = node(f, "/iommu@9050000");
	struct domain_config c;

	set_cells(f, "/iommu@9050000", "#iommu-cells", 1, 2);
	set_cells(f, HOST_ETH, "iommus", 3, smmu_phandle(f), 0x20, 0x3);
	c = parse_domU1(f);
	assert_int_equal(c.n_streams, 1);
	assert_int_equal(c.streams[0].iommu_node, smmu);
	assert_int_equal(c.streams[0].sid, 0x20);
	assert_int_equal(c.streams[0].count, 4);
}

/* A PCIe host bridge: iommu-map = <rid-base &smmu sid-base length>. */
TEST(test_dma_pci_iommu_map)
{
	struct domain_config c;

	set_str(partial, ETH, "xen,path", "/pcie@10000000");
	c = parse_domU1(valid_copy());
	assert_int_equal(c.n_streams, 1);
	assert_int_equal(c.streams[0].sid, 0x100);
	assert_int_equal(c.streams[0].count, 0x100);
}

EDIT(test_dma_pci_map_zero_length, 0,
     DOMU1 "partial DT " ETH " xen,path: /pcie@10000000: an iommu-map length is 0 or runs "
	   "past stream ID 0xffffffff",
     set_str(partial, ETH, "xen,path", "/pcie@10000000"),
     set_cells(f, "/pcie@10000000", "iommu-map", 4, 0, smmu_phandle(f), 0x100, 0))

/* The same partial DT in a later domain: sharing the module is fine, its
 * devices are not. */
TEST(test_pt_device_given_twice)
{
	void *f = valid_copy();
	add_module(f, C, "module@49800000", "multiboot,device-tree", 0x49800000, PARTIAL_SIZE);
	expect_only_refused(f, 2,
			    CLUSTER "partial DT " SERIAL
				    " xen,reg: 0x9040000+0x1000 is already given to domain domU1");
	free(f);
}

TEST(test_pt_irq_given_twice)
{
	void *f = valid_copy();
	cluster_gets_partial2(f);
	expect_only_refused(f, 2,
			    CLUSTER "partial DT " SERIAL
				    " interrupts: SPI 9 is already given to domain domU1");
	free(f);
}

/* A refused domain's devices and modules are free for the later ones. */
TEST(test_refused_domain_claims_nothing)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	set_cells(f, "/chosen/domU1", "cpus", 1, 0);
	set_str(f, C, "bulkhead,name", "domU1");
	set_cells(f, C "/module@50000000", "reg", 2, 0x48100000, 0x1000);
	add_module(f, C, "module@49800000", "multiboot,device-tree", 0x49800000, PARTIAL_SIZE);
	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_string_equal(out[0].err, DOMU1 "cpus: 0 vCPUs: must be 1 to 4");
	check_domU2(&out[1], f);
	expect_valid(&out[2], f, C, "domU1");
	check_pt_domU1(&out[2]);
	free(f);
}

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
	assert_int_equal(shim_nlogged, 0);
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
	assert_int_equal(shim_nlogged, 1);
	assert_string_equal(shim_logged,
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

/* bulkhead,framebuffer = <width height>: XRGB8888 in 2 MiB blocks on top of
 * the domain's memory. */
static void test_framebuffer(void **state)
{
	void *f = valid_copy();
	struct domain_config out[MAXD];
	unsigned int count;

	(void)state;
	set_cells(f, "/chosen/domU1", "bulkhead,framebuffer", 2, 640, 480);
	set_cells(f, "/chosen/domU2", "bulkhead,boot-priority", 1, 1000);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	check_domU1(&out[0], f);
	assert_int_equal(out[0].fb_width, 640);
	assert_int_equal(out[0].fb_height, 480);
	assert_int_equal(out[0].fb_bytes, 2 * MiB); /* 1200 KiB rounded up */
	assert_int_equal(out[0].boot_priority, 0);
	assert_int_equal(out[1].fb_width, 0);
	assert_int_equal(out[1].fb_bytes, 0);
	assert_int_equal(out[1].boot_priority, 1000);
	set_cells(f, "/chosen/domU1", "bulkhead,framebuffer", 2, 1920, 1080);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[0].fb_bytes, 8 * MiB);
	free(f);
}

static void test_bad_framebuffer(void **state)
{
	static const struct {
		u32 w, h;
		const char *err;
	} sizes[] = {
		{15, 480, "15x480: width and height must be 16 to 4096 pixels"},
		{640, 4097, "640x4097: width and height must be 16 to 4096 pixels"},
		{0, 0, "0x0: width and height must be 16 to 4096 pixels"},
	};
	char err[CFG_ERR_MAX];
	void *f;

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		f = valid_copy();
		set_cells(f, "/chosen/domU2", "bulkhead,framebuffer", 2, sizes[i].w, sizes[i].h);
		snprintf(err, sizeof(err), "domain domU2 (/chosen/domU2): bulkhead,framebuffer: %s",
			 sizes[i].err);
		expect_only_refused(f, 1, err);
		free(f);
	}
	f = valid_copy();
	set_cells(f, "/chosen/domU2", "bulkhead,framebuffer", 1, 640);
	expect_only_refused(f, 1,
			    "domain domU2 (/chosen/domU2): bulkhead,framebuffer: want <width "
			    "height> in pixels, found 4 bytes");
	free(f);
	/* 2040 MiB of memory fit the host's 2 GiB; 64 MiB more do not. */
	f = valid_copy();
	set_cells(f, "/chosen/domU2", "memory", 2, 0, 2040 * 1024);
	set_cells(f, "/chosen/domU2", "bulkhead,framebuffer", 2, 4096, 4096);
	expect_only_refused(f, 1,
			    "domain domU2 (/chosen/domU2): bulkhead,framebuffer: 4096x4096: its 64 "
			    "MiB and the domain's 2040 MiB of memory exceed the host's 2048 MiB "
			    "of RAM");
	free(f);
}

/* One domain owns the board display: the later one is refused, naming both. */
static void test_second_framebuffer_refused(void **state)
{
	void *f = valid_copy();

	(void)state;
	set_cells(f, "/chosen/domU1", "bulkhead,framebuffer", 2, 64, 64);
	set_cells(f, "/chosen/domU2", "bulkhead,framebuffer", 2, 64, 64);
	expect_only_refused(f, 1,
			    "domain domU2 (/chosen/domU2): bulkhead,framebuffer: the board "
			    "display already belongs to domain domU1 (/chosen/domU1); one domain "
			    "may have a framebuffer");
	free(f);
}

static void test_bad_boot_priority(void **state)
{
	void *f = valid_copy();

	(void)state;
	set_cells(f, "/chosen/cluster", "bulkhead,boot-priority", 1, 1001);
	expect_only_refused(
		f, 2,
		"domain rt-cluster (/chosen/cluster): bulkhead,boot-priority: 1001: must "
		"be 0 to 1000 (higher is started first)");
	set_cells(f, "/chosen/cluster", "bulkhead,boot-priority", 2, 0, 1);
	expect_only_refused(f, 2,
			    "domain rt-cluster (/chosen/cluster): bulkhead,boot-priority: want one "
			    "cell (a priority, higher first), found 8 bytes");
	free(f);
}

/* bulkhead,first-frame-gate = <timeout_ms> on the domain with the board
 * display (common/boot_gate.c). */
static void test_first_frame_gate(void **state)
{
	void *f = valid_copy();
	struct domain_config out[MAXD];
	unsigned int count;

	(void)state;
	set_cells(f, "/chosen/cluster", "bulkhead,framebuffer", 2, 640, 480);
	set_cells(f, "/chosen/cluster", "bulkhead,first-frame-gate", 1, 3000);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[0].first_frame_gate_ms, 0);
	assert_int_equal(out[2].first_frame_gate_ms, 3000);
	free(f);
}

static void test_bad_first_frame_gate(void **state)
{
	static const u32 out_of_range[] = {0, 60001};
	char err[CFG_ERR_MAX];
	void *f;

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(out_of_range); i++) {
		f = valid_copy();
		set_cells(f, "/chosen/cluster", "bulkhead,framebuffer", 2, 640, 480);
		set_cells(f, "/chosen/cluster", "bulkhead,first-frame-gate", 1, out_of_range[i]);
		snprintf(err, sizeof(err),
			 "domain rt-cluster (/chosen/cluster): bulkhead,first-frame-gate: %u ms: "
			 "must be 1 to 60000",
			 out_of_range[i]);
		expect_only_refused(f, 2, err);
		free(f);
	}
	f = valid_copy();
	set_cells(f, "/chosen/domU2", "bulkhead,first-frame-gate", 1, 3000);
	expect_only_refused(f, 1,
			    "domain domU2 (/chosen/domU2): bulkhead,first-frame-gate: the domain "
			    "has no bulkhead,framebuffer to draw its first frame in");
	free(f);
	/* In pool 0, the boot CPU's, which builds the others at the gate's opening. */
	f = valid_copy();
	set_cells(f, "/chosen/cluster", "bulkhead,framebuffer", 2, 640, 480);
	set_cells(f, "/chosen/cluster", "bulkhead,first-frame-gate", 1, 3000);
	del_prop(f, "/chosen/cluster", "domain-cpupool");
	del_prop(f, "/chosen/cluster", "bulkhead,vcpu-affinity");
	expect_only_refused(
		f, 2,
		"domain rt-cluster (/chosen/cluster): bulkhead,first-frame-gate: the "
		"domain must be in a cpupool (pool 0 has the boot CPU, which builds the "
		"other domains at its first frame)");
	free(f);
	/* domU1 has passthrough devices (its partial DT), domU2 is direct-map. */
	for (unsigned int i = 0; i < 2; i++) {
		const char *name = i ? "domU2" : "domU1";
		char path[32];
		snprintf(path, sizeof(path), "/chosen/%s", name);
		f = valid_copy();
		set_cells(f, path, "bulkhead,framebuffer", 2, 640, 480);
		set_cells(f, path, "bulkhead,first-frame-gate", 1, 3000);
		snprintf(err, sizeof(err),
			 "domain %s (%s): bulkhead,first-frame-gate: not with passthrough devices "
			 "or direct-map: their DMA needs the framebuffer mapped from the start",
			 name, path);
		expect_only_refused(f, i, err);
		free(f);
	}
}

/* Descending priority; equal ones keep the DT's order. */
static void test_boot_order(void **state)
{
	static const u32 prio[] = {0, 10, 5, 5, 0, 1000, 10};
	static const unsigned int want[] = {5, 1, 6, 2, 3, 0, 4};
	struct domain_config c[ARRAY_SIZE(prio)];
	unsigned int order[ARRAY_SIZE(prio)];
	void *f = valid_copy();
	struct domain_config out[MAXD];
	unsigned int count;

	(void)state;
	memset(c, 0, sizeof(c));
	for (unsigned int i = 0; i < ARRAY_SIZE(prio); i++)
		c[i].boot_priority = prio[i];
	config_boot_order(c, ARRAY_SIZE(prio), order);
	for (unsigned int i = 0; i < ARRAY_SIZE(prio); i++)
		assert_int_equal(order[i], want[i]);
	config_boot_order(c, 0, order);
	/* From the DT: cluster first, then domU1 and domU2 as they come. */
	set_cells(f, "/chosen/cluster", "bulkhead,boot-priority", 1, 10);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	config_boot_order(out, count, order);
	assert_int_equal(order[0], 2);
	assert_int_equal(order[1], 0);
	assert_int_equal(order[2], 1);
	free(f);
}

int main(int argc, char **argv)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_valid),
		T(test_framebuffer),
		T(test_bad_framebuffer),
		T(test_second_framebuffer_refused),
		T(test_first_frame_gate),
		T(test_bad_first_frame_gate),
		T(test_bad_boot_priority),
		T(test_boot_order),
		T(test_no_chosen),
		T(test_disabled_domain_skipped),
		T(test_both_compatibles),
		T(test_too_many_domains),
		T(test_bad_no_memory),
		T(test_bad_cpus_zero),
		T(test_bad_cpus_many),
		T(test_bad_no_kernel),
		T(test_bad_module_outside_ram),
		T(test_bad_overlap_across_domains),
		T(test_bad_on_crash),
		T(test_bad_wfi),
		T(test_bad_affinity),
		T(test_bad_duplicate_name),
		T(test_bad_rtds),
		T(test_bad_watchdog),
		T(test_bad_pool_sched),
		T(test_memory_zero),
		T(test_memory_three_cells),
		T(test_memory_more_than_host),
		T(test_memory_more_than_guest_window),
		T(test_memory_rounding),
		T(test_cpus_missing),
		T(test_cpus_two_cells),
		T(test_cpus_limit_from_limits),
		T(test_flag_with_value),
		T(test_control_with_value),
		T(test_passthrough_value),
		T(test_choice_not_string),
		T(test_choice_two_strings),
		T(test_unknown_bulkhead_property),
		T(test_other_xen_properties_ignored),
		T(test_affinity_empty),
		T(test_affinity_odd_length),
		T(test_affinity_mask_is_64_bits),
		T(test_rtds_budget_over_period),
		T(test_rtds_budget_too_small),
		T(test_rtds_period_zero),
		T(test_rtds_period_too_long),
		T(test_rtds_one_cell),
		T(test_rtds_extratime_value),
		T(test_watchdog_zero),
		T(test_watchdog_too_long),
		T(test_watchdog_two_cells),
		T(test_restart_limit_too_many),
		T(test_restart_limit_string),
		T(test_rtds_watchdog_restart_bounds),
		T(test_name_bad_characters),
		T(test_name_empty),
		T(test_name_too_long),
		T(test_name_clashes_with_default),
		T(test_name_defaults_clash),
		T(test_name_default_drops_unit_address),
		T(test_module_without_multiboot_module),
		T(test_second_kernel),
		T(test_module_straddles_ram_end),
		T(test_module_zero_size),
		T(test_module_two_ranges),
		T(test_module_bootargs_not_string),
		T(test_modules_overlap_in_domain),
		T(test_module_cells),
		T(test_module_shared_for_another_purpose),
		T(test_module_shared_kernel),
		T(test_module_generic_ignored),
		T(test_partial_outside_ram_not_read),
		T(test_partial_unmapped),
		T(test_partial_no_map_callback),
		T(test_partial_bad_magic),
		T(test_partial_truncated),
		T(test_partial_root_cells),
		T(test_pt_unaligned),
		T(test_pt_empty_region),
		T(test_pt_wraps),
		T(test_pt_bad_length),
		T(test_pt_host_ram),
		T(test_pt_guest_ram),
		T(test_pt_guest_vpl011),
		T(test_pt_guest_gic),
		T(test_pt_guest_overlap),
		T(test_pt_ppi),
		T(test_pt_spi_range),
		T(test_pt_spi_vpl011),
		T(test_pt_spi_twice),
		T(test_pt_irq_cells),
		T(test_pt_spi_beyond_vgic),
		T(test_pt_spi_host_uart),
		T(test_pt_spi_watchdog),
		T(test_pt_region_hyp_device),
		T(test_pt_spi_budget),
		T(test_pt_gaddr_beyond_ipa),
		T(test_pt_gaddr_across_ipa),
		T(test_pt_limits_edges),
		T(test_pt_spi_budget_across_domains),
		T(test_ram_beyond_ipa),
		T(test_pt_root_cells_1),
		T(test_pt_no_passthrough_node),
		T(test_dma_path_not_in_host),
		T(test_dma_without_iommu),
		T(test_dma_force_needs_direct_map),
		T(test_dma_bad_phandle),
		T(test_dma_iommus_cut_short),
		T(test_dma_mask_not_low_bits),
		T(test_dma_force_on_direct_map),
		T(test_dma_iommus_with_mask),
		T(test_dma_pci_iommu_map),
		T(test_dma_pci_map_zero_length),
		T(test_pt_too_many_regions),
		T(test_pt_device_given_twice),
		T(test_pt_irq_given_twice),
		T(test_refused_domain_claims_nothing),
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
	if (argc > 1)
		dtb_dir = argv[1];
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
