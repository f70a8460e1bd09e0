/*
 * Entry of the Bulkhead image. The 64-byte header is the arm64 Linux Image
 * header (Documentation/arch/arm64/booting.rst), so QEMU -kernel and U-Boot
 * booti both load it anywhere 2 MiB-aligned and enter at EL2 with x0 = DTB.
 * The image is linked at 0 as a PIE and relocates itself here.
 */
#include <arch/asm.h>
#include <arch/sysreg.h>
#include <arch/layout.h>

#define R_AARCH64_RELATIVE 1027

	.section .text.head, "ax"
FUNC(_head)
	b	primary_entry			/* code0 */
	.long	0				/* code1 */
	.quad	0				/* text_offset: 2 MiB aligned base */
	.quad	__image_size			/* image_size, incl. bss */
	.quad	0xa				/* flags: LE, 4K pages, anywhere in RAM */
	.quad	0, 0, 0				/* res2..res4 */
	.ascii	"ARM\x64"			/* magic */
	.long	0				/* res5 */

primary_entry:
	mrs	x20, cntpct_el0			/* boot_us counts from here */
	msr	daifset, #0xf
	mov	x19, x0				/* x19 = DTB as passed */
	mrs	x21, CurrentEL
	ubfx	x21, x21, #2, #2		/* x21 = exception level */
	cmp	x21, #2
	b.ne	1f
	mov_q	x0, SCTLR_EL2_RES1		/* MMU, caches and alignment checks off */
	msr	sctlr_el2, x0
	isb
	adr_l	x0, vectors_el2
	msr	vbar_el2, x0
	mov_q	x0, CPTR_EL2_RES1
	msr	cptr_el2, x0
	mov_q	x0, HCR_EL2_HOST		/* route physical IRQ/FIQ/SError to EL2 */
	msr	hcr_el2, x0
	msr	tpidr_el2, xzr			/* no per-CPU data yet: smp_cpu_id() is 0 */
1:
	/* Zero .bss (holds the boot stack) before anything uses it. */
	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
2:	cmp	x0, x1
	b.hs	3f
	stp	xzr, xzr, [x0], #16
	b	2b
3:
	/* Apply R_AARCH64_RELATIVE relocations: *(base + off) = base + addend. */
	adr_l	x22, _head
	adr_l	x0, __rela_start
	adr_l	x1, __rela_end
4:	cmp	x0, x1
	b.hs	5f
	ldp	x2, x3, [x0], #16
	ldr	x4, [x0], #8
	cmp	w3, #R_AARCH64_RELATIVE
	b.ne	4b
	add	x4, x4, x22
	str	x4, [x2, x22]
	b	4b
5:
	adr_l	x0, boot_stacks
	add	sp, x0, #STACK_SIZE
	mov	x29, xzr
	mov	x0, x19
	mov	x1, x20
	mov	x2, x21
	bl	boot_arch_early			/* does not return */
	b	cpu_arch_halt
END(_head)

/*
 * Secondary CPUs arrive here from PSCI CPU_ON, MMU off, x0 = their
 * struct secondary_boot (cleaned to PoC by the boot CPU). The MMU goes on
 * before any stack use, after discarding stale cache lines of the stack.
 */
	.text
FUNC(secondary_entry)
	msr	daifset, #0xf
	mov	x19, x0
	mov_q	x0, SCTLR_EL2_RES1
	msr	sctlr_el2, x0
	isb
	adr_l	x0, vectors_el2
	msr	vbar_el2, x0
	mov_q	x0, CPTR_EL2_RES1
	msr	cptr_el2, x0
	mov_q	x0, HCR_EL2_HOST		/* route physical IRQ/FIQ/SError to EL2 */
	msr	hcr_el2, x0
	msr	tpidr_el2, xzr
	ldp	x20, x22, [x19]			/* stack_top, ttbr */
	ldp	x23, x24, [x19, #16]		/* tcr, mair */
	ldr	x21, [x19, #32]			/* cpu */
	sub	x0, x20, #STACK_SIZE
	mov	x1, x20
	bl	cache_arch_inval_range
	mov	x0, x22
	mov	x1, x23
	mov	x2, x24
	bl	mmu_arch_enable
	mov	sp, x20
	mov	x29, xzr
	mov	x0, x21
	bl	secondary_main			/* does not return */
	b	cpu_arch_halt
END(secondary_entry)

FUNC(cpu_arch_halt)
	msr	daifset, #0xf
1:	wfi
	b	1b
END(cpu_arch_halt)

/* void mmu_arch_enable(u64 ttbr, u64 tcr, u64 mair) */
FUNC(mmu_arch_enable)
	msr	mair_el2, x2
	msr	tcr_el2, x1
	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
	dsb	nsh
	isb
	mrs	x3, sctlr_el2
	mov_q	x4, (SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I | SCTLR_WXN)
	orr	x3, x3, x4
	msr	sctlr_el2, x3
	isb
	ic	iallu
	dsb	nsh
	isb
	ret
END(mmu_arch_enable)

/* void cache_arch_inval_range(u64 start, u64 end): dc ivac over [start, end). */
FUNC(cache_arch_inval_range)
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4
	mov	x2, #4
	lsl	x2, x2, x3			/* line size in bytes */
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	dc	ivac, x0
	add	x0, x0, x2
	cmp	x0, x1
	b.lo	1b
	dsb	sy
	ret
END(cache_arch_inval_range)
