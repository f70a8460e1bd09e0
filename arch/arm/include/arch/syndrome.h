/*
 * The exception syndrome, ESR_EL2 on arm64 (ARM ARM D13.2.37) and HSR on
 * ARMv7 (ARMv7-A/R ARM B3.13.6): EC [31:26], IL [25], ISS [24:0]. The classes
 * both hosts trap have the same numbers and ISS encodings (the AArch32 ones
 * are ARMv7's), so one set serves both.
 */
#ifndef ARCH_SYNDROME_H
#define ARCH_SYNDROME_H

#define ESR_EC(esr)  ((unsigned int)((esr) >> 26) & 0x3f)
#define ESR_IL	     (1ULL << 25) /* a 32-bit instruction (else a 16-bit T32 one) */
#define ESR_ISS(esr) ((u32)(esr)&0x1ffffff)

/* Exception classes */
#define EC_UNKNOWN  0x00
#define EC_WFX	    0x01
#define EC_CP15_32  0x03 /* MCR/MRC p15 */
#define EC_CP15_64  0x04 /* MCRR/MRRC p15 */
#define EC_CP14_32  0x05 /* MCR/MRC p14 */
#define EC_CP14_LS  0x06 /* LDC/STC p14 */
#define EC_FP	    0x07 /* FP/SIMD access */
#define EC_CP10	    0x08 /* VMRS */
#define EC_CP14_64  0x0c /* MRRC p14 */
#define EC_ILLEGAL  0x0e /* illegal execution state */
#define EC_SVC32    0x11
#define EC_HVC32    0x12 /* ARMv7's HVC */
#define EC_SMC32    0x13 /* ARMv7's SMC */
#define EC_SVC64    0x15
#define EC_HVC64    0x16
#define EC_SMC64    0x17
#define EC_SYSREG   0x18 /* MSR/MRS/system instruction */
#define EC_IABT_LO  0x20 /* instruction abort from a lower EL */
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LO  0x24 /* data abort from a lower EL */
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_FP64	    0x2c /* FP exception (AArch64) */
#define EC_SERROR   0x2f
#define EC_BKPT_LO  0x30
#define EC_BKPT_CUR 0x31
#define EC_BRK	    0x3c

/* Abort ISS: the fault status code, bits [5:0]; HYP mode and EL2 always use
 * the long-descriptor codes. */
#define ISS_FSC(esr)		 ((u32)(esr)&0x3f)
#define ISS_FSC_TRANSLATION(esr) (((esr)&0x3c) == 0x04)
#define FSC_EXT_ABORT		 0x10 /* synchronous external abort: no device answered */
#define ISS_WNR			 (1ULL << 6)

/* MCR/MRC (EC_CP15_32, EC_CP14_32): Opc2 [19:17], Opc1 [16:14], CRn [13:10],
 * Rt [9:5], CRm [4:1], Direction [0] (1: read). MCRR/MRRC (EC_CP15_64,
 * EC_CP14_64): Opc1 [19:16], Rt2 [14:10], Rt [9:5], CRm [4:1], Direction.
 * ARMv7's Rt is [8:5] with bit 9 reserved, 0. */
#define ISS_CP_READ(esr)   ((esr)&1)
#define ISS_CP_CRM(esr)	   ((unsigned int)((esr) >> 1) & 0xf)
#define ISS_CP_RT(esr)	   ((unsigned int)((esr) >> 5) & 0x1f)
#define ISS_CP_CRN(esr)	   ((unsigned int)((esr) >> 10) & 0xf)
#define ISS_CP_OPC1(esr)   ((unsigned int)((esr) >> 14) & 7)
#define ISS_CP_OPC2(esr)   ((unsigned int)((esr) >> 17) & 7)
#define ISS_CP64_RT2(esr)  ((unsigned int)((esr) >> 10) & 0x1f)
#define ISS_CP64_OPC1(esr) ((unsigned int)((esr) >> 16) & 0xf)

#endif
