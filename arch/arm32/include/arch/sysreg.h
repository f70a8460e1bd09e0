/* AArch32 coprocessor (cp15) register access and barriers, ARMv7-A with the
 * virtualization extensions. A register is named by its MRC/MCR encoding
 * (opc1, CRn, CRm, opc2; ARMv7-A/R ARM B3.17) or, for a 64-bit one, its
 * MRRC/MCRR encoding (opc1, CRm). Only arch/ and drivers/ include this. */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

/* clang-format off */
#define CP32(opc1, crn, crm, opc2) "p15, " #opc1 ", %0, " #crn ", " #crm ", " #opc2
#define CP64(opc1, crm)		   "p15, " #opc1 ", %Q0, %R0, " #crm
/* clang-format on */

#define read_cp32(enc)                                                                             \
	({                                                                                         \
		u32 __val;                                                                         \
		__asm__ volatile("mrc " enc : "=r"(__val));                                        \
		__val;                                                                             \
	})
#define write_cp32(v, enc) __asm__ volatile("mcr " enc : : "r"((u32)(v)) : "memory")
#define read_cp64(enc)                                                                             \
	({                                                                                         \
		u64 __val;                                                                         \
		__asm__ volatile("mrrc " enc : "=r"(__val));                                       \
		__val;                                                                             \
	})
#define write_cp64(v, enc) __asm__ volatile("mcrr " enc : : "r"((u64)(v)) : "memory")

#define isb()	 __asm__ volatile("isb" : : : "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt : : : "memory")

/* Identification and HYP-mode control (B4.1). */
#define CTR	   CP32(0, c0, c0, 1)
#define MPIDR	   CP32(0, c0, c0, 5)
#define ID_PFR1	   CP32(0, c0, c1, 1)
#define ID_MMFR0   CP32(0, c0, c1, 4)
#define HSCTLR	   CP32(4, c1, c0, 0)
#define HCR	   CP32(4, c1, c1, 0)
#define HDCR	   CP32(4, c1, c1, 1)
#define HCPTR	   CP32(4, c1, c1, 2)
#define HSTR	   CP32(4, c1, c1, 3)
#define HTCR	   CP32(4, c2, c0, 2)
#define VTCR	   CP32(4, c2, c1, 2)
#define HSR	   CP32(4, c5, c2, 0)
#define HDFAR	   CP32(4, c6, c0, 0)
#define HIFAR	   CP32(4, c6, c0, 2)
#define HPFAR	   CP32(4, c6, c0, 4)
#define HMAIR0	   CP32(4, c10, c2, 0)
#define HMAIR1	   CP32(4, c10, c2, 1)
#define HVBAR	   CP32(4, c12, c0, 0)
#define HTPIDR	   CP32(4, c13, c0, 2)
#define HTTBR	   CP64(4, c2)
#define VTTBR	   CP64(6, c2)
#define DCCMVAC	   CP32(0, c7, c10, 1)
#define DCCIMVAC   CP32(0, c7, c14, 1)
#define TLBIALLHIS CP32(4, c8, c3, 0)

/* A guest's PL1 state (B4.1), switched with its vCPU. */
#define MIDR	      CP32(0, c0, c0, 0)
#define SCTLR	      CP32(0, c1, c0, 0)
#define ACTLR	      CP32(0, c1, c0, 1)
#define CPACR	      CP32(0, c1, c0, 2)
#define TTBCR	      CP32(0, c2, c0, 2)
#define DACR	      CP32(0, c3, c0, 0)
#define DFSR	      CP32(0, c5, c0, 0)
#define IFSR	      CP32(0, c5, c0, 1)
#define ADFSR	      CP32(0, c5, c1, 0)
#define AIFSR	      CP32(0, c5, c1, 1)
#define DFAR	      CP32(0, c6, c0, 0)
#define IFAR	      CP32(0, c6, c0, 2)
#define PRRR	      CP32(0, c10, c2, 0)
#define NMRR	      CP32(0, c10, c2, 1)
#define AMAIR0	      CP32(0, c10, c3, 0)
#define AMAIR1	      CP32(0, c10, c3, 1)
#define VBAR	      CP32(0, c12, c0, 0)
#define CONTEXTIDR    CP32(0, c13, c0, 1)
#define TPIDRURW      CP32(0, c13, c0, 2)
#define TPIDRURO      CP32(0, c13, c0, 3)
#define TPIDRPRW      CP32(0, c13, c0, 4)
#define CSSELR	      CP32(2, c0, c0, 0)
#define PMCR	      CP32(0, c9, c12, 0)
#define CNTKCTL	      CP32(0, c14, c1, 0)
#define CNTV_CTL      CP32(0, c14, c3, 1)
#define TTBR0	      CP64(0, c2)
#define TTBR1	      CP64(1, c2)
#define PAR	      CP64(0, c7)
#define CNTV_CVAL     CP64(3, c14)
#define VPIDR	      CP32(4, c0, c0, 0)
#define VMPIDR	      CP32(4, c0, c0, 5)
#define TLBIALLNSNHIS CP32(4, c8, c3, 4)
#define ICIALLUIS     CP32(0, c7, c1, 0)

/* Generic timer (B4.1.21 ff.) */
#define CNTFRQ	   CP32(0, c14, c0, 0)
#define CNTHCTL	   CP32(4, c14, c1, 0)
#define CNTHP_CTL  CP32(4, c14, c2, 1)
#define CNTPCT	   CP64(0, c14)
#define CNTHP_CVAL CP64(6, c14)
#define CNTVOFF	   CP64(4, c14)

/* HSCTLR, with the same RES1 bits as SCTLR_EL2 (it is its AArch32 view). */
#define HSCTLR_RES1 0x30c50830U
#define SCTLR_M	    (1U << 0)
#define SCTLR_C	    (1U << 2)
#define SCTLR_I	    (1U << 12)
#define SCTLR_WXN   (1U << 19)

/* CNTHCTL: PL1PCTEN, PL1 and PL0 may read the physical counter. */
#define CNTHCTL_PL1PCTEN (1U << 0)

/* CPSR mode field */
#define CPSR_MODE_MASK 0x1fU
#define CPSR_MODE_SVC  0x13U
#define CPSR_MODE_HYP  0x1aU

#endif
