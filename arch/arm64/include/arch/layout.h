#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#define STACK_SIZE 16384
#define PAGE_SIZE  4096
#define PAGE_SHIFT 12

/* The identity map's reach (48-bit VA), and an address beyond any RAM it
 * maps, for selftest=abort. */
#define HYP_VA_LIMIT	     (1ULL << 48)
#define SELFTEST_UNMAPPED_VA 0x0000fffffffff000ULL

/* struct trap_frame offsets, shared with vectors.S */
#define FRAME_SP   (31 * 8)
#define FRAME_ELR  (32 * 8)
#define FRAME_SPSR (33 * 8)
#define FRAME_ESR  (34 * 8)
#define FRAME_FAR  (35 * 8)
#define FRAME_SIZE (36 * 8)

#endif
