/*
 * EL2 exception vectors (ARM ARM D1.10.2: 16 entries of 0x80 bytes).
 * Exceptions from a guest leave through guest_exit_common (guest_entry.S).
 * At EL2 itself, IRQs go to irq_handle() and anything else is unexpected and
 * dumped by trap_el2_unexpected().
 */
#include <arch/asm.h>
#include <arch/layout.h>

.macro SAVE_FRAME
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	add	x0, sp, #FRAME_SIZE
	stp	x30, x0, [sp, #FRAME_SP - 8]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x0, x1, [sp, #FRAME_ELR]
	mrs	x0, esr_el2
	mrs	x1, far_el2
	stp	x0, x1, [sp, #FRAME_ESR]
.endm

.macro RESTORE_FRAME
	ldp	x0, x1, [sp, #FRAME_ELR]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #FRAME_SP - 8]
	add	sp, sp, #FRAME_SIZE
.endm

/* kind: 0 sync, 1 irq, 2 fiq, 3 serror; +4 per source group (see traps.c) */
.macro VENTRY kind
	.balign	0x80
	SAVE_FRAME
	mov	x0, sp
	mov	x1, #\kind
	b	vector_common
.endm

/* A guest exit: keep the guest's x0/x1 on the stack, reason in x1. */
.macro GUEST_EXIT reason
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\reason
	b	guest_exit_common
.endm

.macro VENTRY_IRQ
	.balign	0x80
	SAVE_FRAME
	mov	x0, sp
	b	irq_common
.endm

/* An SError at EL2 is expected only in guest_entry.S's window: taken
 * there, it is the exiting guest's (trap_el2_serror), and the window
 * returns; anywhere else it is the hypervisor's and fatal. */
.macro VENTRY_SERROR
	.balign	0x80
	SAVE_FRAME
	mov	x0, sp
	b	serror_common
.endm

	.text
	.balign	0x800
FUNC(vectors_el2)
	VENTRY	0	/* current EL, SP_EL0 */
	VENTRY	1
	VENTRY	2
	VENTRY	3
	VENTRY	4	/* current EL, SP_EL2: sync */
	VENTRY_IRQ	/* current EL, SP_EL2: irq */
	VENTRY	6
	VENTRY_SERROR	/* current EL, SP_EL2: SError (the exit path's window) */
	GUEST_EXIT 0	/* lower EL, AArch64: sync */
	GUEST_EXIT 1	/* irq */
	GUEST_EXIT 2	/* fiq */
	GUEST_EXIT 3	/* serror */
	GUEST_EXIT 0	/* lower EL, AArch32 */
	GUEST_EXIT 1
	GUEST_EXIT 2
	GUEST_EXIT 3
END(vectors_el2)

vector_common:
	bl	trap_el2_unexpected	/* does not return */
	b	cpu_arch_halt

irq_common:
	bl	irq_handle
	RESTORE_FRAME
	eret

serror_common:
	bl	trap_el2_serror		/* returns only for the window's SError */
	RESTORE_FRAME
	eret
