/*
 * GICv2 for guests: an emulated distributor (IHI 0048B 4.3) and the
 * hardware's virtual CPU interface GICV mapped at the guest's GICC; list
 * registers through the memory-mapped GICH (5.3). No security extensions:
 * everything is Group 0, signalled as IRQ.
 */
#include <bulkhead/domain.h>
#include <bulkhead/mmio.h>
#include <arch/vgic.h>

#include <arch/gic_regs.h>

static struct domain *dom_of(void *dev) { return dev; }

static u64 ctlr_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)arg, (void)off, (void)len;
	return dom_of(dev)->vgic.ctlr;
}
static void ctlr_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	struct domain *d = dom_of(dev);
	(void)v, (void)arg, (void)off, (void)len;
	d->vgic.ctlr = (u32)val & 1;
	for (unsigned int i = 0; i < d->nvcpus; i++)
		vcpu_kick(&d->vcpus[i]);
}
static u64 typer_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)arg, (void)off, (void)len;
	/* CPUNumber [7:5], ITLinesNumber [4:0] (4.3.2) */
	return ((dom_of(dev)->nvcpus - 1) << 5) | (VGIC_NR_IRQS / 32 - 1);
}
/* GICD_ITARGETSR (4.3.12): bytes; 0-31 read as the accessing vCPU's own bit. */
static u64 itargetsr_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	struct domain *d = dom_of(dev);
	u64 val = 0;
	(void)arg;
	spin_lock(&d->vgic.lock);
	for (u32 i = 0; i < len; i++) {
		const struct vgic_irq *irq = vgic_get_irq(v, off + i);
		val |= (u64)(irq ? (off + i < 32 ? 1U << v->id : irq->targets) : 0) << (8 * i);
	}
	spin_unlock(&d->vgic.lock);
	return val;
}
static void itargetsr_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	struct domain *d = dom_of(dev);
	u8 valid = (u8)((1U << d->nvcpus) - 1);
	(void)arg;
	spin_lock(&d->vgic.lock);
	for (u32 i = 0; i < len; i++) {
		struct vgic_irq *irq = vgic_get_irq(v, off + i);
		if (irq && off + i >= 32)
			irq->targets = (u8)(val >> (8 * i)) & valid;
	}
	spin_unlock(&d->vgic.lock);
	for (u32 i = 0; i < len; i++)
		if (off + i >= 32 && off + i < VGIC_NR_IRQS)
			vgic_kick_irq(v, off + i);
}

/* GICD_SGIR (4.3.15): TargetListFilter [25:24], CPUTargetList [23:16], INTID [3:0]. */
static void sgir_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	struct domain *d = dom_of(dev);
	u64 all = (1ULL << d->nvcpus) - 1, mask;
	(void)arg, (void)off, (void)len;
	switch ((val >> 24) & 3) {
	case 0: mask = (val >> 16) & 0xff & all; break;
	case 1: mask = all & ~(1ULL << v->id); break;
	case 2: mask = 1ULL << v->id; break;
	default: return;
	}
	vgic_send_sgi(v, (u32)val & 0xf, mask);
}

/* The distributor (4.3), sorted by offset. Unlisted offsets are reserved: RAZ/WI. */
static const struct mmio_reg dist_regs[] = {
	{GICD_CTLR, 4, MMIO_W32, 0, ctlr_read, ctlr_write},
	{GICD_TYPER, 4, MMIO_W32, 0, typer_read, NULL},
	{GICD_IIDR, 4, MMIO_W32, 0x0200043b, vgic_const_read, NULL},
	{GICD_ISENABLER, 0x20, MMIO_W32, VGIC_ENABLE | VGIC_SET, vgic_dist_irq_read,
	 vgic_dist_irq_write},
	{GICD_ICENABLER, 0x20, MMIO_W32, VGIC_ENABLE, vgic_dist_irq_read, vgic_dist_irq_write},
	{GICD_ISPENDR, 0x20, MMIO_W32, VGIC_PENDING | VGIC_SET, vgic_dist_irq_read,
	 vgic_dist_irq_write},
	{GICD_ICPENDR, 0x20, MMIO_W32, VGIC_PENDING, vgic_dist_irq_read, vgic_dist_irq_write},
	{GICD_ISACTIVER, 0x20, MMIO_W32, VGIC_ACTIVE | VGIC_SET, vgic_dist_irq_read,
	 vgic_dist_irq_write},
	{GICD_ICACTIVER, 0x20, MMIO_W32, VGIC_ACTIVE, vgic_dist_irq_read, vgic_dist_irq_write},
	{GICD_IPRIORITYR, VGIC_NR_IRQS, MMIO_W8 | MMIO_W32, VGIC_PRIO, vgic_dist_irq_read,
	 vgic_dist_irq_write},
	{GICD_ITARGETSR, VGIC_NR_IRQS, MMIO_W8 | MMIO_W32, 0, itargetsr_read, itargetsr_write},
	{GICD_ICFGR, VGIC_NR_IRQS / 4, MMIO_W32, VGIC_CFG, vgic_dist_irq_read, vgic_dist_irq_write},
	{GICD_SGIR, 4, MMIO_W32, 0, NULL, sgir_write},
	{GICD_V2_PIDR2, 4, MMIO_W32, 0x2b, vgic_const_read, NULL}, /* ArchRev 2 */
};

const struct mmio_device vgic_v2_dist_dev = {
	.name = "GICv2 distributor",
	.regs = dist_regs,
	.nregs = ARRAY_SIZE(dist_regs),
	.raz_wi_miss = true,
};

/* ---- list registers (GICH_LR<n>, 5.3.12) ---- */
static unsigned int v2_nr_lrs(void)
{
	unsigned int n = (mmio_read32(vgic_v2_gich + GICH_VTR) & 0x3f) + 1;
	return n > VGIC_MAX_LRS ? VGIC_MAX_LRS : n;
}

static void v2_write_lr(unsigned int lr, const struct vgic_irq *irq, u32 intid, bool group1,
			bool pending, bool active)
{
	u32 val = (intid & 0x3ff) | ((u32)(irq->prio >> 3) << 23) | (group1 ? 1U << 30 : 0) |
		  (pending ? 1U << 28 : 0) | (active ? 1U << 29 : 0);
	if (irq->hw)
		val |= (1U << 31) | ((u32)(irq->hw_intid & 0x3ff) << 10);
	else if (intid < 16)
		val |= (u32)(irq->sgi_source & 7) << 10;
	else if (!irq->edge)
		val |= 1U << 19; /* EOI maintenance */
	mmio_write32(vgic_v2_gich + GICH_LR(lr), val);
}

static void v2_read_lr(unsigned int lr, bool *pending, bool *active)
{
	u32 val = mmio_read32(vgic_v2_gich + GICH_LR(lr));
	*pending = val & (1U << 28);
	*active = val & (1U << 29);
}

static void v2_clear_lr(unsigned int lr) { mmio_write32(vgic_v2_gich + GICH_LR(lr), 0); }

static void v2_set_underflow(bool on) { mmio_write32(vgic_v2_gich + GICH_HCR, 1 | (on ? 2 : 0)); }

static u32 v2_read_vmcr(void) { return mmio_read32(vgic_v2_gich + GICH_VMCR); }

/* GICH_VMCR: VMPriMask [31:27] (priority bits 7:3), VMGrp0En [0]: our LRs
 * are group 0 (IHI 0048B 5.3.4). */
static bool v2_vmcr_admits(u32 vmcr, u8 prio) { return (vmcr & 1) && prio < ((vmcr >> 27) << 3); }

static void v2_save(struct vgic_cpu *c)
{
	c->vmcr = mmio_read32(vgic_v2_gich + GICH_VMCR);
	c->apr[1][0] = mmio_read32(vgic_v2_gich + GICH_APR);
}

static void v2_restore(const struct vgic_cpu *c)
{
	mmio_write32(vgic_v2_gich + GICH_VMCR, c->vmcr);
	mmio_write32(vgic_v2_gich + GICH_APR, c->apr[1][0]);
}

static void v2_cpu_enable(void)
{
	for (unsigned int i = 0; i < v2_nr_lrs(); i++)
		v2_clear_lr(i);
	mmio_write32(vgic_v2_gich + GICH_HCR, 1);
}

const struct vgic_hw_ops vgic_v2_hw_ops = {
	.version = 2,
	.nr_lrs = v2_nr_lrs,
	.write_lr = v2_write_lr,
	.read_lr = v2_read_lr,
	.clear_lr = v2_clear_lr,
	.set_underflow = v2_set_underflow,
	.read_vmcr = v2_read_vmcr,
	.vmcr_admits = v2_vmcr_admits,
	.save = v2_save,
	.restore = v2_restore,
	.cpu_enable = v2_cpu_enable,
};
