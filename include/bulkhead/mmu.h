/* The hypervisor's own address space: an identity map (VA == PA) built by the
 * arch layer. Common code asks for RAM and device windows through these. */
#ifndef BULKHEAD_MMU_H
#define BULKHEAD_MMU_H

#include <bulkhead/types.h>

/* Map [pa, pa+size) as device memory (never executable). */
int mmu_map_device(paddr_t pa, u64 size);
/* Map RAM read/write, never executable; the hypervisor image keeps its own
 * W^X permissions and is skipped. */
int mmu_map_ram(paddr_t pa, u64 size);

/* Where the image was loaded, and how large it is in memory (incl. bss). */
paddr_t mmu_image_start(void);
u64 mmu_image_size(void);

/* Table pages used so far / available, for the boot log. */
unsigned int mmu_tables_used(void);

#endif
