/* Stage-1 contexts for an SMMUv3 without stage 2 (IDR0.S2P = 0, QEMU 7.2's
 * model): per domain one context descriptor (IHI0070 5.4) and a stage-1
 * table mapping the domain's RAM IPA -> PA, read/write, never executable.
 * The table mirrors the RAM part of the domain's stage 2, which for a
 * domain with DMA devices is mapped in full at build and the same after a
 * restart, so it never has to change. Devices it owns reach nothing else:
 * not other domains, not the hypervisor, not MMIO. */
#include <bulkhead/log.h>
#include "iommu_io.h"
#include "smmu_v3_priv.h"

static u64 *table_page(void *ctx)
{
	u64 pa;
	(void)ctx;
	return iommu_alloc(4096, 4096, &pa);
}

int smmu3_s1_context(const struct iommu *mmu, struct smmu3 *s, const struct iommu_domain *dom,
		     u64 *cd_pa)
{
	struct smmu3_s1 *c = NULL;

	for (unsigned int i = 0; i < CONFIG_MAX_DOMAINS; i++) {
		if (s->s1[i].dom == dom) {
			*cd_pa = s->s1[i].cd_pa;
			return 0;
		}
		if (!c && !s->s1[i].dom)
			c = &s->s1[i];
	}
	if (!c)
		return -E_NOMEM;
	/* Level 1 start, as the domain's stage 2 (39-bit input, VTCR T0SZ). */
	c->map = (struct lpae_map){table_page(NULL), 1, table_page, NULL};
	c->cd = iommu_alloc(CD_BYTES, 64, &c->cd_pa);
	if (!c->map.root || !c->cd ||
	    lpae_map_range(&c->map, dom->ram_ipa, dom->ram_pa, dom->ram_size, LPAE_PROT_RW)) {
		log_err("%s: domain %s: no memory for its stage-1 context", mmu->name, dom->name);
		return -E_NOMEM;
	}
	smmu3_cd(c->cd, dom, (u64)(uintptr_t)c->map.root, s->oas);
	c->dom = dom;
	*cd_pa = c->cd_pa;
	return 0;
}
