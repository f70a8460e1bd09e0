/*
 * The guest's device tree, written in one pass with libfdt's sequential-write
 * API. Specifications followed:
 *  - Devicetree Specification v0.4: 3.2 root node, 3.3 /aliases, 3.4 /memory,
 *    3.6 /chosen, 3.7 /cpus, 3.8 cpu nodes; 2.3 standard properties.
 *  - Linux bindings (Documentation/devicetree/bindings/):
 *    interrupt-controller/arm,gic.yaml (GICv2; PPI CPU mask in flags [15:8]),
 *    interrupt-controller/arm,gic-v3.yaml, timer/arm,arch_timer.yaml,
 *    serial/pl011.yaml (needs "uartclk" and "apb_pclk" clocks),
 *    watchdog/arm,sp805.yaml ("wdog_clk" then "apb_pclk"; timeout-sec),
 *    clock/fixed-clock.yaml, arm/psci.yaml, display/simple-framebuffer.yaml
 *    (a root-level node; format "x8r8g8b8" is XRGB8888, 4 bytes a pixel);
 *    Linux arm64 booting.rst (/chosen linux,initrd-start/end).
 *  - Xen docs/misc/arm/passthrough.txt: the children of a partial DT's
 *    /passthrough node are copied into the guest's root without the xen,*
 *    properties, and interrupt-parent = <65000> names the guest's GIC.
 */
#include <string.h>
#include <libfdt.h>
#include <bulkhead/dt.h>
#include <bulkhead/guest_dt.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/fmt.h>
#include <bulkhead/vcontrol.h>
#include <bulkhead/vsp805.h>
#include <public/bulkhead_control.h>

#define GIC_SPI		    0 /* interrupt specifier: <type number flags> */
#define GIC_PPI		    1
#define IRQ_TYPE_LEVEL_HIGH 4
#define IRQ_TYPE_LEVEL_LOW  8
#define PL011_CLOCK_HZ	    24000000
#define PT_MAX_DEPTH	    16
#define HI(v)		    ((u32)((u64)(v) >> 32))
#define LO(v)		    ((u32)(v))

/* Sequential-write state: the first error sticks and later calls do nothing,
 * so the tree is never written past a failed step. */
struct wr {
	void *fdt;
	int err;	  /* libfdt error */
	const char *what; /* the node or property being written then */
};

static void check(struct wr *w, int rc, const char *what)
{
	if (rc < 0 && !w->err) {
		w->err = rc;
		w->what = what;
	}
}

static void begin(struct wr *w, const char *name)
{
	if (!w->err)
		check(w, fdt_begin_node(w->fdt, name), name);
}

static void end(struct wr *w)
{
	if (!w->err)
		check(w, fdt_end_node(w->fdt), "end of node");
}

static void prop(struct wr *w, const char *name, const void *val, int len)
{
	if (!w->err)
		check(w, fdt_property(w->fdt, name, val, len), name);
}

static void str(struct wr *w, const char *name, const char *s)
{
	prop(w, name, s, (int)strlen(s) + 1);
}

/* A string list given as one literal "a\0b": its size includes the last NUL. */
#define strlist(w, name, lit) prop(w, name, lit, (int)sizeof(lit))

static void cells(struct wr *w, const char *name, const u32 *c, int n)
{
	fdt32_t be[12];

	for (int i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(c[i]);
	prop(w, name, be, n * 4);
}

static void u32p(struct wr *w, const char *name, u32 v) { cells(w, name, &v, 1); }

static void u64p(struct wr *w, const char *name, u64 v)
{
	u32 c[] = {HI(v), LO(v)};
	cells(w, name, c, 2);
}

static __printf(4, 5) int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

/* Checks the partial DT; returns its /passthrough node's offset. */
static int partial_check(const struct guest_dt_params *p, char *err, size_t errlen)
{
	const void *pdt = p->partial_dt;
	int rc = fdt_check_header(pdt), pt;

	if (rc)
		return fail(err, errlen, -E_INVAL, "partial device tree: bad header: %s",
			    fdt_strerror(rc));
	if (p->cfg->dtb.size && fdt_totalsize(pdt) > p->cfg->dtb.size)
		return fail(err, errlen, -E_INVAL,
			    "partial device tree: header says %u bytes, its module has %llu",
			    fdt_totalsize(pdt), p->cfg->dtb.size);
	rc = dt_check(pdt, fdt_totalsize(pdt));
	if (rc)
		return fail(err, errlen, -E_INVAL, "partial device tree is corrupt: %s",
			    fdt_strerror(rc));
	pt = fdt_path_offset(pdt, "/passthrough");
	if (pt < 0)
		return fail(err, errlen, -E_INVAL, "partial device tree has no /passthrough node");
	if (fdt_address_cells(pdt, pt) != 2 || fdt_size_cells(pdt, pt) != 2)
		return fail(err, errlen, -E_INVAL,
			    "partial device tree: /passthrough needs #address-cells = <2> and "
			    "#size-cells = <2> (the guest root's)");
	rc = fdt_node_offset_by_phandle(pdt, GUEST_PHANDLE_GIC);
	if (rc >= 0 && fdt_supernode_atdepth_offset(pdt, rc, 1, NULL) == pt)
		return fail(err, errlen, -E_INVAL,
			    "partial device tree: /passthrough/.../%s has phandle %d, the guest "
			    "GIC's",
			    fdt_get_name(pdt, rc, NULL), GUEST_PHANDLE_GIC);
	return pt;
}

/* Copies node's properties (but xen,*) and, recursively, its children. */
/* NOLINTNEXTLINE(misc-no-recursion): PT_MAX_DEPTH bounds it */
static void copy_node(struct wr *w, const void *pdt, int node, int depth)
{
	const char *name;
	int off, len;

	if (depth > PT_MAX_DEPTH) {
		check(w, -FDT_ERR_BADSTRUCTURE, "/passthrough nodes nested too deep");
		return;
	}
	fdt_for_each_property_offset(off, pdt, node)
	{
		const void *val = fdt_getprop_by_offset(pdt, off, &name, &len);
		if (!val)
			check(w, len, "/passthrough property");
		else if (strncmp(name, "xen,", 4) != 0)
			prop(w, name, val, len);
	}
	fdt_for_each_subnode(off, pdt, node)
	{
		begin(w, fdt_get_name(pdt, off, NULL));
		copy_node(w, pdt, off, depth + 1);
		end(w);
	}
}

/* The framebuffer: within the limits config (common/config/domain.c) keeps, not in guest RAM. */
static bool fb_ok(const struct guest_dt_params *p)
{
	const struct domain_config *c = p->cfg;
	u64 size = (u64)c->fb_width * c->fb_height * DOMAIN_FB_BPP;

	return c->fb_width && c->fb_height && c->fb_width <= DOMAIN_FB_SIDE_MAX &&
	       c->fb_height <= DOMAIN_FB_SIDE_MAX && p->fb_base + size - 1 > p->fb_base &&
	       (p->fb_base >= p->ram_base + p->ram_size || p->fb_base + size <= p->ram_base);
}

/* Linux's simplefb (and simpledrm) probe a root-level simple-framebuffer
 * node; its memory is outside /memory, so the guest maps it as a device
 * (write-combining) and its page allocator never hands it out. */
static void framebuffer(struct wr *w, const struct guest_dt_params *p)
{
	const struct domain_config *c = p->cfg;
	u64 size = (u64)c->fb_width * c->fb_height * DOMAIN_FB_BPP;
	u32 reg[] = {HI(p->fb_base), LO(p->fb_base), HI(size), LO(size)};
	char name[40];

	fmt_snprintf(name, sizeof(name), "framebuffer@%llx", p->fb_base);
	begin(w, name);
	str(w, "compatible", "simple-framebuffer");
	cells(w, "reg", reg, 4);
	u32p(w, "width", c->fb_width);
	u32p(w, "height", c->fb_height);
	u32p(w, "stride", c->fb_width * DOMAIN_FB_BPP);
	str(w, "format", "x8r8g8b8");
	str(w, "status", "okay");
	end(w);
}

/* One node after another, each with its options: split, the tree's order would be
 * harder to see. NOLINTNEXTLINE(readability-function-cognitive-complexity) */
int guest_dt_build(const struct guest_dt_params *p, void *buf, size_t bufsize, char *err,
		   size_t errlen)
{
	const struct domain_config *cfg = p->cfg;
	struct wr w = {.fdt = buf};
	char name[48], uart[32];
	u32 clk = GUEST_PHANDLE_GIC + 1, wclk, vcpus, flags;
	int pt = -1, a, b;

	if (errlen)
		err[0] = '\0';
	if (!cfg || cfg->vcpus < 1 || cfg->vcpus > DOMAIN_MAX_VCPUS)
		return fail(err, errlen, -E_INVAL, "guest device tree: need 1 to %d vCPUs",
			    DOMAIN_MAX_VCPUS);
	if (p->gic_version != 2 && p->gic_version != 3)
		return fail(err, errlen, -E_INVAL, "guest device tree: no GICv%d", p->gic_version);
	if (!p->ram_size || p->ram_base + p->ram_size - 1 < p->ram_base)
		return fail(err, errlen, -E_INVAL, "guest device tree: bad RAM range");
	if (p->initrd_size &&
	    (p->initrd_base < p->ram_base || p->initrd_base - p->ram_base > p->ram_size ||
	     p->initrd_size > p->ram_size - (p->initrd_base - p->ram_base)))
		return fail(err, errlen, -E_INVAL, "guest device tree: initrd outside guest RAM");
	if (p->fb_base && !fb_ok(p))
		return fail(err, errlen, -E_INVAL,
			    "guest device tree: framebuffer %ux%u at 0x%llx: bad size or inside "
			    "RAM",
			    cfg->fb_width, cfg->fb_height, p->fb_base);
	if (p->partial_dt) {
		pt = partial_check(p, err, errlen);
		if (pt < 0)
			return pt;
		while (fdt_node_offset_by_phandle(p->partial_dt, clk) >= 0)
			clk++; /* keep the clock's phandle clear of the partial DT's */
	}
	wclk = clk + 1;
	while (p->partial_dt && fdt_node_offset_by_phandle(p->partial_dt, wclk) >= 0)
		wclk++;
	vcpus = cfg->vcpus;
	fmt_snprintf(uart, sizeof(uart), "/pl011@%llx", GUEST_PL011_BASE);

	check(&w, fdt_create(buf, bufsize > 0x7fffffff ? 0x7fffffff : (int)bufsize), "header");
	if (!w.err)
		check(&w, fdt_finish_reservemap(buf), "memory reservation map");
	begin(&w, "");
	u32p(&w, "#address-cells", 2);
	u32p(&w, "#size-cells", 2);
	strlist(&w, "compatible", "bulkhead,guest\0linux,dummy-virt");
	fmt_snprintf(name, sizeof(name), "Bulkhead %.*s", (int)sizeof(cfg->name), cfg->name);
	str(&w, "model", name);
	u32p(&w, "interrupt-parent", GUEST_PHANDLE_GIC);

	begin(&w, "chosen");
	if (cfg->kernel.bootargs && cfg->kernel.bootargs[0])
		str(&w, "bootargs", cfg->kernel.bootargs);
	if (cfg->vpl011)
		str(&w, "stdout-path", "serial0:115200n8");
	if (p->rng_seed && p->rng_seed_len)
		prop(&w, "rng-seed", p->rng_seed, (int)p->rng_seed_len);
	if (p->initrd_size) {
		u64p(&w, "linux,initrd-start", p->initrd_base);
		u64p(&w, "linux,initrd-end", p->initrd_base + p->initrd_size);
	}
	end(&w);
	if (cfg->vpl011) {
		begin(&w, "aliases");
		str(&w, "serial0", uart);
		end(&w);
	}

	fmt_snprintf(name, sizeof(name), "memory@%llx", p->ram_base);
	begin(&w, name);
	str(&w, "device_type", "memory");
	u32 mem[] = {HI(p->ram_base), LO(p->ram_base), HI(p->ram_size), LO(p->ram_size)};
	cells(&w, "reg", mem, 4);
	end(&w);

	/* reg = MPIDR Aff0 of the vCPU. */
	begin(&w, "cpus");
	u32p(&w, "#address-cells", 1);
	u32p(&w, "#size-cells", 0);
	for (u32 i = 0; i < vcpus; i++) {
		fmt_snprintf(name, sizeof(name), "cpu@%x", i);
		begin(&w, name);
		str(&w, "device_type", "cpu");
		str(&w, "compatible", "arm,armv8");
		u32p(&w, "reg", i);
		str(&w, "enable-method", "psci");
		end(&w);
	}
	end(&w);

	begin(&w, "psci");
	strlist(&w, "compatible", "arm,psci-1.0\0arm,psci-0.2");
	str(&w, "method", "hvc");
	end(&w);

	/* Secure, non-secure physical, virtual and hypervisor timer PPIs. */
	flags = IRQ_TYPE_LEVEL_LOW;
	if (p->gic_version == 2)
		flags |= ((1U << vcpus) - 1) << 8;
	u32 timer[] = {GIC_PPI, GUEST_TIMER_SEC_IRQ - 16,  flags,
		       GIC_PPI, GUEST_TIMER_PHYS_IRQ - 16, flags,
		       GIC_PPI, GUEST_TIMER_VIRT_IRQ - 16, flags,
		       GIC_PPI, GUEST_TIMER_HYP_IRQ - 16,  flags};
	begin(&w, "timer");
	str(&w, "compatible", "arm,armv8-timer");
	cells(&w, "interrupts", timer, 12);
	prop(&w, "always-on", "", 0);
	end(&w);

	fmt_snprintf(name, sizeof(name), "interrupt-controller@%llx", GUEST_GICD_BASE);
	begin(&w, name);
	if (p->gic_version == 2) {
		u32 reg[] = {HI(GUEST_GICD_BASE), LO(GUEST_GICD_BASE), HI(GUEST_GICD_SIZE),
			     LO(GUEST_GICD_SIZE), HI(GUEST_GICC_BASE), LO(GUEST_GICC_BASE),
			     HI(GUEST_GICC_SIZE), LO(GUEST_GICC_SIZE)};
		str(&w, "compatible", "arm,cortex-a15-gic");
		cells(&w, "reg", reg, 8);
	} else {
		u64 gicr = vcpus * GUEST_GICR_STRIDE;
		u32 reg[] = {HI(GUEST_GICD_BASE),
			     LO(GUEST_GICD_BASE),
			     HI(GUEST_GICD_SIZE),
			     LO(GUEST_GICD_SIZE),
			     HI(GUEST_GICR_BASE),
			     LO(GUEST_GICR_BASE),
			     HI(gicr),
			     LO(gicr)};
		str(&w, "compatible", "arm,gic-v3");
		cells(&w, "reg", reg, 8);
		u32p(&w, "#redistributor-regions", 1);
	}
	prop(&w, "interrupt-controller", "", 0);
	u32p(&w, "#interrupt-cells", 3);
	u32p(&w, "#address-cells", 2);
	u32p(&w, "#size-cells", 2);
	u32p(&w, "phandle", GUEST_PHANDLE_GIC);
	end(&w);

	if (cfg->vpl011) {
		u32 reg[] = {HI(GUEST_PL011_BASE), LO(GUEST_PL011_BASE), HI(GUEST_PL011_SIZE),
			     LO(GUEST_PL011_SIZE)};
		u32 irq[] = {GIC_SPI, GUEST_PL011_SPI, IRQ_TYPE_LEVEL_HIGH}, clocks[] = {clk, clk};

		begin(&w, "clock-24000000");
		str(&w, "compatible", "fixed-clock");
		u32p(&w, "#clock-cells", 0);
		u32p(&w, "clock-frequency", PL011_CLOCK_HZ);
		u32p(&w, "phandle", clk);
		end(&w);

		begin(&w, uart + 1);
		strlist(&w, "compatible", "arm,pl011\0arm,primecell");
		cells(&w, "reg", reg, 4);
		cells(&w, "interrupts", irq, 3);
		cells(&w, "clocks", clocks, 2);
		strlist(&w, "clock-names", "uartclk\0apb_pclk");
		end(&w);
	}

	/* Linux's sp805_wdt takes its rate from the first clock and programs
	 * the timeout from timeout-sec when it finds the watchdog running. */
	if (cfg->watchdog_ms) {
		u32 reg[] = {HI(GUEST_WDOG_BASE), LO(GUEST_WDOG_BASE), HI(GUEST_WDOG_SIZE),
			     LO(GUEST_WDOG_SIZE)};
		u32 irq[] = {GIC_SPI, GUEST_WDOG_SPI, IRQ_TYPE_LEVEL_HIGH}, clocks[] = {wclk, wclk};

		fmt_snprintf(name, sizeof(name), "clock-%u", VSP805_CLOCK_HZ);
		begin(&w, name);
		str(&w, "compatible", "fixed-clock");
		u32p(&w, "#clock-cells", 0);
		u32p(&w, "clock-frequency", VSP805_CLOCK_HZ);
		u32p(&w, "phandle", wclk);
		end(&w);

		fmt_snprintf(name, sizeof(name), "watchdog@%llx", GUEST_WDOG_BASE);
		begin(&w, name);
		strlist(&w, "compatible", "arm,sp805\0arm,primecell");
		cells(&w, "reg", reg, 4);
		cells(&w, "interrupts", irq, 3);
		cells(&w, "clocks", clocks, 2);
		strlist(&w, "clock-names", "wdog_clk\0apb_pclk");
		u32p(&w, "timeout-sec", cfg->watchdog_ms / 1000 + (cfg->watchdog_ms % 1000 != 0));
		end(&w);
	}

	/* Every domain sees the control interface, where it is built; only
	 * those with bulkhead,control may use it (include/public/bulkhead_control.h). */
	if (VCONTROL_BUILT) {
		u32 reg[] = {HI(BH_CTL_BASE), LO(BH_CTL_BASE), HI(BH_CTL_SIZE), LO(BH_CTL_SIZE)};
		fmt_snprintf(name, sizeof(name), "bulkhead-control@%lx", BH_CTL_BASE);
		begin(&w, name);
		str(&w, "compatible", "bulkhead,control-1");
		cells(&w, "reg", reg, 4);
		end(&w);
	}

	if (p->fb_base)
		framebuffer(&w, p);

	if (pt >= 0) {
		int child;
		fdt_for_each_subnode(child, p->partial_dt, pt)
		{
			begin(&w, fdt_get_name(p->partial_dt, child, NULL));
			copy_node(&w, p->partial_dt, child, 1);
			end(&w);
		}
	}
	end(&w);
	if (!w.err)
		check(&w, fdt_finish(buf), "end of tree");
	if (!w.err)
		check(&w, fdt_pack(buf), "packing");
	if (w.err)
		return fail(err, errlen, w.err == -FDT_ERR_NOSPACE ? -E_NOMEM : -E_INVAL,
			    "guest device tree: writing %s into %zu bytes: %s", w.what, bufsize,
			    fdt_strerror(w.err));

	/* A passthrough node must not take the name of one of ours (or another's). */
	fdt_for_each_subnode(a, buf, 0)
	{
		const char *an = fdt_get_name(buf, a, NULL);
		fdt_for_each_subnode(b, buf, 0)
		{
			if (b == a)
				break;
			if (!strcmp(an, fdt_get_name(buf, b, NULL)))
				return fail(err, errlen, -E_INVAL,
					    "partial device tree: /passthrough/%s: the guest "
					    "already has a node /%s",
					    an, an);
		}
	}
	return 0;
}
