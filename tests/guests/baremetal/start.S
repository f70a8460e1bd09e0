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

#include "../lib/vectors.inc"
	GUEST_VECTORS	on_sync, on_irq

	.bss
	.balign	16
	.space	16384
stack_top:
	.space	16384
stack2_top:
