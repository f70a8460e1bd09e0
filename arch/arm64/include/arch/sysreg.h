/* AArch64 system register access and barriers. Only arch/ and drivers/ include this. */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#include <arch/hcr.h>

#define read_sysreg(r)                                                                             \
	({                                                                                         \
		u64 __val;                                                                         \
		__asm__ volatile("mrs %0, " #r : "=r"(__val));                                     \
		__val;                                                                             \
	})
#define write_sysreg(v, r) __asm__ volatile("msr " #r ", %0" : : "r"((u64)(v)) : "memory")

#define isb()	 __asm__ volatile("isb" : : : "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt : : : "memory")

/* SCTLR_EL2 (non-VHE), ARM ARM D13.2.118 */
#define SCTLR_EL2_RES1 0x30c50830ULL
#define SCTLR_M	       (1ULL << 0)
#define SCTLR_C	       (1ULL << 2)
#define SCTLR_SA       (1ULL << 3)
#define SCTLR_I	       (1ULL << 12)
#define SCTLR_WXN      (1ULL << 19)

/* CPTR_EL2 (non-VHE): RES1 bits; TFP (bit 10) left clear so EL2 may use FP/SIMD
 * (Debian's prebuilt libfdt does; see docs/boot.md on FP ownership). */
#define CPTR_EL2_RES1 0x33ffULL
/* CPTR_EL2.TTA (bit 20) traps the trace unit's System registers, TAM (bit
 * 30) the activity monitors' (D13.2.31): neither is switched between vCPUs,
 * so a guest could read another's activity or reprogram a trace unit the
 * others run under. Each is set where the CPU has the feature (ID_AA64DFR0_EL1.
 * TraceVer, ID_AA64PFR0_EL1.AMU); elsewhere it is reserved. */
#define CPTR_EL2_TTA (1ULL << 20)
#define CPTR_EL2_TAM (1ULL << 30)

#ifndef __ASSEMBLY__
static inline unsigned long long cptr_el2_guest(unsigned long long pfr0, unsigned long long dfr0)
{
	return CPTR_EL2_RES1 | ((dfr0 >> 4) & 0xf ? CPTR_EL2_TTA : 0) |
	       ((pfr0 >> 44) & 0xf ? CPTR_EL2_TAM : 0);
}
#endif

/* HCR_EL2 (D13.2.48) of the host: RW (EL1 is AArch64), AMO|IMO|FMO. */
#define HCR_EL2_HOST (HCR_RW | HCR_HOST_ROUTE)

/* CNTHCTL_EL2: EL1PCTEN, EL1 may read the physical counter; EL1PCEN, its timer. */
#define CNTHCTL_EL1PCTEN (1ULL << 0)
#define CNTHCTL_EL1PCEN	 (1ULL << 1)

#endif
