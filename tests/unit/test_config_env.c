/* The environment of the config parser's tests (test_config.h): limits,
 * module memory, the console log, DT edits and the expected results. */
#include <bulkhead/log.h>
#include "test_config.h"
/* config.c reports more domains than fit on the console. */
#include "shim_log.h"

#define COPY_SIZE (64 * 1024)

static const char *dtb_dir = "build/unit/dtb";

/* ---- environment: limits, module memory, log ---------------------------- */

/* The memory nodes of the fixtures. */
static const struct mem_range ram[] = {{0x40000000, 1 * GiB}, {0x880000000, 1 * GiB}};
/* Logical CPU -> MPIDR: the fixtures' cpu nodes, cpu@0 booting. */
u64 mpidr[4];
static const u64 mpidr_dt_order[4] = {0x0, 0x1, 0x100, 0x101};

struct mapper mapper;
struct config_limits lim;
u8 partial[PARTIAL_SIZE], partial2[PARTIAL_SIZE];
struct pool_config pools[CFG_MAX_POOLS];
unsigned int npools, pool_max;
int npools_valid;

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

void *load(const char *name) { return unit_load_dtb(dtb_dir, name); }

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

void *valid_copy(void) { return copy_of("domains-valid.dtb"); }
void *pools_copy(void) { return copy_of("domains-pools.dtb"); }

int setup(void **state)
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

void set_empty(void *f, const char *path, const char *prop)
{
	assert_int_equal(fdt_setprop_empty(f, node(f, path), prop), 0);
}

/* A module node compatible = kind, "multiboot,module" with a 1-cell reg. */
void add_module(void *f, const char *parent, const char *name, const char *kind, u32 base, u32 size)
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
int parse(const void *f, unsigned int max, struct domain_config *out, unsigned int *count)
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
void expect_sched(const struct domain_config *c, int pool, u32 period, u32 budget, bool extratime,
		  u32 watchdog, u32 restart_limit)
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

void expect_pool(const struct pool_config *pl, const void *f, const char *path, const char *name,
		 u64 cpus, enum sched_kind sched)
{
	if (!pl->valid)
		fail_msg("%s refused: %s", path, pl->err);
	assert_string_equal(pl->err, "");
	assert_string_equal(pl->name, name);
	assert_int_equal(pl->node, node(f, path));
	assert_int_equal(pl->cpus, cpus);
	assert_int_equal(pl->sched, sched);
}

void expect_pool_refused(const struct pool_config *pl, const void *f, const char *path,
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

void expect_valid(const struct domain_config *c, const void *f, const char *path, const char *name)
{
	if (!c->valid)
		fail_msg("%s refused: %s", path, c->err);
	assert_string_equal(c->err, "");
	assert_string_equal(c->name, name);
	assert_int_equal(c->node, node(f, path));
}

void expect_refused(const struct domain_config *c, const void *f, const char *path, const char *err)
{
	assert_false(c->valid);
	assert_int_equal(c->node, node(f, path));
	assert_string_equal(c->err, err);
}

/* domU1 with the partial DT of domains-partial.dts. */
void check_pt_domU1(const struct domain_config *c)
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

void check_domU1(const struct domain_config *c, const void *f)
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

void check_domU2(const struct domain_config *c, const void *f)
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

void check_cluster(const struct domain_config *c, const void *f)
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

void check_guard(const struct domain_config *c, const void *f)
{
	expect_valid(c, f, "/chosen/guard", "guard");
	assert_int_equal(c->mem_bytes, 64 * MiB);
	assert_int_equal(c->vcpus, 1);
	expect_module(&c->kernel, 0x48000000, 0x200000, NULL, f, "/chosen/guard/module@48000000");
	expect_absent(&c->ramdisk);
	expect_absent(&c->dtb);
	expect_sched_defaults(c);
}

void check_tail(const struct domain_config *c, const void *f)
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
void expect_only_refused(const void *f, unsigned int idx, const char *err)
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

const char *config_logged(void) { return shim_logged; }
int config_nlogged(void) { return shim_nlogged; }

int config_tests_run(const char *name, const struct CMUnitTest *tests, size_t n, int argc,
		     char **argv)
{
	if (argc > 1)
		dtb_dir = argv[1];
	return _cmocka_run_group_tests(name, tests, n, NULL, NULL);
}
