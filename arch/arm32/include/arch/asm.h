/* clang-format off: assembler macros */
#ifndef ARCH_ASM_H
#define ARCH_ASM_H
#ifdef __ASSEMBLY__

/* Load the address of sym, PC-relative (the image runs wherever it was
 * loaded, before its relocations are applied too). In ARM state the PC
 * reads as the instruction's address + 8. */
.macro adr_l reg, sym
	movw	\reg, #:lower16:(\sym - (9998f + 8))
	movt	\reg, #:upper16:(\sym - (9998f + 8))
9998:	add	\reg, \reg, pc
.endm

#define FUNC(name) .global name; .type name, %function; name:
#define END(name) .size name, . - name

#endif
#endif
