/* The partial device tree of a domain (its "multiboot,device-tree" module),
 * read as Xen reads it (docs/misc/arm/passthrough.txt): xen,reg = <paddr
 * size gaddr> of the nodes under /passthrough, paddr and gaddr in the
 * partial DT root's #address-cells and size in its #size-cells, 3-cell GIC
 * interrupts (SPIs only), and xen,path naming the host node whose IOMMU
 * streams the domain gets (common/dt_iommu.c). */
#include <bulkhead/dt_iommu.h>
#include <bulkhead/guest_layout.h>
#include <public/bulkhead_control.h>
#include "config_priv.h"

#define PAGE_4K	       4096ULL
#define PARTIAL_DT_MAX (2 * MiB) /* a DTB is < 2 MiB (Linux arm64 booting.rst) */
#define SPI_FIRST      32	 /* INTIDs 32..1019 are SPIs (GICv3 spec 2.2.1) */
#define SPI_LAST       1019
#define GIC_SPI	       0 /* first cell of a GIC interrupt specifier (arm,gic binding) */

static bool wraps(u64 base, u64 size) { return size && base + (size - 1) < base; }

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
		if (cfg_overlaps(gaddr, size, win[i].base, win[i].size))
			return win[i].name;
	return NULL;
}

/* Another valid domain already given host device memory overlapping r. */
static const struct domain_config *pt_owner(struct parser *p, const struct passthrough_region *r)
{
	for (unsigned int i = 0; i < p->ndone; i++)
		for (unsigned int j = 0; p->done[i].valid && j < p->done[i].n_pt_regs; j++)
			if (cfg_overlaps(r->paddr, r->size, p->done[i].pt_regs[j].paddr,
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
		return cfg_refuse(p, label, "<0x%llx 0x%llx 0x%llx>: want 4 KiB aligned, non-empty",
				  r->paddr, r->size, r->gaddr);
	if (wraps(r->paddr, r->size) || wraps(r->gaddr, r->size))
		return cfg_refuse(p, label, "<0x%llx 0x%llx 0x%llx>: wraps around", r->paddr,
				  r->size, r->gaddr);
	for (unsigned int i = 0; i < p->lim->nram; i++)
		if (cfg_overlaps(r->paddr, r->size, p->lim->ram[i].base, p->lim->ram[i].size))
			return cfg_refuse(p, label, "0x%llx+0x%llx is host RAM, not a device",
					  r->paddr, r->size);
	for (unsigned int i = 0; i < p->lim->nhyp_mmio; i++) {
		const struct mem_range *h = &p->lim->hyp_mmio[i];
		if (cfg_overlaps(r->paddr, r->size, h->base, h->size))
			return cfg_refuse(p, label,
					  "0x%llx+0x%llx overlaps the hypervisor's device at "
					  "0x%llx+0x%llx",
					  r->paddr, r->size, h->base, h->size);
	}
	if (cfg_beyond_ipa(p, r->gaddr, r->size))
		return cfg_refuse(p, label,
				  "guest address 0x%llx+0x%llx is beyond the stage-2 input "
				  "size (0x%llx)",
				  r->gaddr, r->size, p->lim->ipa_limit);
	hit = guest_window_hit(c, r->gaddr, r->size);
	if (hit)
		return cfg_refuse(p, label, "guest address 0x%llx+0x%llx overlaps the guest's %s",
				  r->gaddr, r->size, hit);
	for (unsigned int i = 0; i < c->n_pt_regs; i++)
		if (cfg_overlaps(r->gaddr, r->size, c->pt_regs[i].gaddr, c->pt_regs[i].size))
			return cfg_refuse(p, label, "guest address 0x%llx overlaps another region",
					  r->gaddr);
	o = pt_owner(p, r);
	if (o)
		return cfg_refuse(p, label, "0x%llx+0x%llx is already given to domain %s", r->paddr,
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
		return cfg_refuse(p, label, "want <paddr size gaddr> entries of %d+%d+%d cells", ac,
				  sc, ac);
	for (; len > 0; len -= entry, v += entry) {
		struct passthrough_region r = {dt_read_cells(v, ac),
					       dt_read_cells(v + 4 * (size_t)ac, sc),
					       dt_read_cells(v + 4 * (size_t)(ac + sc), ac)};
		if (check_pt_region(p, &r, label))
			return -E_INVAL;
		if (c->n_pt_regs == DOMAIN_MAX_PT_REGS)
			return cfg_refuse(p, label, "more than %d passthrough regions",
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
		return cfg_refuse(p, label, "<%u %u ...>: only SPIs (type 0) can be passed through",
				  type, num);
	if (num > SPI_LAST - SPI_FIRST)
		return cfg_refuse(p, label, "SPI %u does not exist (at most %u)", num,
				  SPI_LAST - SPI_FIRST);
	if (p->lim->spi_end && intid >= p->lim->spi_end)
		return cfg_refuse(p, label, "SPI %u is beyond the %u SPIs a guest's GIC has", num,
				  p->lim->spi_end - SPI_FIRST);
	if (p->lim->hyp_spi && intid == p->lim->hyp_spi)
		return cfg_refuse(p, label, "SPI %u is the host console UART's (the hypervisor's)",
				  num);
	if (p->c->vpl011 && intid == SPI_FIRST + GUEST_PL011_SPI)
		return cfg_refuse(p, label, "SPI %u is the vPL011's in the guest", num);
	if (p->c->watchdog_ms && intid == SPI_FIRST + GUEST_WDOG_SPI)
		return cfg_refuse(p, label, "SPI %u is the SP805 watchdog's in the guest", num);
	if (irq_listed(p->c, intid))
		return cfg_refuse(p, label, "SPI %u is listed twice", num);
	for (unsigned int i = 0; i < p->ndone; i++)
		if (p->done[i].valid && irq_listed(&p->done[i], intid))
			return cfg_refuse(p, label, "SPI %u is already given to domain %s", num,
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
		return cfg_refuse(p, label, "want 3-cell GIC specifiers <type number flags>");
	for (; len > 0; len -= 12, v += 12) {
		u32 type = (u32)dt_read_cells(v, 1), num = (u32)dt_read_cells(v + 4, 1);
		if (check_pt_irq(p, type, num, label))
			return -E_INVAL;
		if (c->n_pt_irqs == DOMAIN_MAX_PT_IRQS)
			return cfg_refuse(p, label, "more than %d passthrough interrupts",
					  DOMAIN_MAX_PT_IRQS);
		if (p->lim->spi_budget && pt_irqs_total(p) == p->lim->spi_budget)
			return cfg_refuse(p, label,
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
			    cfg_overlaps(s->sid, s->count, o->sid, o->count))
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
		return cfg_refuse(p, label,
				  "%s is behind no IOMMU, its DMA could reach any memory (see "
				  "xen,force-assign-without-iommu)",
				  hpath);
	if (!p->c->direct_map)
		return cfg_refuse(p, label, "xen,force-assign-without-iommu needs direct-map");
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
		return cfg_refuse(p, label, "\"%s\" is no node of the host DT", hpath);
	n = dt_iommu_streams(p->fdt, hnode, s, DOMAIN_MAX_STREAMS - c->n_streams, &why);
	if (n < 0)
		return cfg_refuse(p, label, "%s: %s", hpath, why);
	if (!n)
		return accept_no_iommu(p, pdt, node, hnode, hpath, label);
	for (int i = 0; i < n; i++) {
		o = stream_owner(p, &s[i]);
		if (o)
			return cfg_refuse(p, label,
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
static int map_partial(struct parser *p, const char *label, const void **pdt)
{
	const struct domain_module *m = &p->c->dtb;
	u64 size = MIN(m->size, PARTIAL_DT_MAX);
	int rc;

	*pdt = p->lim->map ? p->lim->map(m->base, size, p->lim->map_ctx) : NULL;
	if (!*pdt)
		return cfg_refuse(p, label, "0x%llx cannot be read", m->base);
	rc = dt_check(*pdt, (size_t)size);
	if (rc)
		return cfg_refuse(p, label, "no valid device tree blob at 0x%llx: %s", m->base,
				  fdt_strerror(rc));
	return 0;
}

int cfg_parse_partial(struct parser *p)
{
	char label[64];
	const void *pdt;
	int ac, sc, pt, node, depth = 0;

	if (!p->c->dtb.present)
		return 0;
	fmt_snprintf(label, sizeof(label), "%s (partial DT)",
		     fdt_get_name(p->fdt, p->c->dtb.node, NULL));
	if (map_partial(p, label, &pdt))
		return -E_INVAL;
	dt_bus_cells(pdt, 0, &ac, &sc); /* Xen's defaults too: 2 and 1 */
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return cfg_refuse(p, label,
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
