/* common/hostdt.c and common/dt.c on DTBs dumped from QEMU's virt machine
 * and on tests/unit/fixtures (board.dts and its broken variants). argv[1] is
 * the directory unit.mk puts them in. */
#include "unit.h"
#include <libfdt.h>
#include <bulkhead/driver.h>
#include <bulkhead/hostdt.h>
#include "fdt_edit.h"

#define COPY_SIZE (64 * 1024)
#define UART	  "/soc@f0000000/apb@2000000/serial@800"
#define GIC	  "/soc@f0000000/interrupt-controller@101000"

static const char *dtb_dir = "build/unit/dtb";

static void *load(const char *name) { return unit_load_dtb(dtb_dir, name); }

static int parse_ok(const void *fdt, struct host_info *h)
{
	char err[200]; /* as in boot_main */
	int rc = hostdt_parse(fdt, h, err, sizeof(err));
	if (rc)
		fail_msg("hostdt_parse: %d \"%s\"", rc, err);
	assert_string_equal(err, "");
	return rc;
}

static void expect_error(const void *fdt, const char *fragment)
{
	struct host_info h;
	char err[200];
	int rc = hostdt_parse(fdt, &h, err, sizeof(err));
	if (rc != -E_INVAL || !strstr(err, fragment))
		fail_msg("hostdt_parse: %d \"%s\", want %d and \"...%s...\"", rc, err, -E_INVAL,
			 fragment);
}

#define expect_range(r, b, s)                                                                      \
	do {                                                                                       \
		const struct mem_range r_ = (r);                                                   \
		if (r_.base != (b) || r_.size != (s))                                              \
			fail_msg("%s is 0x%llx+0x%llx, want 0x%llx+0x%llx", #r, r_.base, r_.size,  \
				 (u64)(b), (u64)(s));                                              \
	} while (0)

/* ---- QEMU virt, virtualization=on, -m 2G ---------------------------------- */

static void check_virt(const char *name, unsigned int ncpus, int gic)
{
	struct host_info h;
	void *fdt = load(name);

	parse_ok(fdt, &h);
	assert_int_equal(h.dtb_size, fdt_totalsize(fdt));
	assert_int_equal(h.nram, 1);
	expect_range(h.ram[0], 0x40000000, 2 * GiB);
	assert_int_equal(host_ram_total(&h), 2 * GiB);
	assert_int_equal(h.nreserved, 0);
	assert_int_equal(h.nmodules, 0);
	assert_null(h.bootargs);

	assert_int_equal(h.ncpus, ncpus);
	assert_int_equal(h.ncpus_dt, ncpus);
	for (unsigned int i = 0; i < ncpus; i++)
		assert_int_equal(h.cpu_mpidr[i], i);

	assert_int_equal(h.gic.version, gic);
	assert_int_equal(h.gic.node, fdt_path_offset(fdt, "/intc@8000000"));
	expect_range(h.gic.dist, 0x08000000, 0x10000);
	if (gic == 2) {
		expect_range(h.gic.cpuif, 0x08010000, 0x10000);
		expect_range(h.gic.hyp, 0x08030000, 0x10000);
		expect_range(h.gic.vcpu, 0x08040000, 0x10000);
		assert_int_equal(h.gic.nredist, 0);
	} else {
		assert_int_equal(h.gic.nredist, 1);
		expect_range(h.gic.redist[0], 0x080a0000, 0xf60000);
		assert_int_equal(h.gic.cpuif.size, 0);
		assert_int_equal(h.gic.hyp.size, 0);
		assert_int_equal(h.gic.vcpu.size, 0);
	}
	assert_int_equal(h.gic.maint_irq, 25);

	assert_int_equal(h.timer.hyp_irq, 26);
	assert_int_equal(h.timer.virt_irq, 27);
	assert_int_equal(h.timer.phys_irq, 30);
	assert_int_equal(h.timer.freq, 0);

	assert_string_equal(h.uart.drv->compatible[0], "arm,pl011");
	expect_range(h.uart.reg, 0x09000000, 0x1000);
	assert_int_equal(h.uart.reg_shift, 2);
	assert_int_equal(h.uart.io_width, 4);
	assert_string_equal(h.uart.path, "/pl011@9000000");
	assert_int_equal(h.uart.irq, 33); /* SPI 1 */
	/* clocks = <&apb-pclk &apb-pclk>, "uartclk" first: a 24 MHz fixed-clock.
	 * QEMU's DT says no baud rate (its PL011 has none). */
	assert_int_equal(h.uart.clock_hz, 24000000);
	assert_int_equal(h.uart.baud, 0);

	assert_int_equal(h.psci.conduit, PSCI_SMC);
	assert_true(h.psci.v0_2);
	assert_int_equal(h.psci.cpu_on_fid, 0xc4000003);
	free(fdt);
}

TEST(test_virt_gic2_smp1) { check_virt("virt-gic2-smp1.dtb", 1, 2); }
TEST(test_virt_gic3_smp1) { check_virt("virt-gic3-smp1.dtb", 1, 3); }
TEST(test_virt_gic2_smp4) { check_virt("virt-gic2-smp4.dtb", 4, 2); }
TEST(test_virt_gic3_smp4) { check_virt("virt-gic3-smp4.dtb", 4, 3); }

/* ---- board.dts ----------------------------------------------------------- */

TEST(test_board)
{
	struct host_info h;
	void *fdt = load("board.dtb");
	const struct {
		const char *kind, *node;
		u64 base, size;
	} mods[] = {
		{"device-tree", "/chosen/module@a0000000", 0xa0000000, 0x10000},
		{"kernel", "/chosen/domU1/module@880000000", 0x880000000, 0x1000000},
		{"ramdisk", "/chosen/domU1/module@881000000", 0x881000000, 0x200000},
		{"module", "/chosen/domU1/module@881200000", 0x881200000, 0x3000},
		{"initrd", "/chosen", 0x88000000, 0x100000},
	};

	parse_ok(fdt, &h);
	assert_int_equal(h.dtb_size, fdt_totalsize(fdt));
	assert_int_equal(h.nram, 2); /* memory@c0000000 is disabled */
	expect_range(h.ram[0], 0x80000000, 0x40000000);
	expect_range(h.ram[1], 0x880000000, 0x40000000);
	assert_int_equal(host_ram_total(&h), 2 * GiB);
	assert_int_equal(h.nreserved, 2); /* /memreserve/, then reserved-memory with a reg */
	expect_range(h.reserved[0], 0x80000000, 0x10000);
	expect_range(h.reserved[1], 0x9e000000, 0x2000000);

	assert_int_equal(h.ncpus, 4); /* cpu@200 has status "fail" */
	assert_int_equal(h.ncpus_dt, 4);
	assert_int_equal(h.cpu_mpidr[0], 0x0);
	assert_int_equal(h.cpu_mpidr[1], 0x100);
	assert_int_equal(h.cpu_mpidr[2], 0x10000);
	assert_int_equal(h.cpu_mpidr[3], 0x100000000);

	/* Translated through /soc's ranges (+0xf0000000). */
	assert_int_equal(h.gic.version, 2);
	assert_int_equal(h.gic.node, fdt_path_offset(fdt, GIC));
	expect_range(h.gic.dist, 0xf0101000, 0x1000);
	expect_range(h.gic.cpuif, 0xf0102000, 0x2000);
	expect_range(h.gic.hyp, 0xf0104000, 0x2000);
	expect_range(h.gic.vcpu, 0xf0106000, 0x2000);
	assert_int_equal(h.gic.maint_irq, 25);
	assert_int_equal(h.timer.phys_irq, 30);
	assert_int_equal(h.timer.virt_irq, 27);
	assert_int_equal(h.timer.hyp_irq, 26);
	assert_int_equal(h.timer.freq, 24000000);

	/* stdout-path "serial0:115200n8" through the alias; two levels of ranges. */
	assert_string_equal(h.uart.drv->compatible[0], "ns16550a");
	expect_range(h.uart.reg, 0xf2000800, 0x100);
	assert_int_equal(h.uart.reg_shift, 2);
	assert_int_equal(h.uart.io_width, 4);
	assert_string_equal(h.uart.path, UART);
	assert_int_equal(h.uart.irq, 72);	     /* SPI 40 */
	assert_int_equal(h.uart.clock_hz, 48000000); /* its own clock-frequency */
	assert_int_equal(h.uart.baud, 115200);	     /* stdout-path's "115200n8" */

	assert_int_equal(h.psci.conduit, PSCI_HVC);
	assert_false(h.psci.v0_2);
	assert_int_equal(h.psci.cpu_on_fid, 0x95c1ba60);

	assert_string_equal(h.bootargs, "loglevel=4 selftest=abort");
	assert_int_equal(h.nmodules, ARRAY_SIZE(mods));
	for (unsigned int i = 0; i < ARRAY_SIZE(mods); i++) {
		assert_string_equal(h.modules[i].kind, mods[i].kind);
		assert_int_equal(h.modules[i].node, fdt_path_offset(fdt, mods[i].node));
		expect_range(h.modules[i].reg, mods[i].base, mods[i].size);
	}
	free(fdt);
}

/* ---- board.dtb edited with libfdt ---------------------------------------- */

static void *board_copy(void)
{
	void *b = load("board.dtb"), *f = malloc(COPY_SIZE);
	assert_non_null(f);
	assert_int_equal(fdt_open_into(b, f, COPY_SIZE), 0);
	free(b);
	return f;
}

static void set_u32(void *f, const char *path, const char *prop, u32 v)
{
	assert_int_equal(fdt_setprop_u32(f, node(f, path), prop, v), 0);
}

static void del_node(void *f, const char *path)
{
	assert_int_equal(fdt_del_node(f, node(f, path)), 0);
}

TEST(test_board_xen_bootargs)
{
	struct host_info h;
	void *f = board_copy();
	del_prop(f, "/chosen", "bulkhead,bootargs");
	parse_ok(f, &h);
	assert_string_equal(h.bootargs, "dom0_mem=1G");
	del_prop(f, "/chosen", "xen,xen-bootargs");
	parse_ok(f, &h);
	assert_null(h.bootargs);
	free(f);
}

TEST(test_board_psci_0_2)
{
	struct host_info h;
	void *f = board_copy();
	set_str(f, "/psci", "compatible", "arm,psci-0.2");
	set_str(f, "/psci", "method", "smc");
	parse_ok(f, &h);
	assert_true(h.psci.v0_2);
	assert_int_equal(h.psci.cpu_on_fid, 0xc4000003); /* not the node's cpu_on */
	assert_int_equal(h.psci.conduit, PSCI_SMC);
	del_node(f, "/psci");
	parse_ok(f, &h);
	assert_int_equal(h.psci.conduit, PSCI_NONE);
	free(f);
}

/* GICD, two GICR regions, then the optional GICC, GICH and GICV. */
TEST(test_board_gicv3)
{
	struct host_info h;
	void *f = board_copy();
	set_str(f, GIC, "compatible", "arm,gic-v3");
	set_u32(f, GIC, "#redistributor-regions", 2);
	set_cells(f, GIC, "reg", 12, 0x100000, 0x10000, 0x200000, 0x100000, 0x400000, 0x40000,
		  0x500000, 0x2000, 0x510000, 0x2000, 0x520000, 0x2000);
	parse_ok(f, &h);
	assert_int_equal(h.gic.version, 3);
	expect_range(h.gic.dist, 0xf0100000, 0x10000);
	assert_int_equal(h.gic.nredist, 2);
	expect_range(h.gic.redist[0], 0xf0200000, 0x100000);
	expect_range(h.gic.redist[1], 0xf0400000, 0x40000);
	expect_range(h.gic.cpuif, 0xf0500000, 0x2000);
	expect_range(h.gic.hyp, 0xf0510000, 0x2000);
	expect_range(h.gic.vcpu, 0xf0520000, 0x2000);
	free(f);
}

TEST(test_board_more_cpus_than_config)
{
	struct host_info h;
	void *f = board_copy();
	for (u32 i = 0; i < CONFIG_MAX_CPUS; i++) {
		char name[16];
		int cpu;
		snprintf(name, sizeof(name), "cpu@3%02x", i);
		cpu = fdt_add_subnode(f, node(f, "/cpus"), name);
		assert_true(cpu >= 0);
		assert_int_equal(fdt_setprop_string(f, cpu, "device_type", "cpu"), 0);
		assert_int_equal(fdt_setprop_u64(f, cpu, "reg", 0x300 + i), 0);
	}
	parse_ok(f, &h);
	assert_int_equal(h.ncpus_dt, 4 + CONFIG_MAX_CPUS);
	assert_int_equal(h.ncpus, CONFIG_MAX_CPUS);
	/* fdt_add_subnode puts each new node first: the last one added leads. */
	assert_int_equal(h.cpu_mpidr[0], 0x300 + CONFIG_MAX_CPUS - 1);
	assert_int_equal(h.cpu_mpidr[CONFIG_MAX_CPUS - 1], 0x300);
	free(f);
}

TEST(test_board_uart_without_stdout_path)
{
	struct host_info h;
	void *f = board_copy();
	del_prop(f, "/chosen", "stdout-path");
	del_node(f, "/soc@f0000000/serial@3000000");
	parse_ok(f, &h); /* the first ns16550a */
	assert_string_equal(h.uart.drv->compatible[0], "ns16550a");
	expect_range(h.uart.reg, 0xf2000800, 0x100);
	del_node(f, UART);
	parse_ok(f, &h); /* no UART at all is for the caller to report */
	assert_null(h.uart.drv);
	free(f);
}

/* parse_uart: without stdout-path the first PL011 is taken even when its
 * status is "disabled" (possibly unclocked: accessing it can hang the bus). */
TEST(test_board_uart_fallback_skips_disabled)
{
	struct host_info h;
	void *f;
	f = board_copy();
	del_prop(f, "/chosen", "stdout-path");
	parse_ok(f, &h);
	assert_string_equal(h.uart.drv->compatible[0], "ns16550a");
	free(f);
}

/* parse_chosen: linux,initrd-end is read with linux,initrd-start's length;
 * the binding lets each be 1 or 2 cells. */
TEST(test_board_initrd_cell_sizes)
{
	struct host_info h;
	void *f;
	f = board_copy();
	set_u32(f, "/chosen", "linux,initrd-start", 0x88000000);
	parse_ok(f, &h);
	expect_range(h.modules[h.nmodules - 1].reg, 0x88000000, 0x100000);
	free(f);
}

/* ---- malformed ----------------------------------------------------------- */

/* A huge #interrupt-cells once overflowed irq_spec()'s int bound, which could
 * then wrap to a small value and move the read outside "interrupts" (found by
 * tests/fuzz/fuzz_hostdt). 0x20000001 wraps the bound for the timer's 2nd
 * specifier to 16 bytes and its offset to -2 GiB; 0x7e000003 is the fuzzer's. */
static void expect_huge_interrupt_cells_refused(u32 cells)
{
	void *f = board_copy();
	set_u32(f, GIC, "#interrupt-cells", cells);
	expect_error(f, "/timer: interrupts: need 4 valid timer interrupts");
	free(f);
}

TEST(test_bad_interrupt_cells_huge)
{
	expect_huge_interrupt_cells_refused(0x20000001);
	expect_huge_interrupt_cells_refused(0x7e000003);
	expect_huge_interrupt_cells_refused(0x40000000);
	expect_huge_interrupt_cells_refused(0xffffffff);
}

/* A property whose length, added to its offset, lands back on its own tag:
 * libfdt 1.6.1's fdt_check_full never returned on it (found by
 * tests/fuzz/fuzz_config). dt_check refuses it first. */
TEST(test_bad_property_length_wraps)
{
	void *f = board_copy();
	int prop = fdt_first_property_offset(f, fdt_path_offset(f, "/chosen"));
	u8 *len;
	assert_true(prop >= 0);
	len = (u8 *)f + fdt_off_dt_struct(f) + prop + 4;
	len[0] = len[1] = len[2] = 0xff, len[3] = 0xf4; /* 12 + len == 0 */
	expect_error(f, "host DT is corrupt: FDT_ERR_BADSTRUCTURE");
	free(f);
}

/* Before version 16 a node's name is its path; libfdt 1.6.1's fdt_check_full
 * dereferenced fdt_get_name's NULL for a root named "" (found by
 * fuzz_config; dt_check asks fdt_get_name first). */
TEST(test_bad_old_version_root_name)
{
	void *f = board_copy();
	fdt_set_version(f, 3);
	fdt_set_last_comp_version(f, 2);
	expect_error(f, "host DT is corrupt: FDT_ERR_BADSTRUCTURE");
	free(f);
}

/* A property before the root node: libfdt 1.6.1's fdt_check_full takes it,
 * then dereferences fdt_get_name's NULL for the root's name (no '/' before
 * version 16; found by fuzz_guest_dt). dt_check refuses it first. */
TEST(test_bad_property_outside_root)
{
	static const u32 words[] = {
		/* header, version 3: magic, totalsize, struct, strings, rsvmap,
		 * version, last compatible version, boot CPU, strings size */
		FDT_MAGIC,
		88,
		56,
		84,
		40,
		3,
		2,
		0,
		4,
		0, /* padding: the rsvmap is 8-byte aligned */
		0,
		0,
		0,
		0, /* rsvmap: its terminator */
		FDT_PROP,
		0,
		0, /* a property of no node */
		FDT_BEGIN_NODE,
		0x61000000,
		FDT_END_NODE,
		FDT_END,    /* a root named "a" */
		0x61000000, /* strings: "a" */
	};
	u32 *f = malloc(sizeof(words));
	assert_non_null(f);
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		f[i] = cpu_to_fdt32(words[i]);
	expect_error(f, "host DT is corrupt: FDT_ERR_BADSTRUCTURE");
	free(f);
}

#define BAD_FILE(name, file, fragment)                                                             \
	TEST(name)                                                                                 \
	{                                                                                          \
		void *f = load(file);                                                              \
		expect_error(f, fragment);                                                         \
		free(f);                                                                           \
	}

/* Zeroes follow the cut (see load): a zero tag ends the structure block. */
BAD_FILE(test_bad_truncated, "bad-truncated.dtb", "host DT is corrupt: FDT_ERR_BADSTRUCTURE")
BAD_FILE(test_bad_magic, "bad-magic.dtb", "host DT is corrupt: FDT_ERR_BADMAGIC")
BAD_FILE(test_bad_no_memory, "bad-no-memory.dtb", "host DT: no memory")
BAD_FILE(test_bad_cpus_address_cells, "bad-cpus-address-cells.dtb",
	 "/cpus: #address-cells/#size-cells: want 1 or 2 and 0, found 3 and 0")
BAD_FILE(test_bad_gic_no_reg, "bad-gic-no-reg.dtb", GIC ": reg: distributor (GICD)")
BAD_FILE(test_bad_timer_3_irqs, "bad-timer-3-irqs.dtb", "/timer: interrupts: need 4")
BAD_FILE(test_bad_stdout_nowhere, "bad-stdout-nowhere.dtb",
	 "/chosen: stdout-path: \"/soc@f0000000/serial@deadbeef:115200n8\" names no node")
BAD_FILE(test_bad_psci_method, "bad-psci-method.dtb", "/psci: method: must be")
BAD_FILE(test_bad_module_no_reg, "bad-module-no-reg.dtb",
	 "/chosen/domU1/module@880000000: reg: boot module without")

/* board.dtb broken by the statements given. */
#define BAD_EDIT(name, fragment, ...)                                                              \
	TEST(name)                                                                                 \
	{                                                                                          \
		void *f = board_copy();                                                            \
		__VA_ARGS__;                                                                       \
		expect_error(f, fragment);                                                         \
		free(f);                                                                           \
	}

BAD_EDIT(test_bad_memory_reg_length, "/memory@80000000: reg: malformed memory range 0",
	 set_cells(f, "/memory@80000000", "reg", 3, 0, 0x80000000, 0))
BAD_EDIT(test_bad_memory_reg_wraps, "/memory@80000000: reg: malformed memory range 1",
	 set_cells(f, "/memory@80000000", "reg", 8, 0, 0x80000000, 0, 0x1000, 0xffffffff,
		   0xfffff000, 0, 0x2000))
BAD_EDIT(test_bad_reserved_not_translatable, "/reserved-memory/optee@9e000000: reg",
	 del_prop(f, "/reserved-memory", "ranges"))
BAD_EDIT(test_bad_cpu_reg, "/cpus/cpu@100: reg: missing or not 2 cells",
	 set_u32(f, "/cpus/cpu@100", "reg", 0x100))
BAD_EDIT(test_bad_no_gic, "host DT: no supported interrupt controller",
	 set_str(f, GIC, "compatible", "arm,gic-600"))
BAD_EDIT(test_bad_gic_redist_regions, GIC ": #redistributor-regions: 9 is not in 1..8",
	 set_str(f, GIC, "compatible", "arm,gic-v3");
	 set_u32(f, GIC, "#redistributor-regions", 9))
BAD_EDIT(test_bad_gic_no_redist, GIC ": #redistributor-regions: 0 is not in 1..8",
	 set_str(f, GIC, "compatible", "arm,gic-v3");
	 set_u32(f, GIC, "#redistributor-regions", 0))
BAD_EDIT(test_bad_gic_maint_irq, GIC ": interrupts: maintenance interrupt specifier is invalid",
	 set_cells(f, GIC, "interrupts", 3, 1, 16, 4)) /* PPI 16 does not exist */
BAD_EDIT(test_bad_no_timer, "host DT: no timer node", del_node(f, "/timer"))
BAD_EDIT(test_bad_uart_io_width, UART ": reg-io-width: 2 is not 1 or 4",
	 set_u32(f, UART, "reg-io-width", 2))
BAD_EDIT(test_bad_uart_reg_shift, UART ": reg-shift: 5 is too large",
	 set_u32(f, UART, "reg-shift", 5))
BAD_EDIT(test_bad_uart_outside_bus, UART ": reg: missing or malformed",
	 set_cells(f, UART, "reg", 2, 0xfff00, 0x200)) /* past the end of apb's ranges */
BAD_EDIT(test_bad_stdout_not_uart, "/psci: compatible: the stdout-path UART is not",
	 set_str(f, "/chosen", "stdout-path", "/psci"))
BAD_EDIT(test_bad_psci_0_1_no_cpu_on, "/psci: cpu_on: PSCI 0.1 node without",
	 del_prop(f, "/psci", "cpu_on"))
BAD_EDIT(test_bad_bootargs_not_string, "/chosen: bulkhead,bootargs: not a string",
	 assert_int_equal(fdt_setprop(f, node(f, "/chosen"), "bulkhead,bootargs", "ab", 2), 0))
BAD_EDIT(test_bad_initrd_end_before_start, "/chosen: linux,initrd-end: before linux,initrd-start",
	 set_cells(f, "/chosen", "linux,initrd-end", 2, 0, 0x87000000))

TEST(test_bad_no_enabled_cpu)
{
	static const char *const cpus[] = {"/cpus/cpu@0", "/cpus/cpu@100", "/cpus/cpu@10000",
					   "/cpus/cpu@100000000"}; /* cpu@200 is "fail" */
	void *f = board_copy();
	for (unsigned int i = 0; i < ARRAY_SIZE(cpus); i++)
		set_str(f, cpus[i], "status", "disabled");
	expect_error(f, "/cpus: no enabled cpu nodes");
	free(f);
}

TEST(test_bad_too_many_memory_ranges)
{
	fdt32_t reg[(HOST_MAX_RAM + 1) * 4];
	void *f = board_copy();
	for (unsigned int i = 0; i < ARRAY_SIZE(reg); i += 4) {
		reg[i] = cpu_to_fdt32(i / 4 + 1); /* 4 GiB apart */
		reg[i + 1] = reg[i + 2] = 0;
		reg[i + 3] = cpu_to_fdt32(0x1000);
	}
	assert_int_equal(fdt_setprop(f, node(f, "/memory@80000000"), "reg", reg, sizeof(reg)), 0);
	expect_error(f, "/memory@80000000: reg: more than 16 memory ranges");
	free(f);
}

/* The message is cut to fit, never written past errlen. */
TEST(test_small_error_buffer)
{
	struct host_info h;
	void *f = load("bad-timer-3-irqs.dtb");
	char *err = malloc(12);
	assert_non_null(err);
	assert_int_equal(hostdt_parse(f, &h, err, 12), -E_INVAL);
	assert_string_equal(err, "host DT /ti");
	free(err);
	free(f);
}

/* ---- dt.c helpers -------------------------------------------------------- */

/* The registry (common/driver.c): a node is matched only by a driver of the
 * class asked for, and the GIC is the first registered driver's (GICv3
 * before GICv2, build.mk's order) whichever comes first in the tree. */
TEST(test_registry_match)
{
	void *f = board_copy();
	const struct driver *drv = NULL;
	int uart = node(f, UART), gic = node(f, GIC);

	assert_null(driver_match(DRIVER_IRQCHIP, f, uart));
	assert_string_equal(driver_match(DRIVER_UART, f, uart)->compatible[0], "ns16550a");
	assert_int_equal(driver_find_node(DRIVER_IRQCHIP, f, &drv), gic);
	assert_int_equal(drv->arg, 2);
	assert_int_equal(driver_find_node(DRIVER_IOMMU, f, &drv), -1);
	set_str(f, UART, "compatible", "arm,gic-v3"); /* after the GICv2 in the tree */
	uart = node(f, UART);
	gic = node(f, GIC);
	assert_true(uart > gic);
	assert_int_equal(driver_find_node(DRIVER_IRQCHIP, f, &drv), uart);
	assert_int_equal(drv->arg, 3);
	free(f);
}

TEST(test_dt_helpers)
{
	struct mem_range r;
	char path[64];
	void *f = load("board.dtb");
	int uart = node(f, UART), gic = node(f, GIC), ac, sc;

	dt_bus_cells(f, node(f, "/psci"), &ac, &sc); /* no #*-cells: the defaults */
	assert_int_equal(ac, 2);
	assert_int_equal(sc, 1);
	dt_bus_cells(f, node(f, "/cpus"), &ac, &sc);
	assert_int_equal(ac, 2);
	assert_int_equal(sc, 0);

	assert_int_equal(dt_reg_raw(f, uart, 0, &r), 0); /* apb's own address */
	expect_range(r, 0x800, 0x100);
	assert_int_equal(dt_reg(f, uart, 0, &r), 0);
	expect_range(r, 0xf2000800, 0x100);
	assert_int_equal(dt_reg(f, uart, 1, &r), -E_NOENT);
	assert_int_equal(dt_reg_count(f, gic), 4);
	assert_int_equal(dt_reg_count(f, node(f, "/psci")), 0);
	assert_int_equal(dt_reg(f, gic, 3, &r), 0);
	expect_range(r, 0xf0106000, 0x2000);
	assert_true(dt_compatible(f, uart, "ns16550a"));
	assert_false(dt_compatible(f, uart, "ns16550"));
	assert_true(dt_enabled(f, uart));
	assert_false(dt_enabled(f, node(f, "/soc@f0000000/serial@3000000")));
	assert_false(dt_enabled(f, node(f, "/cpus/cpu@200"))); /* "fail" */
	assert_int_equal(dt_u32(f, uart, "reg-shift", 7), 2);
	assert_int_equal(dt_u32(f, uart, "no-such-prop", 7), 7);
	assert_int_equal(dt_u32(f, uart, "compatible", 7), 7); /* not 4 bytes */
	assert_string_equal(dt_path(f, uart, path, sizeof(path)), UART);
	snprintf(path, sizeof(path), "<node@%d>", uart);
	assert_string_equal(dt_path(f, uart, (char[16]){0}, 16), path); /* too long: fallback */
	free(f);
}

/* A bus's #size-cells read as a negative int once reached translate_one(),
 * which only bounded it from above: -3 made its ranges entries 0 bytes long
 * (a division by zero), -4 negative (a walk backwards without end), -2 read
 * past the property. /a/b/c: b's cells are sane, a's #size-cells is not. */
TEST(test_dt_reg_negative_bus_cells)
{
	static const u32 bad[] = {0xfffffffe, 0xfffffffd, 0xfffffffc, 0x80000000};
	struct mem_range r;

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		void *f = board_copy();
		int a = fdt_add_subnode(f, 0, "a"), b, c;
		assert_true(a >= 0);
		set_cells(f, "/a", "#address-cells", 1, 1);
		set_cells(f, "/a", "#size-cells", 1, bad[i]);
		set_cells(f, "/a", "ranges", 4, 0, 0, 0, 0x1000);
		b = fdt_add_subnode(f, node(f, "/a"), "b");
		assert_true(b >= 0);
		set_cells(f, "/a/b", "#address-cells", 1, 1);
		set_cells(f, "/a/b", "#size-cells", 1, 1);
		set_cells(f, "/a/b", "ranges", 3, 0, 0, 0x1000);
		c = fdt_add_subnode(f, node(f, "/a/b"), "c");
		assert_true(c >= 0);
		set_cells(f, "/a/b/c", "reg", 2, 0, 0x10);
		assert_int_equal(dt_reg_raw(f, node(f, "/a/b/c"), 0, &r), 0);
		assert_int_equal(dt_reg(f, node(f, "/a/b/c"), 0, &r), -E_INVAL);
		free(f);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virt_gic2_smp1),
		cmocka_unit_test(test_virt_gic3_smp1),
		cmocka_unit_test(test_virt_gic2_smp4),
		cmocka_unit_test(test_virt_gic3_smp4),
		cmocka_unit_test(test_board),
		cmocka_unit_test(test_board_xen_bootargs),
		cmocka_unit_test(test_board_psci_0_2),
		cmocka_unit_test(test_board_gicv3),
		cmocka_unit_test(test_board_more_cpus_than_config),
		cmocka_unit_test(test_board_uart_without_stdout_path),
		cmocka_unit_test(test_board_uart_fallback_skips_disabled),
		cmocka_unit_test(test_board_initrd_cell_sizes),
		cmocka_unit_test(test_bad_truncated),
		cmocka_unit_test(test_bad_property_length_wraps),
		cmocka_unit_test(test_bad_old_version_root_name),
		cmocka_unit_test(test_bad_property_outside_root),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_bad_no_memory),
		cmocka_unit_test(test_bad_cpus_address_cells),
		cmocka_unit_test(test_bad_gic_no_reg),
		cmocka_unit_test(test_bad_timer_3_irqs),
		cmocka_unit_test(test_bad_interrupt_cells_huge),
		cmocka_unit_test(test_bad_stdout_nowhere),
		cmocka_unit_test(test_bad_psci_method),
		cmocka_unit_test(test_bad_module_no_reg),
		cmocka_unit_test(test_bad_memory_reg_length),
		cmocka_unit_test(test_bad_memory_reg_wraps),
		cmocka_unit_test(test_bad_reserved_not_translatable),
		cmocka_unit_test(test_bad_cpu_reg),
		cmocka_unit_test(test_bad_no_enabled_cpu),
		cmocka_unit_test(test_bad_no_gic),
		cmocka_unit_test(test_bad_gic_redist_regions),
		cmocka_unit_test(test_bad_gic_no_redist),
		cmocka_unit_test(test_bad_gic_maint_irq),
		cmocka_unit_test(test_bad_no_timer),
		cmocka_unit_test(test_bad_uart_io_width),
		cmocka_unit_test(test_bad_uart_reg_shift),
		cmocka_unit_test(test_bad_uart_outside_bus),
		cmocka_unit_test(test_bad_stdout_not_uart),
		cmocka_unit_test(test_bad_psci_0_1_no_cpu_on),
		cmocka_unit_test(test_bad_bootargs_not_string),
		cmocka_unit_test(test_bad_initrd_end_before_start),
		cmocka_unit_test(test_bad_too_many_memory_ranges),
		cmocka_unit_test(test_small_error_buffer),
		cmocka_unit_test(test_registry_match),
		cmocka_unit_test(test_dt_helpers),
		cmocka_unit_test(test_dt_reg_negative_bus_cells),
	};
	if (argc > 1)
		dtb_dir = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
