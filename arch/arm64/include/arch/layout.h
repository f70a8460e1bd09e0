#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#define STACK_SIZE 16384
#define PAGE_SIZE  4096
#define PAGE_SHIFT 12

/* struct trap_frame offsets, shared with vectors.S */
#define FRAME_SP   (31 * 8)
#define FRAME_ELR  (32 * 8)
#define FRAME_SPSR (33 * 8)
#define FRAME_ESR  (34 * 8)
#define FRAME_FAR  (35 * 8)
#define FRAME_SIZE (36 * 8)

#endif
