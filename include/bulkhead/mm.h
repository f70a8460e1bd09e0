/* The hypervisor's physical memory: one allocator over the host's free RAM. */
#ifndef BULKHEAD_MM_H
#define BULKHEAD_MM_H

#include <bulkhead/types.h>

struct host_info;

/* Free = RAM - hypervisor image - DTB - reserved regions - boot modules. */
int mm_init(const struct host_info *h, paddr_t dtb);
int mm_alloc(u64 size, u64 align, paddr_t *out);
int mm_free(paddr_t base, u64 size);
u64 mm_free_bytes(void);

#endif
