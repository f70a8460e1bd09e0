/*
 * A stand-in boot loader for tests: an arm64 Image that QEMU enters at EL2,
 * which jumps to `target` with x0 = `dtb`. The test patches both words
 * (at byte offset 64, right after the header) to hand Bulkhead a missing,
 * corrupt or truncated device tree, which no real loader would do.
 */
	.text
	.global _start
_start:
	b	1f
	.long	0
	.quad	0			/* text_offset */
	.quad	_end - _start		/* image_size */
	.quad	0xa			/* LE, 4K, anywhere */
	.quad	0, 0, 0
	.ascii	"ARM\x64"
	.long	0
params:
	.quad	0			/* +64: dtb (x0 for the target) */
	.quad	0			/* +72: target entry point */
1:	adr	x2, params
	ldp	x0, x1, [x2]
	br	x1
	.balign	8
_end:
