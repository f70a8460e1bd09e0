/*
 * Devices given to a domain by its partial device tree (Xen's passthrough
 * form): MMIO regions mapped into its stage 2, SPIs forwarded to it with the
 * HW bit so the guest's EOI deactivates the physical interrupt. Regions the
 * hypervisor owns (RAM, the GIC, its console UART) are never handed out.
 */
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/hostdt.h>
#include <bulkhead/iommu.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/passthrough.h>
#include <arch/vgic.h>

/* Everything the hypervisor may own: each RAM range, the GIC's four windows
 * and its redistributors, the console UART, the display's registers and each
 * IOMMU's. */
#define MAX_FORBIDDEN (HOST_MAX_RAM + 4 + HOST_MAX_REDIST + 2 + IOMMU_MAX)

static struct mem_range forbidden[MAX_FORBIDDEN];
static unsigned int nforbidden;
static bool forbidden_overflow; /* a region could not be recorded: refuse every one */
static u32 forbidden_irq;
static struct domain *irq_owner[VGIC_NR_IRQS];

void passthrough_forbid(u64 base, u64 size)
{
	if (!size)
		return;
	if (nforbidden < MAX_FORBIDDEN)
		forbidden[nforbidden++] = (struct mem_range){base, size};
	else
		forbidden_overflow = true;
}

void passthrough_forbid_irq(u32 intid) { forbidden_irq = intid; }

void passthrough_forbid_host(const struct host_info *h, struct mem_range display)
{
	passthrough_forbid(display.base, display.size);
	for (unsigned int i = 0; i < h->nram; i++)
		passthrough_forbid(h->ram[i].base, h->ram[i].size);
	passthrough_forbid(h->gic.dist.base, h->gic.dist.size);
	passthrough_forbid(h->gic.cpuif.base, h->gic.cpuif.size);
	passthrough_forbid(h->gic.hyp.base, h->gic.hyp.size);
	passthrough_forbid(h->gic.vcpu.base, h->gic.vcpu.size);
	for (unsigned int i = 0; i < h->gic.nredist; i++)
		passthrough_forbid(h->gic.redist[i].base, h->gic.redist[i].size);
	passthrough_forbid(h->uart.reg.base, h->uart.reg.size);
	passthrough_forbid_irq(h->uart.irq);
}

unsigned int passthrough_forbidden(const struct mem_range **ranges)
{
	*ranges = forbidden;
	return nforbidden;
}

static void forward_spi(u32 intid)
{
	struct domain *d = intid < VGIC_NR_IRQS ? irq_owner[intid] : NULL;
	if (d && (d->state == DOM_RUNNING || d->state == DOM_PAUSED))
		vgic_inject_hw_spi(d, intid);
	else
		irq_quiesce_spi(intid); /* its domain is gone: a level line would storm */
}

static int map_region(struct domain *d, const struct passthrough_region *r)
{
	if (forbidden_overflow) {
		log_err("domain %s: passthrough region 0x%llx+0x%llx refused: more regions of "
			"the hypervisor's than it can check against (MAX_FORBIDDEN)",
			d->name, r->paddr, r->size);
		return -E_RANGE;
	}
	for (unsigned int i = 0; i < nforbidden; i++)
		if (r->paddr < forbidden[i].base + forbidden[i].size &&
		    forbidden[i].base < r->paddr + r->size) {
			log_err("domain %s: passthrough region 0x%llx+0x%llx overlaps memory or a "
				"device the hypervisor owns (0x%llx+0x%llx)",
				d->name, r->paddr, r->size, forbidden[i].base, forbidden[i].size);
			return -E_RANGE;
		}
	if (!IS_ALIGNED(r->paddr | r->gaddr | r->size, 4096ULL)) {
		log_err("domain %s: passthrough region 0x%llx+0x%llx is not page aligned", d->name,
			r->paddr, r->size);
		return -E_INVAL;
	}
	return lpae_map_range(&d->s2, r->gaddr, r->paddr, r->size, S2_PROT_DEVICE);
}

static int route_irq(struct domain *d, u32 intid)
{
	struct vgic_irq *irq;
	/* Config refuses each of these naming the node; here they are the
	 * last line (the vPL011's and the watchdog's SPIs are virtual ones of
	 * the domain's own vGIC). */
	if (intid < 32 || intid >= VGIC_NR_IRQS || intid == forbidden_irq || irq_owner[intid] ||
	    (d->uart && intid == 32 + GUEST_PL011_SPI) ||
	    (d->wdog && intid == 32 + GUEST_WDOG_SPI)) {
		log_err("domain %s: passthrough interrupt %u is not an SPI below %u that is free",
			d->name, intid, VGIC_NR_IRQS);
		return -E_INVAL;
	}
	/* Delivered where vCPU 0 runs: the guest's deactivation must happen on
	 * the CPU interface that acknowledged it. */
	if (irq_set_spi_handler(intid, forward_spi, (unsigned int)d->vcpus[0].pcpu, true)) {
		log_err("domain %s: passthrough interrupt %u: no SPI handler slot left (%u)",
			d->name, intid, IRQ_SPI_HANDLERS_MAX);
		return -E_NOMEM;
	}
	irq = &d->vgic.spi[intid - 32];
	irq->hw = true;
	irq->hw_intid = (u16)intid;
	irq_owner[intid] = d;
	d->pt_irqs_routed++;
	return 0;
}

/* Gives back the SPIs route_irq took, newest first: each is quiesced, its
 * handler freed and its owner cleared, so a domain created later (maybe in
 * the same domain slot) starts from nothing of this one's. */
static void unroute_irqs(struct domain *d)
{
	while (d->pt_irqs_routed) {
		u32 intid = d->cfg->pt_irqs[--d->pt_irqs_routed];
		irq_clear_spi_handler(intid);
		irq_owner[intid] = NULL;
		d->vgic.spi[intid - 32].hw = false;
	}
}

void passthrough_stop_irqs(struct domain *d)
{
	for (u32 i = 32; i < VGIC_NR_IRQS; i++)
		if (irq_owner[i] == d)
			irq_quiesce_spi(i);
}

/* A domain that never ran gives its devices back: their DMA stops before
 * its memory goes back to the allocator, then its SPIs. */
void passthrough_release(struct domain *d)
{
	iommu_detach_domain(d);
	unroute_irqs(d);
}

/* Its SPIs enabled again: forward_spi quiesces one that fires while the
 * domain is not running (stopped, or not yet started: a line a device or the
 * firmware left asserted, or one raised while a boot gate holds the domain). */
void passthrough_start_irqs(struct domain *d)
{
	for (u32 i = 32; i < VGIC_NR_IRQS; i++)
		if (irq_owner[i] == d)
			irq_resume_spi(i, (unsigned int)d->vcpus[0].pcpu);
}

/* A restarted domain gets its interrupts back (they were quiesced when it
 * stopped); its regions stayed mapped. */
void passthrough_resume(struct domain *d)
{
	if (iommu_attach_domain(d))
		log_err("domain %s: its devices' streams were not attached again: their DMA "
			"aborts",
			d->name);
	passthrough_start_irqs(d);
}

int passthrough_setup(struct domain *d)
{
	const struct domain_config *c = d->cfg;
	for (unsigned int i = 0; i < c->n_pt_regs; i++)
		if (map_region(d, &c->pt_regs[i]))
			return -E_INVAL;
	for (unsigned int i = 0; i < c->n_pt_irqs; i++)
		if (route_irq(d, c->pt_irqs[i]))
			return -E_INVAL;
	if (iommu_attach_domain(d))
		return -E_INVAL;
	if (c->dma_unprotected)
		log_warn("domain %s: a device without an IOMMU was passed through "
			 "(xen,force-assign-without-iommu): its DMA is not confined",
			 d->name);
	if (c->n_pt_regs || c->n_pt_irqs)
		log_info("domain %s: %u passthrough region(s), %u interrupt(s)", d->name,
			 c->n_pt_regs, c->n_pt_irqs);
	return 0;
}
