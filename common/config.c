/*
 * Domains and cpupools from the device tree: the nodes under /chosen with
 * compatible "bulkhead,domain" or "xen,domain" → struct domain_config, and
 * "bulkhead,cpupool" or "xen,cpupool" → struct pool_config.
 *
 * The properties Xen has follow Xen's dom0less binding (xen.git
 * docs/misc/arm/device-tree/booting.txt, "Creating Multiple Domains directly
 * from Xen", Xen 4.17), so a tree made for Xen (e.g. by ImageBuilder) boots
 * unchanged: memory (KiB, 64-bit), cpus, vpl011, passthrough, direct-map, the
 * domain's #address-cells/#size-cells for its module nodes, and the module
 * nodes "multiboot,kernel" (with bootargs), "multiboot,ramdisk" and
 * "multiboot,device-tree". The partial device tree is read as Xen reads it
 * (docs/misc/arm/passthrough.txt): xen,reg = <paddr size gaddr> of the nodes
 * under /passthrough, paddr and gaddr in the partial DT root's #address-cells
 * and size in its #size-cells, and 3-cell GIC interrupts (SPIs only). Xen
 * properties Bulkhead has no use for (nr_spis, xen,enhanced, ...) are ignored.
 * Bulkhead's own properties: bulkhead,name, bulkhead,control,
 * bulkhead,on-crash, bulkhead,vcpu-affinity, bulkhead,wfi, bulkhead,rtds
 * (<period_us budget_us>), bulkhead,rtds-extratime, bulkhead,watchdog (ms),
 * bulkhead,restart-limit, bulkhead,boot-priority, bulkhead,framebuffer
 * (<width height>, docs/display.md) and bulkhead,first-frame-gate (ms).
 * Binding: dts/bindings/bulkhead,domain.yaml.
 *
 * Cpupools follow Xen's boot-time cpupools (docs/misc/arm/device-tree/
 * cpupools.txt, Xen 4.17): cpupool-cpus = <&cpu ...> (phandles of /cpus
 * nodes, matched to logical CPUs by their reg against lim->cpu_mpidr),
 * cpupool-sched = "null" or "rtds" (Bulkhead has no credit/credit2), and a
 * domain's domain-cpupool = <&pool>. The CPUs in no pool are pool 0, which
 * keeps the boot CPU: a pool naming it is refused (Xen would make that pool
 * its Pool-0). Binding: dts/bindings/bulkhead,cpupool.yaml.
 *
 * A refusal concerns one domain or pool: its err says why, and the others are
 * parsed as if it were absent (a domain naming a refused pool is refused). A
 * check against other domains (name, modules, passthrough devices) or pools
 * (CPUs) compares with the valid ones before it, so the later of two clashing
 * domains (pools) is the one refused.
 */
#include <stdarg.h>
#include <string.h>
#include <libfdt.h>
#include <bulkhead/domain_config.h>
#include <bulkhead/dt_iommu.h>
#include <bulkhead/fmt.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/log.h>
#include <public/bulkhead_control.h>
#include <bulkhead/sched.h>

#define PAGE_4K	       4096ULL
#define PARTIAL_DT_MAX (2 * MiB) /* a DTB is < 2 MiB (Linux arm64 booting.rst) */
#define SPI_FIRST      32	 /* INTIDs 32..1019 are SPIs (GICv3 spec 2.2.1) */
#define SPI_LAST       1019
#define GIC_SPI	       0 /* first cell of a GIC interrupt specifier (arm,gic binding) */
#define MPIDR_AFF_MASK 0xff00ffffffULL /* Aff3, Aff2..0: as hostdt.c and smp.c keep them */

/* bulkhead,rtds: Xen's RTDS defaults (xl.cfg), its 10 us granularity
 * (SCHED_MIN_SLICE_NS) and a period of at most 10 s. */
#define RTDS_PERIOD_DEFAULT_US	10000
#define RTDS_BUDGET_DEFAULT_US	4000
#define RTDS_MIN_US		(SCHED_MIN_SLICE_NS / 1000)
#define RTDS_MAX_PERIOD_US	10000000
#define WATCHDOG_MAX_MS		600000 /* 10 minutes */
#define RESTART_LIMIT_DEFAULT	3
#define RESTART_LIMIT_MAX	100
#define BOOT_PRIORITY_MAX	1000
#define FIRST_FRAME_GATE_MAX_MS 60000

enum { MOD_KERNEL, MOD_RAMDISK, MOD_DTB, MOD_KINDS };

static const char *const mod_compat[MOD_KINDS] = {"multiboot,kernel", "multiboot,ramdisk",
						  "multiboot,device-tree"};

/* Keeps constness: usable on this domain (written) and earlier ones (read). */
#define MODULE_OF(c, k)                                                                            \
	((k) == MOD_KERNEL ? &(c)->kernel : (k) == MOD_RAMDISK ? &(c)->ramdisk : &(c)->dtb)

struct parser {
	const void *fdt;
	const struct config_limits *lim;
	const struct domain_config *done; /* the domains before this one */
	unsigned int ndone;
	struct domain_config *c; /* this one */
	/* The node refuse() reports on: a domain or a cpupool. */
	const char *kind, *name; /* "domain" / "cpupool"; its name so far */
	bool *valid;
	char *err;	/* CONFIG_ERR_MAX bytes */
	char path[128]; /* its node's path, for messages */
};

static int refuse(struct parser *p, const char *prop, const char *fmt, ...) __printf(3, 4);

/* Marks the node refused: "<kind> <name> (<path>): <prop>: <problem>". */
static int refuse(struct parser *p, const char *prop, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	fmt_snprintf(p->err, CONFIG_ERR_MAX, "%s %s (%s): %s: ", p->kind, p->name, p->path, prop);
	n = strlen(p->err);
	va_start(ap, fmt);
	fmt_vsnprintf(p->err + n, CONFIG_ERR_MAX - n, fmt, ap);
	va_end(ap);
	*p->valid = false;
	return -E_INVAL;
}

static bool overlaps(u64 a, u64 asize, u64 b, u64 bsize)
{
	/* Inclusive ends: a range may end at 2^64 without wrapping to 0. */
	return asize && bsize && a <= b + (bsize - 1) && b <= a + (asize - 1);
}

static bool wraps(u64 base, u64 size) { return size && base + (size - 1) < base; }

/* A string property: 0 with *s = NULL when absent; refused unless it is one
 * NUL-terminated string. label names it in the message. */
static int get_string(struct parser *p, int node, const char *prop, const char *label,
		      const char **s)
{
	int len;
	*s = fdt_getprop(p->fdt, node, prop, &len);
	if (*s && (len <= 0 || strnlen(*s, (size_t)len) != (size_t)len - 1))
		return refuse(p, label, "not a single string");
	return 0;
}

/* An empty property ("vpl011;"): a value would be a misunderstanding of it. */
static int get_flag(struct parser *p, const char *prop, bool *out)
{
	int len;
	*out = fdt_getprop(p->fdt, p->c->node, prop, &len) != NULL;
	if (*out && len != 0)
		return refuse(p, prop, "must be empty (a flag), found %d bytes", len);
	return 0;
}

/* A string property that must be names[0] or names[1]; absent: *out = 0. */
static int get_choice(struct parser *p, const char *prop, const char *const names[2], int *out)
{
	const char *s;
	int rc = get_string(p, p->c->node, prop, prop, &s);

	*out = 0;
	if (rc || !s)
		return rc;
	for (int i = 0; i < 2; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return 0;
		}
	return refuse(p, prop, "must be \"%s\" or \"%s\", not \"%.40s\"", names[0], names[1], s);
}

/* Length of a node name without its unit address ("domU1@0" → 5). */
static size_t base_name_len(const char *name)
{
	const char *at = strchr(name, '@');
	return at ? (size_t)(at - name) : strlen(name);
}

/* Domain names prefix console lines: the characters of DT node names only. */
static bool name_ok(const char *s, size_t len)
{
	if (!len || len >= DOMAIN_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || (ch && strchr(",._+-", ch))))
			return false;
	}
	return true;
}

static void set_name(char name[DOMAIN_NAME_MAX], const char *s, size_t len)
{
	len = MIN(len, DOMAIN_NAME_MAX - 1);
	memcpy(name, s, len);
	name[len] = '\0';
}

static const struct domain_config *named(struct parser *p, const char *s, size_t len)
{
	for (unsigned int i = 0; i < p->ndone; i++)
		if (p->done[i].valid && strlen(p->done[i].name) == len &&
		    memcmp(p->done[i].name, s, len) == 0)
			return &p->done[i];
	return NULL;
}

/* bulkhead,name, else the node name without unit address; unique among the
 * valid domains. */
static int parse_name(struct parser *p)
{
	const char *prop = "bulkhead,name", *s;
	const struct domain_config *other;
	char path[128];
	size_t len;

	if (get_string(p, p->c->node, prop, prop, &s))
		return -E_INVAL;
	if (s)
		len = strlen(s);
	else /* the message then names bulkhead,name as the way out */
		len = base_name_len(s = fdt_get_name(p->fdt, p->c->node, NULL));
	if (!name_ok(s, len))
		return refuse(p, prop, "\"%.*s\": want 1 to %d letters, digits or , . _ + -",
			      (int)MIN(len, 40), s, DOMAIN_NAME_MAX - 1);
	other = named(p, s, len);
	if (other)
		return refuse(p, prop, "\"%.*s\" is already the name of %s", (int)len, s,
			      dt_path(p->fdt, other->node, path, sizeof(path)));
	set_name(p->c->name, s, len);
	return 0;
}

/* [base, base + size) reaches at or above lim->ipa_limit: stage 2 would map
 * it over a lower guest address (its top level indexes only the low bits). */
static bool beyond_ipa(const struct parser *p, u64 base, u64 size)
{
	u64 lim = p->lim->ipa_limit;
	return lim && (base >= lim || size > lim - base);
}

static u64 ram_total(const struct config_limits *lim)
{
	u64 t = 0;
	for (unsigned int i = 0; i < lim->nram; i++)
		t += lim->ram[i].size;
	return t;
}

/* memory = <hi lo> in KiB (Xen; one cell accepted too). Stage 2 maps guest
 * RAM in 2 MiB blocks and domain_create allocates that way: the size is
 * rounded up to a multiple of 2 MiB, which is also the least a domain gets. */
static int parse_memory(struct parser *p)
{
	int len;
	const void *v = fdt_getprop(p->fdt, p->c->node, "memory", &len);
	u64 kib, bytes;

	if (!v)
		return refuse(p, "memory", "missing (the domain's RAM in KiB: <hi lo>)");
	if (len != 4 && len != 8)
		return refuse(p, "memory", "want <hi lo> (KiB), found %d bytes", len);
	kib = dt_read_cells(v, len / 4);
	if (!kib)
		return refuse(p, "memory", "0 KiB");
	if (kib > GUEST_RAM_MAX / KiB)
		return refuse(p, "memory",
			      "%llu KiB: more than the %llu GiB of a guest's RAM window", kib,
			      GUEST_RAM_MAX / GiB);
	bytes = ALIGN_UP(kib * KiB, 2 * MiB);
	if (bytes > ram_total(p->lim))
		return refuse(p, "memory", "%llu KiB: more than the host's %llu MiB of RAM", kib,
			      ram_total(p->lim) / MiB);
	p->c->mem_bytes = bytes;
	return 0;
}

static int parse_cpus(struct parser *p)
{
	int len;
	const void *v = fdt_getprop(p->fdt, p->c->node, "cpus", &len);
	unsigned int max = MIN(p->lim->max_vcpus, DOMAIN_MAX_VCPUS);
	u32 n;

	if (!v)
		return refuse(p, "cpus", "missing (the number of vCPUs)");
	if (len != 4)
		return refuse(p, "cpus", "want one cell, found %d bytes", len);
	n = (u32)dt_read_cells(v, 1);
	if (n < 1 || n > max)
		return refuse(p, "cpus", "%u vCPUs: must be 1 to %u", n, max);
	p->c->vcpus = n;
	return 0;
}

static int parse_flags(struct parser *p)
{
	static const char *const on_crash[2] = {"halt", "restart"};
	static const char *const wfi[2] = {"trap", "native"};
	/* Xen: whether the IOMMU is set up for the domain. Bulkhead has no IOMMU
	 * support yet, so the value is only checked. */
	static const char *const passthrough[2] = {"enabled", "disabled"};
	struct domain_config *c = p->c;
	int v;

	if (get_flag(p, "vpl011", &c->vpl011) || get_flag(p, "bulkhead,control", &c->control) ||
	    get_flag(p, "direct-map", &c->direct_map))
		return -E_INVAL;
	if (get_choice(p, "passthrough", passthrough, &v))
		return -E_INVAL;
	if (get_choice(p, "bulkhead,on-crash", on_crash, &v))
		return -E_INVAL;
	c->on_crash = v ? ON_CRASH_RESTART : ON_CRASH_HALT;
	if (get_choice(p, "bulkhead,wfi", wfi, &v))
		return -E_INVAL;
	c->wfi = v ? WFI_NATIVE : WFI_TRAP;
	return 0;
}

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
static int parse_affinity(struct parser *p)
{
	const char *prop = "bulkhead,vcpu-affinity";
	unsigned int limit = MIN(p->lim->ncpus, 64); /* the mask is a u64 */
	u64 pool = pool_cpus(p);
	int len;
	const u8 *v = fdt_getprop(p->fdt, p->c->node, prop, &len);

	if (!v)
		return 0;
	if (len <= 0 || len % 4)
		return refuse(p, prop, "want a non-empty list of pCPU indices, one cell each");
	for (int i = 0; i < len / 4; i++) {
		u32 cpu = (u32)dt_read_cells(v + 4 * (size_t)i, 1);
		if (cpu >= limit)
			return refuse(p, prop, "pCPU %u does not exist (want 0 to %u)", cpu,
				      limit - 1);
		if (!(pool & (1ULL << cpu)) && p->c->pool >= 0)
			return refuse(p, prop, "pCPU %u is not in the domain's cpupool %s", cpu,
				      p->lim->pools[p->c->pool].name);
		if (!(pool & (1ULL << cpu)))
			return refuse(p, prop, "pCPU %u is in a cpupool; the domain has pool 0",
				      cpu);
		p->c->affinity |= 1ULL << cpu;
	}
	return 0;
}

/* A property of one u32 cell: 0 with *out untouched when absent. */
static int get_u32(struct parser *p, const char *prop, const char *unit, u32 *out, bool *present)
{
	int len;
	const void *v = fdt_getprop(p->fdt, p->c->node, prop, &len);

	*present = v != NULL;
	if (!v)
		return 0;
	if (len != 4)
		return refuse(p, prop, "want one cell (%s), found %d bytes", unit, len);
	*out = (u32)dt_read_cells(v, 1);
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
static int parse_pool(struct parser *p)
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
		return refuse(p, prop, "want one phandle (<&pool>), found %d bytes", len);
	ph = (u32)dt_read_cells(v, 1);
	node = fdt_node_offset_by_phandle(p->fdt, ph);
	if (node < 0)
		return refuse(p, prop, "phandle 0x%x names no node", ph);
	dt_path(p->fdt, node, path, sizeof(path));
	if (!is_pool_node(p->fdt, node))
		return refuse(p, prop,
			      "%s is not a cpupool (compatible \"xen,cpupool\" or "
			      "\"bulkhead,cpupool\")",
			      path);
	if (!dt_enabled(p->fdt, node))
		return refuse(p, prop, "the cpupool %s is disabled", path);
	for (unsigned int i = 0; i < lim->npools; i++) {
		if (lim->pools[i].node != node)
			continue;
		if (!lim->pools[i].valid)
			return refuse(p, prop, "the cpupool %s is refused", path);
		p->c->pool = (int)i;
		return 0;
	}
	return refuse(p, prop, "the cpupool %s was not read (more cpupools than CONFIG_MAX_POOLS)",
		      path);
}

/* bulkhead,rtds = <period_us budget_us> and bulkhead,rtds-extratime: the
 * domain's RTDS parameters, which a pool scheduling with null cannot use.
 * Without bulkhead,rtds a domain has the default reservation plus extratime.
 * Pool 0's scheduler is not decided here. */
static int parse_rtds(struct parser *p)
{
	const char *prop = "bulkhead,rtds";
	struct domain_config *c = p->c;
	int len;
	const void *v = fdt_getprop(p->fdt, c->node, prop, &len);
	bool null_pool = c->pool >= 0 && p->lim->pools[c->pool].sched == SCHED_NULL;

	if (get_flag(p, "bulkhead,rtds-extratime", &c->rtds_extratime))
		return -E_INVAL;
	if (c->rtds_extratime && null_pool)
		return refuse(p, "bulkhead,rtds-extratime",
			      "the domain's pool (cpupool %s) schedules with null, not rtds",
			      p->lim->pools[c->pool].name);
	if (!v) {
		/* No reservation: a best-effort domain, which runs in any slack
		 * (the property alone gives no budget to ask extratime for). */
		c->rtds_extratime = !null_pool;
		return 0;
	}
	if (null_pool)
		return refuse(p, prop,
			      "the domain's pool (cpupool %s) schedules with null, not rtds",
			      p->lim->pools[c->pool].name);
	if (len != 8)
		return refuse(p, prop, "want <period_us budget_us>, found %d bytes", len);
	c->rtds_period_us = (u32)dt_read_cells(v, 1);
	c->rtds_budget_us = (u32)dt_read_cells((const u8 *)v + 4, 1);
	if (c->rtds_period_us < RTDS_MIN_US || c->rtds_period_us > RTDS_MAX_PERIOD_US)
		return refuse(p, prop, "period %u us: must be %llu to %u", c->rtds_period_us,
			      RTDS_MIN_US, RTDS_MAX_PERIOD_US);
	if (c->rtds_budget_us < RTDS_MIN_US || c->rtds_budget_us > c->rtds_period_us)
		return refuse(p, prop, "budget %u us: must be %llu to the period (%u us)",
			      c->rtds_budget_us, RTDS_MIN_US, c->rtds_period_us);
	return 0;
}

/* What the cockpit acts on: bulkhead,watchdog and bulkhead,restart-limit. */
static int parse_cockpit(struct parser *p)
{
	struct domain_config *c = p->c;
	bool present;

	if (get_u32(p, "bulkhead,watchdog", "timeout in ms", &c->watchdog_ms, &present))
		return -E_INVAL;
	if (present && (c->watchdog_ms < 1 || c->watchdog_ms > WATCHDOG_MAX_MS))
		return refuse(p, "bulkhead,watchdog", "%u ms: must be 1 to %u", c->watchdog_ms,
			      WATCHDOG_MAX_MS);
	if (get_u32(p, "bulkhead,restart-limit", "a count", &c->restart_limit, &present))
		return -E_INVAL;
	if (c->restart_limit > RESTART_LIMIT_MAX)
		return refuse(p, "bulkhead,restart-limit", "%u: must be 0 to %u", c->restart_limit,
			      RESTART_LIMIT_MAX);
	return 0;
}

/* bulkhead,boot-priority = <N>: higher is built and started first. */
static int parse_priority(struct parser *p)
{
	const char *prop = "bulkhead,boot-priority";
	bool present;

	if (get_u32(p, prop, "a priority, higher first", &p->c->boot_priority, &present))
		return -E_INVAL;
	if (p->c->boot_priority > BOOT_PRIORITY_MAX)
		return refuse(p, prop, "%u: must be 0 to %u (higher is started first)",
			      p->c->boot_priority, BOOT_PRIORITY_MAX);
	return 0;
}

/* bulkhead,framebuffer = <width height>: XRGB8888, stride width * 4, in
 * memory the domain gets on top of its RAM. One domain owns the board
 * display: a second one asking for it is refused. */
static int parse_framebuffer(struct parser *p)
{
	const char *prop = "bulkhead,framebuffer";
	struct domain_config *c = p->c;
	char path[128];
	int len;
	const void *v = fdt_getprop(p->fdt, c->node, prop, &len);
	u64 bytes;

	if (!v)
		return 0;
	if (len != 8)
		return refuse(p, prop, "want <width height> in pixels, found %d bytes", len);
	c->fb_width = (u32)dt_read_cells(v, 1);
	c->fb_height = (u32)dt_read_cells((const u8 *)v + 4, 1);
	if (c->fb_width < DOMAIN_FB_SIDE_MIN || c->fb_width > DOMAIN_FB_SIDE_MAX ||
	    c->fb_height < DOMAIN_FB_SIDE_MIN || c->fb_height > DOMAIN_FB_SIDE_MAX)
		return refuse(p, prop, "%ux%u: width and height must be %u to %u pixels",
			      c->fb_width, c->fb_height, DOMAIN_FB_SIDE_MIN, DOMAIN_FB_SIDE_MAX);
	/* In 2 MiB blocks of the domain's memory: stage 2 maps RAM that way. */
	bytes = ALIGN_UP((u64)c->fb_width * c->fb_height * DOMAIN_FB_BPP, 2 * MiB);
	if (c->mem_bytes + bytes > GUEST_RAM_MAX || c->mem_bytes + bytes > ram_total(p->lim))
		return refuse(p, prop,
			      "%ux%u: its %llu MiB and the domain's %llu MiB of memory exceed "
			      "the host's %llu MiB of RAM",
			      c->fb_width, c->fb_height, bytes / MiB, c->mem_bytes / MiB,
			      ram_total(p->lim) / MiB);
	for (unsigned int i = 0; i < p->ndone; i++)
		if (p->done[i].valid && p->done[i].fb_width)
			return refuse(p, prop,
				      "the board display already belongs to domain %s (%s); one "
				      "domain may have a framebuffer",
				      p->done[i].name,
				      dt_path(p->fdt, p->done[i].node, path, sizeof(path)));
	c->fb_bytes = bytes;
	return 0;
}

/* Its RAM's guest addresses below the stage-2 input size: GUEST_RAM_BASE
 * on, or (direct-map) wherever the allocator puts it in host RAM, so no
 * host RAM may reach beyond the limit then. */
static int check_ram_ipa(struct parser *p)
{
	const struct domain_config *c = p->c;

	if (!c->direct_map) {
		if (beyond_ipa(p, GUEST_RAM_BASE, c->mem_bytes + c->fb_bytes))
			return refuse(p, "memory",
				      "%llu MiB at 0x%llx (and its framebuffer) go beyond the "
				      "stage-2 input size (0x%llx)",
				      c->mem_bytes / MiB, GUEST_RAM_BASE, p->lim->ipa_limit);
		return 0;
	}
	for (unsigned int i = 0; i < p->lim->nram; i++)
		if (beyond_ipa(p, p->lim->ram[i].base, p->lim->ram[i].size))
			return refuse(p, "direct-map",
				      "host RAM 0x%llx+0x%llx goes beyond the stage-2 input size "
				      "(0x%llx): its addresses cannot be guest addresses",
				      p->lim->ram[i].base, p->lim->ram[i].size, p->lim->ipa_limit);
	return 0;
}

/* bulkhead,first-frame-gate = <timeout_ms>: the domains after this one in
 * boot order start at its first frame (common/boot_gate.c), at the latest
 * timeout_ms after it started. The framebuffer
 * stays unmapped until then, which memory a device reaches by DMA must not
 * be (domain.c maps such a domain's RAM whole). */
static int parse_gate(struct parser *p)
{
	const char *prop = "bulkhead,first-frame-gate";
	struct domain_config *c = p->c;
	bool present;

	if (get_u32(p, prop, "a timeout in ms", &c->first_frame_gate_ms, &present))
		return -E_INVAL;
	if (!present)
		return 0;
	if (c->first_frame_gate_ms < 1 || c->first_frame_gate_ms > FIRST_FRAME_GATE_MAX_MS)
		return refuse(p, prop, "%u ms: must be 1 to %u", c->first_frame_gate_ms,
			      FIRST_FRAME_GATE_MAX_MS);
	if (!c->fb_width)
		return refuse(p, prop,
			      "the domain has no bulkhead,framebuffer to draw its first "
			      "frame in");
	if (c->direct_map || c->n_pt_regs || c->n_streams)
		return refuse(p, prop,
			      "not with passthrough devices or direct-map: their DMA "
			      "needs the framebuffer mapped from the start");
	/* The boot CPU builds the other domains at the gate's opening, with
	 * interrupts masked: a vCPU of this domain there would freeze. */
	if (c->pool < 0)
		return refuse(p, prop,
			      "the domain must be in a cpupool (pool 0 has the boot CPU, which "
			      "builds the other domains at its first frame)");
	return 0;
}

/* An unknown bulkhead,* property is most likely a typo of a known one. */
static int check_own_props(struct parser *p)
{
	static const char *const known[] = {
		"bulkhead,name",	   "bulkhead,control",	   "bulkhead,on-crash",
		"bulkhead,vcpu-affinity",  "bulkhead,wfi",	   "bulkhead,rtds",
		"bulkhead,rtds-extratime", "bulkhead,watchdog",	   "bulkhead,restart-limit",
		"bulkhead,boot-priority",  "bulkhead,framebuffer", "bulkhead,first-frame-gate"};
	int off;

	fdt_for_each_property_offset(off, p->fdt, p->c->node)
	{
		const char *name = NULL;
		unsigned int i;
		fdt_getprop_by_offset(p->fdt, off, &name, NULL);
		if (!name || strncmp(name, "bulkhead,", 9) != 0)
			continue;
		for (i = 0; i < ARRAY_SIZE(known) && strcmp(name, known[i]) != 0; i++)
			;
		if (i == ARRAY_SIZE(known))
			return refuse(p, name, "unknown Bulkhead property");
	}
	return 0;
}

static int module_kind(const void *fdt, int node)
{
	for (int k = 0; k < MOD_KINDS; k++)
		if (dt_compatible(fdt, node, mod_compat[k]))
			return k;
	return -1;
}

static bool inside_ram(const struct config_limits *lim, u64 base, u64 size)
{
	for (unsigned int i = 0; i < lim->nram; i++) {
		const struct mem_range *r = &lim->ram[i];
		if (base >= r->base && size <= r->size && base - r->base <= r->size - size)
			return true;
	}
	return false;
}

static int parse_bootargs(struct parser *p, int node, struct domain_module *m)
{
	char label[64];
	fmt_snprintf(label, sizeof(label), "%s bootargs", fdt_get_name(p->fdt, node, NULL));
	return get_string(p, node, "bootargs", label, &m->bootargs);
}

/* One module sub-node. Nodes that are only "multiboot,module" are ignored,
 * as Xen ignores them for a domU. */
static int parse_module(struct parser *p, int node)
{
	const char *name = fdt_get_name(p->fdt, node, NULL);
	int kind = module_kind(p->fdt, node);
	struct domain_module *m;
	struct mem_range r;
	char label[64];

	if (kind < 0)
		return 0;
	m = MODULE_OF(p->c, kind);
	fmt_snprintf(label, sizeof(label), "%s compatible", name);
	/* hostdt.c reserves boot modules by "multiboot,module": without it the
	 * module's memory could be handed out while it is still needed. */
	if (!dt_compatible(p->fdt, node, "multiboot,module"))
		return refuse(p, label, "\"%s\" without \"multiboot,module\"", mod_compat[kind]);
	if (m->present)
		return refuse(p, label, "a second \"%s\" (the first is %s)", mod_compat[kind],
			      fdt_get_name(p->fdt, m->node, NULL));
	fmt_snprintf(label, sizeof(label), "%s reg", name);
	if (dt_reg_count(p->fdt, node) != 1 || dt_reg_raw(p->fdt, node, 0, &r) || !r.size)
		return refuse(p, label, "want one <address size> pair with a non-zero size");
	if (!inside_ram(p->lim, r.base, r.size))
		return refuse(p, label, "0x%llx+0x%llx is not inside one host RAM range", r.base,
			      r.size);
	*m = (struct domain_module){.present = true, .base = r.base, .size = r.size, .node = node};
	return kind == MOD_KERNEL ? parse_bootargs(p, node, m) : 0;
}

/* Modules of this domain against each other and against the earlier valid
 * domains'. The same module at the same place for the same purpose may serve
 * several domains (Xen allows it; modules are only read, each domain gets a
 * copy); any other overlap means one of them is corrupt. */
static int check_module_clash(struct parser *p, int k)
{
	const struct domain_module *m = MODULE_OF(p->c, k);
	char label[64];

	fmt_snprintf(label, sizeof(label), "%s reg", fdt_get_name(p->fdt, m->node, NULL));
	for (int j = k + 1; j < MOD_KINDS; j++) {
		const struct domain_module *o = MODULE_OF(p->c, j);
		if (o->present && overlaps(m->base, m->size, o->base, o->size))
			return refuse(p, label, "overlaps %s", fdt_get_name(p->fdt, o->node, NULL));
	}
	for (unsigned int i = 0; i < p->ndone; i++)
		for (int j = 0; j < MOD_KINDS && p->done[i].valid; j++) {
			const struct domain_module *o = MODULE_OF(&p->done[i], j);
			bool shared = j == k && o->base == m->base && o->size == m->size;
			if (o->present && !shared && overlaps(m->base, m->size, o->base, o->size))
				return refuse(p, label, "overlaps %s of domain %s",
					      fdt_get_name(p->fdt, o->node, NULL), p->done[i].name);
		}
	return 0;
}

static int parse_modules(struct parser *p)
{
	int node, ac, sc;

	/* Xen's booting.txt: the domain node's cells describe its modules' reg. */
	dt_bus_cells(p->fdt, p->c->node, &ac, &sc);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return refuse(p, "#address-cells/#size-cells", "want 1 or 2 each, found %d and %d",
			      ac, sc);
	fdt_for_each_subnode(node, p->fdt, p->c->node)
	{
		if (parse_module(p, node))
			return -E_INVAL;
	}
	if (!p->c->kernel.present)
		return refuse(p, "kernel module",
			      "missing (a sub-node with compatible = \"multiboot,kernel\", "
			      "\"multiboot,module\")");
	for (int k = 0; k < MOD_KINDS; k++)
		if (MODULE_OF(p->c, k)->present && check_module_clash(p, k))
			return -E_INVAL;
	return 0;
}

/* Guest physical windows a passthrough region must not cover: the domain's
 * RAM and the devices Bulkhead emulates (guest_layout.h). GICC and GICR are
 * both kept free: the GIC version is the host's, not known here. */
static const char *guest_window_hit(const struct domain_config *c, u64 gaddr, u64 size)
{
	const struct {
		const char *name;
		u64 base, size;
	} win[] = {
		{"RAM", GUEST_RAM_BASE, c->mem_bytes + c->fb_bytes}, /* the framebuffer ends it */
		{"GIC distributor", GUEST_GICD_BASE, GUEST_GICD_SIZE},
		{"GIC CPU interface", GUEST_GICC_BASE, GUEST_GICC_SIZE},
		{"GIC redistributors", GUEST_GICR_BASE, c->vcpus * GUEST_GICR_STRIDE},
		{"vPL011", GUEST_PL011_BASE, c->vpl011 ? GUEST_PL011_SIZE : 0},
		{"SP805 watchdog", GUEST_WDOG_BASE, c->watchdog_ms ? GUEST_WDOG_SIZE : 0},
		{"control interface", BH_CTL_BASE, BH_CTL_SIZE},
	};
	for (unsigned int i = 0; i < ARRAY_SIZE(win); i++)
		if (overlaps(gaddr, size, win[i].base, win[i].size))
			return win[i].name;
	return NULL;
}

/* Another valid domain already given host device memory overlapping r. */
static const struct domain_config *pt_owner(struct parser *p, const struct passthrough_region *r)
{
	for (unsigned int i = 0; i < p->ndone; i++)
		for (unsigned int j = 0; p->done[i].valid && j < p->done[i].n_pt_regs; j++)
			if (overlaps(r->paddr, r->size, p->done[i].pt_regs[j].paddr,
				     p->done[i].pt_regs[j].size))
				return &p->done[i];
	return NULL;
}

static int check_pt_region(struct parser *p, const struct passthrough_region *r, const char *label)
{
	struct domain_config *c = p->c;
	const struct domain_config *o;
	const char *hit;

	/* Stage 2 maps 4 KiB pages; Xen refuses unaligned xen,reg the same way. */
	if (!r->size || !IS_ALIGNED(r->paddr | r->size | r->gaddr, PAGE_4K))
		return refuse(p, label, "<0x%llx 0x%llx 0x%llx>: want 4 KiB aligned, non-empty",
			      r->paddr, r->size, r->gaddr);
	if (wraps(r->paddr, r->size) || wraps(r->gaddr, r->size))
		return refuse(p, label, "<0x%llx 0x%llx 0x%llx>: wraps around", r->paddr, r->size,
			      r->gaddr);
	for (unsigned int i = 0; i < p->lim->nram; i++)
		if (overlaps(r->paddr, r->size, p->lim->ram[i].base, p->lim->ram[i].size))
			return refuse(p, label, "0x%llx+0x%llx is host RAM, not a device", r->paddr,
				      r->size);
	for (unsigned int i = 0; i < p->lim->nhyp_mmio; i++) {
		const struct mem_range *h = &p->lim->hyp_mmio[i];
		if (overlaps(r->paddr, r->size, h->base, h->size))
			return refuse(p, label,
				      "0x%llx+0x%llx overlaps the hypervisor's device at "
				      "0x%llx+0x%llx",
				      r->paddr, r->size, h->base, h->size);
	}
	if (beyond_ipa(p, r->gaddr, r->size))
		return refuse(p, label,
			      "guest address 0x%llx+0x%llx is beyond the stage-2 input "
			      "size (0x%llx)",
			      r->gaddr, r->size, p->lim->ipa_limit);
	hit = guest_window_hit(c, r->gaddr, r->size);
	if (hit)
		return refuse(p, label, "guest address 0x%llx+0x%llx overlaps the guest's %s",
			      r->gaddr, r->size, hit);
	for (unsigned int i = 0; i < c->n_pt_regs; i++)
		if (overlaps(r->gaddr, r->size, c->pt_regs[i].gaddr, c->pt_regs[i].size))
			return refuse(p, label, "guest address 0x%llx overlaps another region",
				      r->gaddr);
	o = pt_owner(p, r);
	if (o)
		return refuse(p, label, "0x%llx+0x%llx is already given to domain %s", r->paddr,
			      r->size, o->name);
	return 0;
}

/* xen,reg = <paddr size gaddr>... of one partial-DT node. */
static int parse_xen_reg(struct parser *p, const void *pdt, int node, int ac, int sc,
			 const char *label)
{
	struct domain_config *c = p->c;
	int len, entry = (2 * ac + sc) * 4;
	const u8 *v = fdt_getprop(pdt, node, "xen,reg", &len);

	if (!v)
		return 0;
	if (len <= 0 || len % entry)
		return refuse(p, label, "want <paddr size gaddr> entries of %d+%d+%d cells", ac, sc,
			      ac);
	for (; len > 0; len -= entry, v += entry) {
		struct passthrough_region r = {dt_read_cells(v, ac),
					       dt_read_cells(v + 4 * (size_t)ac, sc),
					       dt_read_cells(v + 4 * (size_t)(ac + sc), ac)};
		if (check_pt_region(p, &r, label))
			return -E_INVAL;
		if (c->n_pt_regs == DOMAIN_MAX_PT_REGS)
			return refuse(p, label, "more than %d passthrough regions",
				      DOMAIN_MAX_PT_REGS);
		c->pt_regs[c->n_pt_regs++] = r;
	}
	return 0;
}

static bool irq_listed(const struct domain_config *c, u32 intid)
{
	for (unsigned int i = 0; i < c->n_pt_irqs; i++)
		if (c->pt_irqs[i] == intid)
			return true;
	return false;
}

static int check_pt_irq(struct parser *p, u32 type, u32 num, const char *label)
{
	u32 intid = num + SPI_FIRST;

	if (type != GIC_SPI)
		return refuse(p, label, "<%u %u ...>: only SPIs (type 0) can be passed through",
			      type, num);
	if (num > SPI_LAST - SPI_FIRST)
		return refuse(p, label, "SPI %u does not exist (at most %u)", num,
			      SPI_LAST - SPI_FIRST);
	if (p->lim->spi_end && intid >= p->lim->spi_end)
		return refuse(p, label, "SPI %u is beyond the %u SPIs a guest's GIC has", num,
			      p->lim->spi_end - SPI_FIRST);
	if (p->lim->hyp_spi && intid == p->lim->hyp_spi)
		return refuse(p, label, "SPI %u is the host console UART's (the hypervisor's)",
			      num);
	if (p->c->vpl011 && intid == SPI_FIRST + GUEST_PL011_SPI)
		return refuse(p, label, "SPI %u is the vPL011's in the guest", num);
	if (p->c->watchdog_ms && intid == SPI_FIRST + GUEST_WDOG_SPI)
		return refuse(p, label, "SPI %u is the SP805 watchdog's in the guest", num);
	if (irq_listed(p->c, intid))
		return refuse(p, label, "SPI %u is listed twice", num);
	for (unsigned int i = 0; i < p->ndone; i++)
		if (p->done[i].valid && irq_listed(&p->done[i], intid))
			return refuse(p, label, "SPI %u is already given to domain %s", num,
				      p->done[i].name);
	return 0;
}

/* Passthrough SPIs of this domain so far and of the valid ones before it. */
static unsigned int pt_irqs_total(const struct parser *p)
{
	unsigned int n = p->c->n_pt_irqs;
	for (unsigned int i = 0; i < p->ndone; i++)
		n += p->done[i].valid ? p->done[i].n_pt_irqs : 0;
	return n;
}

/* interrupts = <type number flags>... (GIC binding, interrupt-parent the
 * guest GIC as in Xen's partial DTs): host SPIs routed 1:1 to the domain. */
static int parse_pt_irqs(struct parser *p, const void *pdt, int node, const char *label)
{
	struct domain_config *c = p->c;
	int len;
	const u8 *v = fdt_getprop(pdt, node, "interrupts", &len);

	if (!v)
		return 0;
	if (len <= 0 || len % 12)
		return refuse(p, label, "want 3-cell GIC specifiers <type number flags>");
	for (; len > 0; len -= 12, v += 12) {
		u32 type = (u32)dt_read_cells(v, 1), num = (u32)dt_read_cells(v + 4, 1);
		if (check_pt_irq(p, type, num, label))
			return -E_INVAL;
		if (c->n_pt_irqs == DOMAIN_MAX_PT_IRQS)
			return refuse(p, label, "more than %d passthrough interrupts",
				      DOMAIN_MAX_PT_IRQS);
		if (p->lim->spi_budget && pt_irqs_total(p) == p->lim->spi_budget)
			return refuse(p, label,
				      "more than %u passthrough interrupts in all domains "
				      "together (the hypervisor's SPI handlers)",
				      p->lim->spi_budget);
		c->pt_irqs[c->n_pt_irqs++] = num + SPI_FIRST;
	}
	return 0;
}

/* A stream range of another valid domain overlapping s. */
static const struct domain_config *stream_owner(struct parser *p, const struct domain_stream *s)
{
	for (unsigned int i = 0; i < p->ndone; i++)
		for (unsigned int j = 0; p->done[i].valid && j < p->done[i].n_streams; j++) {
			const struct domain_stream *o = &p->done[i].streams[j];
			if (o->iommu_node == s->iommu_node &&
			    overlaps(s->sid, s->count, o->sid, o->count))
				return &p->done[i];
		}
	return NULL;
}

/* What the host DT says of a device that masters the bus: a PCI host
 * bridge, a DMA controller, or a device with DMA coherency stated. */
static bool dma_capable(const void *fdt, int node)
{
	const char *type = fdt_getprop(fdt, node, "device_type", NULL);
	return (type && !strcmp(type, "pci")) || fdt_getprop(fdt, node, "#dma-cells", NULL) ||
	       fdt_getprop(fdt, node, "dma-coherent", NULL) ||
	       fdt_getprop(fdt, node, "dma-noncoherent", NULL);
}

/* A DMA-capable device without an IOMMU could reach any memory: refused
 * unless the domain is direct-mapped and the node says so explicitly. */
static int accept_no_iommu(struct parser *p, const void *pdt, int node, int hnode,
			   const char *hpath, const char *label)
{
	if (!dma_capable(p->fdt, hnode))
		return 0;
	if (!fdt_getprop(pdt, node, "xen,force-assign-without-iommu", NULL))
		return refuse(p, label,
			      "%s is behind no IOMMU, its DMA could reach any memory (see "
			      "xen,force-assign-without-iommu)",
			      hpath);
	if (!p->c->direct_map)
		return refuse(p, label, "xen,force-assign-without-iommu needs direct-map");
	p->c->dma_unprotected = true;
	return 0;
}

/* xen,path names the device's host DT node: its IOMMU streams (iommus,
 * iommu-map) are attached to the domain when it is built. */
static int parse_pt_dma(struct parser *p, const void *pdt, int node, const char *label)
{
	struct domain_config *c = p->c;
	const char *hpath = fdt_getprop(pdt, node, "xen,path", NULL), *why;
	struct domain_stream s[DOMAIN_MAX_STREAMS];
	const struct domain_config *o;
	int hnode, n;

	if (!hpath)
		return 0; /* MMIO and interrupts only: Xen's form for non-DMA devices */
	hnode = fdt_path_offset(p->fdt, hpath);
	if (hnode < 0)
		return refuse(p, label, "\"%s\" is no node of the host DT", hpath);
	n = dt_iommu_streams(p->fdt, hnode, s, DOMAIN_MAX_STREAMS - c->n_streams, &why);
	if (n < 0)
		return refuse(p, label, "%s: %s", hpath, why);
	if (!n)
		return accept_no_iommu(p, pdt, node, hnode, hpath, label);
	for (int i = 0; i < n; i++) {
		o = stream_owner(p, &s[i]);
		if (o)
			return refuse(p, label,
				      "%s: stream IDs 0x%x+%u are already given to domain %s",
				      hpath, s[i].sid, s[i].count, o->name);
		c->streams[c->n_streams++] = s[i];
	}
	return 0;
}

static int parse_pt_node(struct parser *p, const void *pdt, int node, int ac, int sc)
{
	char path[96], label[128];

	dt_path(pdt, node, path, sizeof(path));
	fmt_snprintf(label, sizeof(label), "partial DT %s xen,reg", path);
	if (parse_xen_reg(p, pdt, node, ac, sc, label))
		return -E_INVAL;
	fmt_snprintf(label, sizeof(label), "partial DT %s interrupts", path);
	if (parse_pt_irqs(p, pdt, node, label))
		return -E_INVAL;
	fmt_snprintf(label, sizeof(label), "partial DT %s xen,path", path);
	return parse_pt_dma(p, pdt, node, label);
}

/* The "multiboot,device-tree" module: a separate FDT in host RAM, read only
 * through lim->map and only after its header and structure check out. */
static const void *map_partial(struct parser *p, const char *label)
{
	const struct domain_module *m = &p->c->dtb;
	u64 size = MIN(m->size, PARTIAL_DT_MAX);
	const void *pdt = p->lim->map ? p->lim->map(m->base, size, p->lim->map_ctx) : NULL;
	int rc;

	if (!pdt) {
		refuse(p, label, "0x%llx cannot be read", m->base);
		return NULL;
	}
	rc = dt_check(pdt, (size_t)size);
	if (rc) {
		refuse(p, label, "no valid device tree blob at 0x%llx: %s", m->base,
		       fdt_strerror(rc));
		return NULL;
	}
	return pdt;
}

static int parse_partial(struct parser *p)
{
	char label[64];
	const void *pdt;
	int ac, sc, pt, node, depth = 0;

	if (!p->c->dtb.present)
		return 0;
	fmt_snprintf(label, sizeof(label), "%s (partial DT)",
		     fdt_get_name(p->fdt, p->c->dtb.node, NULL));
	pdt = map_partial(p, label);
	if (!pdt)
		return -E_INVAL;
	dt_bus_cells(pdt, 0, &ac, &sc); /* Xen's defaults too: 2 and 1 */
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return refuse(p, label,
			      "root #address-cells/#size-cells: want 1 or 2 each, found "
			      "%d and %d",
			      ac, sc);
	pt = fdt_path_offset(pdt, "/passthrough");
	if (pt < 0)
		return 0; /* Xen allows a partial DT without devices */
	for (node = fdt_next_node(pdt, pt, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(pdt, node, &depth))
		if (parse_pt_node(p, pdt, node, ac, sc))
			return -E_INVAL;
	return 0;
}

static void parse_domain(struct parser *p, struct domain_config *c, int node)
{
	const char *name = fdt_get_name(p->fdt, node, NULL);

	memset(c, 0, sizeof(*c));
	c->node = node;
	c->valid = true;
	c->on_crash = ON_CRASH_HALT;
	c->wfi = WFI_TRAP;
	c->pool = -1;
	c->restart_limit = RESTART_LIMIT_DEFAULT;
	c->rtds_period_us = RTDS_PERIOD_DEFAULT_US;
	c->rtds_budget_us = RTDS_BUDGET_DEFAULT_US;
	set_name(c->name, name, base_name_len(name)); /* for messages until parse_name */
	p->c = c;
	p->kind = "domain";
	p->name = c->name;
	p->valid = &c->valid;
	p->err = c->err;
	dt_path(p->fdt, node, p->path, sizeof(p->path));
	/* Each step refuses the domain and ends the chain at the first problem.
	 * Order matters: the partial DT's checks need memory, cpus and vpl011. */
	(void)(parse_name(p) || parse_memory(p) || parse_cpus(p) || parse_flags(p) ||
	       check_own_props(p) || parse_pool(p) || parse_affinity(p) || parse_rtds(p) ||
	       parse_cockpit(p) || parse_priority(p) || parse_framebuffer(p) || check_ram_ipa(p) ||
	       parse_modules(p) || parse_partial(p) || parse_gate(p));
}

static bool is_domain(const void *fdt, int node)
{
	return (dt_compatible(fdt, node, "bulkhead,domain") ||
		dt_compatible(fdt, node, "xen,domain")) &&
	       dt_enabled(fdt, node);
}

static bool is_pool(const void *fdt, int node)
{
	return is_pool_node(fdt, node) && dt_enabled(fdt, node);
}

/* No slot is left for node and the domains (cpupools) after it: said on the
 * console, since there is no domain_config to carry the message. */
static void report_excess(const void *fdt, int node, unsigned int max, bool pools)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	unsigned int more = 0;
	char path[128];

	for (int n = node; n >= 0; n = fdt_next_subnode(fdt, n))
		more += pools ? is_pool(fdt, n) : is_domain(fdt, n);
	if (pools)
		log_err("cpupool %.*s (%s): compatible: more than %u cpupools (CONFIG_MAX_POOLS); "
			"it and the %u after it are not used",
			(int)base_name_len(name), name, dt_path(fdt, node, path, sizeof(path)), max,
			more - 1);
	else
		log_err("domain %.*s (%s): compatible: more than %u domains (CONFIG_MAX_DOMAINS); "
			"it and the %u after it are not started",
			(int)base_name_len(name), name, dt_path(fdt, node, path, sizeof(path)), max,
			more - 1);
}

/* ---- cpupools ------------------------------------------------------------ */

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
		return refuse(p, prop, "phandle 0x%x names no node", ph);
	dt_path(p->fdt, node, path, pathlen);
	type = fdt_getprop(p->fdt, node, "device_type", &len);
	if (cpus < 0 || fdt_parent_offset(p->fdt, node) != cpus || !type || len != 4 ||
	    memcmp(type, "cpu", 4) != 0)
		return refuse(p, prop, "%s is not a cpu node (device_type = \"cpu\" under /cpus)",
			      path);
	dt_bus_cells(p->fdt, cpus, &ac, &sc);
	reg = fdt_getprop(p->fdt, node, "reg", &len);
	if (ac < 1 || ac > 2 || !reg || len != 4 * ac)
		return refuse(p, prop, "%s: reg is not one MPIDR of /cpus' #address-cells", path);
	mpidr = dt_read_cells(reg, ac) & MPIDR_AFF_MASK;
	for (*cpu = 0; *cpu < limit && (lim->cpu_mpidr[*cpu] & MPIDR_AFF_MASK) != mpidr; (*cpu)++)
		;
	if (*cpu == limit)
		return refuse(p, prop, "%s (MPIDR 0x%llx) is not one of the %u CPUs Bulkhead uses",
			      path, mpidr, limit);
	if (*cpu == 0)
		return refuse(p, prop,
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
		return refuse(p, prop, "missing (phandles of the pool's /cpus nodes)");
	if (len <= 0 || len % 4)
		return refuse(p, prop, "want a non-empty list of phandles of /cpus nodes");
	for (int i = 0; i < len / 4; i++) {
		unsigned int cpu = 0;
		if (pool_cpu(p, (u32)dt_read_cells(v + 4 * (size_t)i, 1), &cpu, path, sizeof(path)))
			return -E_INVAL;
		if (pool->cpus & (1ULL << cpu))
			return refuse(p, prop, "%s (CPU %u) is listed twice", path, cpu);
		for (unsigned int j = 0; j < ndone; j++)
			if (done[j].valid && (done[j].cpus & (1ULL << cpu)))
				return refuse(p, prop, "%s (CPU %u) is already in cpupool %s", path,
					      cpu, done[j].name);
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

	if (get_string(p, pool->node, prop, prop, &s))
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
			return refuse(p, prop,
				      "\"%s\" is a Xen scheduler Bulkhead does not have; it has "
				      "\"null\" and \"rtds\"",
				      s);
	return refuse(p, prop, "unknown scheduler \"%.40s\"; Bulkhead has \"null\" and \"rtds\"",
		      s);
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

		if (!is_pool(fdt, node))
			continue;
		if (*count == max) {
			report_excess(fdt, node, max, true);
			break;
		}
		memset(pool, 0, sizeof(*pool));
		pool->node = node;
		pool->valid = true;
		set_name(pool->name, name, base_name_len(name));
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

/* ---- domains ------------------------------------------------------------- */

int config_parse(const void *fdt, const struct config_limits *lim, struct domain_config *out,
		 unsigned int max, unsigned int *count)
{
	struct parser p = {.fdt = fdt, .lim = lim, .done = out};
	int chosen = fdt_path_offset(fdt, "/chosen"), node, nvalid = 0;

	*count = 0;
	if (chosen < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, chosen)
	{
		if (!is_domain(fdt, node))
			continue;
		if (*count == max) {
			report_excess(fdt, node, max, false);
			break;
		}
		p.ndone = *count;
		parse_domain(&p, &out[*count], node);
		nvalid += out[*count].valid;
		(*count)++;
	}
	return nvalid;
}

void config_boot_order(const struct domain_config *cfg, unsigned int n, unsigned int *order)
{
	/* Insertion sort, stable: n is at most CONFIG_MAX_DOMAINS. */
	for (unsigned int i = 0; i < n; i++) {
		unsigned int j = i;
		for (; j > 0 && cfg[order[j - 1]].boot_priority < cfg[i].boot_priority; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
}
