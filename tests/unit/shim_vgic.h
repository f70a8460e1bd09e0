/* What the vGIC (arch/arm/vgic/) calls, on the host: the list registers of
 * a fake GICv2 GICH page (shim_gich, which vgic_init() maps through the
 * mmu_map_device() below) and fake GICv3 ICH_*_EL2 registers behind the arch
 * hooks of tests/unit/host-arch/arch/gicv3.h (shim_ich_*), both with
 * SHIM_NR_LRS list registers; the irq layer, stage 2 and vcpu_kick(), which
 * record their calls. Include it in one file of a program, after
 * <bulkhead/domain.h>, <bulkhead/guest_layout.h>, <bulkhead/hostdt.h>,
 * <bulkhead/irq.h> and <arch/vgic.h>, with
 * tests/unit/host-arch before arch/arm64/include in the include path.
 * SHIM_CHECK(cond) (default: abort() unless cond) checks that the calls
 * concern shim_vgic_dom, and that the vGIC deactivates only physical
 * interrupts linked to one of its vCPUs' or SPIs. */
#ifndef UNIT_SHIM_VGIC_H
#define UNIT_SHIM_VGIC_H

#include <string.h>

#include "shim_check.h"

#define SHIM_NR_LRS 4

static struct domain shim_vgic_dom;
static u32 shim_gich[0x200 / 4]; /* GICH: HCR 0x0, VTR 0x4, VMCR 0x8, APR 0xf0, LR 0x100 */
static u64 shim_ich_hcr, shim_ich_vmcr, shim_ich_lr[16], shim_ich_apr[2][4];
/* ICH_VTR_EL2.PRIbits + 1: how many ICH_AP<g>R<n>_EL2 there are (5: one each) */
static unsigned int shim_ich_pribits = 5;
static unsigned int shim_kicks, shim_deactivations, shim_gicc_maps;
static u32 shim_deactivated; /* the last INTID irq_deactivate() got */

static inline void shim_vgic_hw_reset(void)
{
	memset(shim_gich, 0, sizeof(shim_gich));
	shim_gich[0x4 / 4] = SHIM_NR_LRS - 1; /* GICH_VTR.ListRegs */
	shim_ich_hcr = shim_ich_vmcr = 0;
	memset(shim_ich_lr, 0, sizeof(shim_ich_lr));
	memset(shim_ich_apr, 0, sizeof(shim_ich_apr));
	shim_ich_pribits = 5;
	shim_kicks = shim_deactivations = shim_gicc_maps = 0;
	shim_deactivated = 0;
}

/* ICH_VTR_EL2: ListRegs [4:0], PRIbits [31:29] = shim_ich_pribits - 1. */
u64 gicv3_arch_ich_read(unsigned int reg)
{
	switch (reg) {
	case 0: return shim_ich_hcr;
	case 1: return ((u64)(shim_ich_pribits - 1) << 29) | (SHIM_NR_LRS - 1);
	case 7: return shim_ich_vmcr;
	default: SHIM_CHECK(false); return 0;
	}
}

void gicv3_arch_ich_write(unsigned int reg, u64 v)
{
	SHIM_CHECK(reg == 0 || reg == 7);
	if (reg == 0)
		shim_ich_hcr = v;
	else
		shim_ich_vmcr = v;
}

u64 gicv3_arch_lr(unsigned int n, bool write, u64 val)
{
	SHIM_CHECK(n < SHIM_NR_LRS);
	if (write)
		shim_ich_lr[n] = val;
	return shim_ich_lr[n];
}

/* ICH_AP0R<n>_EL2 (group 0) and ICH_AP1R<n>_EL2 (group 1): only those that
 * shim_ich_pribits gives exist (n < 2^(PRIbits - 4), IHI 0069 12.4.1). */
u64 gicv3_arch_apr(unsigned int group, unsigned int n, bool write, u64 val)
{
	SHIM_CHECK(group < 2 && n < (shim_ich_pribits >= 7 ? 4U : shim_ich_pribits == 6 ? 2U : 1U));
	if (write)
		shim_ich_apr[group][n] = val;
	return shim_ich_apr[group][n];
}

int mmu_map_device(paddr_t pa, u64 size)
{
	SHIM_CHECK(pa == (uintptr_t)shim_gich && size == sizeof(shim_gich));
	return 0;
}

/* vgic_domain_init() maps the hardware's GICV at the guest's GICC (GICv2). */
int lpae_map_range(const struct lpae_map *m, u64 va, u64 pa, u64 size, u64 attrs)
{
	SHIM_CHECK(m == &shim_vgic_dom.s2 && va == GUEST_GICC_BASE && size == GUEST_GICC_SIZE);
	(void)pa, (void)attrs;
	shim_gicc_maps++;
	return 0;
}

void irq_set_local_handler(u32 intid, irq_handler_fn fn) { (void)intid, (void)fn; }
void irq_enable_local(u32 intid) { (void)intid; }

void irq_deactivate(u32 intid)
{
	bool linked = false;
	for (unsigned int i = 0; i < shim_vgic_dom.nvcpus; i++)
		for (unsigned int j = 16; j < 32; j++)
			linked |= shim_vgic_dom.vcpus[i].vgic.priv[j].hw &&
				  shim_vgic_dom.vcpus[i].vgic.priv[j].hw_intid == intid;
	for (unsigned int j = 0; j < VGIC_NR_SPIS; j++)
		linked |=
			shim_vgic_dom.vgic.spi[j].hw && shim_vgic_dom.vgic.spi[j].hw_intid == intid;
	SHIM_CHECK(linked);
	shim_deactivated = intid;
	shim_deactivations++;
}

void vcpu_kick(struct vcpu *v)
{
	SHIM_CHECK(v >= shim_vgic_dom.vcpus && v < shim_vgic_dom.vcpus + shim_vgic_dom.nvcpus);
	shim_kicks++;
}

/* The host GIC vgic_init() is given: version 2 or 3, GICH at shim_gich. */
/* No vCPU is loaded on the host: the vGIC reads a vCPU's saved VMCR. */
struct vcpu *vcpu_current(void) { return NULL; }

/* A saved VMCR with the group our list registers use enabled and the
 * weakest priority mask (GICv2 has 5 bits: priority 0xf8 stays masked). */
static inline u32 shim_vgic_open_vmcr(int version)
{
	return version == 2 ? (0x1fU << 27) | 1 : (0xffU << 24) | 2;
}

static inline struct host_gic shim_vgic_host(int version)
{
	struct host_gic g = {.version = version, .maint_irq = 25};
	g.hyp = (struct mem_range){(uintptr_t)shim_gich, sizeof(shim_gich)};
	g.vcpu = (struct mem_range){0x2c000000, GUEST_GICC_SIZE};
	return g;
}

#endif
