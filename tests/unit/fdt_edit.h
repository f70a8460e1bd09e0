/* Editing a DTB in a test (after <libfdt.h>): each helper fails the test if
 * the node is missing or libfdt refuses. */
#ifndef UNIT_FDT_EDIT_H
#define UNIT_FDT_EDIT_H

static inline int node(const void *f, const char *path)
{
	int n = fdt_path_offset(f, path);
	if (n < 0)
		fail_msg("no %s in the tree", path);
	return n;
}

static inline void set_str(void *f, const char *path, const char *prop, const char *s)
{
	assert_int_equal(fdt_setprop_string(f, node(f, path), prop, s), 0);
}

/* n big-endian cells. */
static inline void set_cells(void *f, const char *path, const char *prop, int n, ...)
{
	fdt32_t c[64];
	va_list ap;
	assert_true(n <= 64);
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		c[i] = cpu_to_fdt32(va_arg(ap, u32));
	va_end(ap);
	assert_int_equal(fdt_setprop(f, node(f, path), prop, c, n * 4), 0);
}

static inline void del_prop(void *f, const char *path, const char *prop)
{
	assert_int_equal(fdt_delprop(f, node(f, path), prop), 0);
}

#endif
