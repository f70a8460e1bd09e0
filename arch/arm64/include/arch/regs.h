#ifndef ARCH_REGS_H
#define ARCH_REGS_H

#include <bulkhead/types.h>
#include <arch/layout.h>

/* Registers saved on exception entry to EL2 (vectors.S). */
struct trap_frame {
	u64 x[31];
	u64 sp;
	u64 elr;
	u64 spsr;
	u64 esr;
	u64 far;
};
_Static_assert(sizeof(struct trap_frame) == (size_t)FRAME_SIZE, "vectors.S frame layout");

#endif
