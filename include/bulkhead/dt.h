/* Small helpers over libfdt for reading device trees (host and, later, domain
 * configuration). Pure functions of the blob: no hardware, host-testable. */
#ifndef BULKHEAD_DT_H
#define BULKHEAD_DT_H

#include <bulkhead/types.h>

struct mem_range {
	u64 base, size;
};

/* #address-cells (default 2) and #size-cells (default 1) of a bus node. */
void dt_bus_cells(const void *fdt, int bus, int *ac, int *sc);
/* Reads n (1 or 2) big-endian cells. */
u64 dt_read_cells(const void *p, int n);
/* Entry idx of node's "reg", translated through the parents' "ranges" to a
 * CPU physical address. -E_NOENT past the last entry, -E_INVAL if malformed
 * or not translatable. */
int dt_reg(const void *fdt, int node, int idx, struct mem_range *out);
/* Like dt_reg but in the parent's own address space (no translation): for
 * /chosen module nodes, whose parents are not buses. */
int dt_reg_raw(const void *fdt, int node, int idx, struct mem_range *out);
/* Number of entries in node's "reg" (0 if absent), -E_INVAL if malformed. */
int dt_reg_count(const void *fdt, int node);
bool dt_compatible(const void *fdt, int node, const char *compat);
bool dt_enabled(const void *fdt, int node);
/* Node path for messages; never fails (falls back to "<node@offset>"). */
const char *dt_path(const void *fdt, int node, char *buf, size_t len);
/* A u32 property, or def when absent or malformed. */
u32 dt_u32(const void *fdt, int node, const char *prop, u32 def);
/* fdt_check_full, made safe on any input: 0, or a negative libfdt error
 * (fdt_strerror). size: the bytes the blob may occupy. */
int dt_check(const void *fdt, size_t size);

#endif
