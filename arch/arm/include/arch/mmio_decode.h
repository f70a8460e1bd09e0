/*
 * A stage-2 data abort taken from a guest, decoded into the MMIO access it
 * describes: ESR_EL2 (ARM ARM D13.2.37, "ISS encoding for an exception from a
 * Data Abort"), FAR_EL2 and HPFAR_EL2. Pure functions of the three register
 * values, so the decoding is unit-tested and fuzzed on the host; trap.c reads
 * the registers and calls them.
 */
#ifndef ARCH_MMIO_DECODE_H
#define ARCH_MMIO_DECODE_H

#include <bulkhead/types.h>

struct vcpu;

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

/* The IPA a stage-2 abort reports: HPFAR_EL2.FIPA, bits [47:4], is IPA[55:12]
 * (bits [39:4] without FEAT_LPA, [43:4] with it, [47:4] with FEAT_D128, the
 * unused ones RES0); bit 63 (NS, FEAT_SEL2) is not part of it. FAR_EL2's
 * bits [11:0] are the offset in the page. */
u64 mmio_fault_ipa(u64 far, u64 hpfar);

/* Fills *out (also when refusing: ipa and write stay meaningful) and returns
 * whether the syndrome describes a load or store of one general-purpose
 * register that can be emulated. */
bool mmio_decode_dabt(u64 esr, u64 far, u64 hpfar, struct mmio_access *out);

/* The access of a vCPU in AArch32 state: SRT named r0-r14 of the current
 * mode, which the arch's register accessors know as reg (vcpu_arch_reg32:
 * on arm64 the X register holding it, arch/aarch32.h). Loads are cut to 32
 * bits. False (why set) for r15 (reg AARCH32_PC), never an MMIO target. */
bool mmio_decode_aarch32(struct mmio_access *a, int reg);

/* A store's data: the low len bytes of Rt (XZR/WZR: 0). */
u64 mmio_store_value(const struct mmio_access *a, u64 reg);
/* What a load leaves in Rt from the len bytes read: zero- or (SSE)
 * sign-extended, then cut to 32 bits for a W register. */
u64 mmio_load_value(const struct mmio_access *a, u64 val);

/* The access on v's registers through the domain's emulated devices
 * (vmmio_access); false if nothing there emulates it. */
bool mmio_emulate(struct vcpu *v, const struct mmio_access *a);

#endif
