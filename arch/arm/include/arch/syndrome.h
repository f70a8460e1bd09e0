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

/* Exception classes, with their names for the unexpected-exception dump
 * (fault_decode.c): EC_<name> = value. */
#define EC_TABLE(X)                                                                                \
	X(UNKNOWN, 0x00, "Unknown reason")                                                         \
	X(WFX, 0x01, "WFI/WFE")                                                                    \
	X(CP15_32, 0x03, "MCR/MRC (cp15)")                                                         \
	X(CP15_64, 0x04, "MCRR/MRRC (cp15)")                                                       \
	X(CP14_32, 0x05, "MCR/MRC (cp14)")                                                         \
	X(CP14_LS, 0x06, "LDC/STC (cp14)")                                                         \
	X(FP, 0x07, "FP/SIMD access")                                                              \
	X(CP10, 0x08, "VMRS (cp10)")                                                               \
	X(CP14_64, 0x0c, "MRRC (cp14)")                                                            \
	X(ILLEGAL, 0x0e, "Illegal execution state")                                                \
	X(SVC32, 0x11, "SVC (AArch32)")                                                            \
	X(HVC32, 0x12, "HVC (AArch32)")                                                            \
	X(SMC32, 0x13, "SMC (AArch32)")                                                            \
	X(SVC64, 0x15, "SVC (AArch64)")                                                            \
	X(HVC64, 0x16, "HVC (AArch64)")                                                            \
	X(SMC64, 0x17, "SMC (AArch64)")                                                            \
	X(SYSREG, 0x18, "MSR/MRS/system instruction")                                              \
	X(IABT_LO, 0x20, "Instruction Abort from a lower EL")                                      \
	X(IABT_CUR, 0x21, "Instruction Abort (same EL)")                                           \
	X(PC_ALIGN, 0x22, "PC alignment fault")                                                    \
	X(DABT_LO, 0x24, "Data Abort from a lower EL")                                             \
	X(DABT_CUR, 0x25, "Data Abort (same EL)")                                                  \
	X(SP_ALIGN, 0x26, "SP alignment fault")                                                    \
	X(FP64, 0x2c, "FP exception (AArch64)")                                                    \
	X(SERROR, 0x2f, "SError")                                                                  \
	X(BKPT_LO, 0x30, "Breakpoint from a lower EL")                                             \
	X(BKPT_CUR, 0x31, "Breakpoint (same EL)")                                                  \
	X(BRK, 0x3c, "BRK instruction")

#define EC_ENUM(name, val, text) EC_##name = (val),
enum exception_class { EC_TABLE(EC_ENUM) };
#undef EC_ENUM

/* Abort ISS: the fault status code, bits [5:0]; HYP mode and EL2 always use
 * the long-descriptor codes. */
#define ISS_FSC(esr)		 ((u32)(esr)&0x3f)
#define ISS_FSC_TRANSLATION(esr) (((esr)&0x3c) == 0x04)
#define FSC_EXT_ABORT		 0x10 /* synchronous external abort: no device answered */
#define ISS_WNR			 (1ULL << 6)

#endif
