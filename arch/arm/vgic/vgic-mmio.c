/* Register handlers shared by the GICv2 distributor, the GICv3 distributor
 * and the GICv3 redistributor tables, the per-interrupt ones serving a row
 * each through the row's arg (enum vgic_field): one bit (enable, pending,
 * active), eight bits (priority) or two bits (configuration) per interrupt,
 * as laid out in IHI 0069 12.9 / IHI 0048B 4.3. */
#include <bulkhead/domain.h>
#include <arch/vgic.h>

static bool *field(struct vgic_irq *irq, u32 f)
{
	return f == VGIC_ENABLE ? &irq->enabled : f == VGIC_PENDING ? &irq->pending : &irq->active;
}

static u64 read_bits(struct vcpu *bank, u32 first, unsigned int len, u32 f)
{
	u64 val = 0;
	spin_lock(&bank->dom->vgic.lock);
	for (u32 i = 0; i < len * 8; i++) {
		struct vgic_irq *irq = vgic_get_irq(bank, first + i);
		bool bit = irq && *field(irq, f);
		if (irq && f == VGIC_PENDING && !irq->edge && !irq->hw)
			bit = bit || irq->level;
		val |= (u64)bit << i;
	}
	spin_unlock(&bank->dom->vgic.lock);
	return val;
}

/*
 * ISPENDR and ISACTIVER writes to an interrupt linked to a
 * physical one (a passthrough SPI, the vtimer PPI) are ignored. Its list
 * register carries the HW bit, so the guest's deactivation deactivates the
 * physical interrupt too (IHI 0069 ICH_LR<n>_EL2.HW, IHI 0048B GICH_LR.HW):
 * a pending or active state made by a register write would have it deactivate
 * a physical interrupt that is not active, or one that fired meanwhile and
 * that the hypervisor has not handed over yet (phys_active). Forwarding the write to the
 * physical distributor instead would make the hypervisor keep hardware state
 * for the guest: a vtimer PPI made pending on a pCPU would fire for whichever
 * vCPU runs there next, and a passthrough SPI's pending state would outlive a
 * domain restart. No guest needs it: these states come from the device.
 * Clearing writes (ICPENDR, ICACTIVER) stay: drop_orphaned_hw deactivates the
 * physical one the guest no longer will.
 */
static void write_bits(struct vcpu *bank, u32 first, unsigned int len, u64 val, u32 f, bool set)
{
	spin_lock(&bank->dom->vgic.lock);
	for (u32 i = 0; i < len * 8; i++) {
		struct vgic_irq *irq = vgic_get_irq(bank, first + i);
		if (irq && irq->hw && set && f != VGIC_ENABLE)
			continue; /* refused, as said above */
		if (irq && (val >> i) & 1) {
			*field(irq, f) = set;
			if (f == VGIC_PENDING)
				irq->repend = set;
			if (set && first + i < 32)
				vgic_hint_priv(&bank->vgic, first + i);
			else if (set)
				vgic_hint(&bank->dom->vgic, first + i);
		}
	}
	spin_unlock(&bank->dom->vgic.lock);
	if (!set || f == VGIC_ACTIVE)
		return;
	for (u32 i = 0; i < len * 8 && first + i < VGIC_NR_IRQS; i++)
		if ((val >> i) & 1)
			vgic_kick_irq(bank, first + i);
}

static u64 read_prio(struct vcpu *bank, u32 first, unsigned int len)
{
	u64 val = 0;
	spin_lock(&bank->dom->vgic.lock);
	for (u32 i = 0; i < len; i++) {
		struct vgic_irq *irq = vgic_get_irq(bank, first + i);
		val |= (u64)(irq ? irq->prio : 0) << (8 * i);
	}
	spin_unlock(&bank->dom->vgic.lock);
	return val;
}

static void write_prio(struct vcpu *bank, u32 first, unsigned int len, u64 val)
{
	u32 waiting = 0; /* pending and enabled: a higher priority may let one
			    through a sleeping vCPU's priority mask */
	spin_lock(&bank->dom->vgic.lock);
	for (u32 i = 0; i < len; i++) {
		struct vgic_irq *irq = vgic_get_irq(bank, first + i);
		if (!irq)
			continue;
		irq->prio = (u8)(val >> (8 * i)) & 0xf8; /* 5 priority bits */
		if (irq->enabled && (irq->pending || irq->level))
			waiting |= 1U << i;
	}
	spin_unlock(&bank->dom->vgic.lock);
	for (u32 i = 0; i < len; i++)
		if (waiting & (1U << i))
			vgic_kick_irq(bank, first + i);
}

static u64 read_cfg(struct vcpu *bank, u32 first, unsigned int len)
{
	u64 val = 0;
	spin_lock(&bank->dom->vgic.lock);
	for (u32 i = 0; i < len * 4; i++) {
		struct vgic_irq *irq = vgic_get_irq(bank, first + i);
		val |= (u64)(irq && irq->edge ? 2 : 0) << (2 * i);
	}
	spin_unlock(&bank->dom->vgic.lock);
	return val;
}

static void write_cfg(struct vcpu *bank, u32 first, unsigned int len, u64 val)
{
	spin_lock(&bank->dom->vgic.lock);
	for (u32 i = 0; i < len * 4; i++) {
		struct vgic_irq *irq = vgic_get_irq(bank, first + i);
		if (irq && first + i >= 16) /* SGIs are always edge (4.3.13) */
			irq->edge = (val >> (2 * i + 1)) & 1;
	}
	spin_unlock(&bank->dom->vgic.lock);
}

/* Bits per interrupt of a field's registers; off * 8 / that is the first INTID. */
static u32 bits_per_irq(u32 arg)
{
	u32 f = arg & ~VGIC_SET;
	return f == VGIC_PRIO ? 8 : f == VGIC_CFG ? 2 : 1;
}

u64 vgic_irq_read(struct vcpu *bank, u32 arg, u32 off, unsigned int len)
{
	u32 f = arg & ~VGIC_SET, first = off * 8 / bits_per_irq(arg);
	if (f == VGIC_PRIO)
		return read_prio(bank, first, len);
	return f == VGIC_CFG ? read_cfg(bank, first, len) : read_bits(bank, first, len, f);
}

void vgic_irq_write(struct vcpu *bank, u32 arg, u32 off, unsigned int len, u64 val)
{
	u32 f = arg & ~VGIC_SET, first = off * 8 / bits_per_irq(arg);
	if (f == VGIC_PRIO)
		write_prio(bank, first, len, val);
	else if (f == VGIC_CFG)
		write_cfg(bank, first, len, val);
	else
		write_bits(bank, first, len, val, f, arg & VGIC_SET);
}

/*
 * Distributor per-interrupt registers, one pair of handlers for the rows of
 * the GICv2 and GICv3 tables (dev is the domain). With affinity routing
 * (GICv3) the distributor's private INTIDs 0-31 are RAZ/WI: they live in the
 * redistributors (IHI 0069 12.9). GICv2 SGIs cannot be disabled (IHI 0048B
 * 4.3.5).
 */
static bool dist_private_hidden(const struct vcpu *v, u32 arg, u32 off)
{
	return v->dom->vgic.version == 3 && off * 8 / bits_per_irq(arg) < 32;
}

u64 vgic_dist_irq_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)dev;
	return dist_private_hidden(v, arg, off) ? 0 : vgic_irq_read(v, arg, off, len);
}

void vgic_dist_irq_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	(void)dev;
	if (dist_private_hidden(v, arg, off))
		return;
	if (arg == VGIC_ENABLE && off == 0) /* ICENABLER0: the SGIs stay enabled */
		val &= ~0xffffULL;
	vgic_irq_write(v, arg, off, len, val);
}

u64 vgic_const_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)dev, (void)off, (void)len;
	return arg;
}
