/*
 * GICv3 for guests: an emulated distributor (IHI 0069 12.9) and one
 * redistributor per vCPU (12.10 RD_base, 12.11 SGI_base), with affinity
 * routing always on, no LPIs, a single security state (GICD_CTLR.DS = 1).
 * The CPU interface is the hardware's virtual one (ICH_*_EL2, 12.4).
 */
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <arch/gic_regs.h>
#include <arch/gicv3.h>
#include <arch/vgic.h>

#define GICD_CTLR_ARE_DS ((1u << 4) | (1u << 6)) /* ARE and DS read as one */
#define PIDR2_GICV3	 0x3b			 /* ArchRev 3 (12.9.x GICD_PIDR2) */
#define IIDR_V3		 0x43b			 /* implementer Arm */

static struct domain *dom_of(void *dev) { return dev; }

static u64 ctlr_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)arg, (void)off, (void)len;
	return dom_of(dev)->vgic.ctlr | GICD_CTLR_ARE_DS;
}
static void ctlr_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	struct domain *d = dom_of(dev);
	(void)v, (void)arg, (void)off, (void)len;
	d->vgic.ctlr = (u32)val & 0x3; /* EnableGrp0, EnableGrp1 */
	for (unsigned int i = 0; i < d->nvcpus; i++)
		vcpu_kick(&d->vcpus[i]);
}
/* Registers of fixed value (vgic_const_read, the row's arg): GICD_TYPER (IDbits = 9, 10-bit
 * INTIDs, [23:19]; ITLinesNumber [4:0]; no LPIs, no MBIS), GICD_IIDR and
 * GICR_IIDR (implementer Arm, 0x43b), GICD_PIDR2 and GICR_PIDR2 (ArchRev 3),
 * GICR_IGROUPR0 (every SGI and PPI in Group 1). */
#define TYPER_V3 ((9U << 19) | (VGIC_NR_IRQS / 32 - 1))

/* 64-bit registers (GICD_IROUTER<n>, GICR_TYPER) may also be accessed as
 * two 32-bit halves (IHI 0069 12.1.3, "GIC memory-mapped register access"): a half reads and writes
 * only its bits. off is the offset in the register range; registers are 8-aligned. */
static u64 half_read(u64 reg, u32 off, unsigned int len)
{
	if (len == 8)
		return reg;
	return off & 4 ? reg >> 32 : reg & 0xffffffffULL;
}
static u64 half_write(u64 reg, u32 off, unsigned int len, u64 val)
{
	if (len == 8)
		return val;
	if (off & 4)
		return (reg & 0xffffffffULL) | val << 32;
	return (reg & ~0xffffffffULL) | (val & 0xffffffffULL);
}

/* GICD_IGROUPR<n> (12.9.15): every SPI is Group 1 (one security state);
 * RAZ/WI for INTIDs 0-31 (affinity routing: the redistributor has them)
 * and past the lines this vGIC has. */
static u64 igroupr_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)dev, (void)arg, (void)len;
	return off >= 4 && off < VGIC_NR_IRQS / 8 ? 0xffffffffULL : 0;
}

/* GICD_IROUTER<n> (12.9.22): one 64-bit register per SPI, from INTID 32. */
static u64 irouter_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	struct domain *d = dom_of(dev);
	u32 intid = 32 + off / 8;
	u64 val;
	(void)v, (void)arg;
	if (intid >= VGIC_NR_IRQS)
		return 0;
	spin_lock(&d->vgic.lock);
	val = d->vgic.spi[intid - 32].route;
	spin_unlock(&d->vgic.lock);
	return half_read(val, off, len);
}
static void irouter_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	struct domain *d = dom_of(dev);
	u32 intid = 32 + off / 8;
	u64 *route;
	(void)v, (void)arg;
	if (intid >= VGIC_NR_IRQS)
		return;
	spin_lock(&d->vgic.lock);
	route = &d->vgic.spi[intid - 32].route;
	*route = half_write(*route, off, len, val) & 0xff80ffffffULL;
	spin_unlock(&d->vgic.lock);
	vgic_kick_irq(&d->vcpus[0], intid);
}

/* The distributor (12.9), sorted by offset. Unlisted offsets are reserved:
 * RAZ/WI. Per-interrupt rows: SPIs only, INTIDs 0-31 are RAZ/WI with ARE. */
static const struct mmio_reg dist_regs[] = {
	{GICD_CTLR, 4, MMIO_W32, 0, ctlr_read, ctlr_write},
	{GICD_TYPER, 4, MMIO_W32, TYPER_V3, vgic_const_read, NULL},
	{GICD_IIDR, 4, MMIO_W32, IIDR_V3, vgic_const_read, NULL},
	{GICD_IGROUPR, 0x80, MMIO_W32, 0, igroupr_read, NULL},
	{GICD_ISENABLER, 0x80, MMIO_W32, VGIC_ENABLE | VGIC_SET, vgic_dist_irq_read,
	 vgic_dist_irq_write},
	{GICD_ICENABLER, 0x80, MMIO_W32, VGIC_ENABLE, vgic_dist_irq_read, vgic_dist_irq_write},
	{GICD_ISPENDR, 0x80, MMIO_W32, VGIC_PENDING | VGIC_SET, vgic_dist_irq_read,
	 vgic_dist_irq_write},
	{GICD_ICPENDR, 0x80, MMIO_W32, VGIC_PENDING, vgic_dist_irq_read, vgic_dist_irq_write},
	{GICD_ISACTIVER, 0x80, MMIO_W32, VGIC_ACTIVE | VGIC_SET, vgic_dist_irq_read,
	 vgic_dist_irq_write},
	{GICD_ICACTIVER, 0x80, MMIO_W32, VGIC_ACTIVE, vgic_dist_irq_read, vgic_dist_irq_write},
	{GICD_IPRIORITYR, 0x400, MMIO_W8 | MMIO_W32, VGIC_PRIO, vgic_dist_irq_read,
	 vgic_dist_irq_write},
	{GICD_ICFGR, 0x100, MMIO_W32, VGIC_CFG, vgic_dist_irq_read, vgic_dist_irq_write},
	{GICD_IROUTER_SPI, 0x1f00, MMIO_W32 | MMIO_W64, 0, irouter_read, irouter_write},
	{GICD_V3_PIDR2, 4, MMIO_W32, PIDR2_GICV3, vgic_const_read, NULL},
};

const struct mmio_device vgic_v3_dist_dev = {
	.name = "GICv3 distributor",
	.regs = dist_regs,
	.nregs = ARRAY_SIZE(dist_regs),
	.raz_wi_miss = true,
};

/* Redistributors: frame n (128 KiB) belongs to vCPU n. */
static void *redist_frame(struct vcpu *v, void *dev, u64 *off)
{
	struct domain *d = dom_of(dev);
	u64 n = *off / GUEST_GICR_STRIDE;
	(void)v;
	*off %= GUEST_GICR_STRIDE;
	return n < d->nvcpus ? &d->vcpus[n] : NULL;
}

static struct vcpu *bank_of(void *dev) { return dev; }

static u64 gicr_typer_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	struct vcpu *b = bank_of(dev);
	/* Affinity_Value [63:32] = MPIDR Aff0 = vCPU id; Processor_Number [23:8]; Last [4]. */
	u64 val = ((u64)b->id << 32) | ((u64)b->id << 8) |
		  (b->id == b->dom->nvcpus - 1 ? (1U << 4) : 0);
	(void)v, (void)arg;
	return half_read(val, off, len);
}
static u64 waker_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)arg, (void)off, (void)len;
	return bank_of(dev)->vgic.sleeping ? 0x6 : 0; /* ProcessorSleep, ChildrenAsleep */
}
static void waker_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	(void)v, (void)arg, (void)off, (void)len;
	bank_of(dev)->vgic.sleeping = (val >> 1) & 1;
}

/* SGI_base's per-interrupt registers: the banked INTIDs 0-31 of the frame's vCPU. */
static u64 redist_irq_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v;
	return vgic_irq_read(bank_of(dev), arg, off, len);
}
static void redist_irq_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	(void)v;
	vgic_irq_write(bank_of(dev), arg, off, len, val);
}

#define SGI(reg) (GICR_SGI_BASE + (reg))
static const struct mmio_reg redist_regs[] = {
	/* RD_base (12.10) */
	{GICR_CTLR, 4, MMIO_W32, 0, NULL, NULL}, /* no LPIs, RWP 0 */
	{GICR_IIDR, 4, MMIO_W32, IIDR_V3, vgic_const_read, NULL},
	{GICR_TYPER, 8, MMIO_W32 | MMIO_W64, 0, gicr_typer_read, NULL},
	{GICR_WAKER, 4, MMIO_W32, 0, waker_read, waker_write},
	{GICR_PIDR2, 4, MMIO_W32, PIDR2_GICV3, vgic_const_read, NULL},
	/* SGI_base (12.11), at +64 KiB */
	{SGI(GICD_IGROUPR), 4, MMIO_W32, 0xffffffffU, vgic_const_read, NULL},
	{SGI(GICD_ISENABLER), 4, MMIO_W32, VGIC_ENABLE | VGIC_SET, redist_irq_read,
	 redist_irq_write},
	{SGI(GICD_ICENABLER), 4, MMIO_W32, VGIC_ENABLE, redist_irq_read, redist_irq_write},
	{SGI(GICD_ISPENDR), 4, MMIO_W32, VGIC_PENDING | VGIC_SET, redist_irq_read,
	 redist_irq_write},
	{SGI(GICD_ICPENDR), 4, MMIO_W32, VGIC_PENDING, redist_irq_read, redist_irq_write},
	{SGI(GICD_ISACTIVER), 4, MMIO_W32, VGIC_ACTIVE | VGIC_SET, redist_irq_read,
	 redist_irq_write},
	{SGI(GICD_ICACTIVER), 4, MMIO_W32, VGIC_ACTIVE, redist_irq_read, redist_irq_write},
	{SGI(GICD_IPRIORITYR), 32, MMIO_W8 | MMIO_W32, VGIC_PRIO, redist_irq_read,
	 redist_irq_write},
	{SGI(GICD_ICFGR), 8, MMIO_W32, VGIC_CFG, redist_irq_read, redist_irq_write},
};

const struct mmio_device vgic_v3_redist_dev = {
	.name = "GICv3 redistributor",
	.regs = redist_regs,
	.nregs = ARRAY_SIZE(redist_regs),
	.frame = redist_frame,
	.raz_wi_miss = true,
};

/* ICC_SGI1R_EL1 (12.2.23): TargetList [15:0], Aff1 [23:16], INTID [27:24],
 * Aff2 [39:32], IRM [40], RS [47:44], Aff3 [55:48]. A vCPU's MPIDR has
 * Aff0 = its id and Aff1-3 = 0. */
void vgic_v3_write_sgi1r(struct vcpu *v, u64 val)
{
	u64 all = (1ULL << v->dom->nvcpus) - 1, mask;
	if (val & (1ULL << 40)) /* IRM: every vCPU but the sender */
		mask = all & ~(1ULL << v->id);
	else if ((val & 0x00ff00ff00ff0000ULL) || ((val >> 44) & 0xf))
		mask = 0; /* Aff1-3 and RS select no vCPU: they are all 0 here */
	else
		mask = val & 0xffff & all;
	vgic_send_sgi(v, (u32)(val >> 24) & 0xf, mask);
}

/* ---- list registers (ICH_LR<n>_EL2, 12.4.6) ---- */
#define LR_STATE_PENDING (1ULL << 62)
#define LR_STATE_ACTIVE	 (1ULL << 63)
#define LR_HW		 (1ULL << 61)
#define LR_GROUP1	 (1ULL << 60)
#define LR_EOI		 (1ULL << 41)

static unsigned int v3_nr_lrs(void)
{
	unsigned int n = (unsigned int)(gicv3_arch_ich_read(1) & 0x1f) + 1;
	return n > VGIC_MAX_LRS ? VGIC_MAX_LRS : n;
}

static void v3_write_lr(unsigned int lr, const struct vgic_irq *irq, u32 intid, bool group1,
			bool pending, bool active)
{
	u64 val = intid | ((u64)irq->prio << 48) | (group1 ? LR_GROUP1 : 0) |
		  (pending ? LR_STATE_PENDING : 0) | (active ? LR_STATE_ACTIVE : 0);
	if (irq->hw)
		val |= LR_HW | ((u64)irq->hw_intid << 32);
	else if (!irq->edge)
		val |= LR_EOI;
	gicv3_arch_lr(lr, true, val);
}

static void v3_read_lr(unsigned int lr, bool *pending, bool *active)
{
	u64 val = gicv3_arch_lr(lr, false, 0);
	*pending = val & LR_STATE_PENDING;
	*active = val & LR_STATE_ACTIVE;
}

static void v3_clear_lr(unsigned int lr) { gicv3_arch_lr(lr, true, 0); }

/* ICH_HCR_EL2: En (bit 0), UIE (bit 1). */
static void v3_set_underflow(bool on) { gicv3_arch_ich_write(0, 1 | (on ? 2 : 0)); }

/* ICH_AP0R<n>_EL2 and ICH_AP1R<n>_EL2 exist for n < 2^(PRIbits - 4): 1 with
 * 5 priority bits, 2 with 6, 4 with 7 (12.4.1, 12.4.2). */
static unsigned int v3_nr_aprs(void)
{
	unsigned int pribits = (unsigned int)((gicv3_arch_ich_read(1) >> 29) & 7) + 1;
	return pribits >= 7 ? 4 : pribits == 6 ? 2 : 1;
}

static u32 v3_read_vmcr(void) { return (u32)gicv3_arch_ich_read(7); }

/* ICH_VMCR_EL2: VPMR [31:24], VENG1 [1]: our LRs are group 1 (IHI 0069
 * 12.4.10). */
static bool v3_vmcr_admits(u32 vmcr, u8 prio) { return (vmcr & 2) && prio < (vmcr >> 24); }

/* Every active-priority register of both groups is switched with the vCPU.
 * The alternative, trapping group 0 (ICH_HCR_EL2.TALL0) and making it
 * RAZ/WI, would take an exit on each group-0 access, need an emulation of
 * every ICC_*0 register (IAR0, EOIR0, HPPIR0, BPR0, AP0R<n>) and still
 * leave ICH_AP0R<n> to clear on the way in; switching costs at most 8 more
 * register accesses a switch and keeps the CPU interface as the spec has it.
 * The running priority (ICC_RPR_EL1) is the highest one active in either
 * group, so group 0's bits left on a pCPU would mask the next vCPU's
 * group-1 interrupts. */
static void v3_save(struct vgic_cpu *c)
{
	unsigned int n = v3_nr_aprs();
	c->vmcr = (u32)gicv3_arch_ich_read(7);
	for (unsigned int g = 0; g < 2; g++)
		for (unsigned int i = 0; i < n; i++)
			c->apr[g][i] = (u32)gicv3_arch_apr(g, i, false, 0);
}

static void v3_restore(const struct vgic_cpu *c)
{
	unsigned int n = v3_nr_aprs();
	gicv3_arch_ich_write(7, c->vmcr);
	for (unsigned int g = 0; g < 2; g++)
		for (unsigned int i = 0; i < n; i++)
			gicv3_arch_apr(g, i, true, c->apr[g][i]);
}

static void v3_cpu_enable(void)
{
	for (unsigned int i = 0; i < v3_nr_lrs(); i++)
		v3_clear_lr(i);
	gicv3_arch_ich_write(0, 1);
}

const struct vgic_hw_ops vgic_v3_hw_ops = {
	.version = 3,
	.nr_lrs = v3_nr_lrs,
	.write_lr = v3_write_lr,
	.read_lr = v3_read_lr,
	.clear_lr = v3_clear_lr,
	.set_underflow = v3_set_underflow,
	.read_vmcr = v3_read_vmcr,
	.vmcr_admits = v3_vmcr_admits,
	.save = v3_save,
	.restore = v3_restore,
	.cpu_enable = v3_cpu_enable,
};
