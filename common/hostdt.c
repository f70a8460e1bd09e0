/*
 * Host device tree → struct host_info. Bindings followed: Devicetree Spec
 * v0.4 (memory, reserved-memory, cpus, chosen/stdout-path), Linux's
 * arm,gic / arm,gic-v3 / arm,armv8-timer / arm,psci / arm,pl011 / ns16550
 * bindings, and Xen's dom0less multiboot,module nodes under /chosen.
 */
#include <string.h>
#include <libfdt.h>
#include <bulkhead/driver.h>
#include <bulkhead/fmt.h>
#include <bulkhead/hostdt.h>

struct ctx {
	const void *fdt;
	struct host_info *h;
	char *err;
	size_t errlen;
	char path[128];
};

#define FAIL(c, node, ...)                                                                         \
	do {                                                                                       \
		fail(c, node);                                                                     \
		fmt_snprintf((c)->err + strlen((c)->err), (c)->errlen - strlen((c)->err),          \
			     __VA_ARGS__);                                                         \
		return -E_INVAL;                                                                   \
	} while (0)

static void fail(struct ctx *c, int node)
{
	if (node >= 0)
		fmt_snprintf(c->err, c->errlen,
			     "host DT %s: ", dt_path(c->fdt, node, c->path, sizeof(c->path)));
	else
		fmt_snprintf(c->err, c->errlen, "host DT: ");
}

static bool has_prop_value(const void *fdt, int node, const char *prop, const char *val)
{
	int len;
	const char *p = fdt_getprop(fdt, node, prop, &len);
	return p && len > 0 && strnlen(p, (size_t)len) < (size_t)len && strcmp(p, val) == 0;
}

static int parse_memory(struct ctx *c)
{
	for (int node = fdt_next_node(c->fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(c->fdt, node, NULL)) {
		struct mem_range r;
		if (!has_prop_value(c->fdt, node, "device_type", "memory") ||
		    !dt_enabled(c->fdt, node))
			continue;
		for (int i = 0;; i++) {
			int rc = dt_reg(c->fdt, node, i, &r);
			if (rc == -E_NOENT)
				break;
			if (rc)
				FAIL(c, node, "reg: malformed memory range %d", i);
			if (!r.size)
				continue;
			if (c->h->nram == HOST_MAX_RAM)
				FAIL(c, node, "reg: more than %d memory ranges", HOST_MAX_RAM);
			c->h->ram[c->h->nram++] = r;
		}
	}
	if (!c->h->nram)
		FAIL(c, -1, "no memory: no node with device_type = \"memory\" and a non-empty reg");
	return 0;
}

static int add_reserved(struct ctx *c, int node, u64 base, u64 size)
{
	if (!size)
		return 0;
	if (c->h->nreserved == HOST_MAX_RESERVED)
		FAIL(c, node, "more than %d reserved memory regions", HOST_MAX_RESERVED);
	c->h->reserved[c->h->nreserved].base = base;
	c->h->reserved[c->h->nreserved++].size = size;
	return 0;
}

static int parse_reserved(struct ctx *c)
{
	int n = fdt_num_mem_rsv(c->fdt), rsv, node;
	if (n < 0)
		FAIL(c, -1, "/memreserve/ block is corrupt");
	for (int i = 0; i < n; i++) {
		uint64_t base, size;
		if (fdt_get_mem_rsv(c->fdt, i, &base, &size) || add_reserved(c, -1, base, size))
			FAIL(c, -1, "/memreserve/ entry %d unreadable or too many", i);
	}
	rsv = fdt_path_offset(c->fdt, "/reserved-memory");
	if (rsv < 0)
		return 0;
	fdt_for_each_subnode(node, c->fdt, rsv)
	{
		struct mem_range r;
		if (!dt_enabled(c->fdt, node))
			continue;
		for (int i = 0;; i++) {
			int rc = dt_reg(c->fdt, node, i, &r);
			if (rc == -E_NOENT)
				break;
			if (rc)
				FAIL(c, node, "reg: malformed reserved region %d", i);
			if (add_reserved(c, node, r.base, r.size))
				return -E_INVAL;
		}
	}
	return 0;
}

static int parse_cpus(struct ctx *c)
{
	int cpus = fdt_path_offset(c->fdt, "/cpus"), node, ac, sc;
	if (cpus < 0)
		FAIL(c, -1, "no /cpus node");
	dt_bus_cells(c->fdt, cpus, &ac, &sc);
	if (ac < 1 || ac > 2 || sc != 0)
		FAIL(c, cpus, "#address-cells/#size-cells: want 1 or 2 and 0, found %d and %d", ac,
		     sc);
	fdt_for_each_subnode(node, c->fdt, cpus)
	{
		int len;
		const void *reg;
		if (!has_prop_value(c->fdt, node, "device_type", "cpu") ||
		    !dt_enabled(c->fdt, node))
			continue;
		reg = fdt_getprop(c->fdt, node, "reg", &len);
		if (!reg || len != ac * 4)
			FAIL(c, node, "reg: missing or not %d cells", ac);
		c->h->ncpus_dt++;
		if (c->h->ncpus < HOST_MAX_CPUS)
			c->h->cpu_mpidr[c->h->ncpus++] = dt_read_cells(reg, ac) & 0xff00ffffffULL;
	}
	if (!c->h->ncpus)
		FAIL(c, cpus, "no enabled cpu nodes");
	return 0;
}

/* Decodes interrupt specifier idx of node (GIC binding: type, number, flags).
 * cells is the DT's #interrupt-cells, any value: the bound is computed in 64
 * bits so that a huge one cannot wrap it and move p outside the property. */
static int irq_spec(struct ctx *c, int node, int idx, int cells, u32 *intid)
{
	int len;
	const u8 *p = fdt_getprop(c->fdt, node, "interrupts", &len);
	u32 type, num;
	if (!p || cells < 2 || len < 0 || (u64)len < ((u64)idx + 1) * (u64)cells * 4)
		return -E_NOENT;
	p += (size_t)idx * (size_t)cells * 4;
	type = (u32)dt_read_cells(p, 1);
	num = (u32)dt_read_cells(p + 4, 1);
	if (type == 1 && num < 16)
		*intid = num + 16;
	else if (type == 0 && num < 988)
		*intid = num + 32;
	else
		return -E_INVAL;
	return 0;
}

static int parse_gic(struct ctx *c)
{
	struct host_gic *g = &c->h->gic;
	int node = driver_find_node(DRIVER_IRQCHIP, c->fdt, &g->drv);
	int idx = 0, rc;

	if (node < 0)
		FAIL(c, -1,
		     "no supported interrupt controller (arm,gic-v3 or a GICv2 such as "
		     "arm,gic-400)");
	g->version = (int)g->drv->arg;
	g->node = node;
	if (dt_reg(c->fdt, node, idx++, &g->dist) || !g->dist.size)
		FAIL(c, node, "reg: distributor (GICD) region missing or malformed");
	if (g->version == 3) {
		u32 nr = dt_u32(c->fdt, node, "#redistributor-regions", 1);
		if (nr < 1 || nr > HOST_MAX_REDIST)
			FAIL(c, node, "#redistributor-regions: %u is not in 1..%d", nr,
			     HOST_MAX_REDIST);
		for (u32 i = 0; i < nr; i++)
			if (dt_reg(c->fdt, node, idx++, &g->redist[g->nredist++]))
				FAIL(c, node, "reg: redistributor region %u missing or malformed",
				     i);
	} else if (dt_reg(c->fdt, node, idx++, &g->cpuif) || !g->cpuif.size) {
		FAIL(c, node, "reg: CPU interface (GICC) region missing or malformed");
	}
	/* Optional: GICC for v3 (legacy), then GICH and GICV. */
	if (g->version == 3 && dt_reg(c->fdt, node, idx++, &g->cpuif))
		g->cpuif.size = 0;
	if (dt_reg(c->fdt, node, idx++, &g->hyp))
		g->hyp.size = 0;
	if (dt_reg(c->fdt, node, idx++, &g->vcpu))
		g->vcpu.size = 0;
	rc = irq_spec(c, node, 0, (int)dt_u32(c->fdt, node, "#interrupt-cells", 3), &g->maint_irq);
	if (rc == -E_INVAL)
		FAIL(c, node, "interrupts: maintenance interrupt specifier is invalid");
	return 0;
}

static int parse_timer(struct ctx *c)
{
	int node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,armv8-timer");
	int cells = (int)dt_u32(c->fdt, c->h->gic.node, "#interrupt-cells", 3);
	struct host_timer *t = &c->h->timer;

	if (node < 0)
		node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,armv7-timer");
	if (node < 0)
		FAIL(c, -1, "no timer node (compatible \"arm,armv8-timer\")");
	/* Order per the binding: secure phys, non-secure phys, virtual, hypervisor. */
	if (irq_spec(c, node, 1, cells, &t->phys_irq) ||
	    irq_spec(c, node, 2, cells, &t->virt_irq) || irq_spec(c, node, 3, cells, &t->hyp_irq))
		FAIL(c, node,
		     "interrupts: need 4 valid timer interrupts (the 4th is the EL2 timer)");
	t->freq = dt_u32(c->fdt, node, "clock-frequency", 0);
	return 0;
}

static int uart_node_kind(const void *fdt, int node, struct host_uart *u)
{
	const struct driver *drv = driver_match(DRIVER_UART, fdt, node);

	if (!drv)
		return -E_NOSUPP;
	u->drv = drv;
	if (drv->arg) {
		u->reg_shift = (u8)drv->arg;
		u->io_width = (u8)(drv->arg >> 8);
	} else {
		u->reg_shift = (u8)dt_u32(fdt, node, "reg-shift", 0);
		u->io_width = (u8)dt_u32(fdt, node, "reg-io-width", 1);
	}
	return 0;
}

/* The UART's reference clock: its own clock-frequency, else the
 * clock-frequency of the clock node its "clocks" names (a fixed-clock;
 * a PL011 lists "uartclk" and "apb_pclk", and uartclk is the baud clock). */
static u32 uart_clock(const void *fdt, int node)
{
	int len, idx = 0, clk;
	const fdt32_t *clocks;
	u32 hz = dt_u32(fdt, node, "clock-frequency", 0);

	if (hz)
		return hz;
	if (fdt_getprop(fdt, node, "clock-names", NULL))
		idx = fdt_stringlist_search(fdt, node, "clock-names", "uartclk");
	clocks = fdt_getprop(fdt, node, "clocks", &len);
	/* One cell each: fixed-clocks have #clock-cells = 0. */
	if (!clocks || idx < 0 || (idx + 1) * 4 > len)
		return 0;
	clk = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(clocks[idx]));
	if (clk < 0 || dt_u32(fdt, clk, "#clock-cells", 0))
		return 0;
	return dt_u32(fdt, clk, "clock-frequency", 0);
}

/* The baud rate the DT says: current-speed, else the digits of "115200n8"
 * after stdout-path's colon (sp: that property, NUL-terminated, or NULL). */
static u32 uart_dt_baud(const void *fdt, int node, const char *sp)
{
	const char *opt = sp ? strchr(sp, ':') : NULL;
	u32 b = dt_u32(fdt, node, "current-speed", 0);

	if (b || !opt)
		return b;
	for (opt++; *opt >= '0' && *opt <= '9' && b < 100000000; opt++)
		b = b * 10 + (u32)(*opt - '0');
	return b;
}

/* /chosen's stdout-path, or NULL when there is none or it is not a string. */
static const char *stdout_path(const void *fdt, int chosen)
{
	int len;
	const char *sp = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", &len) : NULL;
	return sp && len > 0 && strnlen(sp, (size_t)len) < (size_t)len ? sp : NULL;
}

static int parse_uart(struct ctx *c)
{
	struct host_uart *u = &c->h->uart;
	int chosen = fdt_path_offset(c->fdt, "/chosen"), node = -1;
	const char *sp = stdout_path(c->fdt, chosen);

	if (sp) {
		const char *colon = strchr(sp, ':');
		int n = colon ? (int)(colon - sp) : (int)strlen(sp);
		if (sp[0] == '/') {
			node = fdt_path_offset_namelen(c->fdt, sp, n);
		} else {
			const char *alias = fdt_get_alias_namelen(c->fdt, sp, n);
			node = alias ? fdt_path_offset(c->fdt, alias) : -1;
		}
		if (node < 0)
			FAIL(c, chosen, "stdout-path: \"%s\" names no node", sp);
		if (uart_node_kind(c->fdt, node, u))
			FAIL(c, node, "compatible: the stdout-path UART is not a PL011 or NS16550");
	} else {
		/* No stdout-path: the first enabled UART we can drive. */
		for (node = fdt_next_node(c->fdt, -1, NULL); node >= 0;
		     node = fdt_next_node(c->fdt, node, NULL))
			if (dt_enabled(c->fdt, node) && !uart_node_kind(c->fdt, node, u))
				break;
		if (node < 0)
			return 0; /* no console; the boot log stays on the debug UART if any */
	}
	if (u->io_width != 1 && u->io_width != 4)
		FAIL(c, node, "reg-io-width: %u is not 1 or 4", u->io_width);
	if (u->reg_shift > 4)
		FAIL(c, node, "reg-shift: %u is too large", u->reg_shift);
	if (dt_reg(c->fdt, node, 0, &u->reg) || !u->reg.size)
		FAIL(c, node, "reg: missing or malformed");
	dt_path(c->fdt, node, u->path, sizeof(u->path));
	u->clock_hz = uart_clock(c->fdt, node);
	u->baud = uart_dt_baud(c->fdt, node, sp);
	if (irq_spec(c, node, 0, (int)dt_u32(c->fdt, c->h->gic.node, "#interrupt-cells", 3),
		     &u->irq))
		u->irq = 0; /* no input interrupt: output still works */
	return 0;
}

static int parse_psci(struct ctx *c)
{
	struct host_psci *p = &c->h->psci;
	int node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,psci-1.0");
	if (node < 0)
		node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,psci-0.2");
	if (node >= 0) {
		p->v0_2 = true;
		/* PSCI 1.1 spec 5.1.4: CPU_ON in the hypervisor's own convention,
		 * SMC64 on a 64-bit host, SMC32 on a 32-bit one. */
		p->cpu_on_fid = sizeof(void *) == 8 ? 0xc4000003 : 0x84000003;
	} else {
		node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,psci");
		if (node < 0)
			return 0; /* no PSCI: only the boot CPU runs */
		p->cpu_on_fid = dt_u32(c->fdt, node, "cpu_on", 0);
		if (!p->cpu_on_fid)
			FAIL(c, node, "cpu_on: PSCI 0.1 node without a CPU_ON function ID");
	}
	if (has_prop_value(c->fdt, node, "method", "smc"))
		p->conduit = PSCI_SMC;
	else if (has_prop_value(c->fdt, node, "method", "hvc"))
		p->conduit = PSCI_HVC;
	else
		FAIL(c, node, "method: must be \"smc\" or \"hvc\"");
	return 0;
}

static const char *module_kind(const void *fdt, int node)
{
	static const char *const kinds[][2] = {
		{"multiboot,kernel", "kernel"},
		{"multiboot,ramdisk", "ramdisk"},
		{"multiboot,device-tree", "device-tree"},
	};
	for (unsigned int i = 0; i < ARRAY_SIZE(kinds); i++)
		if (dt_compatible(fdt, node, kinds[i][0]))
			return kinds[i][1];
	return "module";
}

static int add_module(struct ctx *c, int node, const char *kind, u64 base, u64 size)
{
	struct host_module *m;
	if (c->h->nmodules == HOST_MAX_MODULES)
		FAIL(c, node, "more than %d boot modules", HOST_MAX_MODULES);
	m = &c->h->modules[c->h->nmodules++];
	m->reg.base = base;
	m->reg.size = size;
	m->node = node;
	fmt_snprintf(m->kind, sizeof(m->kind), "%s", kind);
	return 0;
}

/* Boot modules anywhere under /chosen (Xen dom0less puts them under the
 * domain nodes), plus a Linux-style initrd. */
static int parse_chosen(struct ctx *c)
{
	int chosen = fdt_path_offset(c->fdt, "/chosen"), node, depth = 0, len, elen;
	const void *s, *e;

	if (chosen < 0)
		return 0;
	c->h->bootargs = fdt_getprop(c->fdt, chosen, "bulkhead,bootargs", &len);
	if (!c->h->bootargs)
		c->h->bootargs = fdt_getprop(c->fdt, chosen, "xen,xen-bootargs", &len);
	if (c->h->bootargs && (len <= 0 || strnlen(c->h->bootargs, (size_t)len) == (size_t)len))
		FAIL(c, chosen, "bulkhead,bootargs: not a string");
	c->h->rng_seed = fdt_getprop(c->fdt, chosen, "rng-seed", &len);
	c->h->rng_seed_len = c->h->rng_seed && len > 0 ? (u32)len : 0;
	for (node = fdt_next_node(c->fdt, chosen, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(c->fdt, node, &depth)) {
		struct mem_range r;
		if (!dt_compatible(c->fdt, node, "multiboot,module"))
			continue;
		if (dt_reg_raw(c->fdt, node, 0, &r) || !r.size)
			FAIL(c, node, "reg: boot module without a valid address and size");
		if (add_module(c, node, module_kind(c->fdt, node), r.base, r.size))
			return -E_INVAL;
	}
	s = fdt_getprop(c->fdt, chosen, "linux,initrd-start", &len);
	e = fdt_getprop(c->fdt, chosen, "linux,initrd-end", &elen);
	if (s && e) {
		u64 start, end;
		if ((len != 4 && len != 8) || (elen != 4 && elen != 8))
			FAIL(c, chosen, "linux,initrd-start/end: must be 1 or 2 cells");
		start = dt_read_cells(s, len / 4);
		end = dt_read_cells(e, elen / 4);
		if (end < start)
			FAIL(c, chosen, "linux,initrd-end: before linux,initrd-start");
		if (add_module(c, chosen, "initrd", start, end - start))
			return -E_INVAL;
	}
	return 0;
}

int hostdt_parse(const void *fdt, struct host_info *h, char *err, size_t errlen)
{
	struct ctx c = {fdt, h, err, errlen, {0}};
	int rc;

	memset(h, 0, sizeof(*h));
	err[0] = '\0';
	rc = dt_check(fdt, fdt_totalsize(fdt));
	if (rc) {
		fmt_snprintf(err, errlen, "host DT is corrupt: %s", fdt_strerror(rc));
		return -E_INVAL;
	}
	h->dtb_size = fdt_totalsize(fdt);
	if ((rc = parse_memory(&c)) || (rc = parse_reserved(&c)) || (rc = parse_cpus(&c)) ||
	    (rc = parse_gic(&c)) || (rc = parse_timer(&c)) || (rc = parse_uart(&c)) ||
	    (rc = parse_psci(&c)) || (rc = parse_chosen(&c)))
		return rc;
	return 0;
}

u64 host_ram_total(const struct host_info *h)
{
	u64 t = 0;
	for (unsigned int i = 0; i < h->nram; i++)
		t += h->ram[i].size;
	return t;
}
