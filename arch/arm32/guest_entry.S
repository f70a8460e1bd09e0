/*
 * The world switch's register part for an AArch32 guest. guest_arch_enter(regs)
 * saves the hypervisor's callee-saved registers in regs->host, loads the
 * guest's banked registers of every mode (MSR banked, ARMv7-A/R ARM B9.3.9),
 * LR_usr (HYP mode has no lr of its own: it is LR_usr), r0..r12, ELR_hyp and
 * SPSR_hyp and erets. A guest exit comes through vectors.S, which jumps to
 * guest_exit with the guest's r0/r1 pushed and the reason in r1: the guest's
 * registers go back into regs (found through HTPIDR -> struct pcpu ->
 * guest_regs) and the reason is returned from guest_arch_enter.
 */
#include <arch/asm.h>
#include <arch/vcpu.h>

#define PCPU_GUEST_REGS 4 /* offsetof(struct pcpu, guest_regs), checked in smp.c */

	.arch_extension virt
	.arm
	.text
/* enum guest_exit guest_arch_enter(struct vcpu_regs *regs) */
FUNC(guest_arch_enter)
	add	r1, r0, #VCPU_CTX_HOST
	stmia	r1!, {r4-r11}
	str	sp, [r1]
	str	lr, [r1, #4]

	add	r1, r0, #VCPU_CTX_BANKED
	ldmia	r1!, {r2-r5}
	msr	SP_usr, r2
	msr	SP_svc, r3
	msr	LR_svc, r4
	msr	SPSR_svc, r5
	ldmia	r1!, {r2-r7}
	msr	SP_abt, r2
	msr	LR_abt, r3
	msr	SPSR_abt, r4
	msr	SP_und, r5
	msr	LR_und, r6
	msr	SPSR_und, r7
	ldmia	r1!, {r2-r4}
	msr	SP_irq, r2
	msr	LR_irq, r3
	msr	SPSR_irq, r4
	ldmia	r1!, {r2-r9}
	msr	r8_fiq, r2
	msr	r9_fiq, r3
	msr	r10_fiq, r4
	msr	r11_fiq, r5
	msr	r12_fiq, r6
	msr	SP_fiq, r7
	msr	LR_fiq, r8
	msr	SPSR_fiq, r9

	ldr	r2, [r0, #VCPU_CTX_PC]
	ldr	r3, [r0, #VCPU_CTX_CPSR]
	msr	ELR_hyp, r2
	msr	spsr_cxsf, r3			/* SPSR_hyp */
	ldr	lr, [r0, #VCPU_CTX_LR_USR]
	ldmia	r0, {r0-r12}
	eret
END(guest_arch_enter)

/* From vectors.S: the guest's r0, r1 pushed on the HYP stack, r1 = reason. */
FUNC(guest_exit)
	mrc	p15, 4, r0, c13, c0, 2		/* HTPIDR: struct pcpu */
	ldr	r0, [r0, #PCPU_GUEST_REGS]
	add	r0, r0, #8
	stmia	r0, {r2-r12}
	sub	r0, r0, #8
	pop	{r2, r3}			/* guest r0, r1 */
	stmia	r0, {r2, r3}
	str	lr, [r0, #VCPU_CTX_LR_USR]
	mrs	r2, ELR_hyp
	mrs	r3, spsr
	str	r2, [r0, #VCPU_CTX_PC]
	str	r3, [r0, #VCPU_CTX_CPSR]

	add	r2, r0, #VCPU_CTX_BANKED
	mrs	r3, SP_usr
	mrs	r4, SP_svc
	mrs	r5, LR_svc
	mrs	r6, SPSR_svc
	stmia	r2!, {r3-r6}
	mrs	r3, SP_abt
	mrs	r4, LR_abt
	mrs	r5, SPSR_abt
	mrs	r6, SP_und
	mrs	r7, LR_und
	mrs	r8, SPSR_und
	stmia	r2!, {r3-r8}
	mrs	r3, SP_irq
	mrs	r4, LR_irq
	mrs	r5, SPSR_irq
	stmia	r2!, {r3-r5}
	mrs	r3, r8_fiq
	mrs	r4, r9_fiq
	mrs	r5, r10_fiq
	mrs	r6, r11_fiq
	mrs	r7, r12_fiq
	mrs	r8, SP_fiq
	mrs	r9, LR_fiq
	mrs	r10, SPSR_fiq
	stmia	r2!, {r3-r10}

	mrc	p15, 4, r3, c5, c2, 0		/* HSR */
	mrc	p15, 4, r4, c6, c0, 0		/* HDFAR */
	mrc	p15, 4, r5, c6, c0, 2		/* HIFAR */
	mrc	p15, 4, r6, c6, c0, 4		/* HPFAR */
	add	r2, r0, #VCPU_CTX_SYND
	stmia	r2, {r3-r6}

	/* Error synchronization, as on arm64 (arch/arm64/guest_entry.S): the
	 * guest's outstanding accesses complete (DSB), and an asynchronous
	 * abort they raised, pending now (ISR.A, ARMv7-A/R ARM B4.1.83) and
	 * held by CPSR.A (set on entry to Hyp mode), is taken in this window
	 * by vectors.S's Hyp data abort entry and charged to this guest
	 * instead of the next one to enter. */
	dsb	sy
	isb
	mrc	p15, 0, r2, c12, c1, 0		/* ISR */
	tst	r2, #(1 << 8)			/* A */
	beq	1f
	mov	r1, #EXIT_SERROR_AT_EXIT
	.globl	serror_window
serror_window:
	cpsie	a
	isb
	.globl	serror_window_end
serror_window_end:
	cpsid	a
1:
	add	r2, r0, #VCPU_CTX_HOST
	mov	r0, r1				/* return value: exit reason */
	ldmia	r2!, {r4-r11}
	ldr	sp, [r2]
	ldr	lr, [r2, #4]
	bx	lr
END(guest_exit)

/*
 * VFP/Advanced SIMD save and restore, eager, with each vCPU's FPEXC. The
 * only code in the image that touches these registers: tools/check-image.sh
 * allows VFP instructions in fp_arch_* and nowhere else. FPEXC.EN is set for
 * the transfer (the guest's own FPEXC may have it clear: lazy switching).
 */
	.fpu	neon-vfpv4
/* void fp_arch_save(struct vcpu_fp *fp) */
FUNC(fp_arch_save)
	vmrs	r1, fpexc
	str	r1, [r0, #VCPU_FP_FPEXC]
	orr	r1, r1, #(1 << 30)
	vmsr	fpexc, r1
	isb
	vstmia	r0!, {d0-d15}
	vstmia	r0!, {d16-d31}
	vmrs	r2, fpscr
	str	r2, [r0, #4]			/* after fpexc */
	bx	lr
END(fp_arch_save)

/* void fp_arch_restore(const struct vcpu_fp *fp) */
FUNC(fp_arch_restore)
	vmrs	r1, fpexc
	orr	r1, r1, #(1 << 30)
	vmsr	fpexc, r1
	isb
	vldmia	r0!, {d0-d15}
	vldmia	r0!, {d16-d31}
	ldr	r2, [r0, #4]
	vmsr	fpscr, r2
	ldr	r1, [r0]
	vmsr	fpexc, r1
	isb
	bx	lr
END(fp_arch_restore)
