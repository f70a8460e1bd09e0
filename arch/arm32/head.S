/*
 * Entry of the Bulkhead image on ARMv7-A. The image starts like an ARM Linux
 * zImage (magic 0x016f2818 at 0x24, start and end at 0x28/0x2c), so QEMU
 * -kernel and U-Boot bootz load it and enter it in HYP mode with r0 = 0,
 * r1 = machine type, r2 = DTB, MMU off. It is linked at 0 as a PIE and
 * relocates itself wherever it was loaded.
 */
#include <arch/asm.h>
#include <arch/hcr.h>
#include <arch/layout.h>

#define R_ARM_RELATIVE 23
#define MODE_HYP       0x1a
#define HSCTLR_RES1    0x30c50838	/* RES1 bits and CP15BEN (B4.1.66): MMU, caches off */
#define HSCTLR_ON      0x00081005	/* WXN | I | C | M */
/* HCPTR (B4.1.74): RES1 bits, no coprocessor or VFP trap; TTA (bit 20)
 * traps a guest's cp14 trace accesses, which no domain may share. */
#define HCPTR_GUEST    0x1033ff

	.arch_extension virt
	.arm
	.section .text.head, "ax"
FUNC(_head)
	.rept	8
	mov	r0, r0				/* room a loader may patch, as in a zImage */
	.endr
	b	primary_entry			/* 0x20 */
	.word	0x016f2818			/* 0x24: zImage magic */
	.word	0				/* 0x28: start (0: runs anywhere) */
	.word	__image_size			/* 0x2c: end, incl. .bss: bootz reserves end - start */
	.word	0x04030201			/* 0x30: little-endian */

primary_entry:
	cpsid	aif
	mov	r10, r2				/* r10 = DTB as passed */
	mrrc	p15, 0, r8, r9, c14		/* CNTPCT: boot_us counts from here */
	mrs	r6, cpsr
	and	r6, r6, #0x1f			/* r6 = mode */
	cmp	r6, #MODE_HYP
	bne	1f
	bl	hyp_cpu_setup
1:
	/* Zero .bss (holds the boot stack) before anything uses it. */
	adr_l	r0, __bss_start
	adr_l	r1, __bss_end
	mov	r2, #0
	mov	r3, #0
2:	cmp	r0, r1
	bhs	3f
	strd	r2, r3, [r0], #8
	b	2b
3:
	/* Apply R_ARM_RELATIVE relocations (REL: the addend is in place):
	 * *(base + off) += base. */
	adr_l	r12, _head
	adr_l	r0, __rel_start
	adr_l	r1, __rel_end
4:	cmp	r0, r1
	bhs	5f
	ldmia	r0!, {r2, r3}			/* r_offset, r_info */
	and	r3, r3, #0xff
	cmp	r3, #R_ARM_RELATIVE
	bne	4b
	ldr	r4, [r2, r12]
	add	r4, r4, r12
	str	r4, [r2, r12]
	b	4b
5:
	adr_l	r0, boot_stacks
	add	sp, r0, #STACK_SIZE
	mov	fp, #0
	mov	r0, r10				/* boot_arch_early(dtb, mode, counter) */
	mov	r1, r6
	mov	r2, r8
	mov	r3, r9
	bl	boot_arch_early			/* does not return */
	b	cpu_arch_halt
END(_head)

/* Known HYP state on every CPU: HSCTLR with the MMU and caches off, the
 * vectors (a fault from here on is dumped), interrupts routed to HYP, no
 * per-CPU data yet (smp_cpu_id() is 0), VFP not trapped (the world switch
 * moves the guests' VFP state). Uses r0 only. */
hyp_cpu_setup:
	movw	r0, #:lower16:HSCTLR_RES1
	movt	r0, #:upper16:HSCTLR_RES1
	mcr	p15, 4, r0, c1, c0, 0		/* HSCTLR */
	isb
	adr_l	r0, hyp_vectors
	mcr	p15, 4, r0, c12, c0, 0		/* HVBAR */
	mov	r0, #HCR_HOST_ROUTE
	mcr	p15, 4, r0, c1, c1, 0		/* HCR */
	mov	r0, #0
	mcr	p15, 4, r0, c13, c0, 2		/* HTPIDR */
	movw	r0, #(HCPTR_GUEST & 0xffff)
	movt	r0, #(HCPTR_GUEST >> 16)
	mcr	p15, 4, r0, c1, c1, 2		/* HCPTR: VFP reachable from HYP */
	isb
	bx	lr

/*
 * Secondary CPUs arrive here from PSCI CPU_ON in HYP mode, MMU off, r0 = their
 * struct secondary_boot (cleaned to PoC by the boot CPU; u64 fields, read as
 * their low words but for the 64-bit HTTBR). The MMU goes on before any stack
 * use, after discarding stale cache lines of the stack.
 */
	.text
FUNC(secondary_entry)
	cpsid	aif
	mov	r10, r0
	bl	hyp_cpu_setup
	ldr	r4, [r10, #0]			/* stack_top */
	ldr	r5, [r10, #32]			/* cpu */
	sub	r0, r4, #STACK_SIZE
	mov	r2, r4
	bl	cache_arch_inval_range
	ldrd	r0, r1, [r10, #8]		/* ttbr */
	ldr	r2, [r10, #16]			/* tcr */
	ldr	r12, [r10, #24]			/* mair: HMAIR0 */
	ldr	r3, [r10, #28]			/* HMAIR1 */
	bl	mmu_enable
	mov	sp, r4
	mov	fp, #0
	mov	r0, r5
	bl	secondary_main			/* does not return */
	b	cpu_arch_halt
END(secondary_entry)

FUNC(cpu_arch_halt)
	cpsid	aif
1:	wfi
	b	1b
END(cpu_arch_halt)

/* void mmu_arch_enable(u64 ttbr, u64 tcr, u64 mair): r0:r1, r2:r3, mair on
 * the stack (AAPCS). */
FUNC(mmu_arch_enable)
	ldr	r12, [sp]
	ldr	r3, [sp, #4]
	b	mmu_enable
END(mmu_arch_enable)

/* r0:r1 HTTBR, r2 HTCR, r12 HMAIR0, r3 HMAIR1; no stack. */
mmu_enable:
	mcr	p15, 4, r12, c10, c2, 0		/* HMAIR0 */
	mcr	p15, 4, r3, c10, c2, 1		/* HMAIR1 */
	mcr	p15, 4, r2, c2, c0, 2		/* HTCR */
	mcrr	p15, 4, r0, r1, c2		/* HTTBR */
	isb
	mcr	p15, 4, r0, c8, c7, 0		/* TLBIALLH */
	dsb	nsh
	isb
	mrc	p15, 4, r0, c1, c0, 0		/* HSCTLR */
	movw	r1, #:lower16:HSCTLR_ON
	movt	r1, #:upper16:HSCTLR_ON
	orr	r0, r0, r1
	mcr	p15, 4, r0, c1, c0, 0
	isb
	mcr	p15, 0, r0, c7, c5, 0		/* ICIALLU */
	dsb	nsh
	isb
	bx	lr

/* void cache_arch_inval_range(u64 start, u64 end): DCIMVAC over [start, end)
 * (r0 and r2: the low words; no stack). */
FUNC(cache_arch_inval_range)
	mrc	p15, 0, r3, c0, c0, 1		/* CTR */
	ubfx	r3, r3, #16, #4
	mov	r1, #4
	lsl	r1, r1, r3			/* line size in bytes */
	sub	r3, r1, #1
	bic	r0, r0, r3
1:	mcr	p15, 0, r0, c7, c6, 1		/* DCIMVAC */
	add	r0, r0, r1
	cmp	r0, r2
	blo	1b
	dsb	sy
	bx	lr
END(cache_arch_inval_range)
