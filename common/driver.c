/* The driver registry (include/bulkhead/driver.h). */
#include <libfdt.h>
#include <bulkhead/driver.h>
#include <bulkhead/dt.h>

extern const struct driver driver_table_start[], driver_table_end[];

const struct driver *driver_table(size_t *n)
{
	/* cppcheck-suppress comparePointers ; the linker's bounds of one array */
	*n = (size_t)(driver_table_end - driver_table_start);
	return driver_table_start;
}

const struct driver *driver_match(enum driver_class cls, const void *fdt, int node)
{
	size_t n;
	const struct driver *t = driver_table(&n);

	for (size_t i = 0; i < n; i++)
		for (const char *const *c = t[i].compatible; t[i].cls == cls && c && *c; c++)
			if (dt_compatible(fdt, node, *c))
				return &t[i];
	return NULL;
}

int driver_find_node(enum driver_class cls, const void *fdt, const struct driver **drv)
{
	size_t n;
	const struct driver *t = driver_table(&n);

	for (size_t i = 0; i < n; i++)
		for (const char *const *c = t[i].compatible; t[i].cls == cls && c && *c; c++) {
			int node = fdt_node_offset_by_compatible(fdt, -1, *c);
			if (node >= 0) {
				*drv = &t[i];
				return node;
			}
		}
	return -1;
}
