/* A trapped register access as its handler sees it, and the handlers shared
 * by arm64's AArch64 table (arch/arm64/sysreg_emul.c: MRS/MSR) and the
 * AArch32 one of both hosts (arch/arm/cp_emul.c: MRC/MCR/MRRC/MCRR), which
 * trap the same registers (arch/arm/reg_handlers.c). */
#ifndef ARCH_REG_ACCESS_H
#define ARCH_REG_ACCESS_H

#include <bulkhead/types.h>

struct vcpu;

struct reg_access {
	bool read;
	u64 val; /* the value written; the read result on return */
	/* The instruction's CRm and op2, for a handler of several (TLBI). */
	u32 crm, op2;
};

/* Each returns false when the access is not one it emulates (undefined). */
typedef bool (*reg_access_fn)(struct vcpu *v, struct reg_access *a);
/* Reads as zero, ignores writes. */
bool sysreg_raz_wi(struct vcpu *v, struct reg_access *a);
/* DC ISW/CSW/CISW and their AArch32 forms (HCR_EL2.TSW): write-only no-ops. */
bool sysreg_set_way(struct vcpu *v, struct reg_access *a);
/* OSLSR_EL1 / DBGOSLSR: read-only, OSLM = 0b10 (the OS lock implemented, clear). */
bool sysreg_oslsr(struct vcpu *v, struct reg_access *a);
/* ICC_SGI1R_EL1 / ICC_SGI1R: write-only, GICv3 guests only. */
bool sysreg_sgi1r(struct vcpu *v, struct reg_access *a);

/* A trapped AArch32 MCR/MRC/MCRR/MRRC on p15 or p14 (EC 0x03, 0x04, 0x05,
 * 0x0c), on either host (cp_emul.c): false if none is emulated. */
bool cp_emulate(struct vcpu *v, u64 esr);
/* That access as the instruction, "MRC p15, 0, r0, c9, c12, 0", for logs. */
void cp_describe(u64 esr, char *buf, size_t len);
#endif
