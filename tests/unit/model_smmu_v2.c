/* The SMMUv1/v2 model (model_smmu_v2.h). Offsets and fields are written
 * out here from IHI0062, not taken from the driver's header. */
#include <string.h>
#include <bulkhead/iommu.h>
#include "model_iommu.h"
#include "model_smmu_v2.h"

#define PAGE	0x1000ULL
#define CB_BASE (16 * PAGE)

struct model2 m2;

u32 iommu_rd32(const struct iommu *mmu, u64 off);
u64 iommu_rd64(const struct iommu *mmu, u64 off);
void iommu_wr32(const struct iommu *mmu, u64 off, u32 v);
void iommu_wr64(const struct iommu *mmu, u64 off, u64 v);

void model2_reset(unsigned int nsmr, unsigned int ncb, unsigned int sid_bits)
{
	memset(&m2, 0, sizeof(m2));
	/* sIDR0: NUMSMRG, NUMSIDB[12:9], CTTW[14], SMS[27], S2TS[29] */
	m2.idr0 = nsmr | sid_bits << 9 | 1U << 14 | 1U << 27 | 1U << 29;
	m2.idr1 = ncb | 3U << 28;     /* NUMPAGENDXB 3: 16 pages; PAGESIZE 4 KiB */
	m2.idr2 = 5U << 4 | 1U << 12; /* OAS 48 bits, PTFS_v8_4kB */
	m2.scr0 = 1;		      /* CLIENTPD out of reset */
}

static u32 *gr0(u64 off)
{
	switch (off) {
	case 0x000: return &m2.scr0;
	case 0x020: return &m2.idr0;
	case 0x024: return &m2.idr1;
	case 0x028: return &m2.idr2;
	case 0x048: return &m2.gfsr;
	case 0x050: return &m2.gfsynr0;
	case 0x054: return &m2.gfsynr1;
	default: break;
	}
	if (off >= 0x800 && off < 0x800 + 4 * M2_MAX)
		return &m2.smr[(off - 0x800) / 4];
	if (off >= 0xc00 && off < 0xc00 + 4 * M2_MAX)
		return &m2.s2cr[(off - 0xc00) / 4];
	return NULL;
}

static u32 *gr1(u64 off)
{
	if (off < 4 * M2_MAX)
		return &m2.cbar[off / 4];
	if (off >= 0x400 && off < 0x400 + 4 * M2_MAX)
		return &m2.cbfrsynra[(off - 0x400) / 4];
	if (off >= 0x800 && off < 0x800 + 4 * M2_MAX)
		return &m2.cba2r[(off - 0x800) / 4];
	return NULL;
}

static u32 *cbreg(u64 off)
{
	struct model2_cb *c = &m2.cb[(off - CB_BASE) / PAGE];
	switch ((off - CB_BASE) % PAGE) {
	case 0x000: return &c->sctlr;
	case 0x030: return &c->tcr;
	case 0x058: return &c->fsr;
	case 0x068: return &c->fsynr0;
	default: return NULL;
	}
}

static u32 *reg32(u64 off)
{
	if (off < PAGE)
		return gr0(off);
	if (off < 2 * PAGE)
		return gr1(off - PAGE);
	if (off >= CB_BASE && off < CB_BASE + M2_MAX * PAGE)
		return cbreg(off);
	return NULL;
}

u32 iommu_rd32(const struct iommu *mmu, u64 off)
{
	u32 *r = reg32(off);
	(void)mmu;
	if (off == 0x074) /* sTLBGSTATUS.GSACTIVE */
		return m2.stuck ? 1 : 0;
	return r ? *r : 0;
}

u64 iommu_rd64(const struct iommu *mmu, u64 off)
{
	(void)mmu;
	if (off == 0x040)
		return m2.gfar;
	if (off >= CB_BASE && (off - CB_BASE) % PAGE == 0x020)
		return m2.cb[(off - CB_BASE) / PAGE].ttbr0;
	if (off >= CB_BASE && (off - CB_BASE) % PAGE == 0x060)
		return m2.cb[(off - CB_BASE) / PAGE].far;
	return 0;
}

void iommu_wr32(const struct iommu *mmu, u64 off, u32 v)
{
	u32 *r = reg32(off);
	(void)mmu;
	switch (off) {
	case 0x064: /* TLBIVMID */
		if (m2.ntlbi_vmid < 64)
			m2.tlbi_vmid[m2.ntlbi_vmid++] = v & 0xff;
		return;
	case 0x068: m2.ntlbi_all++; return; /* TLBIALLNSNH */
	case 0x070: m2.nsync++; return;	    /* sTLBGSYNC */
	case 0x020:
	case 0x024:
	case 0x028: return; /* ID registers are read-only */
	default: break;
	}
	if (r == &m2.gfsr || (off >= CB_BASE && (off - CB_BASE) % PAGE == 0x058))
		*r &= ~v; /* write 1 to clear */
	else if (r)
		*r = v;
}

void iommu_wr64(const struct iommu *mmu, u64 off, u64 v)
{
	(void)mmu;
	if (off >= CB_BASE && (off - CB_BASE) % PAGE == 0x020)
		m2.cb[(off - CB_BASE) / PAGE].ttbr0 = v;
}

/* The stream's one matching SMR, -1 for none, -2 for several. */
static int match(u32 sid)
{
	int found = -1;
	for (unsigned int i = 0; i < (m2.idr0 & 0xff); i++) {
		u32 smr = m2.smr[i], mask = (smr >> 16) & 0x7fff;
		if (!(smr >> 31) || ((sid ^ smr) & ~mask & 0x7fff))
			continue;
		if (found >= 0)
			return -2;
		found = (int)i;
	}
	return found;
}

static int global_fault(u32 bit, u32 sid, u64 addr, bool write)
{
	m2.gfsr |= bit;
	m2.gfsynr0 = write ? 2 : 0;
	m2.gfsynr1 = sid;
	m2.gfar = addr;
	return -1;
}

/* Stage-2 context bank walk: VMSAv8-64 (CBA2R.VA64) or VMSAv7 long
 * descriptor VTCR (T0SZ 4-bit signed). SL0 0: level 2, 1: level 1. */
static int bank(unsigned int n, u32 sid, u64 addr, bool write, u64 *pa)
{
	struct model2_cb *c = &m2.cb[n];
	unsigned int in, sl0 = (c->tcr >> 6) & 3;
	int t0sz = (int)(c->tcr & 0xf) - ((c->tcr & 0x10) ? 16 : 0);

	if ((m2.cbar[n] >> 16) & 3)
		return -1; /* the model knows only stage-2 banks */
	if (!(c->sctlr & 1)) {
		*pa = addr;
		return 0;
	}
	in = (m2.cba2r[n] & 1) ? 64 - (c->tcr & 0x3f) : (unsigned int)(32 - t0sz);
	if (!model_walk(c->ttbr0, in, 2 - (int)sl0, addr, write, true, pa))
		return 0;
	c->fsr |= c->fsr ? 1U << 31 : 1U << 1; /* TF, or MULTI */
	c->far = addr;
	c->fsynr0 = write ? 1U << 4 : 0;
	m2.cbfrsynra[n] = sid;
	return -1;
}

int model2_dma(u32 sid, u64 addr, bool write, u64 *pa)
{
	int i;
	u32 s2cr;

	if (m2.scr0 & 1) {
		*pa = addr; /* CLIENTPD: no translation at all */
		return 0;
	}
	i = match(sid);
	if (i == -2)
		return global_fault(1U << 2, sid, addr, write); /* SMCF */
	if (i == -1) {
		if (!(m2.scr0 & 1U << 10)) {
			*pa = addr;
			return 0;
		}
		return global_fault(1U << 1, sid, addr, write); /* USF */
	}
	s2cr = m2.s2cr[i];
	if (((s2cr >> 16) & 3) == 1) {
		*pa = addr;
		return 0;
	}
	if (((s2cr >> 16) & 3) == 2)
		return -1;
	return bank(s2cr & 0xff, sid, addr, write, pa);
}
