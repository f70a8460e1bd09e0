/*
 * AArch32 state as a hypervisor sees it in a trapped instruction's syndrome
 * and the saved PSTATE (SPSR_EL2 of an exception taken from AArch32): which
 * X register holds r<n> in the current mode, whether a conditional
 * instruction passed its condition, and the IT state after one was skipped.
 * Pure functions of their arguments, unit-tested on the host.
 */
#ifndef ARCH_AARCH32_H
#define ARCH_AARCH32_H

#include <bulkhead/types.h>

/* CPSR/SPSR fields (ARM ARM DDI 0487, G1 "Process state, PSTATE", and the
 * SPSR_EL2 layout for an exception taken from AArch32) */
#define PSR32_M_MASK 0x1fULL
#define PSR32_M4     (1ULL << 4) /* in SPSR_EL2: the exception came from AArch32 */
#define PSR32_T	     (1ULL << 5)
#define PSR32_F	     (1ULL << 6)
#define PSR32_I	     (1ULL << 7)
#define PSR32_A	     (1ULL << 8)
#define PSR32_E	     (1ULL << 9)
#define PSR32_IT_LO  (3ULL << 25)    /* IT[1:0] */
#define PSR32_IT_HI  (0x3fULL << 10) /* IT[7:2] */

#define MODE32_USR 0x10
#define MODE32_FIQ 0x11
#define MODE32_IRQ 0x12
#define MODE32_SVC 0x13
#define MODE32_ABT 0x17
#define MODE32_HYP 0x1a
#define MODE32_UND 0x1b
#define MODE32_SYS 0x1f

#define AARCH32_PC (-1) /* aarch32_reg_x's answer for r15 */

/* The X register that holds r<r> (0..15) in the AArch32 mode `mode` (the
 * low 5 bits of a PSR), per the ARM ARM's (DDI 0487, D1) "Mapping of
 * AArch32 registers to AArch64": r0-r12 are X0-X12 (FIQ mode's r8-r12: X24-X28);
 * SP and LR are banked: usr/sys X13/X14, hyp X15/-, irq X17/X16,
 * svc X19/X18, abt X21/X20, und X23/X22, fiq X29/X30. Returns AARCH32_PC
 * for r15, and also for r14 in hyp mode or any register of a mode that is
 * not one (neither has an X register to name). */
int aarch32_reg_x(u64 psr, unsigned int r);

/* Did a trapped conditional instruction pass its condition? esr is the
 * ESR_EL2 of EC 0x01-0x0c or 0x13: ISS bit 24 CV says whether bits 23:20
 * COND are valid; if not, the condition is ITSTATE's (a T32 instruction in
 * an IT block) or AL. Flags from psr's NZCV, as the ARM ARM's
 * ConditionHolds() pseudocode evaluates them. */
bool aarch32_cond_passed(u64 esr, u64 psr);

/* psr with ITSTATE advanced past one instruction (the ITAdvance
 * pseudocode, ARM ARM G1 "IT block state
 * register, ITSTATE"): the last instruction of an IT block clears
 * it, any other shifts IT[4:0] left by one. Outside an IT block, unchanged. */
u64 aarch32_it_advance(u64 psr);

/* Trapped classes whose syndrome has CV/COND (ESR_EL2 and HSR agree): WFx,
 * the coprocessor accesses (EC 0x01-0x0c) and SMC32 (0x13). */
static inline bool aarch32_ec_has_cond(unsigned int ec)
{
	return (ec >= 0x01 && ec <= 0x0c) || ec == 0x13;
}

/* Synchronous exceptions a hypervisor reports to an AArch32 PL1 (EL1). */
enum aarch32_exception { A32_UNDEF, A32_PABT, A32_DABT };

/* Where one is taken (the ARM ARM's AArch32.EnterMode() and its table of
 * exception return offsets; ARMv7-A/R ARM B1.8.3): mode Undefined or Abort;
 * psr the CPSR after entry (I masked, A too unless Undefined; T and E from
 * SCTLR.TE and SCTLR.EE; IT, J and SS cleared; N, Z, C, V, Q, GE, F and A
 * kept); pc the vector at VBAR, or 0xffff0000 with SCTLR.V; lr the mode's
 * LR: the instruction + 4 (A32) or + 2 (T32) for Undefined, + 4 for a
 * prefetch abort, + 8 for a data abort. The SPSR of the mode gets the old
 * CPSR. */
struct aarch32_entry {
	u64 mode, psr, pc, lr;
};
void aarch32_exception_entry(enum aarch32_exception e, u64 psr, u64 pc, u64 sctlr, u64 vbar,
			     struct aarch32_entry *out);

/* DFSR/IFSR of a synchronous external abort in the format the guest's
 * TTBCR.EAE selects (long: STATUS 0b010000 with LPAE; short: FS 0b01000),
 * WnR for a data abort's write. */
u64 aarch32_fsr_external(u64 ttbcr, bool write);

#endif
