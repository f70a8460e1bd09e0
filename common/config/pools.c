/* Cpupools follow Xen's boot-time cpupools (docs/misc/arm/device-tree/
 * cpupools.txt, Xen 4.17): cpupool-cpus = <&cpu ...> (phandles of /cpus
 * nodes, matched to logical CPUs by their reg against lim->cpu_mpidr),
 * cpupool-sched = "null" or "rtds" (Bulkhead has no credit/credit2), and a
 * domain's domain-cpupool = <&pool>. The CPUs in no pool are pool 0, which
 * keeps the boot CPU: a pool naming it is refused (Xen would make that pool
 * its Pool-0). Binding: dts/bindings/bulkhead,cpupool.yaml.
 * A domain's domain-cpupool, bulkhead,vcpu-affinity and bulkhead,rtds are
 * read here too: they depend on its pool.
 */
#include <bulkhead/sched.h>
#include "config_priv.h"

#define MPIDR_AFF_MASK 0xff00ffffffULL /* Aff3, Aff2..0: as hostdt.c and smp.c keep them */

/* The pCPUs of the domain's pool: its cpupool's, or for pool 0 those of the
 * host in no valid cpupool. */
static u64 pool_cpus(const struct parser *p)
{
	const struct config_limits *lim = p->lim;
	unsigned int n = MIN(lim->ncpus, 64);
	u64 cpus = n == 64 ? ~0ULL : (1ULL << n) - 1;

	if (p->c->pool >= 0)
		return lim->pools[p->c->pool].cpus;
	for (unsigned int i = 0; i < lim->npools; i++)
		if (lim->pools[i].valid)
			cpus &= ~lim->pools[i].cpus;
	return cpus;
}

/* bulkhead,vcpu-affinity = <pCPU indices> (logical CPU numbers, boot CPU 0),
 * all in the domain's pool (parse_pool first). */
int cfg_parse_affinity(struct parser *p)
{
	const char *prop = "bulkhead,vcpu-affinity";
	unsigned int limit = MIN(p->lim->ncpus, 64); /* the mask is a u64 */
	u64 pool = pool_cpus(p);
	int len;
	const u8 *v = fdt_getprop(p->fdt, p->c->node, prop, &len);

	if (!v)
		return 0;
	if (len <= 0 || len % 4)
		return cfg_refuse(p, prop, "want a non-empty list of pCPU indices, one cell each");
	for (int i = 0; i < len / 4; i++) {
		u32 cpu = (u32)dt_read_cells(v + 4 * (size_t)i, 1);
		if (cpu >= limit)
			return cfg_refuse(p, prop, "pCPU %u does not exist (want 0 to %u)", cpu,
					  limit - 1);
		if (!(pool & (1ULL << cpu)) && p->c->pool >= 0)
			return cfg_refuse(p, prop, "pCPU %u is not in the domain's cpupool %s", cpu,
					  p->lim->pools[p->c->pool].name);
		if (!(pool & (1ULL << cpu)))
			return cfg_refuse(p, prop, "pCPU %u is in a cpupool; the domain has pool 0",
					  cpu);
		p->c->affinity |= 1ULL << cpu;
	}
	return 0;
}

/* Whether node is a cpupool node, enabled or not. */
static bool is_pool_node(const void *fdt, int node)
{
	return dt_compatible(fdt, node, "bulkhead,cpupool") ||
	       dt_compatible(fdt, node, "xen,cpupool");
}

/* domain-cpupool = <&pool> (Xen): c->pool, the index of a valid pool in
 * lim->pools; absent: -1, pool 0. */
int cfg_parse_pool(struct parser *p)
{
	const char *prop = "domain-cpupool";
	const struct config_limits *lim = p->lim;
	char path[128];
	int len, node;
	const void *v = fdt_getprop(p->fdt, p->c->node, prop, &len);
	u32 ph;

	if (!v)
		return 0;
	if (len != 4)
		return cfg_refuse(p, prop, "want one phandle (<&pool>), found %d bytes", len);
	ph = (u32)dt_read_cells(v, 1);
	node = fdt_node_offset_by_phandle(p->fdt, ph);
	if (node < 0)
		return cfg_refuse(p, prop, "phandle 0x%x names no node", ph);
	dt_path(p->fdt, node, path, sizeof(path));
	if (!is_pool_node(p->fdt, node))
		return cfg_refuse(p, prop,
				  "%s is not a cpupool (compatible \"xen,cpupool\" or "
				  "\"bulkhead,cpupool\")",
				  path);
	if (!dt_enabled(p->fdt, node))
		return cfg_refuse(p, prop, "the cpupool %s is disabled", path);
	for (unsigned int i = 0; i < lim->npools; i++) {
		if (lim->pools[i].node != node)
			continue;
		if (!lim->pools[i].valid)
			return cfg_refuse(p, prop, "the cpupool %s is refused", path);
		p->c->pool = (int)i;
		return 0;
	}
	return cfg_refuse(p, prop, "the cpupool %s was not read (more cpupools than CFG_MAX_POOLS)",
			  path);
}

/* bulkhead,rtds = <period_us budget_us> and bulkhead,rtds-extratime: the
 * domain's RTDS parameters, which a pool scheduling with null cannot use.
 * Without bulkhead,rtds a domain has the default reservation plus extratime.
 * Pool 0's scheduler is not decided here. */
int cfg_parse_rtds(struct parser *p)
{
	const char *prop = "bulkhead,rtds";
	struct domain_config *c = p->c;
	int len;
	const void *v = fdt_getprop(p->fdt, c->node, prop, &len);
	bool null_pool = c->pool >= 0 && p->lim->pools[c->pool].sched == SCHED_NULL;

	if (cfg_get_flag(p, "bulkhead,rtds-extratime", &c->rtds_extratime))
		return -E_INVAL;
	if (c->rtds_extratime && null_pool)
		return cfg_refuse(p, "bulkhead,rtds-extratime",
				  "the domain's pool (cpupool %s) schedules with null, not rtds",
				  p->lim->pools[c->pool].name);
	if (!v) {
		/* No reservation: a best-effort domain, which runs in any slack
		 * (the property alone gives no budget to ask extratime for). */
		c->rtds_extratime = !null_pool;
		return 0;
	}
	if (null_pool)
		return cfg_refuse(p, prop,
				  "the domain's pool (cpupool %s) schedules with null, not rtds",
				  p->lim->pools[c->pool].name);
	if (len != 8)
		return cfg_refuse(p, prop, "want <period_us budget_us>, found %d bytes", len);
	c->rtds_period_us = (u32)dt_read_cells(v, 1);
	c->rtds_budget_us = (u32)dt_read_cells((const u8 *)v + 4, 1);
	if (c->rtds_period_us < RTDS_MIN_US || c->rtds_period_us > RTDS_MAX_PERIOD_US)
		return cfg_refuse(p, prop, "period %u us: must be %llu to %u", c->rtds_period_us,
				  RTDS_MIN_US, RTDS_MAX_PERIOD_US);
	if (c->rtds_budget_us < RTDS_MIN_US || c->rtds_budget_us > c->rtds_period_us)
		return cfg_refuse(p, prop, "budget %u us: must be %llu to the period (%u us)",
				  c->rtds_budget_us, RTDS_MIN_US, c->rtds_period_us);
	return 0;
}

bool cfg_is_pool(const void *fdt, int node)
{
	return is_pool_node(fdt, node) && dt_enabled(fdt, node);
}

/* The logical number of the CPU whose /cpus node phandle ph names (path: the
 * node's, for messages). Logical numbers are lim->cpu_mpidr's indices. */
static int pool_cpu(struct parser *p, u32 ph, unsigned int *cpu, char *path, size_t pathlen)
{
	const char *prop = "cpupool-cpus", *type;
	const struct config_limits *lim = p->lim;
	unsigned int limit = lim->cpu_mpidr ? MIN(lim->ncpus, 64) : 0; /* the mask is a u64 */
	int node = fdt_node_offset_by_phandle(p->fdt, ph), cpus = fdt_path_offset(p->fdt, "/cpus");
	int len, ac, sc;
	const void *reg;
	u64 mpidr;

	if (node < 0)
		return cfg_refuse(p, prop, "phandle 0x%x names no node", ph);
	dt_path(p->fdt, node, path, pathlen);
	type = fdt_getprop(p->fdt, node, "device_type", &len);
	if (cpus < 0 || fdt_parent_offset(p->fdt, node) != cpus || !type || len != 4 ||
	    memcmp(type, "cpu", 4) != 0)
		return cfg_refuse(p, prop,
				  "%s is not a cpu node (device_type = \"cpu\" under /cpus)", path);
	dt_bus_cells(p->fdt, cpus, &ac, &sc);
	reg = fdt_getprop(p->fdt, node, "reg", &len);
	if (ac < 1 || ac > 2 || !reg || len != 4 * ac)
		return cfg_refuse(p, prop, "%s: reg is not one MPIDR of /cpus' #address-cells",
				  path);
	mpidr = dt_read_cells(reg, ac) & MPIDR_AFF_MASK;
	for (*cpu = 0; *cpu < limit && (lim->cpu_mpidr[*cpu] & MPIDR_AFF_MASK) != mpidr; (*cpu)++)
		;
	if (*cpu == limit)
		return cfg_refuse(p, prop,
				  "%s (MPIDR 0x%llx) is not one of the %u CPUs Bulkhead uses", path,
				  mpidr, limit);
	if (*cpu == 0)
		return cfg_refuse(p, prop,
				  "%s is the boot CPU, which stays in pool 0 (the CPUs in no "
				  "cpupool)",
				  path);
	return 0;
}

/* cpupool-cpus = <&cpu ...>: the pool's logical CPU mask. A CPU belongs to at
 * most one pool: the first valid one in the tree. */
static int parse_pool_cpus(struct parser *p, struct pool_config *pool,
			   const struct pool_config *done, unsigned int ndone)
{
	const char *prop = "cpupool-cpus";
	char path[96];
	int len;
	const u8 *v = fdt_getprop(p->fdt, pool->node, prop, &len);

	if (!v)
		return cfg_refuse(p, prop, "missing (phandles of the pool's /cpus nodes)");
	if (len <= 0 || len % 4)
		return cfg_refuse(p, prop, "want a non-empty list of phandles of /cpus nodes");
	for (int i = 0; i < len / 4; i++) {
		unsigned int cpu = 0;
		if (pool_cpu(p, (u32)dt_read_cells(v + 4 * (size_t)i, 1), &cpu, path, sizeof(path)))
			return -E_INVAL;
		if (pool->cpus & (1ULL << cpu))
			return cfg_refuse(p, prop, "%s (CPU %u) is listed twice", path, cpu);
		for (unsigned int j = 0; j < ndone; j++)
			if (done[j].valid && (done[j].cpus & (1ULL << cpu)))
				return cfg_refuse(p, prop, "%s (CPU %u) is already in cpupool %s",
						  path, cpu, done[j].name);
		pool->cpus |= 1ULL << cpu;
	}
	return 0;
}

/* cpupool-sched: "null" or "rtds" (absent: rtds). Xen's other schedulers are
 * named as such, so that a tree made for Xen gets a clear refusal. */
static int parse_pool_sched(struct parser *p, struct pool_config *pool)
{
	static const char *const xen_only[] = {"credit", "credit2", "arinc653"};
	const char *prop = "cpupool-sched", *s;

	if (cfg_get_string(p, pool->node, prop, prop, &s))
		return -E_INVAL;
	pool->sched = SCHED_RTDS;
	if (!s || strcmp(s, "rtds") == 0)
		return 0;
	if (strcmp(s, "null") == 0) {
		pool->sched = SCHED_NULL;
		return 0;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(xen_only); i++)
		if (strcmp(s, xen_only[i]) == 0)
			return cfg_refuse(
				p, prop,
				"\"%s\" is a Xen scheduler Bulkhead does not have; it has "
				"\"null\" and \"rtds\"",
				s);
	return cfg_refuse(p, prop,
			  "unknown scheduler \"%.40s\"; Bulkhead has \"null\" and \"rtds\"", s);
}

int config_parse_pools(const void *fdt, const struct config_limits *lim, struct pool_config *out,
		       unsigned int max, unsigned int *count)
{
	struct parser p = {.fdt = fdt, .lim = lim, .kind = "cpupool"};
	int chosen = fdt_path_offset(fdt, "/chosen"), node, nvalid = 0;

	*count = 0;
	if (chosen < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, chosen)
	{
		struct pool_config *pool = &out[*count];
		const char *name = fdt_get_name(fdt, node, NULL);

		if (!cfg_is_pool(fdt, node))
			continue;
		if (*count == max) {
			cfg_report_excess(fdt, node, max, true);
			break;
		}
		memset(pool, 0, sizeof(*pool));
		pool->node = node;
		pool->valid = true;
		cfg_set_name(pool->name, name, cfg_base_name_len(name));
		p.name = pool->name;
		p.valid = &pool->valid;
		p.err = pool->err;
		dt_path(fdt, node, p.path, sizeof(p.path));
		if (!parse_pool_cpus(&p, pool, out, *count))
			parse_pool_sched(&p, pool);
		if (!pool->valid)
			pool->cpus = 0; /* a refused pool takes no CPU from pool 0 */
		nvalid += pool->valid;
		(*count)++;
	}
	return nvalid;
}
