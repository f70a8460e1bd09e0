/*
 * The IOMMUs of the machine and which domain owns which of their streams
 * (include/bulkhead/iommu.h). Drivers program the hardware; this file finds
 * them in the host DT, keeps the attachments for fault reports, and turns a
 * domain's lifecycle (build, stop, restart, stage-2 change) into driver
 * calls. An SMMU is polled for faults from a timer event: the SMMUv3's
 * interrupts are edge-triggered (QEMU pulses them), and the irqchip layer
 * configures SPIs level-sensitive only.
 *
 * Locking: one spinlock per IOMMU. The poll takes it in interrupt context
 * on CPU 0; everything else runs with interrupts masked too (the boot,
 * traps, the scheduler loop that restarts a domain), so CPU 0 never waits
 * for a lock it holds itself.
 */
#include <string.h>
#include <libfdt.h>
#include <bulkhead/domain.h>
#include <bulkhead/driver.h>
#include <bulkhead/dt.h>
#include <bulkhead/fmt.h>
#include <bulkhead/iommu.h>
#include <bulkhead/log.h>
#include <bulkhead/mmu.h>
#include <bulkhead/passthrough.h>
#include <bulkhead/timer.h>
#include <bulkhead/vcpu_sched.h>
#include <arch/guest.h>

#define IOMMU_POLL_NS (20ULL * 1000 * 1000)

static struct iommu iommus[IOMMU_MAX];
static unsigned int niommus;
static struct timer_event poll_ev;

struct iommu *iommu_find(int node)
{
	for (unsigned int i = 0; i < niommus; i++)
		if (iommus[i].node == node)
			return &iommus[i];
	return NULL;
}

static void poll_all(struct timer_event *ev)
{
	for (unsigned int i = 0; i < niommus; i++) {
		spin_lock(&iommus[i].lock);
		iommus[i].ops->poll(&iommus[i]);
		spin_unlock(&iommus[i].lock);
	}
	timer_event_arm(ev, timer_now_ns() + IOMMU_POLL_NS);
}

static void yield_lock(struct iommu *mmu)
{
	spin_unlock(&mmu->lock);
	sched_preempt_point();
	spin_lock(&mmu->lock);
}

static void probe_one(const void *fdt, int node, const struct iommu_ops *ops)
{
	struct iommu *mmu = &iommus[niommus];
	struct mem_range r;
	char path[96];

	dt_path(fdt, node, path, sizeof(path));
	if (niommus == IOMMU_MAX) {
		log_err("iommu %s: more than %d IOMMUs; its devices cannot be passed through", path,
			IOMMU_MAX);
		return;
	}
	memset(mmu, 0, sizeof(*mmu));
	if (dt_reg(fdt, node, 0, &r)) {
		log_err("iommu %s: reg: no register window", path);
		return;
	}
	mmu->ops = ops;
	mmu->yield = yield_lock;
	mmu->node = node;
	mmu->base = r.base;
	mmu->size = r.size;
	/* Its registers are the hypervisor's: never a domain's passthrough. */
	passthrough_forbid(r.base, r.size);
	if (mmu_map_device(r.base, r.size)) {
		log_err("iommu %s: cannot map its registers", path);
		return;
	}
	fmt_snprintf(mmu->name, sizeof(mmu->name), "%s@%llx", ops->name, r.base);
	if (ops->probe(mmu, fdt, node)) {
		log_err("iommu %s: not usable (see above); its devices cannot be passed through",
			path);
		return;
	}
	niommus++;
}

void iommu_init(const void *fdt)
{
	for (int node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		const struct driver *drv = driver_match(DRIVER_IOMMU, fdt, node);
		if (drv && dt_enabled(fdt, node))
			probe_one(fdt, node, drv->ops);
	}
	if (niommus) {
		timer_event_init(&poll_ev, poll_all);
		timer_event_arm(&poll_ev, timer_now_ns() + IOMMU_POLL_NS);
	}
}

static void fill_domain(struct domain *d)
{
	d->iommu = (struct iommu_domain){
		d->name,     d->vmid,	 (u64)(uintptr_t)d->s2.root, stage2_arch_vtcr(), d->ram_ipa,
		d->ram_host, d->ram_size};
}

int iommu_attach_domain(struct domain *d)
{
	const struct domain_config *c = d->cfg;

	fill_domain(d);
	for (unsigned int i = 0; i < c->n_streams; i++) {
		const struct domain_stream *s = &c->streams[i];
		struct iommu *mmu = iommu_find(s->iommu_node);
		int rc;

		if (!mmu) {
			log_err("domain %s: stream IDs 0x%x+%u: their IOMMU was not probed (not "
				"built in, or refused at boot)",
				d->name, s->sid, s->count);
			return -E_NOENT;
		}
		spin_lock(&mmu->lock);
		rc = mmu->ops->attach(mmu, &d->iommu, s->sid, s->count);
		spin_unlock(&mmu->lock);
		if (rc) {
			log_err("domain %s: %s cannot attach stream IDs 0x%x+%u", d->name,
				mmu->name, s->sid, s->count);
			return rc;
		}
	}
	if (c->n_streams)
		log_info("domain %s: %u stream range(s) attached to its IOMMU(s)", d->name,
			 c->n_streams);
	return 0;
}

/* op on every IOMMU holding streams of d. */
static void each_bound(struct domain *d,
		       void (*op)(struct iommu *mmu, const struct iommu_domain *dom))
{
	for (unsigned int i = 0; i < niommus; i++) {
		spin_lock(&iommus[i].lock);
		if (iommu_bound(&iommus[i], &d->iommu))
			op(&iommus[i], &d->iommu);
		spin_unlock(&iommus[i].lock);
	}
}

static void detach(struct iommu *mmu, const struct iommu_domain *dom)
{
	mmu->ops->detach(mmu, dom);
}

static void flush(struct iommu *mmu, const struct iommu_domain *dom) { mmu->ops->flush(mmu, dom); }

void iommu_detach_domain(struct domain *d) { each_bound(d, detach); }
void iommu_flush_domain(struct domain *d) { each_bound(d, flush); }
