/* The host stand-ins that the vGIC calls: see shim_vgic.h. */
#ifdef SHIM_CHECK_CMOCKA /* in a unit test (unit.mk): a broken check fails it */
#include "unit.h"
#define SHIM_CHECK(cond) assert_true(cond)
#endif
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/hostdt.h>
#include <bulkhead/irq.h>
#include <bulkhead/mmu.h>
#include <arch/gicv3.h>
#include <arch/lpae.h>
#include <arch/vgic.h>
#include "shim_check.h"
#include "shim_vgic.h"

struct domain shim_vgic_dom;
u32 shim_gich[0x200 / 4];
u64 shim_ich_hcr, shim_ich_vmcr, shim_ich_lr[16], shim_ich_apr[2][4];
unsigned int shim_ich_pribits = 5;
unsigned int shim_kicks, shim_deactivations, shim_gicc_maps;
u32 shim_deactivated;

void shim_vgic_hw_reset(void)
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

/* No vCPU is loaded on the host: the vGIC reads a vCPU's saved VMCR. */
struct vcpu *vcpu_current(void) { return NULL; }
