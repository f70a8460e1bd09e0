/* Device register access. Device-nGnRE mappings keep accesses to one device in
 * program order; volatile stops the compiler from merging or reordering them. */
#ifndef BULKHEAD_MMIO_H
#define BULKHEAD_MMIO_H

#include <bulkhead/types.h>

static inline u8 mmio_read8(uintptr_t a) { return *(volatile u8 *)a; }
static inline u32 mmio_read32(uintptr_t a) { return *(volatile u32 *)a; }
static inline u64 mmio_read64(uintptr_t a) { return *(volatile u64 *)a; }
static inline void mmio_write8(uintptr_t a, u8 v) { *(volatile u8 *)a = v; }
static inline void mmio_write16(uintptr_t a, u16 v) { *(volatile u16 *)a = v; }
static inline void mmio_write32(uintptr_t a, u32 v) { *(volatile u32 *)a = v; }
static inline void mmio_write64(uintptr_t a, u64 v) { *(volatile u64 *)a = v; }

#endif
