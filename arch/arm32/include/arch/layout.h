#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#define STACK_SIZE 16384
#define PAGE_SIZE  4096
#define PAGE_SHIFT 12

/* The identity map's reach (the 32-bit VA of HYP mode: RAM above 4 GiB is
 * not mapped), and an address beyond the RAM a QEMU virt machine of up to
 * 3 GiB has, for selftest=abort. */
#define HYP_VA_LIMIT	     (1ULL << 32)
#define SELFTEST_UNMAPPED_VA 0xfffff000U

/* struct trap_frame offsets, shared with vectors.S: the exception state
 * first, then r0..r12 and lr as one push. */
#define FRAME_SP    0
#define FRAME_ELR   4
#define FRAME_SPSR  8
#define FRAME_HSR   12
#define FRAME_HDFAR 16
#define FRAME_HIFAR 20
#define FRAME_STATE 24 /* bytes before r0 */
#define FRAME_SIZE  (FRAME_STATE + 14 * 4)

#endif
