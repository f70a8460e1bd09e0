/*
 * LPAE / VMSAv8-64 translation table format with the 4 KiB granule
 * (ARM ARM D8.3, "Translation table descriptor formats"). Shared by the EL2
 * stage-1 map now and by stage-2 later; the caller supplies leaf attributes.
 */
#ifndef ARCH_LPAE_H
#define ARCH_LPAE_H

#include <bulkhead/types.h>

#define LPAE_ENTRIES   512
#define LPAE_VALID     (1ULL << 0)
#define LPAE_TABLE     (1ULL << 1) /* table at levels 0-2, page at level 3 */
#define LPAE_ADDR_MASK 0x0000fffffffff000ULL

/* Stage-1 leaf attributes (D8.3.2): AttrIndx[4:2] into MAIR, AP[7:6], SH[9:8], AF[10], XN[54]. */
#define LPAE_S1_ATTR(i) ((u64)(i) << 2)
#define LPAE_S1_AP_RO	(1ULL << 7)
#define LPAE_S1_AP_RES1 (1ULL << 6) /* AP[1] is RES1 in the single-range EL2 regime */
#define LPAE_SH_INNER	(3ULL << 8)
#define LPAE_AF		(1ULL << 10)
#define LPAE_XN		(1ULL << 54)

/* MAIR_EL2 slots used by the EL2 stage-1 map. */
#define MAIR_IDX_DEVICE 0 /* Device-nGnRE */
#define MAIR_IDX_NORMAL 1 /* Normal, inner/outer write-back, read/write-allocate */
#define MAIR_VALUE	((0x04ULL << (8 * MAIR_IDX_DEVICE)) | (0xffULL << (8 * MAIR_IDX_NORMAL)))

#define LPAE_PROT_DEVICE (LPAE_S1_ATTR(MAIR_IDX_DEVICE) | LPAE_AF | LPAE_XN | LPAE_S1_AP_RES1)
#define LPAE_PROT_RW                                                                               \
	(LPAE_S1_ATTR(MAIR_IDX_NORMAL) | LPAE_AF | LPAE_SH_INNER | LPAE_XN | LPAE_S1_AP_RES1)
#define LPAE_PROT_RO (LPAE_PROT_RW | LPAE_S1_AP_RO)
#define LPAE_PROT_RX                                                                               \
	(LPAE_S1_ATTR(MAIR_IDX_NORMAL) | LPAE_AF | LPAE_SH_INNER | LPAE_S1_AP_RO | LPAE_S1_AP_RES1)

/* Stage-2 leaf attributes (D8.3.2, D8.5.5): MemAttr[5:2], S2AP[7:6], SH, AF, XN. */
#define S2_MEMATTR_NORMAL (0xfULL << 2) /* Normal, outer and inner write-back */
#define S2_MEMATTR_DEVICE (0x1ULL << 2) /* Device-nGnRE */
#define S2_AP_RW	  (3ULL << 6)
#define S2_PROT_RAM	  (S2_MEMATTR_NORMAL | S2_AP_RW | LPAE_SH_INNER | LPAE_AF)
#define S2_PROT_DEVICE	  (S2_MEMATTR_DEVICE | S2_AP_RW | LPAE_AF | LPAE_XN)

/* Gives a zeroed, page-aligned table page, or NULL when out of table space. */
typedef u64 *(*lpae_alloc_fn)(void *ctx);

struct lpae_map {
	u64 *root;
	unsigned int start_level; /* 0 for a 48-bit space, 1 for 39 bits ... */
	lpae_alloc_fn alloc;
	void *ctx;
};

/* Maps [va, va+size) to pa with leaf attributes attrs, using the largest
 * blocks alignment allows. Re-mapping a range identically is allowed; a
 * conflicting existing mapping is refused with -E_BUSY (nothing is replaced,
 * so no break-before-make is needed). */
int lpae_map_range(const struct lpae_map *m, u64 va, u64 pa, u64 size, u64 attrs);

/* Clears every leaf inside [va, va+size); table pages stay for reuse. A
 * leaf reaching outside the range is refused with -E_BUSY (it would have to
 * be split). The caller invalidates the TLBs before reusing what was mapped
 * (break-before-make, ARM ARM D8.14.1). */
int lpae_unmap_range(const struct lpae_map *m, u64 va, u64 size);

/* Gives every table page of m (the root last) to free_page, with m's ctx;
 * m has no root afterwards. Only for tables no CPU or TLB uses any more. */
typedef void (*lpae_free_fn)(u64 *page, void *ctx);
void lpae_free_tables(struct lpae_map *m, lpae_free_fn free_page);

/* Leaf descriptor for va, or 0; *level receives the level it was found at. */
u64 lpae_lookup(const struct lpae_map *m, u64 va, unsigned int *level);

#endif
