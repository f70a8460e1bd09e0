#ifndef ARCH_REGS_H
#define ARCH_REGS_H

#include <bulkhead/types.h>
#include <arch/layout.h>

/* Registers saved on an exception taken to HYP mode (vectors.S). HYP mode has
 * no banked LR: lr is the interrupted code's, the return address is ELR_hyp. */
struct trap_frame {
	u32 sp, elr, spsr, hsr, hdfar, hifar;
	u32 r[13];
	u32 lr;
};
_Static_assert(sizeof(struct trap_frame) == (size_t)FRAME_SIZE, "vectors.S frame layout");
_Static_assert(__builtin_offsetof(struct trap_frame, r) == (size_t)FRAME_STATE, "frame layout");

#endif
