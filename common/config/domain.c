/*
 * Domains from the device tree: the nodes under /chosen with
 * compatible "bulkhead,domain" or "xen,domain" → struct domain_config
 * (cpupools: pools.c; the parts: config_priv.h).
 *
 * The properties Xen has follow Xen's dom0less binding (xen.git
 * docs/misc/arm/device-tree/booting.txt, "Creating Multiple Domains directly
 * from Xen", Xen 4.17), so a tree made for Xen (e.g. by ImageBuilder) boots
 * unchanged: memory (KiB, 64-bit), cpus, vpl011, passthrough, direct-map, the
 * domain's #address-cells/#size-cells for its module nodes, and the module
 * nodes "multiboot,kernel" (with bootargs), "multiboot,ramdisk" and
 * "multiboot,device-tree" (modules.c; the partial device tree: passthrough.c).
 * Xen properties Bulkhead has no use for (nr_spis, xen,enhanced, ...) are
 * ignored.
 * Bulkhead's own properties: bulkhead,name, bulkhead,control,
 * bulkhead,on-crash, bulkhead,vcpu-affinity, bulkhead,wfi, bulkhead,rtds
 * (<period_us budget_us>), bulkhead,rtds-extratime, bulkhead,watchdog (ms),
 * bulkhead,restart-limit, bulkhead,boot-priority, bulkhead,framebuffer
 * (<width height>, docs/display.md) and bulkhead,first-frame-gate (ms).
 * Binding: dts/bindings/bulkhead,domain.yaml.
 */
#include <bulkhead/guest_layout.h>
#include <bulkhead/log.h>
#include <bulkhead/vcontrol.h>
#include "config_priv.h"

static const struct domain_config *named(struct parser *p, const char *s, size_t len)
{
	for (unsigned int i = 0; i < p->ndone; i++)
		if (p->done[i].valid && strlen(p->done[i].name) == len &&
		    memcmp(p->done[i].name, s, len) == 0)
			return &p->done[i];
	return NULL;
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

/* bulkhead,name, else the node name without unit address; unique among the
 * valid domains. */
static int parse_name(struct parser *p)
{
	const char *prop = "bulkhead,name", *s;
	const struct domain_config *other;
	char path[128];
	size_t len;

	if (cfg_get_string(p, p->c->node, prop, prop, &s))
		return -E_INVAL;
	if (s)
		len = strlen(s);
	else /* the message then names bulkhead,name as the way out */
		len = cfg_base_name_len(s = fdt_get_name(p->fdt, p->c->node, NULL));
	if (!name_ok(s, len))
		return cfg_refuse(p, prop, "\"%.*s\": want 1 to %d letters, digits or , . _ + -",
				  (int)MIN(len, 40), s, DOMAIN_NAME_MAX - 1);
	other = named(p, s, len);
	if (other)
		return cfg_refuse(p, prop, "\"%.*s\" is already the name of %s", (int)len, s,
				  dt_path(p->fdt, other->node, path, sizeof(path)));
	cfg_set_name(p->c->name, s, len);
	return 0;
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
		return cfg_refuse(p, "memory", "missing (the domain's RAM in KiB: <hi lo>)");
	if (len != 4 && len != 8)
		return cfg_refuse(p, "memory", "want <hi lo> (KiB), found %d bytes", len);
	kib = dt_read_cells(v, len / 4);
	if (!kib)
		return cfg_refuse(p, "memory", "0 KiB");
	if (kib > GUEST_RAM_MAX / KiB)
		return cfg_refuse(p, "memory",
				  "%llu KiB: more than the %llu GiB of a guest's RAM window", kib,
				  GUEST_RAM_MAX / GiB);
	bytes = ALIGN_UP(kib * KiB, 2 * MiB);
	if (bytes > ram_total(p->lim))
		return cfg_refuse(p, "memory", "%llu KiB: more than the host's %llu MiB of RAM",
				  kib, ram_total(p->lim) / MiB);
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
		return cfg_refuse(p, "cpus", "missing (the number of vCPUs)");
	if (len != 4)
		return cfg_refuse(p, "cpus", "want one cell, found %d bytes", len);
	n = (u32)dt_read_cells(v, 1);
	if (n < 1 || n > max)
		return cfg_refuse(p, "cpus", "%u vCPUs: must be 1 to %u", n, max);
	p->c->vcpus = n;
	return 0;
}

static int parse_flags(struct parser *p)
{
	static const char *const on_crash[2] = {"halt", "restart"};
	static const char *const wfi[2] = {"trap", "native"};
	/* Xen: whether the IOMMU is set up for the domain. Bulkhead attaches the
	 * streams of each device with xen,path whatever it says (common/iommu.c,
	 * docs/iommu.md), so the value is only checked. */
	static const char *const passthrough[2] = {"enabled", "disabled"};
	struct domain_config *c = p->c;
	int v;

	if (cfg_get_flag(p, "vpl011", &c->vpl011) ||
	    cfg_get_flag(p, "bulkhead,control", &c->control) ||
	    cfg_get_flag(p, "direct-map", &c->direct_map))
		return -E_INVAL;
	if (c->control && !VCONTROL_BUILT)
		return cfg_refuse(p, "bulkhead,control",
				  "this build has no control interface (Kconfig VCONTROL)");
	if (cfg_get_choice(p, "passthrough", passthrough, &v))
		return -E_INVAL;
	if (cfg_get_choice(p, "bulkhead,on-crash", on_crash, &v))
		return -E_INVAL;
	c->on_crash = v ? ON_CRASH_RESTART : ON_CRASH_HALT;
	if (cfg_get_choice(p, "bulkhead,wfi", wfi, &v))
		return -E_INVAL;
	c->wfi = v ? WFI_NATIVE : WFI_TRAP;
	return 0;
}

/* What the cockpit acts on: bulkhead,watchdog and bulkhead,restart-limit. */
static int parse_cockpit(struct parser *p)
{
	struct domain_config *c = p->c;

	if (cfg_get_u32(p, "bulkhead,watchdog", "timeout in ms", &c->watchdog_ms, 1,
			WATCHDOG_MAX_MS, " ms", ""))
		return -E_INVAL;
	return cfg_get_u32(p, "bulkhead,restart-limit", "a count", &c->restart_limit, 0,
			   RESTART_LIMIT_MAX, "", "");
}

/* bulkhead,boot-priority = <N>: higher is built and started first. */
static int parse_priority(struct parser *p)
{
	return cfg_get_u32(p, "bulkhead,boot-priority", "a priority, higher first",
			   &p->c->boot_priority, 0, BOOT_PRIORITY_MAX, "",
			   " (higher is started first)");
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
		return cfg_refuse(p, prop, "want <width height> in pixels, found %d bytes", len);
	c->fb_width = (u32)dt_read_cells(v, 1);
	c->fb_height = (u32)dt_read_cells((const u8 *)v + 4, 1);
	if (c->fb_width < DOMAIN_FB_SIDE_MIN || c->fb_width > DOMAIN_FB_SIDE_MAX ||
	    c->fb_height < DOMAIN_FB_SIDE_MIN || c->fb_height > DOMAIN_FB_SIDE_MAX)
		return cfg_refuse(p, prop, "%ux%u: width and height must be %u to %u pixels",
				  c->fb_width, c->fb_height, DOMAIN_FB_SIDE_MIN,
				  DOMAIN_FB_SIDE_MAX);
	/* In 2 MiB blocks of the domain's memory: stage 2 maps RAM that way. */
	bytes = ALIGN_UP((u64)c->fb_width * c->fb_height * DOMAIN_FB_BPP, 2 * MiB);
	if (c->mem_bytes + bytes > GUEST_RAM_MAX || c->mem_bytes + bytes > ram_total(p->lim))
		return cfg_refuse(p, prop,
				  "%ux%u: its %llu MiB and the domain's %llu MiB of memory exceed "
				  "the host's %llu MiB of RAM",
				  c->fb_width, c->fb_height, bytes / MiB, c->mem_bytes / MiB,
				  ram_total(p->lim) / MiB);
	for (unsigned int i = 0; i < p->ndone; i++)
		if (p->done[i].valid && p->done[i].fb_width)
			return cfg_refuse(
				p, prop,
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
		if (cfg_beyond_ipa(p, GUEST_RAM_BASE, c->mem_bytes + c->fb_bytes))
			return cfg_refuse(p, "memory",
					  "%llu MiB at 0x%llx (and its framebuffer) go beyond the "
					  "stage-2 input size (0x%llx)",
					  c->mem_bytes / MiB, GUEST_RAM_BASE, p->lim->ipa_limit);
		return 0;
	}
	for (unsigned int i = 0; i < p->lim->nram; i++)
		if (cfg_beyond_ipa(p, p->lim->ram[i].base, p->lim->ram[i].size))
			return cfg_refuse(
				p, "direct-map",
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

	if (cfg_get_u32(p, prop, "a timeout in ms", &c->first_frame_gate_ms, 1,
			FIRST_FRAME_GATE_MAX_MS, " ms", ""))
		return -E_INVAL;
	if (!c->first_frame_gate_ms)
		return 0; /* absent: at least 1 when present */
	if (!c->fb_width)
		return cfg_refuse(p, prop,
				  "the domain has no bulkhead,framebuffer to draw its first "
				  "frame in");
	if (c->direct_map || c->n_pt_regs || c->n_streams)
		return cfg_refuse(p, prop,
				  "not with passthrough devices or direct-map: their DMA "
				  "needs the framebuffer mapped from the start");
	/* The boot CPU builds the other domains at the gate's opening, with
	 * interrupts masked: a vCPU of this domain there would freeze. */
	if (c->pool < 0)
		return cfg_refuse(p, prop,
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
			return cfg_refuse(p, name, "unknown Bulkhead property");
	}
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
	cfg_set_name(c->name, name, cfg_base_name_len(name)); /* for messages until parse_name */
	p->c = c;
	p->kind = "domain";
	p->name = c->name;
	p->valid = &c->valid;
	p->err = c->err;
	dt_path(p->fdt, node, p->path, sizeof(p->path));
	/* Each step refuses the domain and ends the chain at the first problem.
	 * Order matters: the partial DT's checks need memory, cpus and vpl011. */
	(void)(parse_name(p) || parse_memory(p) || parse_cpus(p) || parse_flags(p) ||
	       check_own_props(p) || cfg_parse_pool(p) || cfg_parse_affinity(p) ||
	       cfg_parse_rtds(p) || parse_cockpit(p) || parse_priority(p) || parse_framebuffer(p) ||
	       check_ram_ipa(p) || cfg_parse_modules(p) || cfg_parse_partial(p) || parse_gate(p));
}

static bool is_domain(const void *fdt, int node)
{
	return (dt_compatible(fdt, node, "bulkhead,domain") ||
		dt_compatible(fdt, node, "xen,domain")) &&
	       dt_enabled(fdt, node);
}

/* No slot is left for node and the domains (cpupools) after it: said on the
 * console, since there is no domain_config to carry the message. */
void cfg_report_excess(const void *fdt, int node, unsigned int max, bool pools)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	unsigned int more = 0;
	char path[128];

	for (int n = node; n >= 0; n = fdt_next_subnode(fdt, n))
		more += pools ? cfg_is_pool(fdt, n) : is_domain(fdt, n);
	log_err("%s %.*s (%s): compatible: more than %u %s; it and the %u after it are not %s",
		pools ? "cpupool" : "domain", (int)cfg_base_name_len(name), name,
		dt_path(fdt, node, path, sizeof(path)), max,
		pools ? "cpupools (CFG_MAX_POOLS)" : "domains (CONFIG_MAX_DOMAINS)", more - 1,
		pools ? "used" : "started");
}

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
			cfg_report_excess(fdt, node, max, false);
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
