/* Bare-metal test guest: arm64 Image header, EL1 entry with x0 = DTB. */
	.section .text.head, "ax"
	.global _start
_start:
	b	1f
	.long	0
	.quad	0			/* text_offset */
	.quad	_end - _start		/* image_size */
	.quad	0xa
	.quad	0, 0, 0
	.ascii	"ARM\x64"
	.long	0
1:	adrp	x1, stack_top
	add	x1, x1, :lo12:stack_top
	mov	sp, x1
	adrp	x1, vectors
	add	x1, x1, :lo12:vectors
	msr	vbar_el1, x1
	isb
	bl	guest_main
2:	wfi
	b	2b

/* Secondary vCPUs (PSCI CPU_ON): x0 = context id. */
	.global secondary_start
secondary_start:
	adrp	x1, stack2_top
	add	x1, x1, :lo12:stack2_top
	mov	sp, x1
	adrp	x1, vectors
	add	x1, x1, :lo12:vectors
	msr	vbar_el1, x1
	isb
	bl	secondary_main
3:	wfi
	b	3b

.macro VEC handler, kind
	.balign	0x80
	sub	sp, sp, #256
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x30, [sp, #144]
	mov	x0, #\kind		/* 0 sync, 1 IRQ, 2 FIQ, 3 SError */
	bl	\handler
	b	vec_return
.endm

	.balign	0x800
vectors:
	VEC	on_sync, 0		/* EL1t */
	VEC	on_irq, 1
	VEC	on_sync, 2
	VEC	on_sync, 3
	VEC	on_sync, 0		/* EL1h */
	VEC	on_irq, 1
	VEC	on_sync, 2
	VEC	on_sync, 3
	VEC	on_sync, 0		/* lower EL, AArch64 */
	VEC	on_irq, 1
	VEC	on_sync, 2
	VEC	on_sync, 3
	VEC	on_sync, 0		/* lower EL, AArch32 */
	VEC	on_irq, 1
	VEC	on_sync, 2
	VEC	on_sync, 3

vec_return:
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x30, [sp, #144]
	add	sp, sp, #256
	eret

	.bss
	.balign	16
	.space	16384
stack_top:
	.space	16384
stack2_top:
