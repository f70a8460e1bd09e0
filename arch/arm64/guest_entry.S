/*
 * The world switch's register part. guest_arch_enter(regs) saves the
 * hypervisor's callee-saved registers in regs->host, loads the guest's
 * general registers, PC and PSTATE and erets. A guest exit comes through the
 * lower-EL vectors (vectors.S), which jump to guest_exit_common with the
 * exit reason in x1: it stores the guest's registers back into regs (found
 * through TPIDR_EL2 -> struct pcpu -> guest_regs) and returns that reason
 * from guest_arch_enter as if it were an ordinary call.
 */
#include <arch/asm.h>
#include <arch/vcpu.h>

#define PCPU_GUEST_REGS 8 /* offsetof(struct pcpu, guest_regs), checked in smp.c */

	.text
/* enum guest_exit guest_arch_enter(struct vcpu_regs *regs) */
FUNC(guest_arch_enter)
	add	x1, x0, #VCPU_CTX_HOST
	stp	x19, x20, [x1, #16 * 0]
	stp	x21, x22, [x1, #16 * 1]
	stp	x23, x24, [x1, #16 * 2]
	stp	x25, x26, [x1, #16 * 3]
	stp	x27, x28, [x1, #16 * 4]
	stp	x29, x30, [x1, #16 * 5]
	mov	x2, sp
	str	x2, [x1, #16 * 6]

	ldr	x2, [x0, #VCPU_CTX_SP_EL0]
	msr	sp_el0, x2
	ldp	x2, x3, [x0, #VCPU_CTX_PC]
	msr	elr_el2, x2
	msr	spsr_el2, x3

	ldp	x2, x3, [x0, #16 * 1]
	ldp	x4, x5, [x0, #16 * 2]
	ldp	x6, x7, [x0, #16 * 3]
	ldp	x8, x9, [x0, #16 * 4]
	ldp	x10, x11, [x0, #16 * 5]
	ldp	x12, x13, [x0, #16 * 6]
	ldp	x14, x15, [x0, #16 * 7]
	ldp	x16, x17, [x0, #16 * 8]
	ldp	x18, x19, [x0, #16 * 9]
	ldp	x20, x21, [x0, #16 * 10]
	ldp	x22, x23, [x0, #16 * 11]
	ldp	x24, x25, [x0, #16 * 12]
	ldp	x26, x27, [x0, #16 * 13]
	ldp	x28, x29, [x0, #16 * 14]
	ldr	x30, [x0, #8 * 30]
	ldp	x0, x1, [x0, #16 * 0]
	eret
END(guest_arch_enter)

/* Entered from a lower-EL vector with the guest's x0/x1 pushed on the EL2
 * stack and x1 = exit reason. */
FUNC(guest_exit_common)
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_GUEST_REGS]
	stp	x2, x3, [x0, #16 * 1]
	stp	x4, x5, [x0, #16 * 2]
	stp	x6, x7, [x0, #16 * 3]
	stp	x8, x9, [x0, #16 * 4]
	stp	x10, x11, [x0, #16 * 5]
	stp	x12, x13, [x0, #16 * 6]
	stp	x14, x15, [x0, #16 * 7]
	stp	x16, x17, [x0, #16 * 8]
	stp	x18, x19, [x0, #16 * 9]
	stp	x20, x21, [x0, #16 * 10]
	stp	x22, x23, [x0, #16 * 11]
	stp	x24, x25, [x0, #16 * 12]
	stp	x26, x27, [x0, #16 * 13]
	stp	x28, x29, [x0, #16 * 14]
	str	x30, [x0, #8 * 30]
	ldp	x2, x3, [sp], #16		/* guest x0, x1 */
	stp	x2, x3, [x0, #16 * 0]
	mrs	x2, sp_el0
	str	x2, [x0, #VCPU_CTX_SP_EL0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #VCPU_CTX_PC]

	/* Error synchronization. An SError that the guest's own accesses
	 * raise may still be on its way when it exits; EL2 runs with PSTATE.A
	 * masked, so it would stay pending and be taken in whichever guest
	 * enters next, which would be blamed for it. DSB SY completes the
	 * guest's outstanding accesses (ARM ARM B2.3.12), so an error they
	 * cause is pending now; ISR_EL1.A (D13.2.62) shows a pending physical
	 * SError. Such an SError is charged to this guest: it is taken here,
	 * with A unmasked for the two instructions of the window, by
	 * vectors.S's EL2 SError entry (serror_window_take), which returns
	 * with A masked again. Without FEAT_RAS's ESB this is the strongest
	 * synchronization the architecture offers; an error that the
	 * hardware signals later still is not this guest's to prove. */
	dsb	sy
	isb
	mrs	x2, isr_el1
	tbz	x2, #8, 1f
	mov	x1, #EXIT_SERROR_AT_EXIT
	.globl	serror_window
serror_window:
	msr	daifclr, #4
	isb
	.globl	serror_window_end
serror_window_end:
	msr	daifset, #4
1:
	mov	x2, x0
	mov	x0, x1				/* return value: exit reason */
	add	x1, x2, #VCPU_CTX_HOST
	ldp	x19, x20, [x1, #16 * 0]
	ldp	x21, x22, [x1, #16 * 1]
	ldp	x23, x24, [x1, #16 * 2]
	ldp	x25, x26, [x1, #16 * 3]
	ldp	x27, x28, [x1, #16 * 4]
	ldp	x29, x30, [x1, #16 * 5]
	ldr	x2, [x1, #16 * 6]
	mov	sp, x2
	ret
END(guest_exit_common)

/* FP/SIMD save and restore (the hypervisor itself never uses these registers). */
.macro FP_REGS op
	\op	q0, q1, [x0, #32 * 0]
	\op	q2, q3, [x0, #32 * 1]
	\op	q4, q5, [x0, #32 * 2]
	\op	q6, q7, [x0, #32 * 3]
	\op	q8, q9, [x0, #32 * 4]
	\op	q10, q11, [x0, #32 * 5]
	\op	q12, q13, [x0, #32 * 6]
	\op	q14, q15, [x0, #32 * 7]
	\op	q16, q17, [x0, #32 * 8]
	\op	q18, q19, [x0, #32 * 9]
	\op	q20, q21, [x0, #32 * 10]
	\op	q22, q23, [x0, #32 * 11]
	\op	q24, q25, [x0, #32 * 12]
	\op	q26, q27, [x0, #32 * 13]
	\op	q28, q29, [x0, #32 * 14]
	\op	q30, q31, [x0, #32 * 15]
.endm

	.arch_extension fp
	.arch_extension simd
FUNC(fp_arch_save)
	FP_REGS stp
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #512
	stp	x1, x2, [x0]
	ret
END(fp_arch_save)

FUNC(fp_arch_restore)
	FP_REGS ldp
	add	x0, x0, #512
	ldp	x1, x2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
END(fp_arch_restore)

/* void mem_arch_zero(void *p, u64 size): p and size multiples of 4 KiB.
 * DC ZVA zeroes a whole block per instruction (ARM ARM C5.3.21); the block
 * size is DCZID_EL0.BS words. Falls back to stores if DC ZVA is prohibited. */
FUNC(mem_arch_zero)
	mrs	x2, dczid_el0
	tbnz	x2, #4, 2f			/* DZP: prohibited */
	and	x2, x2, #0xf
	mov	x3, #4
	lsl	x3, x3, x2			/* block size in bytes */
	add	x1, x0, x1
1:	dc	zva, x0
	add	x0, x0, x3
	cmp	x0, x1
	b.lo	1b
	ret
2:	add	x1, x0, x1
3:	stp	xzr, xzr, [x0], #16
	cmp	x0, x1
	b.lo	3b
	ret
END(mem_arch_zero)
