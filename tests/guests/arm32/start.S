/* Entry of the AArch32 smoke guest: loaded at the start of guest RAM and
 * entered like a zImage (SVC mode, MMU off, r1 = ~0, r2 = DTB). */
	.arm
	.text
	.global	_start
_start:
	ldr	sp, =stack_top
	bl	guest_main
1:	wfi
	b	1b

	.bss
	.balign	16
	.space	8192
stack_top:
