/* Per-interrupt register helpers shared by the GICv2 distributor, the GICv3
 * distributor and the GICv3 redistributor tables: one bit (enable, pending,
 * active), eight bits (priority) or two bits (configuration) per interrupt,
 * as laid out in IHI 0069 12.9 / IHI 0048B 4.3. */
#include <bulkhead/domain.h>
#include <arch/vgic.h>

static bool *field(struct vgic_irq *irq, enum vgic_field f)
{
	return f == VGIC_ENABLE ? &irq->enabled : f == VGIC_PENDING ? &irq->pending : &irq->active;
}

u64 vgic_mmio_read_bits(struct vcpu *bank, u32 first, unsigned int len, enum vgic_field f)
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
void vgic_mmio_write_bits(struct vcpu *bank, u32 first, unsigned int len, u64 val,
			  enum vgic_field f, bool set)
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

u64 vgic_mmio_read_prio(struct vcpu *bank, u32 first, unsigned int len)
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

void vgic_mmio_write_prio(struct vcpu *bank, u32 first, unsigned int len, u64 val)
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

u64 vgic_mmio_read_cfg(struct vcpu *bank, u32 first, unsigned int len)
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

void vgic_mmio_write_cfg(struct vcpu *bank, u32 first, unsigned int len, u64 val)
{
	spin_lock(&bank->dom->vgic.lock);
	for (u32 i = 0; i < len * 4; i++) {
		struct vgic_irq *irq = vgic_get_irq(bank, first + i);
		if (irq && first + i >= 16) /* SGIs are always edge (4.3.13) */
			irq->edge = (val >> (2 * i + 1)) & 1;
	}
	spin_unlock(&bank->dom->vgic.lock);
}

/*
 * Distributor per-interrupt registers, one set of handlers for the GICv2 and
 * GICv3 tables (dev is the domain). With affinity routing (GICv3) the
 * distributor's private INTIDs 0-31 are RAZ/WI: they live in the
 * redistributors (IHI 0069 12.9). GICv2 SGIs cannot be disabled (IHI 0048B 4.3.5).
 */
static bool dist_private_hidden(const struct vcpu *v, u32 first)
{
	return v->dom->vgic.version == 3 && first < 32;
}

#define DIST_BITS(name, f, set)                                                                    \
	u64 vgic_dist_rd_##name(struct vcpu *v, void *dev, u32 off, unsigned int len)              \
	{                                                                                          \
		(void)dev;                                                                         \
		return dist_private_hidden(v, off * 8) ? 0                                         \
						       : vgic_mmio_read_bits(v, off * 8, len, f);  \
	}                                                                                          \
	void vgic_dist_wr_##name(struct vcpu *v, void *dev, u32 off, unsigned int len, u64 val)    \
	{                                                                                          \
		(void)dev;                                                                         \
		if (dist_private_hidden(v, off * 8))                                               \
			return;                                                                    \
		if ((f) == VGIC_ENABLE && !(set) && off == 0)                                      \
			val &= ~0xffffULL;                                                         \
		vgic_mmio_write_bits(v, off * 8, len, val, f, set);                                \
	}
DIST_BITS(isenabler, VGIC_ENABLE, true)
DIST_BITS(icenabler, VGIC_ENABLE, false)
DIST_BITS(ispendr, VGIC_PENDING, true)
DIST_BITS(icpendr, VGIC_PENDING, false)
DIST_BITS(isactiver, VGIC_ACTIVE, true)
DIST_BITS(icactiver, VGIC_ACTIVE, false)

u64 vgic_dist_rd_prio(struct vcpu *v, void *dev, u32 off, unsigned int len)
{
	(void)dev;
	return dist_private_hidden(v, off) ? 0 : vgic_mmio_read_prio(v, off, len);
}

void vgic_dist_wr_prio(struct vcpu *v, void *dev, u32 off, unsigned int len, u64 val)
{
	(void)dev;
	if (!dist_private_hidden(v, off))
		vgic_mmio_write_prio(v, off, len, val);
}

u64 vgic_dist_rd_cfg(struct vcpu *v, void *dev, u32 off, unsigned int len)
{
	(void)dev;
	return dist_private_hidden(v, off * 4) ? 0 : vgic_mmio_read_cfg(v, off * 4, len);
}

void vgic_dist_wr_cfg(struct vcpu *v, void *dev, u32 off, unsigned int len, u64 val)
{
	(void)dev;
	if (!dist_private_hidden(v, off * 4))
		vgic_mmio_write_cfg(v, off * 4, len, val);
}
