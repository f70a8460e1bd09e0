/*
 * The Hypervisor Configuration Register, HCR_EL2 on arm64 (ARM ARM D13.2.48)
 * and HCR on ARMv7 (ARMv7-A/R ARM B4.1.65): the bits both hosts set have the
 * same positions (ARMv7 calls TACR "TAC"; RW, TIDCP, TSW and TTLB are set by
 * arm64 only). Usable from assembly (head.S).
 */
#ifndef ARCH_HCR_H
#define ARCH_HCR_H

#ifdef __ASSEMBLY__
#define HCR_BIT(n) (1 << (n))
#else
#define HCR_BIT(n) (1ULL << (n))
#endif

#define HCR_VM	   HCR_BIT(0)
#define HCR_SWIO   HCR_BIT(1) /* set/way invalidation cleans too: nothing of ours is lost */
#define HCR_FMO	   HCR_BIT(3)
#define HCR_IMO	   HCR_BIT(4)
#define HCR_AMO	   HCR_BIT(5)
#define HCR_FB	   HCR_BIT(9)  /* broadcast TLB and cache maintenance */
#define HCR_BSU_IS HCR_BIT(10) /* barriers at least inner shareable */
#define HCR_TWI	   HCR_BIT(13)
#define HCR_TSC	   HCR_BIT(19)
#define HCR_TIDCP  HCR_BIT(20)
#define HCR_TACR   HCR_BIT(21) /* ACTLR: IMPLEMENTATION DEFINED (arch/arm/cp_emul.c) */
#define HCR_TSW	   HCR_BIT(22)
#define HCR_TTLB   HCR_BIT(25)
#define HCR_RW	   HCR_BIT(31) /* arm64: EL1 is AArch64 */

/* The host's own: physical aborts, IRQs and FIQs go to EL2/HYP. Without IMO
 * an IRQ would target EL1, a lower EL than the one running, and never be
 * taken. arm64 runs with RW set (EL1 AArch64) until a guest says otherwise. */
#define HCR_HOST_ROUTE (HCR_AMO | HCR_IMO | HCR_FMO)

#endif
