/* vGIC core: interrupt state, injection, and the list-register round trip
 * (GIC architecture spec IHI 0069, 11 "Virtual interrupt handling"; GICv2
 * IHI 0048B, 5 "GIC Support for Virtualization"). */
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/hostdt.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/mmu.h>
#include <arch/vgic.h>

static const struct vgic_hw_ops *hw;
static u64 gicv_base;
static u32 maint_intid;

u32 vgic_maint_irq(void) { return maint_intid; }

u32 vgic_nr_irqs(void) { return VGIC_NR_IRQS; }

static void maint_irq(u32 intid)
{
	/* Nothing to do here: the exit itself makes the next entry refill the
	 * list registers (underflow) or re-evaluate level interrupts (EOI). */
	(void)intid;
}

uintptr_t vgic_v2_gich; /* GICH, mapped (vgic-v2.c's register access) */

int vgic_init(const struct host_gic *g)
{
	hw = g->version == 3 ? VGIC_V3_HW : VGIC_V2_HW;
	if (!hw) {
		log_err("vgic: this build has no virtual GICv%d (CONFIG_VGIC_V%d): no guests "
			"possible",
			g->version, g->version);
		return -E_NOSUPP;
	}
	gicv_base = g->vcpu.base;
	if (g->version == 2) {
		if (!g->vcpu.size || !g->hyp.size) {
			log_err("vgic: the host GICv2 node has no GICH/GICV regions: no guests "
				"possible");
			return -E_NOSUPP;
		}
		/* The guest's GICC window (GUEST_GICC_SIZE, 8 KiB: GICC_DIR is at
		 * 0x1000, IHI 0048B 4.3) is the GICV region's start: a smaller
		 * region would hand the guest whatever the host has after it. */
		if (g->vcpu.size < GUEST_GICC_SIZE || (g->vcpu.base & 0xfff)) {
			log_err("vgic: the host GIC node's GICV region (reg entry 4) at 0x%llx is "
				"0x%llx bytes: guests need 0x%llx, 4 KiB aligned; no guests "
				"possible",
				(unsigned long long)g->vcpu.base, (unsigned long long)g->vcpu.size,
				GUEST_GICC_SIZE);
			return -E_NOSUPP;
		}
		if (mmu_map_device(g->hyp.base, g->hyp.size))
			return -E_NOMEM;
		vgic_v2_gich = (uintptr_t)g->hyp.base;
	}
	if (!g->maint_irq) {
		log_err("vgic: the host GIC node names no maintenance interrupt");
		return -E_NOSUPP;
	}
	maint_intid = g->maint_irq;
	irq_set_local_handler(g->maint_irq, maint_irq);
	return 0;
}

/* Per CPU that will run vCPUs. */
void vgic_cpu_init(u32 maint)
{
	irq_enable_local(maint);
	hw->cpu_enable();
}

struct vgic_irq *vgic_get_irq(struct vcpu *v, u32 intid)
{
	if (intid < 32)
		return &v->vgic.priv[intid];
	if (intid < VGIC_NR_IRQS)
		return &v->dom->vgic.spi[intid - 32];
	return NULL;
}

static struct vcpu *spi_target(struct domain *d, const struct vgic_irq *irq)
{
	unsigned int id = 0;
	if (irq->hw) /* passthrough SPIs stay where they are delivered (vCPU 0) */
		return &d->vcpus[0];
	if (d->vgic.version == 2) {
		while (id < d->nvcpus && !(irq->targets & (1U << id)))
			id++;
	} else if (!(irq->route & (1ULL << 31))) {
		/* IROUTER names the vCPU with that MPIDR (Aff0 = id, Aff1-3 = 0);
		 * an affinity no vCPU has reaches none (IHI 0069 12.9.22). */
		if (irq->route & 0xff00ffff00ULL)
			return NULL;
		id = (unsigned int)(irq->route & 0xff);
	}
	return id < d->nvcpus ? &d->vcpus[id] : NULL;
}

static bool dist_enabled(const struct domain *d) { return (d->vgic.ctlr & 0x3) != 0; }

static bool irq_pending(const struct vgic_irq *irq)
{
	return irq->edge || irq->hw ? irq->pending : irq->level || irq->pending;
}

/* Distributor state as at power-on; passthrough SPIs keep their link to
 * the physical interrupt. */
void vgic_domain_reset(struct domain *d)
{
	struct vgic_dist *dist = &d->vgic;

	spin_lock(&dist->lock); /* the console or a device may inject meanwhile */
	dist->version = hw->version;
	dist->ctlr = 0;
	for (unsigned int i = 0; i < VGIC_NR_SPIS; i++) {
		struct vgic_irq *irq = &dist->spi[i];
		bool hw_linked = irq->hw;
		u16 hw_intid = irq->hw_intid;
		*irq = (struct vgic_irq){.targets = 1, .hw = hw_linked, .hw_intid = hw_intid};
	}
	for (unsigned int i = 0; i < VGIC_NR_SPIS / 32; i++)
		dist->spi_hint[i] = 0;
	dist->spi_hint_words = 0;
	spin_unlock(&dist->lock);
}

int vgic_domain_init(struct domain *d)
{
	struct vgic_dist *dist = &d->vgic;
	int rc;

	vgic_domain_reset(d);
	if (dist->version == 2) {
		rc = vmmio_add(d, GUEST_GICD_BASE, GUEST_GICD_SIZE, VGIC_V2_DIST, d);
		/* The guest's GICC is the hardware's virtual CPU interface. */
		if (!rc)
			rc = lpae_map_range(&d->s2, GUEST_GICC_BASE, gicv_base, GUEST_GICC_SIZE,
					    S2_PROT_DEVICE);
	} else {
		rc = vmmio_add(d, GUEST_GICD_BASE, GUEST_GICD_SIZE, VGIC_V3_DIST, d);
		if (!rc)
			rc = vmmio_add(d, GUEST_GICR_BASE, GUEST_GICR_STRIDE * d->nvcpus,
				       VGIC_V3_REDIST, d);
	}
	return rc;
}

void vgic_vcpu_reset(struct vcpu *v)
{
	struct vgic_cpu *c = &v->vgic;
	for (unsigned int i = 0; i < 32; i++)
		c->priv[i] = (struct vgic_irq){.edge = i < 16,
					       .enabled = i < 16 && hw->version == 2,
					       .targets = (u8)(1U << v->id)};
	for (unsigned int i = 0; i < VGIC_MAX_LRS; i++)
		c->lr_intid[i] = 0xffff;
	c->nr_lr_used = 0;
	c->vmcr = 0;
	memset(c->apr, 0, sizeof(c->apr));
	c->sleeping = true;
	c->priv_hint = 0;
	c->hw_ppis = 0;
}

void vgic_map_hw_ppi(struct vcpu *v, u32 intid)
{
	v->vgic.priv[intid].hw = true;
	v->vgic.priv[intid].hw_intid = (u16)intid;
	v->vgic.hw_ppis |= 1U << intid;
}

void vgic_inject(struct vcpu *v, u32 intid)
{
	struct vgic_irq *irq = vgic_get_irq(v, intid);
	if (!irq)
		return;
	spin_lock(&v->dom->vgic.lock);
	irq->pending = irq->repend = true;
	if (intid < 32)
		vgic_hint_priv(&v->vgic, intid);
	else
		vgic_hint(&v->dom->vgic, intid);
	spin_unlock(&v->dom->vgic.lock);
	vcpu_kick(v);
}

void vgic_inject_hw_loaded(struct vcpu *v, u32 intid)
{
	struct vgic_irq *irq = vgic_get_irq(v, intid);
	if (!irq || intid >= 32)
		return;
	spin_lock(&v->dom->vgic.lock);
	irq->pending = true;
	irq->phys_active = true;
	vgic_hint_priv(&v->vgic, intid);
	spin_unlock(&v->dom->vgic.lock);
}

void vgic_inject_hw(struct vcpu *v, u32 intid)
{
	vgic_inject_hw_loaded(v, intid);
	vcpu_kick(v);
}

void vgic_inject_hw_spi(struct domain *d, u32 intid)
{
	if (intid < 32 || intid >= VGIC_NR_IRQS)
		return;
	spin_lock(&d->vgic.lock);
	d->vgic.spi[intid - 32].phys_active = true;
	spin_unlock(&d->vgic.lock);
	vgic_inject_spi(d, intid);
}

/* The guest cleared a HW-linked interrupt's pending/active state by register
 * write (ICPENDR, ICACTIVER): the physical one would stay active forever. */
static void drop_orphaned_hw(struct vgic_irq *irq)
{
	if (irq->hw && irq->phys_active && !irq->pending && !irq->active) {
		irq_deactivate(irq->hw_intid);
		irq->phys_active = false;
	}
}

void vgic_vcpu_release(struct vcpu *v)
{
	spin_lock(&v->dom->vgic.lock);
	for (u32 i = 16; i < 32; i++) {
		struct vgic_irq *irq = &v->vgic.priv[i];
		if (irq->hw && irq->phys_active)
			irq_deactivate(irq->hw_intid);
		irq->phys_active = irq->pending = irq->active = false;
	}
	spin_unlock(&v->dom->vgic.lock);
}

/* v leaves this pCPU with a timer interrupt its guest has not deactivated:
 * the physical one must not stay active here and block the next vCPU's.
 * Its virtual state stays; the line, still asserted, fires again when v is
 * back, and a deactivation of the now inactive physical one does nothing. */
void vgic_vcpu_put(struct vcpu *v)
{
	spin_lock(&v->dom->vgic.lock);
	for (u32 m = v->vgic.hw_ppis; m; m &= m - 1) { /* on every switch: only the linked */
		struct vgic_irq *irq = &v->vgic.priv[__builtin_ctz(m)];
		if (irq->phys_active) {
			irq_deactivate(irq->hw_intid);
			irq->phys_active = false;
		}
	}
	spin_unlock(&v->dom->vgic.lock);
}

void vgic_inject_spi(struct domain *d, u32 intid)
{
	struct vcpu *t;
	if (intid < 32 || intid >= VGIC_NR_IRQS)
		return;
	spin_lock(&d->vgic.lock);
	d->vgic.spi[intid - 32].pending = d->vgic.spi[intid - 32].repend = true;
	vgic_hint(&d->vgic, intid);
	t = spi_target(d, &d->vgic.spi[intid - 32]);
	spin_unlock(&d->vgic.lock);
	if (t)
		vcpu_kick(t);
}

void vgic_set_level(struct domain *d, u32 intid, bool level)
{
	struct vgic_irq *irq;
	struct vcpu *t;
	bool rise;
	if (intid < 32 || intid >= VGIC_NR_IRQS)
		return;
	spin_lock(&d->vgic.lock);
	irq = &d->vgic.spi[intid - 32];
	rise = level && !irq->level;
	irq->level = level;
	if (level)
		vgic_hint(&d->vgic, intid);
	if (irq->edge && rise)
		irq->pending = irq->repend = true;
	t = spi_target(d, irq);
	spin_unlock(&d->vgic.lock);
	if (rise && t)
		vcpu_kick(t);
}

void vgic_send_sgi(struct vcpu *from, u32 sgi, u64 mask)
{
	struct domain *d = from->dom;
	for (unsigned int i = 0; i < d->nvcpus; i++) {
		if (!(mask & (1ULL << i)))
			continue;
		spin_lock(&d->vgic.lock);
		d->vcpus[i].vgic.priv[sgi & 15].pending = true;
		d->vcpus[i].vgic.priv[sgi & 15].repend = true;
		vgic_hint_priv(&d->vcpus[i].vgic, sgi & 15);
		d->vcpus[i].vgic.priv[sgi & 15].sgi_source = (u8)from->id;
		spin_unlock(&d->vgic.lock);
		vcpu_kick(&d->vcpus[i]);
	}
}

/* Is intid, seen from v, something the list registers should carry? */
static bool wants_lr(struct vcpu *v, u32 intid, const struct vgic_irq *irq)
{
	if (intid >= 32 && spi_target(v->dom, irq) != v)
		return false;
	return irq->active || (irq_pending(irq) && irq->enabled && dist_enabled(v->dom));
}

/* Calls fn for every INTID that may matter to v: the private and shared ones
 * in the hints (dropping those that turned out idle). Stops when fn
 * returns true. Called with the vgic lock held. */
static void scan(struct vcpu *v, bool (*fn)(struct vcpu *, u32, void *), void *arg)
{
	struct vgic_dist *dist = &v->dom->vgic;
	u32 bits = v->vgic.priv_hint;
	while (bits) {
		u32 i = (u32)__builtin_ctz(bits);
		const struct vgic_irq *irq = &v->vgic.priv[i];
		bits &= bits - 1;
		if (!irq->pending && !irq->active && !irq->level && !irq->phys_active) {
			v->vgic.priv_hint &= ~(1U << i);
			continue;
		}
		if (fn(v, i, arg))
			return;
	}
	for (u32 words = dist->spi_hint_words; words; words &= words - 1) {
		u32 w = (u32)__builtin_ctz(words), bits = dist->spi_hint[w];
		if (!bits) /* emptied by an earlier scan */
			dist->spi_hint_words &= ~(1U << w);
		while (bits) {
			u32 b = (u32)__builtin_ctz(bits), intid = 32 + w * 32 + b;
			const struct vgic_irq *irq = &dist->spi[intid - 32];
			bits &= bits - 1;
			if (!irq->pending && !irq->level && !irq->active && !irq->phys_active) {
				dist->spi_hint[w] &= ~(1U << b);
				continue;
			}
			if (fn(v, intid, arg))
				return;
		}
	}
}

struct wake {
	u32 vmcr;
	bool any;
};

static bool found_pending(struct vcpu *v, u32 intid, void *arg)
{
	const struct vgic_irq *irq = vgic_get_irq(v, intid);
	struct wake *w = arg;
	w->any = wants_lr(v, intid, irq) && !irq->active && hw->vmcr_admits(w->vmcr, irq->prio);
	return w->any;
}

static u32 vmcr_of(struct vcpu *v) { return vcpu_current() == v ? hw->read_vmcr() : v->vgic.vmcr; }

/* An interrupt the guest's virtual CPU interface would signal: only that
 * ends a WFI (a WFI wake-up event). One its priority mask or a disabled group
 * holds back would wake it at once, again and again. */
bool vgic_has_pending(struct vcpu *v)
{
	struct wake w = {.vmcr = vmcr_of(v)};
	spin_lock(&v->dom->vgic.lock);
	scan(v, found_pending, &w);
	spin_unlock(&v->dom->vgic.lock);
	return w.any;
}

void vgic_log_private(struct vcpu *v)
{
	u32 pending = 0, active = 0, enabled = 0;
	spin_lock(&v->dom->vgic.lock);
	for (unsigned int i = 0; i < 32; i++) {
		pending |= (u32)v->vgic.priv[i].pending << i;
		active |= (u32)v->vgic.priv[i].active << i;
		enabled |= (u32)v->vgic.priv[i].enabled << i;
	}
	spin_unlock(&v->dom->vgic.lock);
	log_notice("    INTIDs 0-31: pending %08x active %08x enabled %08x, VMCR %08x", pending,
		   active, enabled, vmcr_of(v));
}

bool vgic_would_signal(struct vcpu *v, u32 intid)
{
	const struct vgic_irq *irq = vgic_get_irq(v, intid);
	u32 vmcr = vmcr_of(v);
	bool ok;
	if (!irq)
		return false;
	spin_lock(&v->dom->vgic.lock);
	ok = irq->enabled && dist_enabled(v->dom) && hw->vmcr_admits(vmcr, irq->prio);
	spin_unlock(&v->dom->vgic.lock);
	return ok;
}

/* The best (lowest priority value) candidates, kept sorted, at most nlr. */
struct pick {
	u16 intid[VGIC_MAX_LRS];
	unsigned int n, nlr;
	bool overflow;
};

static bool pick_one(struct vcpu *v, u32 intid, void *arg)
{
	struct pick *p = arg;
	struct vgic_irq *irq = vgic_get_irq(v, intid);
	unsigned int at;
	if (intid < 32 || spi_target(v->dom, irq) == v)
		drop_orphaned_hw(irq);
	if (!wants_lr(v, intid, irq))
		return false;
	for (at = p->n; at > 0 && vgic_get_irq(v, p->intid[at - 1])->prio > irq->prio; at--)
		;
	if (at == p->nlr) {
		p->overflow = true;
		return false;
	}
	if (p->n == p->nlr)
		p->overflow = true; /* the last one drops out */
	else
		p->n++;
	for (unsigned int k = p->n - 1; k > at; k--)
		p->intid[k] = p->intid[k - 1];
	p->intid[at] = (u16)intid;
	return false;
}

/* Nothing hinted for v: no interrupt can need a list register. Read without
 * the lock: whoever sets a hint kicks v afterwards, which makes it exit and
 * look again (and the run loop's fence orders this read after that exit). */
static bool nothing_hinted(const struct vcpu *v)
{
	return !(v->vgic.priv_hint | v->dom->vgic.spi_hint_words);
}

void vgic_flush(struct vcpu *v)
{
	struct pick p;

	/* The common exit (an HVC, an MMIO access) with no interrupt about:
	 * the list registers are empty (vgic_sync cleared them), and so is the
	 * underflow request. */
	if (nothing_hinted(v))
		return;
	p = (struct pick){.nlr = hw->nr_lrs()};
	spin_lock(&v->dom->vgic.lock);
	scan(v, pick_one, &p);
	v->vgic.lr_pending = 0;
	for (unsigned int l = 0; l < p.n; l++) {
		struct vgic_irq *irq = vgic_get_irq(v, p.intid[l]);
		/* Pending goes to the guest only if forwarded: enabled, with the
		 * distributor enabled (IHI 0048B 4.3.1, IHI 0069 12.9.4); never
		 * pending and active at once with the HW bit (the physical one is
		 * still active: one deactivation must end both). */
		bool pending = irq_pending(irq) && irq->enabled && dist_enabled(v->dom) &&
			       !(irq->hw && irq->active);
		v->vgic.lr_intid[l] = p.intid[l];
		v->vgic.lr_pending |= (u16)(pending << l);
		if (pending)
			irq->repend = false; /* this pending state is the LR's now */
		hw->write_lr(l, irq, p.intid[l], v->dom->vgic.version == 3, pending, irq->active);
	}
	v->vgic.nr_lr_used = p.n;
	/* Anything left over waits for an underflow maintenance interrupt. */
	hw->set_underflow(p.overflow);
	spin_unlock(&v->dom->vgic.lock);
}

void vgic_sync(struct vcpu *v)
{
	if (!v->vgic.nr_lr_used)
		return; /* nothing was loaded; no LR used means no underflow request */
	spin_lock(&v->dom->vgic.lock);
	for (unsigned int l = 0; l < v->vgic.nr_lr_used; l++) {
		struct vgic_irq *irq = vgic_get_irq(v, v->vgic.lr_intid[l]);
		bool pending, active;
		hw->read_lr(l, &pending, &active);
		irq->active = active;
		if (irq->hw && !pending && !active)
			irq->phys_active = false; /* the guest's EOI deactivated it */
		/* A pending state the LR did not carry (not forwarded) stays as it is.
		 * One made while the LR carried it (an SGI sent again, an edge)
		 * is a new one: the guest taking the LR's must not lose it. */
		if (v->vgic.lr_pending & (1U << l)) {
			if (irq->edge || irq->hw)
				irq->pending = pending || irq->repend;
			else if (!pending && !irq->repend) /* level: acknowledged, the ISPENDR
							      latch clears (IHI 0069 4.1.2); else
							      pending follows the line */
				irq->pending = false;
		}
		hw->clear_lr(l);
		v->vgic.lr_intid[l] = 0xffff;
	}
	v->vgic.nr_lr_used = 0;
	v->vgic.lr_pending = 0;
	hw->set_underflow(false);
	spin_unlock(&v->dom->vgic.lock);
}

void vgic_kick_irq(struct vcpu *bank, u32 intid)
{
	struct vcpu *t = bank;
	struct vgic_irq *irq = vgic_get_irq(bank, intid);
	if (!irq)
		return; /* beyond the lines this vGIC has */
	if (intid >= 32) {
		spin_lock(&bank->dom->vgic.lock);
		t = spi_target(bank->dom, irq);
		spin_unlock(&bank->dom->vgic.lock);
	}
	if (t)
		vcpu_kick(t);
}

void vgic_save(struct vcpu *v) { hw->save(&v->vgic); }
void vgic_restore(struct vcpu *v) { hw->restore(&v->vgic); }
