/* A domain's boot modules (Xen's booting.txt): sub-nodes "multiboot,kernel"
 * (with bootargs), "multiboot,ramdisk" and "multiboot,device-tree", each
 * also "multiboot,module", in host RAM. */
#include "config_priv.h"

enum { MOD_KERNEL, MOD_RAMDISK, MOD_DTB, MOD_KINDS };

static const char *const mod_compat[MOD_KINDS] = {"multiboot,kernel", "multiboot,ramdisk",
						  "multiboot,device-tree"};

/* Keeps constness: usable on this domain (written) and earlier ones (read). */
#define MODULE_OF(c, k)                                                                            \
	((k) == MOD_KERNEL ? &(c)->kernel : (k) == MOD_RAMDISK ? &(c)->ramdisk : &(c)->dtb)

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
		return cfg_refuse(p, label, "\"%s\" without \"multiboot,module\"",
				  mod_compat[kind]);
	if (m->present)
		return cfg_refuse(p, label, "a second \"%s\" (the first is %s)", mod_compat[kind],
				  fdt_get_name(p->fdt, m->node, NULL));
	fmt_snprintf(label, sizeof(label), "%s reg", name);
	if (dt_reg_count(p->fdt, node) != 1 || dt_reg_raw(p->fdt, node, 0, &r) || !r.size)
		return cfg_refuse(p, label, "want one <address size> pair with a non-zero size");
	if (!inside_ram(p->lim, r.base, r.size))
		return cfg_refuse(p, label, "0x%llx+0x%llx is not inside one host RAM range",
				  r.base, r.size);
	*m = (struct domain_module){.present = true, .base = r.base, .size = r.size, .node = node};
	if (kind != MOD_KERNEL)
		return 0;
	fmt_snprintf(label, sizeof(label), "%s bootargs", name);
	return cfg_get_string(p, node, "bootargs", label, &m->bootargs);
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
		if (o->present && cfg_overlaps(m->base, m->size, o->base, o->size))
			return cfg_refuse(p, label, "overlaps %s",
					  fdt_get_name(p->fdt, o->node, NULL));
	}
	for (unsigned int i = 0; i < p->ndone; i++)
		for (int j = 0; j < MOD_KINDS && p->done[i].valid; j++) {
			const struct domain_module *o = MODULE_OF(&p->done[i], j);
			bool shared = j == k && o->base == m->base && o->size == m->size;
			if (o->present && !shared &&
			    cfg_overlaps(m->base, m->size, o->base, o->size))
				return cfg_refuse(p, label, "overlaps %s of domain %s",
						  fdt_get_name(p->fdt, o->node, NULL),
						  p->done[i].name);
		}
	return 0;
}

int cfg_parse_modules(struct parser *p)
{
	int node, ac, sc;

	/* Xen's booting.txt: the domain node's cells describe its modules' reg. */
	dt_bus_cells(p->fdt, p->c->node, &ac, &sc);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return cfg_refuse(p, "#address-cells/#size-cells",
				  "want 1 or 2 each, found %d and %d", ac, sc);
	fdt_for_each_subnode(node, p->fdt, p->c->node)
	{
		if (parse_module(p, node))
			return -E_INVAL;
	}
	if (!p->c->kernel.present)
		return cfg_refuse(p, "kernel module",
				  "missing (a sub-node with compatible = \"multiboot,kernel\", "
				  "\"multiboot,module\")");
	for (int k = 0; k < MOD_KINDS; k++)
		if (MODULE_OF(p->c, k)->present && check_module_clash(p, k))
			return -E_INVAL;
	return 0;
}
