/* clang-format off: assembler macros */
#ifndef ARCH_ASM_H
#define ARCH_ASM_H
#ifdef __ASSEMBLY__

/* Load the address of sym, PC-relative (the image runs wherever it was loaded). */
.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

.macro mov_q reg, val
	movz	\reg, #((\val) & 0xffff)
	movk	\reg, #(((\val) >> 16) & 0xffff), lsl #16
	movk	\reg, #(((\val) >> 32) & 0xffff), lsl #32
	movk	\reg, #(((\val) >> 48) & 0xffff), lsl #48
.endm

#define FUNC(name) .global name; .type name, %function; name:
#define END(name) .size name, . - name

#endif
#endif
