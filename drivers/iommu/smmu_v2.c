/*
 * Arm SMMUv1/v2 driver (IHI0062; registers in smmu_v2.h). Stream matching:
 * a domain's stream ranges become Stream Match Registers (an aligned
 * power-of-two block each, ID and MASK) whose S2CR sends them to the
 * domain's one context bank; that bank is a stage-2 context (CBAR TYPE 0)
 * with the domain's VMID, walking the domain's own stage-2 tables (CB_TTBR0)
 * with VTCR_EL2's attributes (CB_TCR). Streams that match no SMR fault
 * (sCR0.USFCFG). Global faults (sGFSR) and context faults (CB_FSR) are read
 * by the poll and reported naming the domain.
 *
 * SMMUv1 (arm,smmu-v1, arm,mmu-400, arm,mmu-401) has only the VMSAv7 long
 * descriptor format: the same tables (39-bit input, level 1 start) with the
 * AArch32 VTCR encoding in CB_TCR and no CBA2R; RAM must lie below 1 TiB.
 *
 * Not tested on hardware: QEMU has no SMMUv1/v2. tests/unit/test_smmu_v2.c
 * runs this file against a register-level model written from IHI0062.
 */
#include <libfdt.h>
#include <bulkhead/driver.h>
#include <bulkhead/dt.h>
#include <bulkhead/log.h>
#include <bulkhead/log_limit.h>
#include "iommu_io.h"
#include "smmu_v2.h"

struct smmu2 {
	bool v1;
	u64 page, cb_base; /* register page size; where context bank 0 starts */
	unsigned int nsmr, ncb, oas, sid_bits;
	u32 id_mask;
	const struct iommu_domain *smr_dom[SMMU2_MAX_SMR];
	const struct iommu_domain *cb_dom[SMMU2_MAX_CB];
};

static struct smmu2 *priv(const struct iommu *mmu) { return mmu->priv; }
static u64 gr1(const struct smmu2 *s, u64 off) { return s->page + off; }
static u64 cb(const struct smmu2 *s, unsigned int n, u64 off)
{
	return s->cb_base + n * s->page + off;
}

/* sTLBGSYNC, then sTLBGSTATUS.GSACTIVE clears when every invalidation
 * before it has completed. */
static int tlb_sync(const struct iommu *mmu)
{
	iommu_wr32(mmu, SMMU2_STLBGSYNC, 0);
	for (unsigned int i = 0; i < IOMMU_POLL_TRIES; i++)
		if (!(iommu_rd32(mmu, SMMU2_STLBGSTATUS) & TLBGSTATUS_GSACTIVE))
			return 0;
	log_err("%s: TLB sync not completed after %u polls (sTLBGSTATUS.GSACTIVE)", mmu->name,
		IOMMU_POLL_TRIES);
	return -E_TIMEOUT;
}

static const char *check_ids(const struct iommu *mmu, const void *fdt, int node, struct smmu2 *s)
{
	u32 id0 = iommu_rd32(mmu, SMMU2_SIDR0), id1 = iommu_rd32(mmu, SMMU2_SIDR1);
	u32 id2 = iommu_rd32(mmu, SMMU2_SIDR2);

	s->v1 = dt_compatible(fdt, node, "arm,smmu-v1") ||
		dt_compatible(fdt, node, "arm,mmu-400") || dt_compatible(fdt, node, "arm,mmu-401");
	s->page = id1 & SIDR1_PAGESIZE ? 0x10000 : 0x1000;
	s->cb_base = s->page << (SIDR1_NUMPAGENDXB(id1) + 1);
	s->nsmr = MIN(SIDR0_NUMSMRG(id0), SMMU2_MAX_SMR);
	s->ncb = MIN(SIDR1_NUMCB(id1), SMMU2_MAX_CB);
	s->sid_bits = MIN(SIDR0_NUMSIDB(id0), 15U);
	s->id_mask = (1U << s->sid_bits) - 1;
	s->oas = SIDR2_OAS(id2);
	if (mmu->size < 2 * s->cb_base)
		return "reg: the window is smaller than sIDR1 describes";
	if (!fdt_getprop(fdt, node, "dma-coherent", NULL) || !(id0 & SIDR0_CTTW))
		return "its table walks are not coherent (no dma-coherent, or sIDR0.CTTW = 0)";
	if (!(id0 & SIDR0_S2TS))
		return "no stage 2 (sIDR0.S2TS)";
	if (!(id0 & SIDR0_SMS))
		return "stream indexing, not matching (sIDR0.SMS = 0)";
	if (!s->v1 && !(id2 & SIDR2_PTFS_4K))
		return "no AArch64 4 KiB granule (sIDR2.PTFS_v8_4kB)";
	if (!s->nsmr || !s->ncb)
		return "no stream match register or context bank";
	return NULL;
}

/* Everything faults, no bank translates, the TLBs are empty, then the
 * clients are let in (sCR0.CLIENTPD = 0) with unmatched streams faulting. */
static int smmu2_probe(struct iommu *mmu, const void *fdt, int node)
{
	u64 pa;
	struct smmu2 *s = iommu_alloc(sizeof(*s), 8, &pa);
	const char *why;

	if (!s)
		return -E_NOMEM;
	mmu->priv = s;
	why = check_ids(mmu, fdt, node, s);
	if (why) {
		log_err("%s: %s", mmu->name, why);
		return -E_NOSUPP;
	}
	iommu_wr32(mmu, SMMU2_SGFSR, iommu_rd32(mmu, SMMU2_SGFSR));
	for (unsigned int i = 0; i < s->nsmr; i++) {
		iommu_wr32(mmu, SMMU2_SMR(i), 0);
		iommu_wr32(mmu, SMMU2_S2CR(i), S2CR_TYPE_FAULT);
	}
	for (unsigned int i = 0; i < s->ncb; i++) {
		iommu_wr32(mmu, cb(s, i, SMMU2_CB_SCTLR), 0);
		iommu_wr32(mmu, cb(s, i, SMMU2_CB_FSR), iommu_rd32(mmu, cb(s, i, SMMU2_CB_FSR)));
	}
	iommu_wr32(mmu, SMMU2_TLBIALLNSNH, 0);
	if (tlb_sync(mmu))
		return -E_TIMEOUT;
	iommu_wr32(mmu, SMMU2_SCR0,
		   SCR0_GFRE | SCR0_GFIE | SCR0_GCFGFRE | SCR0_GCFGFIE | SCR0_USFCFG | SCR0_PTM);
	log_info("%s: SMMU%s, %u stream match registers, %u context banks; unmatched streams "
		 "fault",
		 mmu->name, s->v1 ? "v1" : "v2", s->nsmr, s->ncb);
	return 0;
}

/* CB_TCR for a stage-2 bank: with CBA2R.VA64 (v2) the VTCR_EL2 layout,
 * PASize capped at the SMMU's OAS; on v1 the AArch32 VTCR layout, whose
 * 4-bit signed T0SZ gives 32 - T0SZ input bits (39: -7, S = 1). */
static u32 cb_tcr(const struct smmu2 *s, const struct iommu_domain *dom)
{
	u64 ps = MIN((dom->vtcr >> 16) & 7, (u64)s->oas);

	if (s->v1)
		return (u32)((dom->vtcr & 0x3fc0) | (u64)((32 - (64 - (dom->vtcr & 0x3f))) & 0xf) |
			     1U << 4);
	return (u32)((dom->vtcr & 0xffff) | ps << 16);
}

static int free_cb(const struct smmu2 *s, const struct iommu_domain *dom)
{
	int spare = -1;
	for (unsigned int i = 0; i < s->ncb; i++) {
		if (s->cb_dom[i] == dom)
			return (int)i;
		if (spare < 0 && !s->cb_dom[i])
			spare = (int)i;
	}
	return spare;
}

static void bank_setup(const struct iommu *mmu, struct smmu2 *s, unsigned int n,
		       const struct iommu_domain *dom)
{
	iommu_wr32(mmu, cb(s, n, SMMU2_CB_SCTLR), 0);
	iommu_wr32(mmu, gr1(s, SMMU2_CBAR(n)), dom->vmid & 0xff); /* TYPE 0: stage 2 */
	if (!s->v1)
		iommu_wr32(mmu, gr1(s, SMMU2_CBA2R(n)), CBA2R_VA64);
	iommu_wr32(mmu, cb(s, n, SMMU2_CB_TCR), cb_tcr(s, dom));
	iommu_wr64(mmu, cb(s, n, SMMU2_CB_TTBR0), dom->s2_root);
	iommu_wr32(mmu, cb(s, n, SMMU2_CB_SCTLR), CB_SCTLR_M | CB_SCTLR_CFRE | CB_SCTLR_CFIE);
	s->cb_dom[n] = dom;
}

/* One SMR per aligned power-of-two block of [sid, sid + count). */
static int match_streams(const struct iommu *mmu, struct smmu2 *s, unsigned int n,
			 const struct iommu_domain *dom, u32 sid, u32 count)
{
	while (count) {
		u32 block = sid ? sid & (~sid + 1) : 1U << 31; /* lowest set bit */
		unsigned int i;

		while (block > count)
			block >>= 1;
		for (i = 0; i < s->nsmr && s->smr_dom[i]; i++)
			;
		if (i == s->nsmr) {
			log_err("%s: domain %s: out of stream match registers", mmu->name,
				dom->name);
			return -E_NOMEM;
		}
		s->smr_dom[i] = dom;
		iommu_wr32(mmu, SMMU2_S2CR(i), n); /* TYPE 0: translate with bank n */
		iommu_wr32(mmu, SMMU2_SMR(i),
			   SMR_VALID | (block - 1) << SMR_MASK_SHIFT | (sid & s->id_mask));
		sid += block;
		count -= block;
	}
	return 0;
}

static int smmu2_attach(struct iommu *mmu, const struct iommu_domain *dom, u32 sid, u32 count)
{
	struct smmu2 *s = priv(mmu);
	int n = free_cb(s, dom);

	if (sid + (u64)count - 1 > s->id_mask) {
		log_err("%s: stream IDs 0x%x+%u: wider than its %u-bit IDs", mmu->name, sid, count,
			s->sid_bits);
		return -E_RANGE;
	}
	if (s->v1 && dom->ram_pa + dom->ram_size > 1ULL << 40) {
		log_err("%s: domain %s: RAM above 1 TiB is out of an SMMUv1's reach", mmu->name,
			dom->name);
		return -E_RANGE;
	}
	if (n < 0) {
		log_err("%s: domain %s: no free context bank", mmu->name, dom->name);
		return -E_NOMEM;
	}
	/* Bound before the hardware is touched, so that detaching the domain
	 * (undo of a failed build too) finds it. */
	if (iommu_bind(mmu, dom, sid, count)) {
		log_err("%s: domain %s: more than %u stream ranges on this SMMU", mmu->name,
			dom->name, IOMMU_MAX_BINDING);
		return -E_NOMEM;
	}
	if (s->cb_dom[n] != dom) {
		bank_setup(mmu, s, (unsigned int)n, dom);
		iommu_wr32(mmu, SMMU2_TLBIVMID, dom->vmid & 0xff);
	}
	if (match_streams(mmu, s, (unsigned int)n, dom, sid, count))
		return -E_NOMEM;
	return tlb_sync(mmu);
}

static void smmu2_flush(struct iommu *mmu, const struct iommu_domain *dom)
{
	iommu_wr32(mmu, SMMU2_TLBIVMID, dom->vmid & 0xff);
	if (tlb_sync(mmu))
		log_err("%s: domain %s: TLB invalidation did not complete", mmu->name, dom->name);
}

/* Its SMRs stop matching (so its streams fault as unmatched), its bank
 * stops translating, its TLB entries go. */
static void smmu2_detach(struct iommu *mmu, const struct iommu_domain *dom)
{
	struct smmu2 *s = priv(mmu);

	for (unsigned int i = 0; i < s->nsmr; i++)
		if (s->smr_dom[i] == dom) {
			iommu_wr32(mmu, SMMU2_SMR(i), 0);
			iommu_wr32(mmu, SMMU2_S2CR(i), S2CR_TYPE_FAULT);
			s->smr_dom[i] = NULL;
		}
	for (unsigned int i = 0; i < s->ncb; i++)
		if (s->cb_dom[i] == dom) {
			iommu_wr32(mmu, cb(s, i, SMMU2_CB_SCTLR), 0);
			s->cb_dom[i] = NULL;
		}
	iommu_unbind(mmu, dom);
	smmu2_flush(mmu, dom);
}

static void global_fault(const struct iommu *mmu)
{
	u32 fsr = iommu_rd32(mmu, SMMU2_SGFSR);
	u32 sid = iommu_rd32(mmu, SMMU2_SGFSYNR1) & 0xffff;
	char who[48];
	const struct iommu_domain *dom;

	if (!fsr)
		return;
	/* The fault is the doing of the stream's owner: its lines are that
	 * domain's, rate-limited (log_limit.h), and acknowledged regardless. */
	dom = iommu_owner(mmu, sid);
	if (log_limit_allow(dom ? dom->name : NULL, LOG_CLASS_DMA))
		log_warn("%s: %s: global fault sGFSR 0x%x%s: DMA %s at 0x%llx (stream 0x%x)",
			 mmu->name, iommu_owner_name(mmu, sid, who, sizeof(who)), fsr,
			 fsr & GFSR_USF ? " (unmatched stream)" : "",
			 iommu_rd32(mmu, SMMU2_SGFSYNR0) & 2 ? "write" : "read",
			 iommu_rd64(mmu, SMMU2_SGFAR), sid);
	iommu_wr32(mmu, SMMU2_SGFSR, fsr);
}

static void context_fault(const struct iommu *mmu, const struct smmu2 *s, unsigned int n)
{
	u32 fsr = iommu_rd32(mmu, cb(s, n, SMMU2_CB_FSR));
	u32 sid = iommu_rd32(mmu, gr1(s, SMMU2_CBFRSYNRA(n))) & 0xffff;

	if (!fsr)
		return;
	if (log_limit_allow(s->cb_dom[n]->name, LOG_CLASS_DMA))
		log_warn("%s: domain %s: context fault CB_FSR 0x%x: DMA %s at 0x%llx (stream 0x%x)",
			 mmu->name, s->cb_dom[n]->name, fsr,
			 iommu_rd32(mmu, cb(s, n, SMMU2_CB_FSYNR0)) & FSYNR0_WNR ? "write" : "read",
			 iommu_rd64(mmu, cb(s, n, SMMU2_CB_FAR)), sid);
	iommu_wr32(mmu, cb(s, n, SMMU2_CB_FSR), fsr);
}

static void smmu2_poll(struct iommu *mmu)
{
	const struct smmu2 *s = priv(mmu);

	global_fault(mmu);
	for (unsigned int i = 0; i < s->ncb; i++)
		if (s->cb_dom[i])
			context_fault(mmu, s, i);
}

const struct iommu_ops smmu_v2_ops = {
	.name = "smmu-v2",
	.probe = smmu2_probe,
	.attach = smmu2_attach,
	.detach = smmu2_detach,
	.flush = smmu2_flush,
	.poll = smmu2_poll,
};

DRIVER_REGISTER(smmu_v2, DRIVER_IOMMU, 0, &smmu_v2_ops, "arm,smmu-v1", "arm,smmu-v2", "arm,mmu-400",
		"arm,mmu-401", "arm,mmu-500");
