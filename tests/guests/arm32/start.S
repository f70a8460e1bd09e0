/* Entry of the AArch32 smoke guest: loaded at the start of guest RAM and
 * entered like a zImage (SVC mode, MMU off, r1 = ~0, r2 = DTB). */
	.arm
	.text
	.global	_start
_start:
	cps	#0x17			/* ABT: its own stack for dabt_entry */
	ldr	sp, =abt_stack_top
	cps	#0x1b			/* UND: the same for undef_entry */
	ldr	sp, =und_stack_top
	cps	#0x13			/* back to SVC */
	ldr	sp, =stack_top
	bl	guest_main
1:	wfi
	b	1b

/* Exception vectors (VBAR): a data abort records DFSR, DFAR and the
 * aborting instruction's address and resumes after it; an undefined
 * instruction records its address and resumes after it (ARM state only). */
	.balign	32
	.global	guest_vectors
guest_vectors:
	b	.			/* reset */
	b	undef_entry
	b	.			/* SVC */
	b	.			/* prefetch abort */
	b	dabt_entry
	b	.
	b	.			/* IRQ */
	b	.			/* FIQ */

dabt_entry:
	push	{r0, r1}
	ldr	r1, =abort_info
	mrc	p15, 0, r0, c5, c0, 0	/* DFSR */
	str	r0, [r1]
	mrc	p15, 0, r0, c6, c0, 0	/* DFAR */
	str	r0, [r1, #4]
	sub	r0, lr, #8		/* LR_abt: the instruction + 8 */
	str	r0, [r1, #8]
	pop	{r0, r1}
	subs	pc, lr, #4		/* resume after it */

undef_entry:
	push	{r0, r1}
	ldr	r1, =abort_info
	sub	r0, lr, #4		/* LR_und: the instruction + 4 */
	str	r0, [r1, #12]
	pop	{r0, r1}
	movs	pc, lr

	.bss
	.balign	16
	.space	8192
stack_top:
	.space	256
abt_stack_top:
	.space	256
und_stack_top:
