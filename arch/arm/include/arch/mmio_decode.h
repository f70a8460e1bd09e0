/*
 * A stage-2 data abort taken from a guest, decoded into the MMIO access it
 * describes: ESR_EL2 (ARM ARM D13.2.37, "ISS encoding for an exception from a
 * Data Abort"), FAR_EL2 and HPFAR_EL2. Pure functions of the three register
 * values, so the decoding is unit-tested and fuzzed on the host; each host's
 * trap.c reads the registers and arch/arm/guest_exit.c calls them. The
 * decoder is inline: every emulated MMIO access takes it; only naming a
 * refusal is out of line (mmio_decode_refusal).
 */
#ifndef ARCH_MMIO_DECODE_H
#define ARCH_MMIO_DECODE_H

#include <bulkhead/types.h>
#include <bulkhead/vmmio.h>
#include <bulkhead/vmmio_dispatch.h>
#include <arch/aarch32.h>
#include <arch/guest.h>
#include <arch/syndrome.h>

struct mmio_access {
	u64 ipa;	  /* page from HPFAR_EL2.FIPA, offset in it from FAR_EL2 */
	unsigned int len; /* 1, 2, 4 or 8 bytes (SAS) */
	unsigned int rt;  /* SRT: X0-X30, or 31 for XZR/WZR */
	bool write;	  /* WnR */
	bool sse;	  /* a load of 1, 2 or 4 bytes that sign-extends */
	bool sf;	  /* Rt is an X register; else a W register */
	bool cm;	  /* a cache maintenance (or AT) instruction, not a load or store */
	const char *why;  /* refused: what the access was, for "<why> <ipa>" in the log */
};

/* ISS fields of a Data Abort's syndrome (ARM ARM D13.2.37):
 *   24 ISV   the syndrome below (SAS..AR) is valid
 *   23:22 SAS access size, 1 << SAS bytes
 *   21 SSE   a narrow load sign-extends
 *   20:16 SRT the register (31: XZR/WZR for loads and stores)
 *   15 SF    the register is 64-bit
 *   14 AR    acquire/release semantics
 *   13 VNCR  the access was to VNCR_EL2's page (FEAT_NV2)
 *   10 FnV   FAR_EL2 is not valid
 *    9 EA    external abort
 *    8 CM    cache maintenance or address translation instruction
 *    7 S1PTW the fault was on a stage 1 translation table walk
 *    6 WnR   write, not read
 *   5:0 DFSC  fault status code */
#define MMIO_ESR_EC_MASK (0x3fULL << 26)
#define MMIO_ISS_ISV	 (1ULL << 24)
#define MMIO_ISS_SSE	 (1ULL << 21)
#define MMIO_ISS_SF	 (1ULL << 15)
#define MMIO_ISS_VNCR	 (1ULL << 13)
#define MMIO_ISS_FNV	 (1ULL << 10)
#define MMIO_ISS_EA	 (1ULL << 9)
#define MMIO_ISS_CM	 (1ULL << 8)
#define MMIO_ISS_S1PTW	 (1ULL << 7)
#define MMIO_HPFAR_FIPA	 0x0000fffffffffff0ULL /* bits [47:4] */

/* The IPA a stage-2 abort reports: HPFAR_EL2.FIPA, bits [47:4], is IPA[55:12]
 * (bits [39:4] without FEAT_LPA, [43:4] with it, [47:4] with FEAT_D128, the
 * unused ones RES0); bit 63 (NS, FEAT_SEL2) is not part of it. FAR_EL2's
 * bits [11:0] are the offset in the page. */
static inline u64 mmio_fault_ipa(u64 far, u64 hpfar)
{
	return (hpfar & MMIO_HPFAR_FIPA) << 8 | (far & 0xfff);
}

/* What a syndrome that is not a plain load or store missing stage 2 is, for
 * the log. FnV: no page offset. EA, CM, VNCR: not a plain load or store
 * missing stage 2. S1PTW: HPFAR holds the guest's own table walk's address,
 * not the access's. The architecture leaves ISV 0 for most of these; a
 * syndrome that says otherwise is not trusted either. Out of line: only a
 * refused access takes it, and the fast path stays short
 * (docs/perf-analysis.md). */
static __attribute__((noinline, unused)) const char *mmio_decode_refusal(u64 esr)
{
	if (ESR_EC(esr) != EC_DABT_LO)
		return "data abort of another class at";
	if (esr & MMIO_ISS_CM)
		return "cache maintenance outside its memory at";
	if (esr & MMIO_ISS_EA)
		return "external abort at";
	if (esr & MMIO_ISS_S1PTW)
		return "stage-1 table walk outside its memory at";
	if (esr & (MMIO_ISS_FNV | MMIO_ISS_VNCR))
		return "access with no valid address (FnV) or to VNCR_EL2's page at";
	if (!(esr & MMIO_ISS_ISV))
		return "access without instruction syndrome to";
	return "8-byte access through a W register at";
}

/* Fills *out (also when refusing: ipa and write stay meaningful) and returns
 * whether the syndrome describes a load or store of one general-purpose
 * register that can be emulated. */
static inline bool mmio_decode_dabt(u64 esr, u64 far, u64 hpfar, struct mmio_access *out)
{
	/* A plain load or store that missed stage 2: this class, ISV, and none
	 * of CM, EA, S1PTW, FnV, VNCR. */
	const u64 plain = MMIO_ESR_EC_MASK | MMIO_ISS_ISV | MMIO_ISS_CM | MMIO_ISS_EA |
			  MMIO_ISS_S1PTW | MMIO_ISS_FNV | MMIO_ISS_VNCR;
	unsigned int len = 1U << ((esr >> 22) & 3);
	bool write = esr & ISS_WNR;

	out->ipa = mmio_fault_ipa(far, hpfar);
	out->len = len;
	out->rt = (esr >> 16) & 0x1f;
	out->write = write;
	/* SSE is meaningless for stores and for 8 bytes (nothing to extend). */
	out->sse = !write && len < 8 && (esr & MMIO_ISS_SSE);
	out->sf = esr & MMIO_ISS_SF;
	out->cm = esr & MMIO_ISS_CM;
	out->why = NULL;
	/* No instruction moves 8 bytes through a W register. AR (bit 14) needs
	 * nothing: the vCPU is stopped while the access is emulated, so it is
	 * ordered against all of its others. */
	if ((esr & plain) == ((u64)EC_DABT_LO << 26 | MMIO_ISS_ISV) && (len < 8 || out->sf))
		return true;
	out->why = mmio_decode_refusal(esr);
	return false;
}

/* The access of a vCPU in AArch32 state: SRT named r0-r14 of the current
 * mode, which the arch's register accessors know as reg (vcpu_arch_reg32:
 * on arm64 the X register holding it, arch/aarch32.h). Loads are cut to 32
 * bits. False (why set) for r15 (reg AARCH32_PC), never an MMIO target. */
static inline bool mmio_decode_aarch32(struct mmio_access *a, int reg)
{
	if (reg == AARCH32_PC) {
		a->why = "load or store of the PC (r15) or of a register of no mode at";
		return false;
	}
	a->rt = (unsigned int)reg;
	a->sf = false; /* a 32-bit register: loads are cut to 32 bits */
	return true;
}

/* Inline: every emulated load or store goes through them. */
static inline u64 mmio_width_mask(unsigned int len)
{
	return len >= 8 ? ~0ULL : (1ULL << (8 * len)) - 1;
}

/* A store's data: the low len bytes of Rt (XZR/WZR: 0). */
static inline u64 mmio_store_value(const struct mmio_access *a, u64 reg)
{
	return a->rt == 31 ? 0 : reg & mmio_width_mask(a->len);
}

/* What a load leaves in Rt from the len bytes read: zero- or (SSE)
 * sign-extended, then cut to 32 bits for a W register. */
static inline u64 mmio_load_value(const struct mmio_access *a, u64 val)
{
	val &= mmio_width_mask(a->len);
	if (a->sse && (val >> (8 * a->len - 1)) & 1)
		val |= ~mmio_width_mask(a->len);
	return a->sf ? val : val & 0xffffffffULL;
}

/* The access on v's registers through the domain's emulated devices
 * (vmmio_dispatch); false if nothing there emulates it. */
static inline bool mmio_emulate(struct vcpu *v, const struct mmio_access *a)
{
	u64 val = a->write ? mmio_store_value(a, vcpu_arch_get_reg(v, a->rt)) : 0;

	if (!vmmio_dispatch(v, a->ipa, a->len, a->write, &val))
		return false;
	if (!a->write)
		vcpu_arch_set_reg(v, a->rt, mmio_load_value(a, val)); /* XZR: discarded */
	return true;
}

#endif
