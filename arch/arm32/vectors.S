/*
 * HYP mode exception vectors (HVBAR; ARMv7-A/R ARM B1.8.1: eight words,
 * 32-byte aligned). A guest's traps arrive at the Hyp trap entry; its IRQs,
 * FIQs and asynchronous aborts at the IRQ, FIQ and data abort entries, told
 * apart from the hypervisor's own by SPSR_hyp's mode: all of them leave
 * through guest_exit (guest_entry.S). In HYP mode itself, IRQs go to
 * irq_handle(); anything else is unexpected and dumped by trap_hyp_unexpected().
 */
#include <arch/asm.h>
#include <arch/layout.h>

	.arch_extension virt
	.arm

/* Build a struct trap_frame (arch/regs.h) on the HYP stack; r0 = the frame.
 * HYP mode has no banked LR, so lr is the interrupted code's. */
.macro SAVE_FRAME
	push	{r0-r12, lr}
	sub	sp, sp, #FRAME_STATE
	add	r0, sp, #FRAME_SIZE		/* sp before the exception */
	mrs	r1, elr_hyp
	mrs	r2, spsr
	mrc	p15, 4, r3, c5, c2, 0		/* HSR */
	mrc	p15, 4, r4, c6, c0, 0		/* HDFAR */
	mrc	p15, 4, r5, c6, c0, 2		/* HIFAR */
	stmia	sp, {r0-r5}
	mov	r0, sp
.endm

.macro VENTRY kind
	SAVE_FRAME
	mov	r1, #\kind
	bic	sp, sp, #7			/* AAPCS: 8-byte aligned at calls */
	b	vector_unexpected
.endm

	.text
	.balign	32
FUNC(hyp_vectors)
	b	vec_reset			/* 0x00: not used */
	b	vec_undef			/* 0x04: Undefined instruction in HYP */
	b	vec_hvc				/* 0x08: HVC/SVC in HYP */
	b	vec_pabt			/* 0x0c: Prefetch abort in HYP */
	b	vec_dabt			/* 0x10: Data abort in HYP */
	b	vec_trap			/* 0x14: Hyp trap, from a guest */
	b	vec_irq				/* 0x18: IRQ */
	b	vec_fiq				/* 0x1c: FIQ */
END(hyp_vectors)

/* A guest exit: keep the guest's r0/r1 on the stack, reason in r1. */
.macro GUEST_EXIT reason
	push	{r0, r1}
	mov	r1, #\reason
	b	guest_exit
.endm

/* Z set if the exception came from HYP mode, not from a guest. Uses r0,
 * which it keeps. */
.macro FROM_HYP
	push	{r0}
	mrs	r0, spsr
	and	r0, r0, #0x1f
	cmp	r0, #0x1a
	pop	{r0}
.endm

vec_reset:	VENTRY	0
vec_undef:	VENTRY	1
vec_hvc:	VENTRY	2
vec_pabt:	VENTRY	3
vec_dabt:
	FROM_HYP
	beq	hyp_dabt
	GUEST_EXIT 3				/* EXIT_SERROR: asynchronous abort */
vec_trap:					/* HYP mode never means to come here */
	FROM_HYP
	beq	1f
	GUEST_EXIT 0				/* EXIT_SYNC */
1:	VENTRY	5
vec_fiq:
	FROM_HYP
	beq	1f
	GUEST_EXIT 2				/* EXIT_FIQ */
1:	VENTRY	7

/* A data abort in HYP mode: expected only as the asynchronous abort that
 * guest_entry.S's window takes (trap_hyp_dabt returns for it, with the A
 * mask set again in the saved SPSR); anything else is fatal there. */
hyp_dabt:
	SAVE_FRAME
	mov	r6, sp
	bic	sp, sp, #7
	bl	trap_hyp_dabt
	mov	sp, r6
	b	frame_return

vector_unexpected:
	bl	trap_hyp_unexpected		/* does not return */
	b	cpu_arch_halt

/* r6 (callee-saved) keeps the frame across the call; ELR_hyp and SPSR_hyp
 * come back from it, so a handler may take another exception safely. */
vec_irq:
	FROM_HYP
	beq	1f
	GUEST_EXIT 1				/* EXIT_IRQ: handled after the exit */
1:	SAVE_FRAME
	mov	r6, sp
	bic	sp, sp, #7
	bl	irq_handle
	mov	sp, r6
frame_return:
	ldr	r1, [sp, #FRAME_ELR]
	ldr	r2, [sp, #FRAME_SPSR]
	msr	elr_hyp, r1
	msr	spsr_cxsf, r2
	add	sp, sp, #FRAME_STATE
	pop	{r0-r12, lr}
	eret
