/* Micro-benchmark guest entry: arm64 Image header, EL1, x0 = DTB address.
 * Position independent: only adr/adrp addressing. */
	.section .text.head, "ax"
	.global _start
_start:
	b	entry
	.long	0
	.quad	0			/* text_offset */
	.quad	_end - _start		/* image_size, .bss included */
	.quad	0xa			/* LE, 4K pages, anywhere */
	.quad	0, 0, 0
	.ascii	"ARM\x64"
	.long	0

entry:
	mov	x19, x0			/* the DTB */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	adrp	x1, stack0_top
	add	x1, x1, :lo12:stack0_top
	mov	sp, x1
	msr	tpidr_el1, xzr		/* vCPU index 0 */
	adrp	x1, vectors
	add	x1, x1, :lo12:vectors
	msr	vbar_el1, x1
	isb
	mov	x0, x19
	bl	bench_main
3:	wfi
	b	3b

/* PSCI CPU_ON entry of vCPU 1: x0 = context id. */
	.global secondary_entry
secondary_entry:
	adrp	x1, stack1_top
	add	x1, x1, :lo12:stack1_top
	mov	sp, x1
	mov	x1, #1
	msr	tpidr_el1, x1
	adrp	x1, vectors
	add	x1, x1, :lo12:vectors
	msr	vbar_el1, x1
	isb
	bl	bench_secondary
4:	wfi
	b	4b

/* The vector table: tests/guests/lib/vectors.inc. */
#include "../lib/vectors.inc"
	GUEST_VECTORS	bench_sync, bench_irq

	.bss
	.balign	16
	.space	8192
stack0_top:
	.space	8192
stack1_top:
