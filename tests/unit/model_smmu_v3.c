/* The SMMUv3 model (model_smmu_v3.h). Register offsets and fields are
 * written out here from IHI0070 rather than taken from the driver's header,
 * so a wrong offset in one does not hide in both. */
#include <string.h>
#include <bulkhead/iommu.h>
#include "model_iommu.h"
#include "model_smmu_v3.h"

struct model3 m3;

u32 iommu_rd32(const struct iommu *mmu, u64 off);
u64 iommu_rd64(const struct iommu *mmu, u64 off);
void iommu_wr32(const struct iommu *mmu, u64 off, u32 v);
void iommu_wr64(const struct iommu *mmu, u64 off, u64 v);

void model3_reset(bool s1, bool s2, unsigned int sid_bits, bool two_level)
{
	memset(&m3, 0, sizeof(m3));
	/* IDR0: S2P[0] S1P[1] TTF[3:2]=AArch64 COHACC[4] ST_LEVEL[28:27] */
	m3.idr0 = (s2 ? 1U : 0) | (s1 ? 2U : 0) | 2U << 2 | 1U << 4 | (two_level ? 1U << 27 : 0);
	/* IDR1: SIDSIZE[5:0] EVENTQS[20:16]=19 CMDQS[25:21]=19 */
	m3.idr1 = sid_bits | 19U << 16 | 19U << 21;
	m3.idr5 = 5 | 1U << 4; /* OAS 48 bits, GRAN4K */
}

static unsigned int log2size(u64 base) { return base & 0x1f; }
static u32 q_wrap(u32 p, unsigned int l) { return (p + 1) & ((2U << l) - 1); }
static u64 *q_entry(u64 base, u32 p, unsigned int dwords)
{
	u32 idx = p & ((1U << log2size(base)) - 1);
	return (u64 *)(uintptr_t)(base & 0x000fffffffffffe0ULL) + (u64)idx * dwords;
}

static bool legal(u8 op)
{
	if (op == m3.refuse_op)
		return false;
	switch (op) {
	case 0x03: /* CMD_CFGI_STE */
	case 0x04: /* CMD_CFGI_STE_RANGE (CFGI_ALL) */
	case 0x30: /* CMD_TLBI_NSNH_ALL */
	case 0x46: /* CMD_SYNC */ return true;
	case 0x11: /* CMD_TLBI_NH_ASID: needs stage 1 */ return m3.idr0 & 2;
	case 0x28: /* CMD_TLBI_S12_VMALL: needs stage 2 */ return m3.idr0 & 1;
	default: return false;
	}
}

/* Consumes commands up to PROD while CMDQEN and no error is active. */
static void consume(void)
{
	unsigned int l = log2size(m3.cmdq_base);

	while (!m3.stuck && (m3.cr0 & 8) && !((m3.gerror ^ m3.gerrorn) & 1) &&
	       (m3.cmdq_cons & ((2U << l) - 1)) != m3.cmdq_prod) {
		u64 *c = q_entry(m3.cmdq_base, m3.cmdq_cons, 2);
		if (!legal((u8)c[0])) {
			m3.cmdq_cons = (m3.cmdq_cons & ((2U << l) - 1)) | 1U << 24; /* ERR = ILL */
			m3.gerror ^= 1;
			return;
		}
		if (m3.ncmds < M3_MAX_CMDS) {
			m3.cmds[m3.ncmds][0] = c[0];
			m3.cmds[m3.ncmds++][1] = c[1];
		}
		m3.cmdq_cons = q_wrap(m3.cmdq_cons & ((2U << l) - 1), l);
	}
}

u8 model3_cmd_op(unsigned int back)
{
	return back < m3.ncmds ? (u8)m3.cmds[m3.ncmds - 1 - back][0] : 0;
}

u32 iommu_rd32(const struct iommu *mmu, u64 off)
{
	(void)mmu;
	switch (off) {
	case 0x00: return m3.idr0;
	case 0x04: return m3.idr1;
	case 0x14: return m3.idr5;
	case 0x20: return m3.cr0;
	case 0x24: return m3.cr0; /* CR0ACK follows at once */
	case 0x28: return m3.cr1;
	case 0x2c: return m3.cr2;
	case 0x44: return m3.gbpa;
	case 0x50: return m3.irq_ctrl;
	case 0x60: return m3.gerror;
	case 0x64: return m3.gerrorn;
	case 0x88: return m3.strtab_cfg;
	case 0x98: return m3.cmdq_prod;
	case 0x9c: return m3.cmdq_cons;
	case 0x100a8: return m3.evtq_prod;
	case 0x100ac: return m3.evtq_cons;
	default: return 0;
	}
}

u64 iommu_rd64(const struct iommu *mmu, u64 off)
{
	(void)mmu;
	switch (off) {
	case 0x80: return m3.strtab_base;
	case 0x90: return m3.cmdq_base;
	case 0xa0: return m3.evtq_base;
	default: return 0;
	}
}

void iommu_wr32(const struct iommu *mmu, u64 off, u32 v)
{
	(void)mmu;
	switch (off) {
	case 0x20:
		m3.cr0 = v;
		consume();
		break;
	case 0x28: m3.cr1 = v; break;
	case 0x2c: m3.cr2 = v; break;
	case 0x44: m3.gbpa = v & ~(1U << 31); break; /* the update completes at once */
	case 0x50: m3.irq_ctrl = v; break;
	case 0x64:
		m3.gerrorn = v;
		consume();
		break;
	case 0x88: m3.strtab_cfg = v; break;
	case 0x98:
		m3.cmdq_prod = v;
		consume();
		break;
	case 0x9c: m3.cmdq_cons = v; break;
	case 0x100a8: m3.evtq_prod = v; break;
	case 0x100ac: m3.evtq_cons = v; break;
	default: break;
	}
}

void iommu_wr64(const struct iommu *mmu, u64 off, u64 v)
{
	(void)mmu;
	switch (off) {
	case 0x80: m3.strtab_base = v; break;
	case 0x90: m3.cmdq_base = v; break;
	case 0xa0: m3.evtq_base = v; break;
	default: break;
	}
}

const u64 *model3_ste(u32 sid)
{
	const u64 *tab = (const u64 *)(uintptr_t)(m3.strtab_base & 0x000fffffffffffc0ULL);
	unsigned int split = (m3.strtab_cfg >> 6) & 0x1f, span;
	u64 l1;

	if (sid >> (m3.strtab_cfg & 0x3f))
		return NULL;
	if (!((m3.strtab_cfg >> 16) & 3))
		return tab + (u64)sid * 8;
	l1 = tab[sid >> split];
	span = l1 & 0x1f;
	if (!span || (sid & ((1U << split) - 1)) >= 1U << (span - 1))
		return NULL;
	return (const u64 *)(uintptr_t)(l1 & 0x000fffffffffffc0ULL) +
	       (u64)(sid & ((1U << split) - 1)) * 8;
}

/* An event record at PROD (7.3): type, StreamID, RnW, InputAddr. */
static void event(u8 type, u32 sid, u64 addr, bool write)
{
	unsigned int l = log2size(m3.evtq_base);
	u64 *e;

	if (!(m3.cr0 & 4) || ((m3.evtq_prod ^ m3.evtq_cons) & ((2U << l) - 1)) == 1U << l)
		return; /* queue off or full */
	e = q_entry(m3.evtq_base, m3.evtq_prod, 4);
	e[0] = type | (u64)sid << 32;
	e[1] = write ? 0 : 1ULL << 35;
	e[2] = addr;
	e[3] = 0;
	m3.evtq_prod = q_wrap(m3.evtq_prod & ((2U << l) - 1), l);
}

static int translate(const u64 *ste, u32 sid, u64 addr, bool write, u64 *pa)
{
	unsigned int cfg = (ste[0] >> 1) & 7;
	int rc;

	if (cfg == 6) { /* stage 2: S2T0SZ, S2SL0 (4 KiB granule: 0 -> level 2) */
		unsigned int t0sz = (ste[2] >> 32) & 0x3f, sl0 = (ste[2] >> 38) & 3;
		rc = model_walk(ste[3] & 0x000ffffffffffff0ULL, 64 - t0sz, 2 - (int)sl0, addr,
				write, true, pa);
	} else if (cfg == 5) { /* stage 1 through the one CD */
		const u64 *cd = (const u64 *)(uintptr_t)(ste[0] & 0x000fffffffffffc0ULL);
		unsigned int in = 64 - (cd[0] & 0x3f);
		if (!(cd[0] >> 31 & 1) || !(cd[0] >> 41 & 1)) {
			event(0x0a, sid, addr, write); /* C_BAD_CD */
			return -1;
		}
		rc = model_walk(cd[1] & 0x000ffffffffffff0ULL, in, 3 - (int)((in - 13) / 9), addr,
				write, false, pa);
	} else {
		return -1; /* abort (0) and what the model has no use for */
	}
	if (rc)
		event(rc == -2 ? 0x13 : 0x10, sid, addr, write);
	return rc ? -1 : 0;
}

int model3_dma(u32 sid, u64 addr, bool write, u64 *pa)
{
	const u64 *ste;

	if (!(m3.cr0 & 1))
		return m3.gbpa & (1U << 20) ? -1 : (*pa = addr, 0);
	if (sid >> (m3.strtab_cfg & 0x3f)) {
		event(0x02, sid, addr, write); /* C_BAD_STREAMID */
		return -1;
	}
	ste = model3_ste(sid);
	if (!ste || !(ste[0] & 1)) {
		event(0x04, sid, addr, write); /* C_BAD_STE */
		return -1;
	}
	return translate(ste, sid, addr, write, pa);
}
