/*
 * Arm SMMUv3 driver (IHI0070; registers and formats in smmu_v3.h). One
 * stream table, linear or 2-level (STRTAB_BASE_CFG.FMT), every STE "abort"
 * until a domain's streams are attached; a command queue for configuration
 * and TLB invalidation, each batch ended by CMD_SYNC and a bounded wait; an
 * event queue read from the poll (IHI0070 7.2, 7.3).
 *
 * A domain's streams walk its own stage-2 tables with its VMID (STE Config
 * stage 2, fields from VTCR_EL2). An SMMU without stage 2 (IDR0.S2P = 0, as
 * QEMU 7.2's model) gets a stage-1 context instead whose table maps exactly
 * the domain's RAM at its IPAs (smmu_v3_s1.c): the device sees the same
 * addresses the guest does, and nothing outside its RAM.
 */
#include <libfdt.h>
#include <bulkhead/driver.h>
#include <bulkhead/log.h>
#include <bulkhead/log_limit.h>
#include "iommu_io.h"
#include "smmu_v3.h"
#include "smmu_v3_priv.h"

#define CMDQ_LOG2_MAX 8 /* 256 commands, 4 KiB */
/* 1024 events, 32 KiB: a refused 512-byte DMA can make 128 of them
 * (QEMU records one per 4-byte access) between two polls. */
#define EVTQ_LOG2_MAX 10
#define SID_BITS_MAX  16
#define LINEAR_MAX    8 /* up to 256 streams: one linear table of 16 KiB */

static struct smmu3 *priv(const struct iommu *mmu) { return mmu->priv; }

/* Queue indices (SMMU_CMDQ_PROD/CONS, SMMU_EVENTQ_PROD/CONS): log2 index
 * bits plus a wrap bit above them. */
static u32 q_inc(u32 p, unsigned int log2) { return (p + 1) & ((2U << log2) - 1); }
static u32 q_ptr(u32 p, unsigned int log2) { return p & ((2U << log2) - 1); }
static bool q_full(u32 prod, u32 cons, unsigned int log2) { return (prod ^ cons) == (1U << log2); }

/* Entry p of a queue of 2^log2 entries of dwords doublewords. */
static u64 *q_slot(u64 *q, u32 p, unsigned int log2, unsigned int dwords)
{
	return &q[(size_t)(p & ((1U << log2) - 1)) * dwords];
}

static int wait_ack(const struct iommu *mmu, u64 ack_reg, u32 mask, u32 want)
{
	for (unsigned int i = 0; i < IOMMU_POLL_TRIES; i++)
		if ((iommu_rd32(mmu, ack_reg) & mask) == want)
			return 0;
	log_err("%s: register 0x%llx did not acknowledge 0x%x", mmu->name, ack_reg, want);
	return -E_TIMEOUT;
}

static int cr0_set(const struct iommu *mmu, u32 v)
{
	iommu_wr32(mmu, SMMU3_CR0, v);
	return wait_ack(mmu, SMMU3_CR0ACK, ~0U, v);
}

static const char *cmd_error(u32 code)
{
	switch (code) {
	case CMD_ERR_ILL: return "CERROR_ILL (illegal command)";
	case CMD_ERR_ABT: return "CERROR_ABT (abort reading the command)";
	case CMD_ERR_ATC_INV_SYNC: return "CERROR_ATC_INV_SYNC";
	default: return "unknown error";
	}
}

/* A command the SMMU refused (GERROR.CMDQ_ERR, IHI0070 7.1): report it, put a
 * CMD_SYNC in its place so the queue can go on, and acknowledge. */
static void cmdq_recover(const struct iommu *mmu, struct smmu3 *s, u32 cons)
{
	u64 *cmd = q_slot(s->cmdq, cons, s->cmdq_log2, 2);

	log_err("%s: command 0x%llx refused: %s", mmu->name, cmd[0] & 0xff,
		cmd_error(CMDQ_CONS_ERR(cons)));
	cmd[0] = CMD_SYNC;
	cmd[1] = 0;
	iommu_wr32(mmu, SMMU3_GERRORN, iommu_rd32(mmu, SMMU3_GERRORN) ^ GERROR_CMDQ_ERR);
}

static bool cmdq_error(const struct iommu *mmu)
{
	return (iommu_rd32(mmu, SMMU3_GERROR) ^ iommu_rd32(mmu, SMMU3_GERRORN)) & GERROR_CMDQ_ERR;
}

static int cmdq_add(const struct iommu *mmu, struct smmu3 *s, u64 dw0, u64 dw1)
{
	unsigned int i;
	u64 *cmd;

	for (i = 0; i < IOMMU_POLL_TRIES; i++)
		if (!q_full(s->cmdq_prod, q_ptr(iommu_rd32(mmu, SMMU3_CMDQ_CONS), s->cmdq_log2),
			    s->cmdq_log2))
			break;
	if (i == IOMMU_POLL_TRIES) {
		log_err("%s: command queue stays full", mmu->name);
		return -E_TIMEOUT;
	}
	cmd = q_slot(s->cmdq, s->cmdq_prod, s->cmdq_log2, 2);
	cmd[0] = dw0;
	cmd[1] = dw1;
	s->cmdq_prod = q_inc(s->cmdq_prod, s->cmdq_log2);
	iommu_wr32(mmu, SMMU3_CMDQ_PROD, s->cmdq_prod);
	return 0;
}

/* CMD_SYNC (CS = none): done when CONS has passed it, i.e. every
 * command before it has completed. */
static int cmdq_sync(const struct iommu *mmu, struct smmu3 *s)
{
	int rc = cmdq_add(mmu, s, CMD_SYNC, 0);

	for (unsigned int i = 0; !rc && i < IOMMU_POLL_TRIES; i++) {
		u32 cons = iommu_rd32(mmu, SMMU3_CMDQ_CONS);
		if (q_ptr(cons, s->cmdq_log2) == s->cmdq_prod) {
			rc = s->cmdq_failed ? -E_INVAL : 0;
			s->cmdq_failed = false;
			return rc;
		}
		if (cmdq_error(mmu)) {
			cmdq_recover(mmu, s, cons);
			s->cmdq_failed = true;
		}
	}
	if (!rc)
		log_err("%s: CMD_SYNC not completed after %u polls (CONS 0x%x, PROD 0x%x)",
			mmu->name, IOMMU_POLL_TRIES, iommu_rd32(mmu, SMMU3_CMDQ_CONS),
			s->cmdq_prod);
	s->cmdq_failed = false;
	return -E_TIMEOUT;
}

/* The cached STE of one stream (CMD_CFGI_STE, Leaf) or of all of them
 * (CMD_CFGI_STE_RANGE with Range 31: CFGI_ALL), then dom's TLB entries,
 * then wait. */
static int invalidate(const struct iommu *mmu, struct smmu3 *s, const struct iommu_domain *dom,
		      bool one, u32 sid)
{
	int rc = one ? cmdq_add(mmu, s, CMD_CFGI_STE | (u64)sid << 32, 1)
		     : cmdq_add(mmu, s, CMD_CFGI_ALL, 31);

	if (!rc && dom && s->stage2)
		rc = cmdq_add(mmu, s, CMD_TLBI_S12_VMALL | (u64)dom->vmid << 32, 0);
	else if (!rc && dom)
		rc = cmdq_add(mmu, s, CMD_TLBI_NH_ASID | (u64)dom->vmid << 48, 0);
	return rc ? rc : cmdq_sync(mmu, s);
}

static int alloc_queues(struct smmu3 *s, u32 idr1)
{
	s->cmdq_log2 = MIN(IDR1_CMDQS(idr1), CMDQ_LOG2_MAX);
	s->evtq_log2 = MIN(IDR1_EVENTQS(idr1), EVTQ_LOG2_MAX);
	s->cmdq = iommu_alloc(16ULL << s->cmdq_log2, 16ULL << s->cmdq_log2, &s->cmdq_pa);
	s->evtq = iommu_alloc(32ULL << s->evtq_log2, 32ULL << s->evtq_log2, &s->evtq_pa);
	return s->cmdq && s->evtq ? 0 : -E_NOMEM;
}

static int check_ids(const struct iommu *mmu, const void *fdt, int node, struct smmu3 *s)
{
	u32 idr0 = iommu_rd32(mmu, SMMU3_IDR0), idr1 = iommu_rd32(mmu, SMMU3_IDR1);
	u32 idr5 = iommu_rd32(mmu, SMMU3_IDR5);
	const char *why = NULL;

	if (mmu->size < SMMU3_MIN_SIZE)
		why = "reg: the window is smaller than two 64 KiB register pages";
	else if (!fdt_getprop(fdt, node, "dma-coherent", NULL) || !(idr0 & IDR0_COHACC))
		why = "its table walks are not coherent (no dma-coherent, or IDR0.COHACC = 0)";
	else if (!(idr0 & IDR0_TTF_AA64) || !(idr5 & IDR5_GRAN4K))
		why = "no AArch64 tables with the 4 KiB granule (IDR0.TTF, IDR5.GRAN4K)";
	else if (!(idr0 & (IDR0_S2P | IDR0_S1P)))
		why = "neither stage 1 nor stage 2 (IDR0.S1P, S2P)";
	else if (idr1 & (IDR1_TABLES_PRESET | IDR1_QUEUES_PRESET))
		why = "fixed table or queue addresses (IDR1.TABLES_PRESET, QUEUES_PRESET)";
	if (why) {
		log_err("%s: %s", mmu->name, why);
		return -E_NOSUPP;
	}
	s->stage2 = idr0 & IDR0_S2P;
	s->oas = IDR5_OAS(idr5);
	s->sid_bits = MIN(IDR1_SIDSIZE(idr1), SID_BITS_MAX);
	s->two_level = s->sid_bits > LINEAR_MAX && IDR0_ST_LEVEL(idr0) == 1;
	return alloc_queues(s, idr1);
}

/* Linear: 2^sid_bits STEs, all abort. 2-level: 2^(sid_bits - SPLIT) L1
 * descriptors, all invalid until attach() gives them a table (IHI0070 5.1). */
static int alloc_strtab(struct smmu3 *s)
{
	u64 n = 1ULL << (s->two_level ? s->sid_bits - STRTAB_SPLIT : s->sid_bits);
	u64 bytes = n * (s->two_level ? 8 : STE_BYTES);

	s->strtab = iommu_alloc(bytes, MAX(bytes, 64ULL), &s->strtab_pa);
	if (!s->strtab)
		return -E_NOMEM;
	for (u64 i = 0; !s->two_level && i < n; i++)
		smmu3_ste_abort(&s->strtab[(size_t)i * STE_DWORDS]);
	return 0;
}

static void program_tables(const struct iommu *mmu, const struct smmu3 *s)
{
	u32 cfg = s->two_level ? STRTAB_CFG_2LEVEL | STRTAB_SPLIT << 6 : 0;

	iommu_wr32(mmu, SMMU3_CR1, CR1_WB_INNER);
	iommu_wr32(mmu, SMMU3_CR2, CR2_RECINVSID | CR2_PTM);
	iommu_wr64(mmu, SMMU3_STRTAB_BASE, STRTAB_RA | (s->strtab_pa & STRTAB_ADDR_MASK));
	iommu_wr32(mmu, SMMU3_STRTAB_BASE_CFG, cfg | s->sid_bits);
	iommu_wr64(mmu, SMMU3_CMDQ_BASE, Q_ALLOC | (s->cmdq_pa & Q_ADDR_MASK) | s->cmdq_log2);
	iommu_wr32(mmu, SMMU3_CMDQ_PROD, 0);
	iommu_wr32(mmu, SMMU3_CMDQ_CONS, 0);
	iommu_wr64(mmu, SMMU3_EVENTQ_BASE, Q_ALLOC | (s->evtq_pa & Q_ADDR_MASK) | s->evtq_log2);
	iommu_wr32(mmu, SMMU3_EVENTQ_PROD, 0);
	iommu_wr32(mmu, SMMU3_EVENTQ_CONS, 0);
}

/* Initialisation (IHI0070 chapter 6, SMMU_CR0 and SMMU_GBPA): transactions
 * abort (GBPA) while the SMMU is off, then tables and queues, then the
 * command queue cleans what the SMMU may have cached, then it is enabled. */
static int smmu3_probe(struct iommu *mmu, const void *fdt, int node)
{
	u64 pa;
	struct smmu3 *s = iommu_alloc(sizeof(*s), 8, &pa);

	if (!s)
		return -E_NOMEM;
	mmu->priv = s;
	if (check_ids(mmu, fdt, node, s) || alloc_strtab(s))
		return -E_NOSUPP;
	iommu_wr32(mmu, SMMU3_GBPA, GBPA_ABORT | GBPA_UPDATE);
	if (wait_ack(mmu, SMMU3_GBPA, GBPA_UPDATE, 0) || cr0_set(mmu, 0))
		return -E_TIMEOUT;
	iommu_wr32(mmu, SMMU3_IRQ_CTRL, 0); /* polled: see common/iommu.c */
	program_tables(mmu, s);
	if (cr0_set(mmu, CR0_CMDQEN) || cmdq_add(mmu, s, CMD_CFGI_ALL, 31) ||
	    cmdq_add(mmu, s, CMD_TLBI_NSNH_ALL, 0) || cmdq_sync(mmu, s) ||
	    cr0_set(mmu, CR0_CMDQEN | CR0_EVENTQEN) ||
	    cr0_set(mmu, CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN))
		return -E_TIMEOUT;
	log_info("%s: %u-bit stream IDs, %s stream table, %s, every stream aborts until "
		 "attached",
		 mmu->name, s->sid_bits, s->two_level ? "2-level" : "linear",
		 s->stage2 ? "stage 2 shared with the domains"
			   : "no stage 2: stage-1 mirrors of the domains' RAM");
	return 0;
}

/* The STE of sid, giving a 2-level table its second level on first use. */
static u64 *ste_of(struct smmu3 *s, u32 sid)
{
	u64 *l1, pa, *l2;

	if (!s->two_level)
		return &s->strtab[(u64)sid * STE_DWORDS];
	l1 = &s->strtab[sid >> STRTAB_SPLIT];
	if (!(*l1 & 0x1f)) {
		l2 = iommu_alloc(STE_BYTES << STRTAB_SPLIT, STE_BYTES << STRTAB_SPLIT, &pa);
		if (!l2)
			return NULL;
		for (u32 i = 0; i < 1U << STRTAB_SPLIT; i++)
			smmu3_ste_abort(&l2[(size_t)i * STE_DWORDS]);
		*l1 = (pa & STE_S1CTXPTR_MASK) | L1STD_SPAN;
	}
	l2 = (u64 *)(uintptr_t)(*l1 & STE_S1CTXPTR_MASK);
	return &l2[(u64)(sid & ((1U << STRTAB_SPLIT) - 1)) * STE_DWORDS];
}

_Static_assert(STE_DWORDS == 8, "ste_write writes DW1..7 by hand");

/* Writes n consecutive STEs so the SMMU never sees a half-written one:
 * V = 0 first, then DW1..7, then DW0 (IHI0070, "Configuration structure
 * update"), each step visible to its table walks before the next: a walk
 * between them sees an invalid STE (the stream aborts), or the old or the
 * new one whole. */
static void ste_write(u64 *ste, const u64 *val, u32 n)
{
	for (u32 i = 0; i < n; i++)
		ste[(size_t)i * STE_DWORDS] = 0;
	iommu_wmb();
	for (u32 i = 0; i < n; i++) { /* unrolled: 65536 STEs for a PCIe host bridge */
		u64 *e = &ste[(size_t)i * STE_DWORDS];
		e[7] = val[7], e[6] = val[6], e[5] = val[5], e[4] = val[4];
		e[3] = val[3], e[2] = val[2], e[1] = val[1];
	}
	iommu_wmb();
	for (u32 i = 0; i < n; i++)
		ste[(size_t)i * STE_DWORDS] = val[0];
}

/* The same STE for count streams from sid, one second-level table (or the
 * linear table) at a time, each step done for all of its STEs before the
 * next: a PCIe host bridge's 65536 streams cost three barriers per 256,
 * not per stream (a restart attaches and detaches them all). */
static int ste_write_range(struct iommu *mmu, struct smmu3 *s, u32 sid, u32 count, const u64 *val)
{
	while (count) {
		u64 *ste = ste_of(s, sid);
		u32 n = s->two_level ? (1U << STRTAB_SPLIT) - (sid & ((1U << STRTAB_SPLIT) - 1))
				     : count;
		if (!ste)
			return -E_NOMEM;
		n = MIN(n, count);
		ste_write(ste, val, n);
		sid += n;
		count -= n;
		if (count && mmu->yield)
			mmu->yield(mmu);
	}
	return 0;
}

static int smmu3_attach(struct iommu *mmu, const struct iommu_domain *dom, u32 sid, u32 count)
{
	struct smmu3 *s = priv(mmu);
	u64 val[STE_DWORDS], cd_pa = 0;

	if (sid + (u64)count > 1ULL << s->sid_bits) {
		log_err("%s: stream IDs 0x%x+%u: only %u-bit IDs are supported", mmu->name, sid,
			count, s->sid_bits);
		return -E_RANGE;
	}
	if (iommu_range_owned(mmu, sid, count))
		return -E_BUSY;
	if (!s->stage2 && smmu3_s1_context(mmu, s, dom, &cd_pa))
		return -E_NOMEM;
	if (s->stage2)
		smmu3_ste_s2(val, dom, s->oas);
	else
		smmu3_ste_s1(val, cd_pa);
	/* Bound before any STE is written: whatever of it reaches the SMMU,
	 * detaching the domain takes back (undo of a failed build too). */
	if (iommu_bind(mmu, dom, sid, count)) {
		log_err("%s: domain %s: more than %u stream ranges on this SMMU", mmu->name,
			dom->name, IOMMU_MAX_BINDING);
		return -E_NOMEM;
	}
	if (ste_write_range(mmu, s, sid, count, val))
		return -E_NOMEM;
	return invalidate(mmu, s, dom, count == 1, sid);
}

static void smmu3_detach(struct iommu *mmu, const struct iommu_domain *dom)
{
	struct smmu3 *s = priv(mmu);
	u64 val[STE_DWORDS];

	struct iommu_binding mine[IOMMU_MAX_BINDING];
	unsigned int n = 0;

	smmu3_ste_abort(val);
	/* A copy: the table may change while a yield lets the lock go. */
	for (unsigned int b = 0; b < mmu->nbind; b++)
		if (mmu->bind[b].dom == dom)
			mine[n++] = mmu->bind[b];
	for (unsigned int b = 0; b < n; b++) /* failing: a level-2 table that never came */
		(void)ste_write_range(mmu, s, mine[b].sid, mine[b].count, val);
	iommu_unbind(mmu, dom);
	if (invalidate(mmu, s, dom, false, 0))
		log_err("%s: domain %s: detaching its streams did not complete", mmu->name,
			dom->name);
}

static void smmu3_flush(struct iommu *mmu, const struct iommu_domain *dom)
{
	if (invalidate(mmu, priv(mmu), dom, false, 0))
		log_err("%s: domain %s: TLB invalidation did not complete", mmu->name, dom->name);
}

/* An event is the doing of the domain that owns its stream (its device's
 * DMA), so its lines are that domain's, rate-limited (log_limit.h): a guest
 * that aims its DMA at unmapped addresses raises events as fast as the
 * device can issue them, and they are read and acknowledged all the same. */
static void report(const struct iommu *mmu, const u64 *evt)
{
	char what[96], who[48];
	u32 sid = (u32)(evt[0] >> 32);
	const struct iommu_domain *dom = iommu_owner(mmu, sid);

	if (!log_limit_allow(dom ? dom->name : NULL, LOG_CLASS_DMA))
		return;
	log_warn("%s: %s: %s (stream 0x%x)", mmu->name,
		 iommu_owner_name(mmu, sid, who, sizeof(who)),
		 smmu3_event_str(evt, what, sizeof(what)), sid);
}

/* Drains the event queue (IHI0070 7.2) and reports global errors (SMMU_GERROR). */
static void smmu3_poll(struct iommu *mmu)
{
	struct smmu3 *s = priv(mmu);
	u32 prod = iommu_rd32(mmu, SMMU3_EVENTQ_PROD), n = 0;
	u32 gerr = iommu_rd32(mmu, SMMU3_GERROR) ^ iommu_rd32(mmu, SMMU3_GERRORN);

	while (s->evtq_cons != q_ptr(prod, s->evtq_log2)) {
		report(mmu, q_slot(s->evtq, s->evtq_cons, s->evtq_log2, EVT_DWORDS));
		s->evtq_cons = q_inc(s->evtq_cons, s->evtq_log2);
		n++;
	}
	if ((prod ^ s->evtq_ovack) & EVENTQ_OVFLG) {
		/* A DMA flood fills the queue: nobody's line, limited the same. */
		log_limited(NULL, LOG_CLASS_DMA, LOG_WARN,
			    "%s: event queue overflowed: events were lost", mmu->name);
		s->evtq_ovack = prod & EVENTQ_OVFLG;
	}
	if (n || (prod & EVENTQ_OVFLG) != (iommu_rd32(mmu, SMMU3_EVENTQ_CONS) & EVENTQ_OVFLG))
		iommu_wr32(mmu, SMMU3_EVENTQ_CONS, s->evtq_cons | s->evtq_ovack);
	gerr &= ~GERROR_CMDQ_ERR; /* the command path handles its own */
	if (gerr) {
		log_limited(NULL, LOG_CLASS_DMA, LOG_ERR, "%s: global error 0x%x (SMMU_GERROR%s%s)",
			    mmu->name, gerr,
			    gerr & GERROR_EVENTQ_ABT ? ", EVENTQ_ABT_ERR: events were lost" : "",
			    gerr & GERROR_SFM_ERR ? ", SFM_ERR: the SMMU stopped translating" : "");
		iommu_wr32(mmu, SMMU3_GERRORN, iommu_rd32(mmu, SMMU3_GERRORN) ^ gerr);
	}
}

const struct iommu_ops smmu_v3_ops = {
	.name = "smmu-v3",
	.probe = smmu3_probe,
	.attach = smmu3_attach,
	.detach = smmu3_detach,
	.flush = smmu3_flush,
	.poll = smmu3_poll,
};

DRIVER_REGISTER(smmu_v3, DRIVER_IOMMU, 0, &smmu_v3_ops, "arm,smmu-v3");
