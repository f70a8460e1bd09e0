/* Boot modules (common/config/modules.c). The environment: test_config.h. */
#include "test_config.h"

EDIT(test_module_without_multiboot_module, 2,
     CLUSTER "module@50400000 compatible: \"multiboot,ramdisk\" without \"multiboot,module\"",
     set_str(f, C "/module@50400000", "compatible", "multiboot,ramdisk"))
EDIT(test_second_kernel, 2,
     CLUSTER "module@50000000 compatible: a second \"multiboot,kernel\" (the first is "
	     "module@51000000)",
     add_module(f, C, "module@51000000", "multiboot,kernel", 0x51000000, 0x1000))
EDIT(test_module_straddles_ram_end, 2,
     CLUSTER "module@50000000 reg: 0x7ff00000+0x200000 is not inside one host RAM range",
     set_cells(f, C "/module@50000000", "reg", 2, 0x7ff00000, 0x200000))
EDIT(test_module_zero_size, 2,
     CLUSTER "module@50000000 reg: want one <address size> pair with a non-zero size",
     set_cells(f, C "/module@50000000", "reg", 2, 0x50000000, 0))
EDIT(test_module_two_ranges, 2,
     CLUSTER "module@50000000 reg: want one <address size> pair with a non-zero size",
     set_cells(f, C "/module@50000000", "reg", 4, 0x50000000, 0x1000, 0x50100000, 0x1000))
EDIT(test_module_bootargs_not_string, 2, CLUSTER "module@50000000 bootargs: not a single string",
     set_cells(f, C "/module@50000000", "bootargs", 1, 0x41424344))
EDIT(test_modules_overlap_in_domain, 2, CLUSTER "module@50000000 reg: overlaps module@50400000",
     set_cells(f, C "/module@50400000", "reg", 2, 0x503ff000, 0x2000))
EDIT(test_module_cells, 2, CLUSTER "#address-cells/#size-cells: want 1 or 2 each, found 3 and 1",
     set_cells(f, C, "#address-cells", 1, 3))
/* Another domain's kernel as ramdisk is an overlap, not a shared module. */
EDIT(test_module_shared_for_another_purpose, 2,
     CLUSTER "module@50400000 reg: overlaps module@48000000 of domain domU1",
     set_cells(f, C "/module@50400000", "reg", 2, 0x48000000, 0x1000000))

/* Xen lets domains boot the same kernel module; each gets its own copy. */
TEST(test_module_shared_kernel)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	set_cells(f, C "/module@50000000", "reg", 2, 0x48000000, 0x1000000);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	check_domU1(&out[0], f);
	assert_int_equal(out[2].kernel.base, 0x48000000);
	assert_int_equal(out[2].kernel.size, 0x1000000);
	free(f);
}

/* Only-"multiboot,module" sub-nodes and non-module sub-nodes are ignored. */
TEST(test_module_generic_ignored)
{
	struct domain_config out[MAXD];
	unsigned int count;
	int n;
	void *f = valid_copy();
	n = fdt_add_subnode(f, node(f, C), "module@30000000");
	assert_true(n >= 0);
	set_str(f, C "/module@30000000", "compatible", "multiboot,module");
	set_cells(f, C "/module@30000000", "reg", 2, 0x30000000, 0x1000);
	assert_true(fdt_add_subnode(f, node(f, C), "notes") >= 0);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	check_cluster(&out[2], f);
	free(f);
}

int main(int argc, char **argv)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_module_without_multiboot_module),
		T(test_second_kernel),
		T(test_module_straddles_ram_end),
		T(test_module_zero_size),
		T(test_module_two_ranges),
		T(test_module_bootargs_not_string),
		T(test_modules_overlap_in_domain),
		T(test_module_cells),
		T(test_module_shared_for_another_purpose),
		T(test_module_shared_kernel),
		T(test_module_generic_ignored),
	};
#undef T
	return config_tests_run("config_modules", tests, ARRAY_SIZE(tests), argc, argv);
}
