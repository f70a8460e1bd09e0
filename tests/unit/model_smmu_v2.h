/* A register-level model of an SMMUv1/v2, written from IHI0062 (SMMU
 * architecture version 2.0) for tests/unit/test_smmu_v2.c: GR0 (sCR0, the
 * ID registers, global fault status, TLB maintenance and sync, SMRs and
 * S2CRs), GR1 (CBARs, CBA2Rs, CBFRSYNRAs) and the translation context banks;
 * a DMA access goes through stream matching and the bank's stage-2 walk as
 * in the specification, recording global and context faults. */
#ifndef UNIT_MODEL_SMMU_V2_H
#define UNIT_MODEL_SMMU_V2_H

#include <bulkhead/types.h>

#define M2_MAX 128

struct model2_cb {
	u32 sctlr, tcr, fsr, fsynr0;
	u64 ttbr0, far;
};

struct model2 {
	u32 idr0, idr1, idr2, scr0;
	u32 gfsr, gfsynr0, gfsynr1;
	u64 gfar;
	u32 smr[M2_MAX], s2cr[M2_MAX], cbar[M2_MAX], cba2r[M2_MAX], cbfrsynra[M2_MAX];
	struct model2_cb cb[M2_MAX];
	bool stuck; /* a TLB sync never completes */
	u32 tlbi_vmid[64];
	unsigned int ntlbi_vmid, ntlbi_all, nsync;
};

extern struct model2 m2;

/* nsmr SMRs, ncb context banks, sid_bits-bit stream IDs, 4 KiB pages,
 * 16 pages of global space (context bank 0 at 64 KiB). */
void model2_reset(unsigned int nsmr, unsigned int ncb, unsigned int sid_bits);
/* A DMA access by stream sid: 0 and *pa, or -1 with the fault recorded. */
int model2_dma(u32 sid, u64 addr, bool write, u64 *pa);

#endif
