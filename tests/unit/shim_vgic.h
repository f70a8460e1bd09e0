/* What the vGIC (arch/arm/vgic/) calls, on the host, defined in
 * tests/unit/shim_vgic.c (linked into the vGIC's unit test and fuzz
 * targets): the list registers of a fake GICv2 GICH page (shim_gich, which
 * vgic_init() maps through mmu_map_device()) and fake GICv3 ICH_*_EL2
 * registers behind the arch hooks of tests/unit/host-arch/arch/gicv3.h
 * (shim_ich_*), both with SHIM_NR_LRS list registers; the irq layer, stage
 * 2 and vcpu_kick(), which record their calls. Include it after
 * <bulkhead/domain.h> and <bulkhead/hostdt.h>, with tests/unit/host-arch
 * before arch/arm64/include in the include path. The shims check
 * (SHIM_CHECK, shim_check.h; a cmocka assertion when built with
 * -DSHIM_CHECK_CMOCKA) that the calls concern shim_vgic_dom, and that the
 * vGIC deactivates only physical interrupts linked to one of its vCPUs' or
 * SPIs. */
#ifndef UNIT_SHIM_VGIC_H
#define UNIT_SHIM_VGIC_H

#define SHIM_NR_LRS 4

extern struct domain shim_vgic_dom;
extern u32 shim_gich[0x200 / 4]; /* GICH: HCR 0x0, VTR 0x4, VMCR 0x8, APR 0xf0, LR 0x100 */
extern u64 shim_ich_hcr, shim_ich_vmcr, shim_ich_lr[16], shim_ich_apr[2][4];
/* ICH_VTR_EL2.PRIbits + 1: how many ICH_AP<g>R<n>_EL2 there are (5: one each) */
extern unsigned int shim_ich_pribits;
extern unsigned int shim_kicks, shim_deactivations, shim_gicc_maps;
extern u32 shim_deactivated; /* the last INTID irq_deactivate() got */

/* Every fake register and count back to its reset value. */
void shim_vgic_hw_reset(void);

/* A saved VMCR with the group our list registers use enabled and the
 * weakest priority mask (GICv2 has 5 bits: priority 0xf8 stays masked). */
static inline u32 shim_vgic_open_vmcr(int version)
{
	return version == 2 ? (0x1fU << 27) | 1 : (0xffU << 24) | 2;
}

/* The host GIC vgic_init() is given: version 2 or 3, GICH at shim_gich. */
static inline struct host_gic shim_vgic_host(int version)
{
	struct host_gic g = {.version = version, .maint_irq = 25};
	g.hyp = (struct mem_range){(uintptr_t)shim_gich, sizeof(shim_gich)};
	g.vcpu = (struct mem_range){0x2c000000, GUEST_GICC_SIZE};
	return g;
}

#endif
