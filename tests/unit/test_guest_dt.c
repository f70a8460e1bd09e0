/* common/guest_dt.c: the device tree a guest boots with, read back with
 * libfdt, plus one blob decompiled by dtc, which must not warn. */
#include "unit.h"
#include <libfdt.h>
#include <unistd.h>
#include <bulkhead/guest_dt.h>
#include <bulkhead/guest_layout.h>

#define BLOB_SIZE (64 * 1024)
#define RAM_BASE  GUEST_RAM_BASE
#define RAM_SIZE  (256ULL * 1024 * 1024)
#define GIC_NODE  "/interrupt-controller@8000000"
#define UART_NODE "/pl011@9000000"
#define WDOG_NODE "/watchdog@9030000"
#define HI(v)	  ((u32)((u64)(v) >> 32))
#define LO(v)	  ((u32)(v))

static u8 blob[BLOB_SIZE];

static struct domain_config make_cfg(const char *name, u32 vcpus, bool vpl011, const char *bootargs)
{
	struct domain_config c;
	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "%s", name);
	c.valid = true;
	c.mem_bytes = RAM_SIZE;
	c.vcpus = vcpus;
	c.vpl011 = vpl011;
	c.kernel.present = true;
	c.kernel.bootargs = bootargs;
	return c;
}

static struct guest_dt_params make_params(const struct domain_config *c, int gic)
{
	struct guest_dt_params p = {.cfg = c, .gic_version = gic};
	p.ram_base = RAM_BASE;
	p.ram_size = RAM_SIZE;
	return p;
}

/* Builds into blob; the result must be a valid, packed tree. */
static const void *build_ok(const struct guest_dt_params *p)
{
	char err[200];
	int rc;

	memset(blob, 0xa5, sizeof(blob));
	rc = guest_dt_build(p, blob, sizeof(blob), err, sizeof(err));
	if (rc)
		fail_msg("guest_dt_build: %d \"%s\"", rc, err);
	assert_string_equal(err, "");
	assert_int_equal(fdt_check_full(blob, fdt_totalsize(blob)), 0);
	assert_true(fdt_totalsize(blob) < sizeof(blob));
	return blob;
}

static void expect_error(const struct guest_dt_params *p, int want, const char *fragment)
{
	char err[200];
	int rc;

	memset(blob, 0, sizeof(blob));
	rc = guest_dt_build(p, blob, sizeof(blob), err, sizeof(err));
	if (rc != want || !strstr(err, fragment))
		fail_msg("guest_dt_build: %d \"%s\", want %d and \"...%s...\"", rc, err, want,
			 fragment);
}

static int node(const void *fdt, const char *path)
{
	int n = fdt_path_offset(fdt, path);
	if (n < 0)
		fail_msg("no node %s: %s", path, fdt_strerror(n));
	return n;
}

static bool has_node(const void *fdt, const char *path) { return fdt_path_offset(fdt, path) >= 0; }

static bool has_prop(const void *fdt, const char *path, const char *prop)
{
	return fdt_getprop(fdt, node(fdt, path), prop, NULL) != NULL;
}

static void expect_bytes(const void *fdt, const char *path, const char *prop, const void *want,
			 int wlen)
{
	int len;
	const void *v = fdt_getprop(fdt, node(fdt, path), prop, &len);
	if (!v)
		fail_msg("%s has no %s", path, prop);
	if (len != wlen || memcmp(v, want, (size_t)len))
		fail_msg("%s %s: %d bytes \"%.*s\", want %d bytes \"%.*s\"", path, prop, len, len,
			 (const char *)v, wlen, wlen, (const char *)want);
}

/* A string or string list given as one literal "a\0b". */
#define EXPECT_STR(fdt, path, prop, lit) expect_bytes(fdt, path, prop, lit, (int)sizeof(lit))

static void expect_cells(const void *fdt, const char *path, const char *prop, const u32 *want,
			 int n)
{
	int len;
	const fdt32_t *v = fdt_getprop(fdt, node(fdt, path), prop, &len);
	if (!v)
		fail_msg("%s has no %s", path, prop);
	if (len != n * 4)
		fail_msg("%s %s: %d bytes, want %d cells", path, prop, len, n);
	for (int i = 0; i < n; i++)
		if (fdt32_to_cpu(v[i]) != want[i])
			fail_msg("%s %s cell %d: 0x%x, want 0x%x", path, prop, i,
				 fdt32_to_cpu(v[i]), want[i]);
}

#define EXPECT_CELLS(fdt, path, prop, ...)                                                         \
	do {                                                                                       \
		const u32 w_[] = {__VA_ARGS__};                                                    \
		expect_cells(fdt, path, prop, w_, (int)(sizeof(w_) / sizeof(w_[0])));              \
	} while (0)

static int count_children(const void *fdt, const char *path)
{
	int n = 0, child;
	fdt_for_each_subnode(child, fdt, node(fdt, path)) n++;
	return n;
}

/* ---- a partial DT, Xen style (docs/misc/arm/passthrough.txt) -------------- */

#define CHK(x)	     assert_int_equal((x), 0)
#define PARTIAL_SIZE 4096

static void u32prop(void *f, const char *name, u32 v) { CHK(fdt_property_u32(f, name, v)); }

static void cellprop(void *f, const char *name, const u32 *c, int n)
{
	fdt32_t be[8];
	for (int i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(c[i]);
	CHK(fdt_property(f, name, be, n * 4));
}

/* With passthrough false the node is called /other. pt_node names the
 * device node; ph is the phandle of a clock inside /passthrough (0: none). */
static void *make_partial(void *f, bool passthrough, const char *pt_node, u32 ph)
{
	const u32 reg[] = {0, 0x10000000, 0, 0x1000},
		  xreg[] = {0, 0x1c090000, 0, 0x1000, 0, 0x10000000};
	const u32 irqs[] = {0, 80, 4, 0, 81, 4};

	CHK(fdt_create(f, PARTIAL_SIZE));
	CHK(fdt_finish_reservemap(f));
	CHK(fdt_begin_node(f, ""));
	u32prop(f, "#address-cells", 2);
	u32prop(f, "#size-cells", 2);
	CHK(fdt_begin_node(f, "gic")); /* dtc needs a target for interrupt-parent */
	CHK(fdt_property(f, "interrupt-controller", NULL, 0));
	u32prop(f, "#interrupt-cells", 3);
	u32prop(f, "phandle", 65000);
	CHK(fdt_end_node(f));
	CHK(fdt_begin_node(f, passthrough ? "passthrough" : "other"));
	CHK(fdt_property_string(f, "compatible", "simple-bus"));
	CHK(fdt_property(f, "ranges", NULL, 0));
	u32prop(f, "#address-cells", 2);
	u32prop(f, "#size-cells", 2);
	if (ph) {
		CHK(fdt_begin_node(f, "refclk"));
		CHK(fdt_property_string(f, "compatible", "fixed-clock"));
		u32prop(f, "#clock-cells", 0);
		u32prop(f, "clock-frequency", 125000000);
		u32prop(f, "phandle", ph);
		CHK(fdt_end_node(f));
	}
	CHK(fdt_begin_node(f, pt_node));
	CHK(fdt_property_string(f, "compatible", "calxeda,hb-xgmac"));
	cellprop(f, "reg", reg, 4);
	cellprop(f, "interrupts", irqs, 6);
	u32prop(f, "interrupt-parent", 65000);
	cellprop(f, "xen,reg", xreg, 6);
	CHK(fdt_property_string(f, "xen,path", "/soc/ethernet@1c090000"));
	CHK(fdt_property(f, "xen,force-assign-without-iommu", NULL, 0));
	CHK(fdt_property_string(f, "status", "okay"));
	CHK(fdt_begin_node(f, "mdio"));
	u32prop(f, "#address-cells", 1);
	u32prop(f, "#size-cells", 0);
	CHK(fdt_begin_node(f, "ethernet-phy@1"));
	u32prop(f, "reg", 1);
	CHK(fdt_end_node(f));
	CHK(fdt_end_node(f));
	CHK(fdt_end_node(f));
	CHK(fdt_end_node(f));
	CHK(fdt_end_node(f));
	CHK(fdt_finish(f));
	return f;
}

/* ---- the tests ------------------------------------------------------------ */

TEST(test_root_memory_cpus)
{
	struct domain_config c = make_cfg("linux1", 3, false, NULL);
	struct guest_dt_params p = make_params(&c, 3);
	const void *f;
	char path[32];

	p.ram_base = 0x80000000ULL;
	p.ram_size = 0x140000000ULL; /* 5 GiB: both cells used */
	f = build_ok(&p);
	EXPECT_CELLS(f, "/", "#address-cells", 2);
	EXPECT_CELLS(f, "/", "#size-cells", 2);
	EXPECT_STR(f, "/", "compatible", "bulkhead,guest\0linux,dummy-virt");
	EXPECT_STR(f, "/", "model", "Bulkhead linux1");
	EXPECT_CELLS(f, "/", "interrupt-parent", GUEST_PHANDLE_GIC);

	EXPECT_STR(f, "/memory@80000000", "device_type", "memory");
	EXPECT_CELLS(f, "/memory@80000000", "reg", 0, 0x80000000, 1, 0x40000000);

	EXPECT_CELLS(f, "/cpus", "#address-cells", 1);
	EXPECT_CELLS(f, "/cpus", "#size-cells", 0);
	assert_int_equal(count_children(f, "/cpus"), 3);
	for (u32 i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/cpus/cpu@%u", i);
		EXPECT_CELLS(f, path, "reg", i);
		EXPECT_STR(f, path, "device_type", "cpu");
		EXPECT_STR(f, path, "compatible", "arm,armv8");
		EXPECT_STR(f, path, "enable-method", "psci");
	}
	assert_false(has_node(f, "/cpus/cpu@3"));
	assert_int_equal(fdt_num_mem_rsv(f), 0);
}

TEST(test_psci)
{
	struct domain_config c = make_cfg("d", 1, false, NULL);
	struct guest_dt_params p = make_params(&c, 2);
	const void *f = build_ok(&p);

	EXPECT_STR(f, "/psci", "compatible", "arm,psci-1.0\0arm,psci-0.2");
	EXPECT_STR(f, "/psci", "method", "hvc");
}

static void check_gic_common(const void *f)
{
	assert_true(has_prop(f, GIC_NODE, "interrupt-controller"));
	EXPECT_CELLS(f, GIC_NODE, "#interrupt-cells", 3);
	EXPECT_CELLS(f, GIC_NODE, "#address-cells", 2);
	EXPECT_CELLS(f, GIC_NODE, "#size-cells", 2);
	EXPECT_CELLS(f, GIC_NODE, "phandle", 65000);
	assert_int_equal(fdt_node_offset_by_phandle(f, 65000), node(f, GIC_NODE));
}

TEST(test_gicv2_and_timer_cpu_mask)
{
	struct domain_config c = make_cfg("d", 2, false, NULL);
	struct guest_dt_params p = make_params(&c, 2);
	const void *f = build_ok(&p);

	EXPECT_STR(f, GIC_NODE, "compatible", "arm,cortex-a15-gic");
	EXPECT_CELLS(f, GIC_NODE, "reg", 0, 0x08000000, 0, 0x10000, 0, 0x08010000, 0, 0x2000);
	assert_false(has_prop(f, GIC_NODE, "#redistributor-regions"));
	check_gic_common(f);

	/* 2 vCPUs: CPU mask 0b11 in bits [15:8], level-low. */
	EXPECT_STR(f, "/timer", "compatible", "arm,armv8-timer");
	EXPECT_CELLS(f, "/timer", "interrupts", 1, 13, 0x308, 1, 14, 0x308, 1, 11, 0x308, 1, 10,
		     0x308);
	assert_true(has_prop(f, "/timer", "always-on"));

	c = make_cfg("d", 8, false, NULL);
	f = build_ok(&p);
	EXPECT_CELLS(f, "/timer", "interrupts", 1, 13, 0xff08, 1, 14, 0xff08, 1, 11, 0xff08, 1, 10,
		     0xff08);
}

TEST(test_gicv3_redistributors_scale)
{
	struct domain_config c = make_cfg("d", 1, false, NULL);
	struct guest_dt_params p = make_params(&c, 3);
	const void *f = build_ok(&p);

	EXPECT_STR(f, GIC_NODE, "compatible", "arm,gic-v3");
	EXPECT_CELLS(f, GIC_NODE, "reg", 0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 0x20000);
	EXPECT_CELLS(f, GIC_NODE, "#redistributor-regions", 1);
	check_gic_common(f);
	/* No CPU mask with GICv3. */
	EXPECT_CELLS(f, "/timer", "interrupts", 1, 13, 8, 1, 14, 8, 1, 11, 8, 1, 10, 8);

	c = make_cfg("d", 4, false, NULL);
	f = build_ok(&p);
	EXPECT_CELLS(f, GIC_NODE, "reg", 0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 0x80000);
	EXPECT_CELLS(f, "/timer", "interrupts", 1, 13, 8, 1, 14, 8, 1, 11, 8, 1, 10, 8);
}

TEST(test_pl011)
{
	struct domain_config c = make_cfg("d", 1, true, NULL);
	struct guest_dt_params p = make_params(&c, 3);
	const fdt32_t *clocks;
	const void *f = build_ok(&p);
	int len, clk;

	EXPECT_STR(f, UART_NODE, "compatible", "arm,pl011\0arm,primecell");
	EXPECT_CELLS(f, UART_NODE, "reg", 0, 0x09000000, 0, 0x1000);
	EXPECT_CELLS(f, UART_NODE, "interrupts", 0, 1, 4);
	EXPECT_STR(f, UART_NODE, "clock-names", "uartclk\0apb_pclk");
	clocks = fdt_getprop(f, node(f, UART_NODE), "clocks", &len);
	assert_non_null(clocks);
	assert_int_equal(len, 8);
	assert_int_equal(fdt32_to_cpu(clocks[0]), fdt32_to_cpu(clocks[1]));
	assert_int_not_equal(fdt32_to_cpu(clocks[0]), 65000);
	clk = fdt_node_offset_by_phandle(f, fdt32_to_cpu(clocks[0]));
	assert_true(clk > 0);
	assert_int_equal(fdt_node_check_compatible(f, clk, "fixed-clock"), 0);
	assert_int_equal(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(f, clk, "#clock-cells", NULL)),
			 0);
	assert_int_equal(
		fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(f, clk, "clock-frequency", NULL)),
		24000000);
	EXPECT_STR(f, "/aliases", "serial0", UART_NODE);
	EXPECT_STR(f, "/chosen", "stdout-path", "serial0:115200n8");

	c.vpl011 = false;
	f = build_ok(&p);
	assert_false(has_node(f, UART_NODE));
	assert_false(has_node(f, "/aliases"));
	assert_false(has_prop(f, "/chosen", "stdout-path"));
	/* Nothing else refers to a clock: only the GIC has a phandle. */
	assert_int_equal(fdt_node_offset_by_compatible(f, -1, "fixed-clock"), -FDT_ERR_NOTFOUND);
}

static u32 cell(const void *fdt, int node, const char *prop, int i)
{
	int len;
	const fdt32_t *v = fdt_getprop(fdt, node, prop, &len);
	if (!v || len < (i + 1) * 4)
		fail_msg("%s: no cell %d in %s", fdt_get_name(fdt, node, NULL), i, prop);
	return fdt32_to_cpu(v[i]);
}

/* bulkhead,watchdog: an SP805 (watchdog/arm,sp805.yaml) with a clock of its
 * own, clear of the UART's and of a partial DT's phandles. */
TEST(test_watchdog)
{
	struct domain_config c = make_cfg("d", 1, true, NULL);
	struct guest_dt_params p = make_params(&c, 3);
	u8 partial[PARTIAL_SIZE];
	const void *f;
	int clk;

	f = build_ok(&p);
	assert_false(has_node(f, WDOG_NODE));

	c.watchdog_ms = 2500;
	make_partial(partial, true, "ethernet@10000000", 65002);
	c.dtb.present = true;
	c.dtb.size = fdt_totalsize(partial);
	p.partial_dt = partial;
	f = build_ok(&p);
	EXPECT_STR(f, WDOG_NODE, "compatible", "arm,sp805\0arm,primecell");
	EXPECT_CELLS(f, WDOG_NODE, "reg", 0, 0x09030000, 0, 0x1000);
	EXPECT_CELLS(f, WDOG_NODE, "interrupts", 0, GUEST_WDOG_SPI, 4);
	EXPECT_STR(f, WDOG_NODE, "clock-names", "wdog_clk\0apb_pclk");
	EXPECT_CELLS(f, WDOG_NODE, "timeout-sec", 3); /* rounded up */
	/* UART clock 65001; 65002 is the partial DT's: the watchdog's is 65003. */
	EXPECT_CELLS(f, WDOG_NODE, "clocks", 65003, 65003);
	EXPECT_CELLS(f, UART_NODE, "clocks", 65001, 65001);
	clk = fdt_node_offset_by_phandle(f, 65003);
	assert_true(clk > 0);
	assert_int_equal(fdt_node_check_compatible(f, clk, "fixed-clock"), 0);
	assert_int_equal(cell(f, clk, "#clock-cells", 0), 0);
	assert_int_equal(cell(f, clk, "clock-frequency", 0), 1000000);

	c.watchdog_ms = 3000;
	c.vpl011 = false;
	p.partial_dt = NULL;
	c.dtb.present = false;
	c.dtb.size = 0;
	f = build_ok(&p);
	EXPECT_CELLS(f, WDOG_NODE, "timeout-sec", 3);
	assert_false(has_node(f, UART_NODE));
	clk = fdt_node_offset_by_phandle(f, cell(f, node(f, WDOG_NODE), "clocks", 0));
	assert_true(clk > 0);
	assert_int_equal(cell(f, clk, "clock-frequency", 0), 1000000);
}

TEST(test_chosen_bootargs_initrd)
{
	struct domain_config c = make_cfg("d", 1, false, "console=ttyAMA0 rdinit=/init");
	struct guest_dt_params p = make_params(&c, 3);
	const u64 start = RAM_BASE + 0x8000000, size = 0x123456;
	const void *f;

	p.initrd_base = start;
	p.initrd_size = size;
	f = build_ok(&p);
	EXPECT_STR(f, "/chosen", "bootargs", "console=ttyAMA0 rdinit=/init");
	EXPECT_CELLS(f, "/chosen", "linux,initrd-start", HI(start), LO(start));
	EXPECT_CELLS(f, "/chosen", "linux,initrd-end", HI(start + size), LO(start + size));

	c.kernel.bootargs = NULL;
	p.initrd_size = 0;
	f = build_ok(&p);
	assert_true(has_node(f, "/chosen"));
	assert_false(has_prop(f, "/chosen", "bootargs"));
	assert_false(has_prop(f, "/chosen", "linux,initrd-start"));
	assert_false(has_prop(f, "/chosen", "linux,initrd-end"));
}

TEST(test_passthrough_copied_without_xen_props)
{
	struct domain_config c = make_cfg("d", 2, true, NULL);
	struct guest_dt_params p = make_params(&c, 2);
	u8 partial[PARTIAL_SIZE];
	const char *eth = "/ethernet@10000000";
	const fdt32_t *clocks;
	const void *f;
	int prop, n = 0;

	make_partial(partial, true, "ethernet@10000000", 65001);
	c.dtb.present = true;
	c.dtb.size = fdt_totalsize(partial);
	p.partial_dt = partial;
	f = build_ok(&p);

	EXPECT_STR(f, eth, "compatible", "calxeda,hb-xgmac");
	EXPECT_CELLS(f, eth, "reg", 0, 0x10000000, 0, 0x1000);
	EXPECT_CELLS(f, eth, "interrupts", 0, 80, 4, 0, 81, 4);
	EXPECT_CELLS(f, eth, "interrupt-parent", 65000);
	EXPECT_STR(f, eth, "status", "okay");
	fdt_for_each_property_offset(prop, f, node(f, eth))
	{
		const char *name;
		fdt_getprop_by_offset(f, prop, &name, NULL);
		if (!strncmp(name, "xen,", 4))
			fail_msg("%s still has %s", eth, name);
		n++;
	}
	assert_int_equal(n, 5);
	EXPECT_CELLS(f, "/ethernet@10000000/mdio", "#address-cells", 1);
	EXPECT_CELLS(f, "/ethernet@10000000/mdio/ethernet-phy@1", "reg", 1);
	EXPECT_CELLS(f, "/refclk", "phandle", 65001);
	/* Only /passthrough's children come over, not it or the rest. */
	assert_false(has_node(f, "/passthrough"));
	assert_false(has_node(f, "/gic"));
	/* The guest's own clock stays clear of the passthrough phandle. */
	clocks = fdt_getprop(f, node(f, UART_NODE), "clocks", NULL);
	assert_non_null(clocks);
	assert_int_equal(fdt32_to_cpu(clocks[0]), 65002);
	assert_int_not_equal(fdt_node_offset_by_phandle(f, 65002), node(f, "/refclk"));
}

TEST(test_partial_errors)
{
	struct domain_config c = make_cfg("d", 1, false, NULL);
	struct guest_dt_params p = make_params(&c, 3);
	u8 good[PARTIAL_SIZE], bad[PARTIAL_SIZE];

	make_partial(good, true, "ethernet@10000000", 0);
	p.partial_dt = bad;

	memcpy(bad, good, PARTIAL_SIZE);
	bad[0] ^= 0xff;
	expect_error(&p, -E_INVAL, "partial device tree: bad header");

	/* The first tag of the structure block becomes garbage. */
	memcpy(bad, good, PARTIAL_SIZE);
	memset(bad + fdt_off_dt_struct(bad), 0x5a, 4);
	expect_error(&p, -E_INVAL, "partial device tree is corrupt");

	/* Larger than its boot module. */
	memcpy(bad, good, PARTIAL_SIZE);
	c.dtb.size = fdt_totalsize(bad) - 1;
	expect_error(&p, -E_INVAL, "its module has");
	c.dtb.size = 0;

	make_partial(bad, false, "ethernet@10000000", 0);
	expect_error(&p, -E_INVAL, "no /passthrough node");

	/* A passthrough node named like one of the guest's own. */
	make_partial(bad, true, "timer", 0);
	expect_error(&p, -E_INVAL, "/passthrough/timer");

	/* A passthrough node taking the GIC's phandle. */
	make_partial(bad, true, "ethernet@10000000", 65000);
	CHK(fdt_setprop_inplace_u32(bad, fdt_path_offset(bad, "/gic"), "phandle", 1));
	expect_error(&p, -E_INVAL, "refclk has phandle 65000");
}

TEST(test_bad_params)
{
	struct domain_config c = make_cfg("d", 0, false, NULL);
	struct guest_dt_params p = make_params(&c, 3);

	expect_error(&p, -E_INVAL, "vCPUs");
	c.vcpus = DOMAIN_MAX_VCPUS + 1;
	expect_error(&p, -E_INVAL, "vCPUs");
	c.vcpus = 1;
	p.gic_version = 4;
	expect_error(&p, -E_INVAL, "GICv4");
	p.gic_version = 2;
	p.ram_size = 0;
	expect_error(&p, -E_INVAL, "RAM");
	p.ram_size = RAM_SIZE;
	p.initrd_base = RAM_BASE + RAM_SIZE - 0x1000;
	p.initrd_size = 0x2000;
	expect_error(&p, -E_INVAL, "initrd outside guest RAM");
}

/* Every buffer too small for the tree fails cleanly, without writing past
 * its end (ASan watches the exact-size heap buffer). Writing needs the packed
 * size plus up to 8 bytes: fdt_create aligns the reservation map to 16 bytes,
 * fdt_pack to 8. */
TEST(test_buffer_too_small)
{
	struct domain_config c = make_cfg("d", 4, true, "console=ttyAMA0");
	struct guest_dt_params p = make_params(&c, 2);
	u8 partial[PARTIAL_SIZE];
	char err[200];
	size_t full, size;
	int rc = -E_NOMEM;

	make_partial(partial, true, "ethernet@10000000", 0);
	p.partial_dt = partial;
	p.initrd_base = RAM_BASE + 0x8000000;
	p.initrd_size = 0x1000;
	full = fdt_totalsize(build_ok(&p));
	for (size = 0; rc && size <= full + 8; size++) {
		void *buf = malloc(size ? size : 1);
		rc = guest_dt_build(&p, buf, size, err, sizeof(err));
		if (!rc) {
			assert_int_equal(fdt_totalsize(buf), full);
			assert_int_equal(memcmp(buf, blob, full), 0);
		} else if (rc != -E_NOMEM || !strstr(err, "FDT_ERR_NOSPACE")) {
			free(buf);
			fail_msg("%zu bytes: %d \"%s\", want %d and FDT_ERR_NOSPACE", size, rc, err,
				 -E_NOMEM);
		}
		free(buf);
	}
	if (rc)
		fail_msg("%zu bytes are still not enough for a %zu-byte tree", full + 8, full);
	assert_true(size - 1 >= full);
}

/* dtc decompiles the richest tree, for both GIC versions, without a warning. */
TEST(test_dtc_accepts)
{
	struct domain_config c = make_cfg("d", 2, true, "console=ttyAMA0");
	struct guest_dt_params p = make_params(&c, 2);
	u8 partial[PARTIAL_SIZE];
	char dtb[] = "/tmp/guest_dt_XXXXXX", cmd[256], errpath[64], out[512];

	c.watchdog_ms = 1500;

	if (system("command -v dtc >/dev/null 2>&1") != 0) {
		print_message("[   SKIP   ] dtc is not installed\n");
		skip();
	}
	make_partial(partial, true, "ethernet@10000000", 65001);
	p.partial_dt = partial;
	p.initrd_base = RAM_BASE + 0x8000000;
	p.initrd_size = 0x1000;
	for (int gic = 2; gic <= 3; gic++) {
		const void *f;
		int fd = mkstemp(dtb);
		FILE *e;
		size_t n;

		p.gic_version = gic;
		f = build_ok(&p);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, f, fdt_totalsize(f)), (ssize_t)fdt_totalsize(f));
		close(fd);
		snprintf(errpath, sizeof(errpath), "%s.err", dtb);
		snprintf(cmd, sizeof(cmd), "dtc -I dtb -O dts -o /dev/null %s 2>%s", dtb, errpath);
		assert_int_equal(system(cmd), 0);
		e = fopen(errpath, "r");
		assert_non_null(e);
		n = fread(out, 1, sizeof(out) - 1, e);
		out[n] = '\0';
		fclose(e);
		unlink(errpath);
		unlink(dtb);
		if (n)
			fail_msg("GICv%d: dtc says:\n%s", gic, out);
		strcpy(dtb, "/tmp/guest_dt_XXXXXX");
	}
}

/* bulkhead,framebuffer: a root-level simple-framebuffer node just above
 * RAM, which /memory does not cover. */
static void test_framebuffer_node(void **state)
{
	struct domain_config c = make_cfg("cluster", 1, true, NULL);
	struct guest_dt_params p = make_params(&c, 3);
	const u64 fb = RAM_BASE + RAM_SIZE, size = 800ULL * 480 * 4;
	const u32 reg[] = {HI(fb), LO(fb), HI(size), LO(size)};
	const u32 mem[] = {HI(RAM_BASE), LO(RAM_BASE), HI(RAM_SIZE), LO(RAM_SIZE)};
	const u32 w[] = {800}, h[] = {480}, stride[] = {3200};
	const void *fdt;

	(void)state;
	c.fb_width = 800;
	c.fb_height = 480;
	fdt = build_ok(&p);
	assert_false(has_node(fdt, "/framebuffer@50000000")); /* none without fb_base */
	p.fb_base = fb;
	fdt = build_ok(&p);
	EXPECT_STR(fdt, "/framebuffer@50000000", "compatible", "simple-framebuffer");
	expect_cells(fdt, "/framebuffer@50000000", "reg", reg, 4);
	expect_cells(fdt, "/framebuffer@50000000", "width", w, 1);
	expect_cells(fdt, "/framebuffer@50000000", "height", h, 1);
	expect_cells(fdt, "/framebuffer@50000000", "stride", stride, 1);
	EXPECT_STR(fdt, "/framebuffer@50000000", "format", "x8r8g8b8");
	EXPECT_STR(fdt, "/framebuffer@50000000", "status", "okay");
	expect_cells(fdt, "/memory@40000000", "reg", mem, 4);
	assert_int_equal(fdt_parent_offset(fdt, node(fdt, "/framebuffer@50000000")), 0);
}

static void test_framebuffer_refused(void **state)
{
	struct domain_config c = make_cfg("cluster", 1, true, NULL);
	struct guest_dt_params p = make_params(&c, 3);

	(void)state;
	c.fb_width = 800;
	c.fb_height = 480;
	p.fb_base = RAM_BASE + RAM_SIZE - 4096; /* overlaps RAM */
	expect_error(&p, -E_INVAL, "framebuffer 800x480 at 0x4ffff000: bad size or inside RAM");
	p.fb_base = RAM_BASE + RAM_SIZE;
	c.fb_width = 0;
	expect_error(&p, -E_INVAL, "framebuffer 0x480");
	c.fb_width = 5000;
	expect_error(&p, -E_INVAL, "framebuffer 5000x480");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_memory_cpus),
		cmocka_unit_test(test_framebuffer_node),
		cmocka_unit_test(test_framebuffer_refused),
		cmocka_unit_test(test_psci),
		cmocka_unit_test(test_gicv2_and_timer_cpu_mask),
		cmocka_unit_test(test_gicv3_redistributors_scale),
		cmocka_unit_test(test_pl011),
		cmocka_unit_test(test_watchdog),
		cmocka_unit_test(test_chosen_bootargs_initrd),
		cmocka_unit_test(test_passthrough_copied_without_xen_props),
		cmocka_unit_test(test_partial_errors),
		cmocka_unit_test(test_bad_params),
		cmocka_unit_test(test_buffer_too_small),
		cmocka_unit_test(test_dtc_accepts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
