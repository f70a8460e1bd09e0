/* Copying over memory that may already hold most of what is copied. */
#ifndef BULKHEAD_MEM_UPDATE_H
#define BULKHEAD_MEM_UPDATE_H

#include <stddef.h>

/* dst becomes a copy of src, but each 64-byte chunk dst already holds is
 * only read, not written. A restart rebuilds a domain's kernel and ramdisk
 * over the last run's copies, which the guest changed in few places: most
 * of the memory is then not written at all (domain_build.c). */
void mem_update(void *dst, const void *src, size_t n);

#endif
