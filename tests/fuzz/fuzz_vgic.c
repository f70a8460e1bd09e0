/* libFuzzer targets fuzz_vgic_v2 and fuzz_vgic_v3, this file built once for
 * each (fuzz.mk: -DVGIC_VERSION=2 or 3, FUZZ_NAME): the vGIC (arch/arm/vgic/) of one domain
 * through the MMIO dispatcher (common/vmmio.c) and its own entry points,
 * against a model of the GIC architecture (GICv2: IHI 0048B 4.3; GICv3: IHI
 * 0069 12.9-12.11), on the host list registers of tests/unit/shim_vgic.h.
 *
 * Input: a 2-byte header: [0] vCPUs, 1 + [0] mod 8; [1] 0, or a passthrough
 * SPI (HW-linked, as common/passthrough.c links them): INTID 32 + ([1] - 1)
 * mod 224. Then steps of 12 bytes:
 *   [0] bits 0-2: the operation, bits 3-4: its variant (for MMIO: width
 *       1 << n bytes), bits 5-7: the vCPU doing it (mod the vCPUs);
 *   0, 1: MMIO read, write at [1..3] (LE) mod the span: GICv2 GICD and
 *       0x100 past its page; GICv3 the same, then the redistributor frames
 *       and 0x100 past them; [4..11] the value (cut to the width);
 *   6, 7: the same at a register: table entry [1], plus [2] mod 64, in
 *       redistributor [3] (GICv3);
 *   2: variant 0 vgic_inject(vCPU, n), 1 vgic_inject_spi(n), 2
 *       vgic_set_level(n, [3] bit 0), 3 the physical timer PPI
 *       (vgic_inject_hw) if [3] bit 0, else the passthrough SPI
 *       (vgic_inject_hw_spi); n = [1..2] mod 300 (past the lines too);
 *   3: variant bit 0: vgic_send_sgi(vCPU, [1], [4..11]); else GICv2: a
 *       GICD_SGIR write of [4..7], GICv3: ICC_SGI1R_EL1 of [4..11];
 *   4: the vCPU runs: vgic_has_pending(), vgic_flush(), the guest acts on
 *       each list register (two bits of [1] each: ack, EOI, both, none),
 *       vgic_sync();
 *   5: variant 0 vgic_vcpu_put(), 1 vgic_vcpu_release(), 2-3 the domain's
 *       restart (vgic_domain_reset(), vgic_vcpu_reset() of each vCPU).
 * Checked after every step, by comparing the whole interrupt state with a
 * model that applies the step as the spec says: an access inside the
 * frames is emulated and nothing outside them; a read fits its width and
 * returns what the model's register holds (unallocated, reserved,
 * wrong-width and misaligned accesses RAZ/WI; per-interrupt registers RAZ/WI
 * past INTID 255 and, GICv3, for INTIDs 0-31 in the distributor); GICD_TYPER
 * gives 256 lines; a write changes exactly what the model changes (RO
 * registers nothing; priorities keep 5 bits; ISPENDR and ISACTIVER leave a
 * HW-linked interrupt alone; GICv2 targets, SGIs, GICv3
 * IROUTER and ICC_SGI1R reach only existing vCPUs); an injection, SGI,
 * put, release and reset likewise; vgic_flush() loads the list registers
 * with the interrupts the model says are deliverable to the vCPU (an SPI's
 * target per ITARGETSR or IROUTER, which names no vCPU when its affinity
 * matches none), in priority order, encoded as the spec says, and requests
 * an underflow interrupt exactly when some did not fit; vgic_has_pending()
 * agrees; vgic_sync() folds the guest's changes back and empties them;
 * every interrupt pending, active, asserted or physically active is in the
 * scan hints; only linked physical interrupts are deactivated; vcpu_kick()
 * gets only the domain's vCPUs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/hostdt.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/vmmio.h>
#include <arch/vgic.h>
#include "shim_log.h"
#include "shim_vgic.h"
#include "fuzz_check.h"
#include "fuzz_input.h"

#define STEP	 12
#define NR	 VGIC_NR_IRQS
#define TIMER	 GUEST_TIMER_VIRT_IRQ
#define MAXV	 DOMAIN_MAX_VCPUS
#define GICD_END 0x10000u

static struct domain *const d = &shim_vgic_dom;
static unsigned int nv;
static u32 hw_spi; /* 0: none */
static bool inited;

/* ---- the model's state: the vGIC's, compared field by field ---- */
struct snap {
	u32 ctlr;
	struct vgic_irq spi[VGIC_NR_SPIS];
	struct vgic_irq priv[MAXV][32];
	bool sleeping[MAXV];
};

static void take(struct snap *s)
{
	s->ctlr = d->vgic.ctlr;
	memcpy(s->spi, d->vgic.spi, sizeof(s->spi));
	for (unsigned int i = 0; i < MAXV; i++) {
		memcpy(s->priv[i], d->vcpus[i].vgic.priv, sizeof(s->priv[i]));
		s->sleeping[i] = d->vcpus[i].vgic.sleeping;
	}
}

static struct vgic_irq *irq_of(struct snap *s, unsigned int bank, u32 intid)
{
	return intid < 32 ? &s->priv[bank][intid] : intid < NR ? &s->spi[intid - 32] : NULL;
}

#define SAME(f)                                                                                    \
	CHECK(a->f == b->f, "%s: INTID %u (vCPU %d) " #f " %u, model %u", what, intid, bank,       \
	      (unsigned int)a->f, (unsigned int)b->f)

static void same_irq(const char *what, int bank, u32 intid, const struct vgic_irq *a,
		     const struct vgic_irq *b)
{
	SAME(prio);
	SAME(enabled);
	SAME(pending);
	SAME(active);
	SAME(edge);
	SAME(level);
	SAME(hw);
	SAME(phys_active);
	SAME(targets);
	SAME(sgi_source);
	SAME(hw_intid);
	CHECK(a->route == b->route, "%s: INTID %u route 0x%llx, model 0x%llx", what, intid,
	      a->route, b->route);
}

/* The vGIC is in the state the model expects. */
static void expect(const struct snap *want, const char *what)
{
	struct snap now;
	take(&now);
	if (!memcmp(&now, want, sizeof(now)))
		return; /* else field by field (padding may differ) */
	CHECK(now.ctlr == want->ctlr, "%s: CTLR 0x%x, model 0x%x", what, now.ctlr, want->ctlr);
	for (u32 i = 0; i < VGIC_NR_SPIS; i++)
		same_irq(what, -1, 32 + i, &now.spi[i], &want->spi[i]);
	for (unsigned int v = 0; v < MAXV; v++) {
		for (u32 i = 0; i < 32; i++)
			same_irq(what, (int)v, i, &now.priv[v][i], &want->priv[v][i]);
		CHECK(now.sleeping[v] == want->sleeping[v], "%s: vCPU %u WAKER", what, v);
	}
}

/* ---- the architecture's view ---- */
static u64 wmask(unsigned int len) { return len >= 8 ? ~0ULL : (1ULL << (8 * len)) - 1; }

/* Pending as a read of ISPENDR shows it: a level-sensitive line that is
 * high is pending (IHI 0069 4.1.2). */
static bool pend(const struct vgic_irq *q)
{
	return q->pending || (!q->edge && !q->hw && q->level);
}

/* The vCPU an SPI goes to, or -1: HW-linked ones to vCPU 0 (the pCPU they
 * are routed to); GICv2 the lowest CPU in ITARGETSR; GICv3 the vCPU whose
 * MPIDR (Aff0 = id, Aff1-3 = 0) IROUTER names, or with IRM (1 of N) vCPU 0. */
static int target(const struct snap *s, u32 intid)
{
	const struct vgic_irq *q = &s->spi[intid - 32];
	if (q->hw)
		return 0;
	if (VGIC_VERSION == 2) {
		for (unsigned int i = 0; i < nv; i++)
			if (q->targets & (1u << i))
				return (int)i;
		return -1;
	}
	if (q->route & (1ULL << 31))
		return 0;
	if (q->route & 0xff00ffff00ULL) /* Aff3, Aff2, Aff1 */
		return -1;
	return (q->route & 0xff) < nv ? (int)(q->route & 0xff) : -1;
}

/* What the list registers of vCPU v should carry. */
static bool wanted(const struct snap *s, unsigned int v, u32 intid)
{
	const struct vgic_irq *q = irq_of((struct snap *)s, v, intid);
	if (intid >= 32 && target(s, intid) != (int)v)
		return false;
	return q->active || (pend(q) && q->enabled && (s->ctlr & 3));
}

/* ---- the register maps (IHI 0048B Table 4-1; IHI 0069 Tables 12-25, 12-27, 12-29) ---- */
enum kind {
	K_RAZ,
	K_CTLR,
	K_TYPER,
	K_IIDR,
	K_PIDR2,
	K_IGROUPR,
	K_BITS,
	K_PRIO,
	K_TARGETS,
	K_CFG,
	K_SGIR,
	K_IROUTER,
	K_RTYPER,
	K_WAKER,
};

struct mreg {
	u32 base, size; /* the range of registers of this kind */
	u8 widths;	/* bytes: 1 | 4 | 8 */
	u8 unit;	/* one register's size */
	enum kind k;
	u8 field; /* K_BITS: 0 enable, 1 pending, 2 active */
	bool set; /* K_BITS: the set register (else the clear one) */
};

#define BITS(b, sz, f, s)                                                                          \
	{                                                                                          \
		b, sz, 4, 4, K_BITS, f, s                                                          \
	}
static const struct mreg dist_v2[] = {
	{0x000, 4, 4, 4, K_CTLR, 0, 0},
	{0x004, 4, 4, 4, K_TYPER, 0, 0},
	{0x008, 4, 4, 4, K_IIDR, 0, 0},
	BITS(0x100, 0x80, 0, true),
	BITS(0x180, 0x80, 0, false),
	BITS(0x200, 0x80, 1, true),
	BITS(0x280, 0x80, 1, false),
	BITS(0x300, 0x80, 2, true),
	BITS(0x380, 0x80, 2, false),
	{0x400, 0x3fc, 1 | 4, 4, K_PRIO, 0, 0},
	{0x800, 0x3fc, 1 | 4, 4, K_TARGETS, 0, 0},
	{0xc00, 0x100, 4, 4, K_CFG, 0, 0},
	{0xf00, 4, 4, 4, K_SGIR, 0, 0},
	{0xfe8, 4, 4, 4, K_PIDR2, 0, 0},
};
static const struct mreg dist_v3[] = {
	{0x0000, 4, 4, 4, K_CTLR, 0, 0},
	{0x0004, 4, 4, 4, K_TYPER, 0, 0},
	{0x0008, 4, 4, 4, K_IIDR, 0, 0},
	{0x0080, 0x80, 4, 4, K_IGROUPR, 0, 0},
	BITS(0x0100, 0x80, 0, true),
	BITS(0x0180, 0x80, 0, false),
	BITS(0x0200, 0x80, 1, true),
	BITS(0x0280, 0x80, 1, false),
	BITS(0x0300, 0x80, 2, true),
	BITS(0x0380, 0x80, 2, false),
	{0x0400, 0x3fc, 1 | 4, 4, K_PRIO, 0, 0},
	{0x0c00, 0x100, 4, 4, K_CFG, 0, 0},
	{0x6100, 0x1ee0, 4 | 8, 8, K_IROUTER, 0, 0},
	{0xffe8, 4, 4, 4, K_PIDR2, 0, 0},
};
/* GICR frame: RD_base, then SGI_base at 64 KiB. */
static const struct mreg redist[] = {
	{0x0004, 4, 4, 4, K_IIDR, 0, 0},     {0x0008, 8, 4 | 8, 8, K_RTYPER, 0, 0},
	{0x0014, 4, 4, 4, K_WAKER, 0, 0},    {0xffe8, 4, 4, 4, K_PIDR2, 0, 0},
	{0x10080, 4, 4, 4, K_IGROUPR, 0, 0}, BITS(0x10100, 4, 0, true),
	BITS(0x10180, 4, 0, false),	     BITS(0x10200, 4, 1, true),
	BITS(0x10280, 4, 1, false),	     BITS(0x10300, 4, 2, true),
	BITS(0x10380, 4, 2, false),	     {0x10400, 0x20, 1 | 4, 4, K_PRIO, 0, 0},
	{0x10c00, 8, 4, 4, K_CFG, 0, 0},
};

/* Base offsets of the table entries, for the steps that aim at registers. */
static const u32 hot[] = {0x0,	   0x4,	    0x8,     0x80,    0x100,   0x180,	0x200,	 0x280,
			  0x300,   0x380,   0x400,   0x420,   0x7f8,   0x800,	0x820,	 0x8fc,
			  0xc00,   0xc08,   0xc3c,   0xf00,   0xfe8,   0x6100,	0x6108,	 0x6400,
			  0x6800,  0x7fd8,  0xffe8,  0x10080, 0x10100, 0x10180, 0x10200, 0x10280,
			  0x10300, 0x10380, 0x10400, 0x10c00, 0x10c04, 0x14};

/* A frame: the distributor (bank -1) or the redistributor of vCPU bank. */
static const struct mreg *lookup(int bank, u32 off)
{
	const struct mreg *t = bank < 0 ? (VGIC_VERSION == 2 ? dist_v2 : dist_v3) : redist;
	unsigned int n = bank < 0 ? (VGIC_VERSION == 2 ? ARRAY_SIZE(dist_v2) : ARRAY_SIZE(dist_v3))
				  : ARRAY_SIZE(redist);
	for (unsigned int i = 0; i < n; i++)
		if (off >= t[i].base && off < t[i].base + t[i].size)
			return &t[i];
	return NULL;
}

/* The per-interrupt state behind an INTID of a frame (NULL: RAZ/WI).
 * GICv2 banks INTIDs 0-31 by the accessing vCPU; a GICv3 distributor hides
 * them (affinity routing, 12.9). */
static struct vgic_irq *frame_irq(struct snap *s, int bank, unsigned int me, u32 intid)
{
	if (bank < 0 && VGIC_VERSION == 3 && intid < 32)
		return NULL;
	return irq_of(s, bank < 0 ? me : (unsigned int)bank, intid);
}

/* INTID of the first interrupt of register unit u of m (bits per INTID). */
static u32 first_intid(const struct mreg *m, u32 u, unsigned int bits)
{
	return (u - m->base) * 8 / bits;
}

static u64 model_read(struct snap *s, const struct mreg *m, int bank, unsigned int me, u32 u)
{
	u64 val = 0;
	const struct vgic_irq *q;
	u32 first;

	switch (m->k) {
	case K_RAZ: return 0;
	case K_CTLR: return VGIC_VERSION == 2 ? s->ctlr : s->ctlr | 0x50; /* ARE, DS */
	case K_TYPER:
		/* ITLinesNumber: 32 * (N + 1) lines; GICv2 CPUNumber, GICv3 IDbits 9. */
		return (NR / 32 - 1) | (VGIC_VERSION == 2 ? (nv - 1) << 5 : 9u << 19);
	case K_IIDR: return VGIC_VERSION == 2 && bank < 0 ? 0x0200043b : 0x43b;
	case K_PIDR2: return VGIC_VERSION == 2 ? 0x2b : 0x3b;
	case K_IGROUPR:
		first = bank < 0 ? first_intid(m, u, 1) : 0;
		for (u32 i = 0; i < 32; i++)
			val |= (u64)(frame_irq(s, bank, me, first + i) != NULL) << i;
		return val;
	case K_BITS:
		first = bank < 0 ? first_intid(m, u, 1) : 0;
		for (u32 i = 0; i < 32; i++) {
			q = frame_irq(s, bank, me, first + i);
			if (q)
				val |= (u64)(m->field == 0   ? q->enabled
					     : m->field == 1 ? pend(q)
							     : q->active)
				       << i;
		}
		return val;
	case K_PRIO:
		first = first_intid(m, u, 8);
		for (u32 i = 0; i < 4; i++)
			if ((q = frame_irq(s, bank, me, first + i)))
				val |= (u64)q->prio << (8 * i);
		return val;
	case K_TARGETS:
		first = first_intid(m, u, 8);
		for (u32 i = 0; i < 4; i++)
			if ((q = frame_irq(s, bank, me, first + i)))
				val |= (u64)(first + i < 32 ? 1u << me : q->targets) << (8 * i);
		return val;
	case K_CFG:
		first = first_intid(m, u, 2);
		for (u32 i = 0; i < 16; i++)
			if ((q = frame_irq(s, bank, me, first + i)))
				val |= (u64)(q->edge ? 2 : 0) << (2 * i);
		return val;
	case K_SGIR: return 0; /* write-only */
	case K_IROUTER: q = frame_irq(s, bank, me, 32 + (u - m->base) / 8); return q ? q->route : 0;
	case K_RTYPER:
		return (u64)bank << 32 | (u64)bank << 8 |
		       ((unsigned int)bank == nv - 1 ? 1u << 4 : 0);
	case K_WAKER: return s->sleeping[bank] ? 6 : 0;
	}
	return 0;
}

/* GICv2 GICD_SGIR (4.3.15) and GICv3 ICC_SGI1R_EL1 (12.2.23) set SGI sgi
 * pending on each vCPU of mask, from vCPU me. */
static void model_sgi(struct snap *s, unsigned int me, u32 sgi, u64 mask)
{
	for (unsigned int t = 0; t < nv; t++) {
		if (!(mask & (1ULL << t)))
			continue;
		s->priv[t][sgi].pending = true;
		s->priv[t][sgi].sgi_source = (u8)me;
	}
}

static u64 sgi1r_targets(unsigned int me, u64 val)
{
	u64 mask = 0;
	for (unsigned int t = 0; t < nv; t++) {
		bool hit;
		if (val & (1ULL << 40)) /* IRM */
			hit = t != me;
		else /* Aff3.Aff2.Aff1 of the vCPU (0.0.0), Aff0 = RS * 16 + a TargetList bit */
			hit = !((val >> 48) & 0xff) && !((val >> 32) & 0xff) &&
			      !((val >> 16) & 0xff) && ((val >> 44) & 0xf) == t / 16 &&
			      (val >> (t % 16)) & 1;
		mask |= (u64)hit << t;
	}
	return mask;
}

/* bytes: which bytes of the unit the access wrote; val: at its place. */
static void model_write(struct snap *s, const struct mreg *m, int bank, unsigned int me, u32 u,
			u64 bytes, u64 val)
{
	struct vgic_irq *q;
	u32 first;
	u64 mask = 0;

	switch (m->k) {
	case K_CTLR: s->ctlr = (u32)val & (VGIC_VERSION == 2 ? 1 : 3); break;
	case K_BITS:
		first = bank < 0 ? first_intid(m, u, 1) : 0;
		for (u32 i = 0; i < 32; i++) {
			q = frame_irq(s, bank, me, first + i);
			if (!q || !((val >> i) & 1))
				continue;
			/* GICv2: SGIs are always enabled (IHI 0048B 4.3.5, this GIC's choice). */
			if (VGIC_VERSION == 2 && m->field == 0 && !m->set && first + i < 16)
				continue;
			/* Set-pending, set-active of a HW-linked one: refused (vgic-mmio.c). */
			if (m->field != 0 && m->set && q->hw)
				continue;
			*(m->field == 0	  ? &q->enabled
			  : m->field == 1 ? &q->pending
					  : &q->active) = m->set;
		}
		break;
	case K_PRIO:
		first = first_intid(m, u, 8);
		for (u32 i = 0; i < 4; i++)
			if ((bytes >> (8 * i)) & 0xff && (q = frame_irq(s, bank, me, first + i)))
				q->prio = (u8)(val >> (8 * i)) & 0xf8; /* 5 bits */
		break;
	case K_TARGETS:
		first = first_intid(m, u, 8);
		for (u32 i = 0; i < 4; i++)
			if ((bytes >> (8 * i)) & 0xff && first + i >= 32 &&
			    (q = frame_irq(s, bank, me, first + i)))
				q->targets = (u8)(val >> (8 * i)) & (u8)((1u << nv) - 1);
		break;
	case K_CFG:
		first = first_intid(m, u, 2);
		for (u32 i = 0; i < 16; i++)
			if (first + i >= 16 && (q = frame_irq(s, bank, me, first + i)))
				q->edge = (val >> (2 * i + 1)) & 1; /* SGIs: always edge */
		break;
	case K_SGIR:
		switch ((val >> 24) & 3) {
		case 0: mask = (val >> 16) & 0xff; break;
		case 1: mask = ~(1ULL << me); break;
		case 2: mask = 1ULL << me; break;
		default: break;
		}
		model_sgi(s, me, val & 0xf, mask);
		break;
	case K_IROUTER:
		q = frame_irq(s, bank, me, 32 + (u - m->base) / 8);
		if (q) /* Aff3 [39:32], IRM [31], Aff2-0 [23:0]; a 32-bit half writes only its half
			*/
			q->route = ((q->route & ~bytes) | (val & bytes)) & 0xff80ffffffULL;
		break;
	case K_WAKER: s->sleeping[bank] = (val >> 1) & 1; break;
	default: break; /* read-only */
	}
}

/* ---- the checks ---- */

/* Every interrupt not idle is in the scan hints (else it would be lost). */
static void check_hints(void)
{
	for (u32 i = 0; i < VGIC_NR_SPIS; i++) {
		const struct vgic_irq *q = &d->vgic.spi[i];
		if (q->pending || q->active || q->level || q->phys_active)
			CHECK((d->vgic.spi_hint[i / 32] >> (i % 32) & 1) &&
				      (d->vgic.spi_hint_words >> (i / 32) & 1),
			      "SPI %u busy, not hinted", 32 + i);
	}
	for (unsigned int v = 0; v < nv; v++)
		for (u32 i = 0; i < 32; i++) {
			const struct vgic_irq *q = &d->vcpus[v].vgic.priv[i];
			if (q->pending || q->active || q->level || q->phys_active)
				CHECK(d->vcpus[v].vgic.priv_hint >> i & 1,
				      "vCPU %u INTID %u busy, not hinted", v, i);
		}
}

static void mmio(unsigned int me, bool write, unsigned int len, u64 addr, u64 val)
{
	struct snap want;
	const struct mreg *m = NULL;
	int bank = -1;
	u64 off = 0, got;
	bool inside;

	val &= wmask(len); /* as mmio_store_value() passes it */
	if (addr - GUEST_GICD_BASE < GICD_END) {
		inside = true;
		off = addr - GUEST_GICD_BASE;
	} else {
		inside = VGIC_VERSION == 3 && addr - GUEST_GICR_BASE < nv * GUEST_GICR_STRIDE;
		if (inside) {
			bank = (int)((addr - GUEST_GICR_BASE) / GUEST_GICR_STRIDE);
			off = (addr - GUEST_GICR_BASE) % GUEST_GICR_STRIDE;
		}
	}
	take(&want);
	got = write ? val : 0x5a5a5a5a5a5a5a5aULL;
	CHECK(vmmio_access(&d->vcpus[me], addr, len, write, &got) == inside, "0x%llx, %u bytes",
	      addr, len);
	if (inside)
		m = lookup(bank, (u32)off);
	/* The register the access reaches, if any: a width it has, aligned,
	 * inside one register (else RAZ/WI, as reserved offsets are). */
	if (m && (!(m->widths & len) || (off & (len - 1)) || off + len > m->base + m->size))
		m = NULL;
	if (inside && !write) {
		u64 exp = 0;
		if (m) {
			u32 u = m->base + (((u32)off - m->base) & ~(m->unit - 1u));
			exp = (model_read(&want, m, bank, me, u) >> (8 * (off - u))) & wmask(len);
		}
		CHECK(len >= 8 || got >> (8 * len) == 0, "0x%llx, %u bytes: 0x%llx is wider", off,
		      len, got);
		CHECK(got == exp, "frame %d +0x%llx, %u bytes: read 0x%llx, model 0x%llx", bank,
		      off, len, got, exp);
	}
	if (inside && write && m) {
		u32 u = m->base + (((u32)off - m->base) & ~(m->unit - 1u));
		unsigned int sh = 8 * (unsigned int)(off - u);
		model_write(&want, m, bank, me, u, wmask(len) << sh, val << sh);
	}
	expect(&want, write ? "MMIO write" : "MMIO read");
}

/* The list registers, as the spec encodes them: v2 GICH_LR (5.3.12), v3
 * ICH_LR<n>_EL2 (12.4.6). */
struct lr {
	u32 intid, phys, prio;
	bool pending, active, hw, group1, eoi;
	u32 source;
};

static struct lr lr_read(unsigned int l)
{
	struct lr r;
	if (VGIC_VERSION == 2) {
		u32 x = shim_gich[0x100 / 4 + l];
		r = (struct lr){x & 0x3ff,     (x >> 10) & 0x3ff, ((x >> 23) & 0x1f) << 3,
				(x >> 28) & 1, (x >> 29) & 1,	  x >> 31,
				(x >> 30) & 1, (x >> 19) & 1,	  (x >> 10) & 7};
	} else {
		u64 x = shim_ich_lr[l];
		r = (struct lr){(u32)x & 0xffffffff, (x >> 32) & 0x1fff, (x >> 48) & 0xff,
				(x >> 62) & 1,	     (x >> 63) & 1,	 (x >> 61) & 1,
				(x >> 60) & 1,	     (x >> 41) & 1,	 0};
	}
	return r;
}

static void lr_set(unsigned int l, bool pending, bool active)
{
	if (VGIC_VERSION == 2)
		shim_gich[0x100 / 4 + l] = (shim_gich[0x100 / 4 + l] & ~(3u << 28)) |
					   (u32)pending << 28 | (u32)active << 29;
	else
		shim_ich_lr[l] =
			(shim_ich_lr[l] & ~(3ULL << 62)) | (u64)pending << 62 | (u64)active << 63;
}

static u64 hcr(void) { return VGIC_VERSION == 2 ? shim_gich[0] : shim_ich_hcr; }

static void run(unsigned int me, u8 acts)
{
	struct vcpu *v = &d->vcpus[me];
	struct snap want;
	bool any = false, loaded[NR] = {0};
	unsigned int ncand = 0, n, deact = shim_deactivations, drops = 0;
	u32 worst = 0;

	take(&want);
	for (u32 i = 0; i < NR; i++)
		any |= wanted(&want, me, i) && !irq_of(&want, me, i)->active &&
		       irq_of(&want, me, i)->prio < (VGIC_VERSION == 2 ? 0xf8 : 0xff);
	CHECK(vgic_has_pending(v) == any, "vCPU %u: has_pending %d", me, !any);

	/* Flush: a HW-linked interrupt of v's neither pending nor active any
	 * more (the guest cleared it by register) has its physical one
	 * deactivated. */
	for (u32 i = 0; i < NR; i++) {
		struct vgic_irq *q = irq_of(&want, me, i);
		if ((i < 32 || target(&want, i) == (int)me) && q->hw && q->phys_active &&
		    !q->pending && !q->active) {
			q->phys_active = false;
			drops++;
		}
	}
	vgic_flush(v);
	expect(&want, "flush");
	CHECK(shim_deactivations - deact == drops, "flush deactivated %u, model %u",
	      shim_deactivations - deact, drops);
	n = v->vgic.nr_lr_used;
	for (u32 i = 0; i < NR; i++)
		ncand += wanted(&want, me, i);
	CHECK(n == MIN(ncand, (unsigned int)SHIM_NR_LRS), "vCPU %u: %u LRs for %u interrupts", me,
	      n, ncand);
	CHECK(!!(hcr() & 2) == (ncand > SHIM_NR_LRS), "underflow 0x%llx with %u interrupts",
	      (unsigned long long)hcr(), ncand);
	for (unsigned int l = 0; l < n; l++) {
		u32 id = v->vgic.lr_intid[l];
		struct lr r = lr_read(l);
		const struct vgic_irq *q;
		CHECK(id < NR && wanted(&want, me, id) && !loaded[id], "LR %u: INTID %u", l, id);
		q = irq_of(&want, me, id);
		loaded[id] = true;
		CHECK(r.intid == id && r.prio == q->prio && r.active == q->active &&
			      r.hw == q->hw && r.group1 == (VGIC_VERSION == 3),
		      "LR %u: INTID %u encoded as %u prio %u A%d HW%d G%d", l, id, r.intid, r.prio,
		      r.active, r.hw, r.group1);
		CHECK(r.pending ==
			      (pend(q) && q->enabled && (want.ctlr & 3) && !(q->hw && q->active)),
		      "LR %u: INTID %u pending %d", l, id, r.pending);
		if (q->hw)
			CHECK(r.phys == q->hw_intid, "LR %u: physical %u", l, r.phys);
		else
			CHECK(r.eoi == !q->edge, "LR %u: EOI", l);
		if (VGIC_VERSION == 2 && !q->hw && id < 16)
			CHECK(r.source == (q->sgi_source & 7u), "LR %u: source %u", l, r.source);
		CHECK(q->prio >= worst, "LR %u: INTID %u prio %u after %u", l, id, q->prio, worst);
		worst = q->prio;
	}
	for (u32 i = 0; i < NR; i++) /* what did not fit comes later */
		if (wanted(&want, me, i) && !loaded[i])
			CHECK(irq_of(&want, me, i)->prio >= worst, "INTID %u left out", i);

	/* The guest acknowledges and/or ends some; sync folds them back. */
	for (unsigned int l = 0; l < n; l++) {
		struct lr r = lr_read(l);
		unsigned int a = (acts >> (2 * l)) & 3;
		struct vgic_irq *q = irq_of(&want, me, v->vgic.lr_intid[l]);
		bool p = r.pending, act = r.active, gave = r.pending;
		if (a & 1 && p) /* acknowledge */
			p = false, act = true;
		if (a & 2) /* EOI: priority drop and deactivation */
			act = false;
		lr_set(l, p, act);
		q->active = act;
		if (q->hw && !p && !act)
			q->phys_active = false; /* the guest's EOI deactivated it */
		/* Only a pending state the LR carried can have been taken. */
		if (gave && (q->edge || q->hw || !p))
			q->pending = p;
	}
	vgic_sync(v);
	expect(&want, "sync");
	CHECK(v->vgic.nr_lr_used == 0 && !(hcr() & 2), "sync left LRs");
	for (unsigned int l = 0; l < SHIM_NR_LRS; l++) {
		struct lr r = lr_read(l);
		CHECK(!r.pending && !r.active && v->vgic.lr_intid[l] == 0xffff, "LR %u after sync",
		      l);
	}
}

static void reset_model(struct snap *s)
{
	s->ctlr = 0;
	for (u32 i = 0; i < VGIC_NR_SPIS; i++)
		s->spi[i] = (struct vgic_irq){
			.targets = 1, .hw = s->spi[i].hw, .hw_intid = s->spi[i].hw_intid};
	for (unsigned int v = 0; v < nv; v++) {
		for (u32 i = 0; i < 32; i++)
			s->priv[v][i] = (struct vgic_irq){.edge = i < 16,
							  .enabled = i < 16 && VGIC_VERSION == 2,
							  .targets = (u8)(1u << v)};
		s->priv[v][TIMER].hw = true;
		s->priv[v][TIMER].hw_intid = TIMER;
		s->sleeping[v] = true;
	}
}

static void restart(void)
{
	struct snap want;
	take(&want);
	reset_model(&want);
	vgic_domain_reset(d);
	for (unsigned int i = 0; i < nv; i++) {
		vgic_vcpu_reset(&d->vcpus[i]);
		vgic_map_hw_ppi(&d->vcpus[i], TIMER);
		d->vcpus[i].vgic.vmcr = shim_vgic_open_vmcr(VGIC_VERSION);
	}
	expect(&want, "reset");
}

static void setup(const u8 *h)
{
	struct host_gic g = shim_vgic_host(VGIC_VERSION);
	memset(d, 0, sizeof(*d));
	shim_vgic_hw_reset();
	nv = 1 + h[0] % MAXV;
	hw_spi = h[1] ? 32 + (h[1] - 1u) % VGIC_NR_SPIS : 0;
	d->nvcpus = nv;
	for (unsigned int i = 0; i < MAXV; i++) {
		d->vcpus[i].id = i;
		d->vcpus[i].dom = d;
	}
	if (!inited)
		CHECK(vgic_init(&g) == 0, "vgic_init");
	inited = true;
	if (hw_spi) { /* as passthrough.c links it */
		d->vgic.spi[hw_spi - 32].hw = true;
		d->vgic.spi[hw_spi - 32].hw_intid = (u16)hw_spi;
	}
	CHECK(vgic_domain_init(d) == 0, "vgic_domain_init");
	CHECK(d->vgic.version == VGIC_VERSION && d->nmmio == (VGIC_VERSION == 2 ? 1u : 2u) &&
		      shim_gicc_maps == (VGIC_VERSION == 2),
	      "regions");
	for (unsigned int i = 0; i < nv; i++) {
		vgic_vcpu_reset(&d->vcpus[i]);
		vgic_map_hw_ppi(&d->vcpus[i], TIMER);
		d->vcpus[i].vgic.vmcr = shim_vgic_open_vmcr(VGIC_VERSION);
	}
	{
		struct snap want;
		take(&want);
		reset_model(&want);
		expect(&want, "init");
	}
}

static u64 span(void)
{
	return GICD_END + 0x100 + (VGIC_VERSION == 3 ? nv * GUEST_GICR_STRIDE + 0x100 : 0);
}

static u64 addr_of(u64 x)
{
	if (x < GICD_END + 0x100)
		return GUEST_GICD_BASE + x;
	return GUEST_GICR_BASE + (x - GICD_END - 0x100);
}

static void step(const u8 *s)
{
	unsigned int op = s[0] & 7, var = (s[0] >> 3) & 3, me = (s[0] >> 5) % nv;
	struct vcpu *v = &d->vcpus[me];
	u32 n = (u32)le(s + 1, 2) % 300;
	u64 val = le(s + 4, 8);
	struct snap want;
	struct vgic_irq *q;

	switch (op) {
	case 0:
	case 1: mmio(me, op, 1u << var, addr_of(le(s + 1, 3) % span()), val); return;
	case 6:
	case 7: {
		u64 off = hot[s[1] % ARRAY_SIZE(hot)] + (s[2] & 0x3f);
		u64 frame = GUEST_GICR_BASE + (s[3] % nv) * GUEST_GICR_STRIDE;
		/* SGI_base offsets, and with [3] bit 7 the RD_base ones, are a
		 * redistributor's (GICv3) */
		u64 a = off >= GICD_END || (VGIC_VERSION == 3 && s[3] & 0x80)
				? frame + off
				: GUEST_GICD_BASE + off;
		mmio(me, op & 1, 1u << var, a, val);
		return;
	}
	case 4: run(me, s[1]); return;
	default: break;
	}
	take(&want);
	switch (op) {
	case 2:
		if (var == 0) {
			if ((q = irq_of(&want, me, n)))
				q->pending = true;
			vgic_inject(v, n);
		} else if (var == 1) {
			if (n >= 32 && (q = irq_of(&want, me, n)))
				q->pending = true;
			vgic_inject_spi(d, n);
		} else if (var == 2) {
			if (n >= 32 && (q = irq_of(&want, me, n))) {
				if (q->edge && (s[3] & 1) && !q->level)
					q->pending = true;
				q->level = s[3] & 1;
			}
			vgic_set_level(d, n, s[3] & 1);
		} else if (s[3] & 1) {
			want.priv[me][TIMER].pending = want.priv[me][TIMER].phys_active = true;
			vgic_inject_hw(v, TIMER);
		} else if (hw_spi) {
			want.spi[hw_spi - 32].pending = want.spi[hw_spi - 32].phys_active = true;
			vgic_inject_hw_spi(d, hw_spi);
		}
		expect(&want, "injection");
		break;
	case 3:
		if (var & 1) {
			model_sgi(&want, me, s[1] & 15, val);
			vgic_send_sgi(v, s[1] & 15, val);
			expect(&want, "vgic_send_sgi");
		} else if (VGIC_VERSION == 2) {
			mmio(me, true, 4, GUEST_GICD_BASE + 0xf00, val);
		} else {
			model_sgi(&want, me, (val >> 24) & 15, sgi1r_targets(me, val));
			vgic_v3_write_sgi1r(v, val);
			expect(&want, "ICC_SGI1R_EL1");
		}
		break;
	case 5:
		if (var >= 2) {
			restart();
			break;
		}
		{
			unsigned int deact = shim_deactivations, exp = 0;
			for (u32 i = 16; i < 32; i++) {
				q = &want.priv[me][i];
				exp += q->hw && q->phys_active;
				if (q->hw)
					q->phys_active = false;
				if (var == 1) /* release: the vCPU stops */
					q->phys_active = q->pending = q->active = false;
			}
			if (var == 0)
				vgic_vcpu_put(v);
			else
				vgic_vcpu_release(v);
			expect(&want, var ? "release" : "put");
			CHECK(shim_deactivations - deact == exp, "deactivated %u, model %u",
			      shim_deactivations - deact, exp);
		}
		break;
	default: break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	setup(data);
	for (data += 2, size -= 2; size >= STEP; data += STEP, size -= STEP) {
		step(data);
		check_hints();
	}
	return 0;
}
