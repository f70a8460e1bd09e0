/* SMMUv3 stream table entries, context descriptors and event records
 * (IHI0070 5.2, 5.4, 7.3): pure encoders and a decoder, unit-tested. */
#include <string.h>
#include <bulkhead/fmt.h>
#include "smmu_v3.h"

/* V = 1 with Config "abort": the stream's transactions are terminated
 * without an event (5.2, STE.Config = 0b000). */
void smmu3_ste_abort(u64 *ste)
{
	memset(ste, 0, STE_BYTES);
	ste[0] = STE_V | STE_CFG_ABORT;
}

/* VTCR_EL2's PS, capped at what the SMMU outputs (both use the ID_AA64MMFR0
 * PARange encoding). */
static u64 cap_ps(u64 vtcr, unsigned int oas)
{
	u64 ps = (vtcr >> 16) & 7;
	return MIN(ps, (u64)oas);
}

/* Stage 2 only, walking the domain's own stage-2 tables with its VMID: the
 * STE's S2T0SZ..S2PS fields (IHI0070 5.2, STE bits [178:160]) are laid out
 * as VTCR_EL2[18:0], so the CPU's value is copied, PS capped. */
void smmu3_ste_s2(u64 *ste, const struct iommu_domain *dom, unsigned int oas)
{
	u64 vtcr = (dom->vtcr & STE2_VTCR_MASK & ~(7ULL << 16)) | cap_ps(dom->vtcr, oas) << 16;

	memset(ste, 0, STE_BYTES);
	ste[1] = STE1_SHCFG_INCOMING;
	ste[2] = dom->vmid | vtcr << STE2_VTCR_SHIFT | STE2_S2AA64 | STE2_S2R;
	ste[3] = dom->s2_root & STE3_S2TTB_MASK;
	ste[0] = STE_V | STE_CFG_S2; /* last: the SMMU may read the STE at any time */
}

/* Stage 1 only, one context descriptor (S1Fmt linear, S1CDMax 0). */
void smmu3_ste_s1(u64 *ste, u64 cd_pa)
{
	memset(ste, 0, STE_BYTES);
	ste[1] = STE1_S1_WB_INNER | STE1_SHCFG_INCOMING;
	ste[0] = STE_V | STE_CFG_S1 | (cd_pa & STE_S1CTXPTR_MASK);
}

/* A stage-1 context whose table maps the domain's RAM at its IPAs: the same
 * input size and PS as its stage 2, ASID = VMID, TTB1 walks disabled,
 * faults recorded (R) and terminated (A). MAIR: the attributes the table's
 * leaves index (arch/lpae.h's MAIR_VALUE). */
void smmu3_cd(u64 *cd, const struct iommu_domain *dom, u64 ttb, unsigned int oas)
{
	memset(cd, 0, CD_BYTES);
	cd[1] = ttb & STE3_S2TTB_MASK;
	cd[3] = 0x04ULL | 0xffULL << 8; /* Attr0 Device-nGnRE, Attr1 Normal WB */
	cd[0] = CD0_T0SZ(dom->vtcr & 0x3f) | CD0_WB_INNER | CD0_EPD1 | CD0_V |
		CD0_IPS(cap_ps(dom->vtcr, oas)) | CD0_AA64 | CD0_R | CD0_A | CD0_ASID(dom->vmid);
}

static const char *event_name(u8 type)
{
	static const struct {
		u8 type;
		const char *name;
	} names[] = {
		{0x01, "F_UUT"},
		{0x02, "C_BAD_STREAMID"},
		{0x03, "F_STE_FETCH"},
		{0x04, "C_BAD_STE"},
		{0x06, "F_STREAM_DISABLED"},
		{0x07, "F_TRANSL_FORBIDDEN"},
		{0x08, "C_BAD_SUBSTREAMID"},
		{0x09, "F_CD_FETCH"},
		{0x0a, "C_BAD_CD"},
		{0x0b, "F_WALK_EABT"},
		{0x10, "F_TRANSLATION"},
		{0x11, "F_ADDR_SIZE"},
		{0x12, "F_ACCESS"},
		{0x13, "F_PERMISSION"},
		{0x20, "F_TLB_CONFLICT"},
		{0x21, "F_CFG_CONFLICT"},
	};
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].type == type)
			return names[i].name;
	return "event";
}

/* The translation faults (0x10..0x13) carry InputAddr (DW2) and RnW
 * (DW1[35]); the others only their type and StreamID. */
const char *smmu3_event_str(const u64 *evt, char *buf, size_t len)
{
	u8 type = (u8)evt[0];

	if (type >= EVT_F_TRANSLATION && type <= EVT_F_PERMISSION)
		fmt_snprintf(buf, len, "%s: DMA %s at 0x%llx", event_name(type),
			     (evt[1] >> 35) & 1 ? "read" : "write", evt[2]);
	else
		fmt_snprintf(buf, len, "%s (type 0x%x)", event_name(type), type);
	return buf;
}
