/* SMCCC calls to firmware (SMCCC 1.1+, section 2.6: x0-x3 arguments and results). */
#include <arch/asm.h>

	.text
.macro SMCCC_CALL insn
	str	x4, [sp, #-16]!
	\insn	#0
	ldr	x4, [sp], #16
	stp	x0, x1, [x4]
	stp	x2, x3, [x4, #16]
	ret
.endm

FUNC(smccc_arch_smc)
	SMCCC_CALL smc
END(smccc_arch_smc)

FUNC(smccc_arch_hvc)
	SMCCC_CALL hvc
END(smccc_arch_hvc)
