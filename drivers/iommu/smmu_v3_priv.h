/* The SMMUv3 driver's state of one SMMU (smmu_v3.c, smmu_v3_s1.c). */
#ifndef DRIVERS_IOMMU_SMMU_V3_PRIV_H
#define DRIVERS_IOMMU_SMMU_V3_PRIV_H

#include <arch/lpae.h>
#include "smmu_v3.h"

/* A stage-1 context of one domain (SMMUs without stage 2). */
struct smmu3_s1 {
	const struct iommu_domain *dom;
	u64 *cd;
	u64 cd_pa;
	struct lpae_map map;
};

struct smmu3 {
	bool stage2, two_level, cmdq_failed;
	unsigned int oas, sid_bits;
	u64 *strtab; /* linear STEs, or 2-level L1 descriptors */
	u64 strtab_pa;
	u64 *cmdq, *evtq;
	u64 cmdq_pa, evtq_pa;
	unsigned int cmdq_log2, evtq_log2;
	u32 cmdq_prod, evtq_cons, evtq_ovack;
	struct smmu3_s1 s1[CONFIG_MAX_DOMAINS];
};

/* dom's context descriptor on an SMMU without stage 2, made on first use
 * and kept (a restarted domain has the same RAM). */
int smmu3_s1_context(const struct iommu *mmu, struct smmu3 *s, const struct iommu_domain *dom,
		     u64 *cd_pa);

#endif
