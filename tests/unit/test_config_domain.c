/* The domain node (common/config/domain.c): the valid tree, fixtures with one bad
 * domain between two good ones, its properties, the framebuffer, the first-frame
 * gate and the boot order. The environment: test_config.h. */
#include "test_config.h"

/* ---- the valid tree --------------------------------------------------------- */

TEST(test_valid)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = load("domains-valid.dtb");
	const char *end = (const char *)f + fdt_totalsize(f);

	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(count, 3);
	check_domU1(&out[0], f);
	check_domU2(&out[1], f);
	check_cluster(&out[2], f);
	assert_int_equal(npools, 1);
	assert_int_equal(npools_valid, 1);
	expect_pool(&pools[0], f, "/chosen/cpupool-rt", "cpupool-rt", 0xc, SCHED_RTDS);
	/* bootargs point into the host DT, which stays. */
	assert_true(out[0].kernel.bootargs > (const char *)f && out[0].kernel.bootargs < end);
	/* The partial DT was read through map, at its module's address and size. */
	assert_int_equal(mapper.calls, 1);
	assert_int_equal(mapper.last_pa, PARTIAL_PA);
	assert_int_equal(mapper.last_size, PARTIAL_SIZE);
	assert_int_equal(config_nlogged(), 0);
	free(f);
}

TEST(test_no_chosen)
{
	struct domain_config out[MAXD];
	unsigned int count = 99;
	void *f = valid_copy();
	assert_int_equal(fdt_del_node(f, node(f, "/chosen")), 0);
	assert_int_equal(parse(f, MAXD, out, &count), 0);
	assert_int_equal(count, 0);
	free(f);
}

TEST(test_disabled_domain_skipped)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	set_str(f, "/chosen/domU2", "status", "disabled");
	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_int_equal(count, 2);
	check_domU1(&out[0], f);
	check_cluster(&out[1], f);
	free(f);
}

/* Both compatibles may be given; other nodes under /chosen are no domains. */
TEST(test_both_compatibles)
{
	static const char both[] = "bulkhead,domain\0xen,domain";
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	assert_int_equal(fdt_setprop(f, node(f, "/chosen/domU2"), "compatible", both, sizeof(both)),
			 0);
	assert_true(fdt_add_subnode(f, node(f, "/chosen"), "framebuffer@0") >= 0);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	check_domU2(&out[1], f);
	free(f);
}

TEST(test_too_many_domains)
{
	struct domain_config out[MAXD];
	unsigned int count;
	u8 untouched[sizeof(out[0])];
	void *f = load("domains-valid.dtb");

	memset(untouched, 0xa5, sizeof(untouched));
	assert_int_equal(parse(f, 2, out, &count), 2);
	assert_int_equal(count, 2);
	check_domU1(&out[0], f);
	check_domU2(&out[1], f);
	assert_memory_equal(&out[2], untouched, sizeof(untouched));
	assert_int_equal(config_nlogged(), 1);
	assert_string_equal(config_logged(),
			    "domain cluster (/chosen/cluster): compatible: more than 2 "
			    "domains (CONFIG_MAX_DOMAINS); it and the 0 after it are not "
			    "started");

	assert_int_equal(parse(f, 1, out, &count), 1);
	assert_int_equal(count, 1);
	check_domU1(&out[0], f);
	assert_string_equal(config_logged(),
			    "domain domU2 (/chosen/domU2): compatible: more than 1 "
			    "domains (CONFIG_MAX_DOMAINS); it and the 1 after it are not "
			    "started");
	free(f);
}

/* ---- fixtures with one bad domain between two good ones ----------------- */

static void expect_bad_fixture(const char *file, const char *err)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = load(file);

	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_int_equal(count, 3);
	check_guard(&out[0], f);
	expect_refused(&out[1], f, "/chosen/bad", err);
	check_tail(&out[2], f);
	free(f);
}

#define BAD_FIXTURE(name, file, err)                                                               \
	TEST(name) { expect_bad_fixture(file, err); }

#define BAD "domain bad (/chosen/bad): "

BAD_FIXTURE(test_bad_no_memory, "domains-bad-no-memory.dtb",
	    BAD "memory: missing (the domain's RAM in KiB: <hi lo>)")
BAD_FIXTURE(test_bad_cpus_zero, "domains-bad-cpus-zero.dtb", BAD "cpus: 0 vCPUs: must be 1 to 4")
BAD_FIXTURE(test_bad_cpus_many, "domains-bad-cpus-many.dtb", BAD "cpus: 5 vCPUs: must be 1 to 4")
BAD_FIXTURE(test_bad_no_kernel, "domains-bad-no-kernel.dtb",
	    BAD "kernel module: missing (a sub-node with compatible = \"multiboot,kernel\", "
		"\"multiboot,module\")")
BAD_FIXTURE(test_bad_module_outside_ram, "domains-bad-module-outside-ram.dtb",
	    BAD "module@30000000 reg: 0x30000000+0x200000 is not inside one host RAM range")
BAD_FIXTURE(test_bad_overlap_across_domains, "domains-bad-overlap.dtb",
	    BAD "module@48100000 reg: overlaps module@48000000 of domain guard")
BAD_FIXTURE(test_bad_on_crash, "domains-bad-on-crash.dtb",
	    BAD "bulkhead,on-crash: must be \"halt\" or \"restart\", not \"explode\"")
BAD_FIXTURE(test_bad_wfi, "domains-bad-wfi.dtb",
	    BAD "bulkhead,wfi: must be \"trap\" or \"native\", not \"sleep\"")
BAD_FIXTURE(test_bad_affinity, "domains-bad-affinity.dtb",
	    BAD "bulkhead,vcpu-affinity: pCPU 4 does not exist (want 0 to 3)")
BAD_FIXTURE(test_bad_duplicate_name, "domains-bad-dup-name.dtb",
	    BAD "bulkhead,name: \"guard\" is already the name of /chosen/guard")
BAD_FIXTURE(test_bad_rtds, "domains-bad-rtds.dtb",
	    BAD "bulkhead,rtds: budget 2000 us: must be 10 to the period (1000 us)")
BAD_FIXTURE(test_bad_watchdog, "domains-bad-watchdog.dtb",
	    BAD "bulkhead,watchdog: 0 ms: must be 1 to 600000")

/* A pool with Xen's credit2 is refused, and so is the domain in it. */
TEST(test_bad_pool_sched)
{
	void *f = load("domains-bad-pool-sched.dtb");
	expect_bad_fixture("domains-bad-pool-sched.dtb",
			   BAD "domain-cpupool: the cpupool /chosen/xenpool is refused");
	assert_int_equal(npools, 1);
	assert_int_equal(npools_valid, 0);
	expect_pool_refused(
		&pools[0], f, "/chosen/xenpool",
		"cpupool xenpool (/chosen/xenpool): cpupool-sched: \"credit2\" is a Xen "
		"scheduler Bulkhead does not have; it has \"null\" and \"rtds\"");
	free(f);
}

/* ---- the valid tree with one domain broken -------------------------------- */

/* memory */
EDIT(test_memory_zero, 2, CLUSTER "memory: 0 KiB", set_cells(f, C, "memory", 2, 0, 0))
EDIT(test_memory_three_cells, 2, CLUSTER "memory: want <hi lo> (KiB), found 12 bytes",
     set_cells(f, C, "memory", 3, 0, 0, 0x40000))
EDIT(test_memory_more_than_host, 2,
     CLUSTER "memory: 2097153 KiB: more than the host's 2048 MiB of RAM",
     set_cells(f, C, "memory", 2, 0, 0x200001))
EDIT(test_memory_more_than_guest_window, 2,
     CLUSTER "memory: 4294967296 KiB: more than the 64 GiB of a guest's RAM window",
     set_cells(f, C, "memory", 2, 1, 0))

TEST(test_memory_rounding)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	set_cells(f, C, "memory", 1, 1); /* 1 KiB, one cell */
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[2].mem_bytes, 2 * MiB);
	set_cells(f, C, "memory", 2, 0, 2048); /* exactly 2 MiB stays */
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[2].mem_bytes, 2 * MiB);
	set_cells(f, C, "memory", 2, 0, 2049);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[2].mem_bytes, 4 * MiB);
	free(f);
}

/* cpus */
EDIT(test_cpus_missing, 1, DOMU2 "cpus: missing (the number of vCPUs)",
     del_prop(f, "/chosen/domU2", "cpus"))
EDIT(test_cpus_two_cells, 1, DOMU2 "cpus: want one cell, found 8 bytes",
     set_cells(f, "/chosen/domU2", "cpus", 2, 0, 1))

TEST(test_cpus_limit_from_limits)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	lim.max_vcpus = 1;
	assert_int_equal(parse(f, MAXD, out, &count), 1);
	assert_string_equal(out[0].err, DOMU1 "cpus: 2 vCPUs: must be 1 to 1");
	check_domU2(&out[1], f);
	assert_string_equal(out[2].err, CLUSTER "cpus: 2 vCPUs: must be 1 to 1");
	lim.max_vcpus = 64; /* capped by DOMAIN_MAX_VCPUS */
	set_cells(f, C, "cpus", 1, DOMAIN_MAX_VCPUS + 1);
	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_string_equal(out[2].err, CLUSTER "cpus: 9 vCPUs: must be 1 to 8");
	free(f);
}

/* flags and choices */
EDIT(test_flag_with_value, 0, DOMU1 "vpl011: must be empty (a flag), found 4 bytes",
     set_cells(f, "/chosen/domU1", "vpl011", 1, 1))
EDIT(test_control_with_value, 2, CLUSTER "bulkhead,control: must be empty (a flag), found 4 bytes",
     set_str(f, C, "bulkhead,control", "yes"))
EDIT(test_passthrough_value, 0,
     DOMU1 "passthrough: must be \"enabled\" or \"disabled\", not \"on\"",
     set_str(f, "/chosen/domU1", "passthrough", "on"))
EDIT(test_choice_not_string, 2, CLUSTER "bulkhead,wfi: not a single string",
     set_cells(f, C, "bulkhead,wfi", 1, 0x74726170 /* "trap" without NUL */))
EDIT(test_choice_two_strings, 2, CLUSTER "bulkhead,on-crash: not a single string",
     assert_int_equal(fdt_setprop(f, node(f, C), "bulkhead,on-crash", "halt\0restart", 13), 0))
EDIT(test_unknown_bulkhead_property, 2, CLUSTER "bulkhead,oncrash: unknown Bulkhead property",
     set_str(f, C, "bulkhead,oncrash", "halt"))

/* Xen properties Bulkhead does not use are no reason to refuse a domain. */
TEST(test_other_xen_properties_ignored)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	set_cells(f, "/chosen/domU1", "nr_spis", 1, 64);
	set_str(f, "/chosen/domU1", "xen,enhanced", "enabled");
	set_cells(f, "/chosen/domU1", "max_grant_frames", 1, 32);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	check_domU1(&out[0], f);
	free(f);
}

/* affinity */
EDIT(test_affinity_empty, 2,
     CLUSTER "bulkhead,vcpu-affinity: want a non-empty list of pCPU indices, one cell each",
     set_empty(f, C, "bulkhead,vcpu-affinity"))
EDIT(test_affinity_odd_length, 2,
     CLUSTER "bulkhead,vcpu-affinity: want a non-empty list of pCPU indices, one cell each",
     assert_int_equal(fdt_setprop(f, node(f, C), "bulkhead,vcpu-affinity", "\0\0\0\1\0", 5), 0))

TEST(test_affinity_mask_is_64_bits)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	lim.ncpus = 128; /* more than mpidr[]: no pool may be read */
	del_prop(f, C, "domain-cpupool");
	assert_int_equal(fdt_del_node(f, node(f, "/chosen/cpupool-rt")), 0);
	set_cells(f, C, "bulkhead,vcpu-affinity", 2, 0, 63);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[2].affinity, 0x8000000000000001ULL);
	set_cells(f, C, "bulkhead,vcpu-affinity", 1, 64);
	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_string_equal(out[2].err, CLUSTER
			    "bulkhead,vcpu-affinity: pCPU 64 does not exist (want 0 to 63)");
	free(f);
}

/* RTDS, watchdog, restart-limit (cluster has them all) */
#define RTDS "bulkhead,rtds: "
EDIT(test_rtds_budget_over_period, 2,
     CLUSTER RTDS "budget 2000 us: must be 10 to the period (1000 us)",
     set_cells(f, C, "bulkhead,rtds", 2, 1000, 2000))
EDIT(test_rtds_budget_too_small, 2, CLUSTER RTDS "budget 9 us: must be 10 to the period (1000 us)",
     set_cells(f, C, "bulkhead,rtds", 2, 1000, 9))
EDIT(test_rtds_period_zero, 2, CLUSTER RTDS "period 0 us: must be 10 to 10000000",
     set_cells(f, C, "bulkhead,rtds", 2, 0, 0))
EDIT(test_rtds_period_too_long, 2, CLUSTER RTDS "period 10000001 us: must be 10 to 10000000",
     set_cells(f, C, "bulkhead,rtds", 2, 10000001, 5000))
EDIT(test_rtds_one_cell, 2, CLUSTER RTDS "want <period_us budget_us>, found 4 bytes",
     set_cells(f, C, "bulkhead,rtds", 1, 10000))
EDIT(test_rtds_extratime_value, 2,
     CLUSTER "bulkhead,rtds-extratime: must be empty (a flag), found 4 bytes",
     set_cells(f, C, "bulkhead,rtds-extratime", 1, 1))
EDIT(test_watchdog_zero, 2, CLUSTER "bulkhead,watchdog: 0 ms: must be 1 to 600000",
     set_cells(f, C, "bulkhead,watchdog", 1, 0))
EDIT(test_watchdog_too_long, 2, CLUSTER "bulkhead,watchdog: 600001 ms: must be 1 to 600000",
     set_cells(f, C, "bulkhead,watchdog", 1, 600001))
EDIT(test_watchdog_two_cells, 2,
     CLUSTER "bulkhead,watchdog: want one cell (timeout in ms), found 8 bytes",
     set_cells(f, C, "bulkhead,watchdog", 2, 0, 5000))
EDIT(test_restart_limit_too_many, 2, CLUSTER "bulkhead,restart-limit: 101: must be 0 to 100",
     set_cells(f, C, "bulkhead,restart-limit", 1, 101))
EDIT(test_restart_limit_string, 2,
     CLUSTER "bulkhead,restart-limit: want one cell (a count), found 6 bytes",
     set_str(f, C, "bulkhead,restart-limit", "three"))

/* The extremes are accepted; RTDS parameters in pool 0 too. */
TEST(test_rtds_watchdog_restart_bounds)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	set_cells(f, C, "bulkhead,rtds", 2, 10, 10);
	set_cells(f, C, "bulkhead,watchdog", 1, 1);
	set_cells(f, C, "bulkhead,restart-limit", 1, 0);
	set_cells(f, "/chosen/domU2", "bulkhead,rtds", 2, 10000000, 10000000);
	set_cells(f, "/chosen/domU2", "bulkhead,watchdog", 1, 600000);
	set_cells(f, "/chosen/domU2", "bulkhead,restart-limit", 1, 100);
	set_empty(f, "/chosen/domU2", "bulkhead,rtds-extratime");
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	expect_sched(&out[2], 0, 10, 10, true, 1, 0);
	expect_sched(&out[1], -1, 10000000, 10000000, true, 600000, 100);
	free(f);
}

/* names */
/* Until bulkhead,name is accepted, messages use the node name. */
#define CLUSTER_NODE "domain cluster (/chosen/cluster): "
EDIT(test_name_bad_characters, 2,
     CLUSTER_NODE "bulkhead,name: \"rt cluster\": want 1 to 31 letters, "
		  "digits or , . _ + -",
     set_str(f, C, "bulkhead,name", "rt cluster"))
EDIT(test_name_empty, 2,
     CLUSTER_NODE "bulkhead,name: \"\": want 1 to 31 letters, digits or , . _ + -",
     set_str(f, C, "bulkhead,name", ""))
EDIT(test_name_too_long, 2,
     CLUSTER_NODE
     "bulkhead,name: \"abcdefghijklmnopqrstuvwxyz012345\": want 1 to 31 letters, digits "
     "or , . _ + -",
     set_str(f, C, "bulkhead,name", "abcdefghijklmnopqrstuvwxyz012345"))
/* Names given and names by default share one space; the later is refused. */
EDIT(test_name_clashes_with_default, 2,
     CLUSTER_NODE "bulkhead,name: \"domU2\" is already the name of /chosen/domU2",
     set_str(f, C, "bulkhead,name", "domU2"))

TEST(test_name_defaults_clash)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	del_prop(f, C, "bulkhead,name");
	assert_int_equal(fdt_set_name(f, node(f, C), "domU2@1"), 0);
	assert_int_equal(parse(f, MAXD, out, &count), 2);
	check_domU2(&out[1], f);
	expect_refused(&out[2], f, "/chosen/domU2@1",
		       "domain domU2 (/chosen/domU2@1): bulkhead,name: \"domU2\" is already the "
		       "name of /chosen/domU2");
	free(f);
}

TEST(test_name_default_drops_unit_address)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	assert_int_equal(fdt_set_name(f, node(f, "/chosen/domU2"), "vm-2@0"), 0);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_string_equal(out[1].name, "vm-2");
	free(f);
}

/* bulkhead,framebuffer = <width height>: XRGB8888 in 2 MiB blocks on top of
 * the domain's memory. */
TEST(test_framebuffer)
{
	void *f = valid_copy();
	struct domain_config out[MAXD];
	unsigned int count;

	set_cells(f, "/chosen/domU1", "bulkhead,framebuffer", 2, 640, 480);
	set_cells(f, "/chosen/domU2", "bulkhead,boot-priority", 1, 1000);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	check_domU1(&out[0], f);
	assert_int_equal(out[0].fb_width, 640);
	assert_int_equal(out[0].fb_height, 480);
	assert_int_equal(out[0].fb_bytes, 2 * MiB); /* 1200 KiB rounded up */
	assert_int_equal(out[0].boot_priority, 0);
	assert_int_equal(out[1].fb_width, 0);
	assert_int_equal(out[1].fb_bytes, 0);
	assert_int_equal(out[1].boot_priority, 1000);
	set_cells(f, "/chosen/domU1", "bulkhead,framebuffer", 2, 1920, 1080);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[0].fb_bytes, 8 * MiB);
	free(f);
}

#define FB		    "bulkhead,framebuffer: "
#define GATE		    "bulkhead,first-frame-gate: "
#define WITH_FB(path)	    set_cells(f, path, "bulkhead,framebuffer", 2, 640, 480)
#define WITH_GATE(path, ms) set_cells(f, path, "bulkhead,first-frame-gate", 1, ms)

TEST(test_bad_framebuffer)
{
	static const struct {
		u32 w, h;
		const char *err;
	} sizes[] = {
		{15, 480, "15x480: width and height must be 16 to 4096 pixels"},
		{640, 4097, "640x4097: width and height must be 16 to 4096 pixels"},
		{0, 0, "0x0: width and height must be 16 to 4096 pixels"},
	};
	char err[CFG_ERR_MAX];

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		void *f = valid_copy();
		set_cells(f, "/chosen/domU2", "bulkhead,framebuffer", 2, sizes[i].w, sizes[i].h);
		snprintf(err, sizeof(err), DOMU2 FB "%s", sizes[i].err);
		expect_only_refused(f, 1, err);
		free(f);
	}
}
EDIT(test_framebuffer_one_cell, 1, DOMU2 FB "want <width height> in pixels, found 4 bytes",
     set_cells(f, "/chosen/domU2", "bulkhead,framebuffer", 1, 640))
/* 2040 MiB of memory fit the host's 2 GiB; 64 MiB more do not. */
EDIT(test_framebuffer_beyond_host_ram, 1,
     DOMU2 FB "4096x4096: its 64 MiB and the domain's 2040 MiB of memory exceed the host's "
	      "2048 MiB of RAM",
     set_cells(f, "/chosen/domU2", "memory", 2, 0, 2040 * 1024),
     set_cells(f, "/chosen/domU2", "bulkhead,framebuffer", 2, 4096, 4096))
/* One domain owns the board display: the later one is refused, naming both. */
EDIT(test_second_framebuffer_refused, 1,
     DOMU2 FB "the board display already belongs to domain domU1 (/chosen/domU1); one domain "
	      "may have a framebuffer",
     set_cells(f, "/chosen/domU1", "bulkhead,framebuffer", 2, 64, 64),
     set_cells(f, "/chosen/domU2", "bulkhead,framebuffer", 2, 64, 64))

EDIT(test_boot_priority_too_high, 2,
     CLUSTER "bulkhead,boot-priority: 1001: must be 0 to 1000 (higher is started first)",
     set_cells(f, C, "bulkhead,boot-priority", 1, 1001))
EDIT(test_boot_priority_two_cells, 2,
     CLUSTER "bulkhead,boot-priority: want one cell (a priority, higher first), found 8 bytes",
     set_cells(f, C, "bulkhead,boot-priority", 2, 0, 1))

/* bulkhead,first-frame-gate = <timeout_ms> on the domain with the board
 * display (common/boot_gate.c). */
TEST(test_first_frame_gate)
{
	void *f = valid_copy();
	struct domain_config out[MAXD];
	unsigned int count;

	WITH_FB(C);
	WITH_GATE(C, 3000);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[0].first_frame_gate_ms, 0);
	assert_int_equal(out[2].first_frame_gate_ms, 3000);
	free(f);
}

EDIT(test_gate_zero, 2, CLUSTER GATE "0 ms: must be 1 to 60000", WITH_FB(C), WITH_GATE(C, 0))
EDIT(test_gate_too_long, 2, CLUSTER GATE "60001 ms: must be 1 to 60000", WITH_FB(C),
     WITH_GATE(C, 60001))
EDIT(test_gate_without_framebuffer, 1,
     DOMU2 GATE "the domain has no bulkhead,framebuffer to draw its first frame in",
     WITH_GATE("/chosen/domU2", 3000))
/* In pool 0, the boot CPU's, which builds the others at the gate's opening. */
EDIT(test_gate_in_pool0, 2,
     CLUSTER GATE "the domain must be in a cpupool (pool 0 has the boot CPU, which builds the "
		  "other domains at its first frame)",
     WITH_FB(C), WITH_GATE(C, 3000), del_prop(f, C, "domain-cpupool"),
     del_prop(f, C, "bulkhead,vcpu-affinity"))
/* domU1 has passthrough devices (its partial DT), domU2 is direct-map. */
#define GATE_DMA                                                                                   \
	GATE "not with passthrough devices or direct-map: their DMA needs the framebuffer mapped " \
	     "from the start"
EDIT(test_gate_with_passthrough, 0, DOMU1 GATE_DMA, WITH_FB("/chosen/domU1"),
     WITH_GATE("/chosen/domU1", 3000))
EDIT(test_gate_direct_map, 1, DOMU2 GATE_DMA, WITH_FB("/chosen/domU2"),
     WITH_GATE("/chosen/domU2", 3000))

/* Descending priority; equal ones keep the DT's order. */
TEST(test_boot_order)
{
	static const u32 prio[] = {0, 10, 5, 5, 0, 1000, 10};
	static const unsigned int want[] = {5, 1, 6, 2, 3, 0, 4};
	struct domain_config c[ARRAY_SIZE(prio)];
	unsigned int order[ARRAY_SIZE(prio)];
	void *f = valid_copy();
	struct domain_config out[MAXD];
	unsigned int count;

	memset(c, 0, sizeof(c));
	for (unsigned int i = 0; i < ARRAY_SIZE(prio); i++)
		c[i].boot_priority = prio[i];
	config_boot_order(c, ARRAY_SIZE(prio), order);
	for (unsigned int i = 0; i < ARRAY_SIZE(prio); i++)
		assert_int_equal(order[i], want[i]);
	config_boot_order(c, 0, order);
	/* From the DT: cluster first, then domU1 and domU2 as they come. */
	set_cells(f, "/chosen/cluster", "bulkhead,boot-priority", 1, 10);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	config_boot_order(out, count, order);
	assert_int_equal(order[0], 2);
	assert_int_equal(order[1], 0);
	assert_int_equal(order[2], 1);
	free(f);
}

int main(int argc, char **argv)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_valid),
		T(test_framebuffer),
		T(test_bad_framebuffer),
		T(test_framebuffer_one_cell),
		T(test_framebuffer_beyond_host_ram),
		T(test_second_framebuffer_refused),
		T(test_first_frame_gate),
		T(test_gate_zero),
		T(test_gate_too_long),
		T(test_gate_without_framebuffer),
		T(test_gate_in_pool0),
		T(test_gate_with_passthrough),
		T(test_gate_direct_map),
		T(test_boot_priority_too_high),
		T(test_boot_priority_two_cells),
		T(test_boot_order),
		T(test_no_chosen),
		T(test_disabled_domain_skipped),
		T(test_both_compatibles),
		T(test_too_many_domains),
		T(test_bad_no_memory),
		T(test_bad_cpus_zero),
		T(test_bad_cpus_many),
		T(test_bad_no_kernel),
		T(test_bad_module_outside_ram),
		T(test_bad_overlap_across_domains),
		T(test_bad_on_crash),
		T(test_bad_wfi),
		T(test_bad_affinity),
		T(test_bad_duplicate_name),
		T(test_bad_rtds),
		T(test_bad_watchdog),
		T(test_bad_pool_sched),
		T(test_memory_zero),
		T(test_memory_three_cells),
		T(test_memory_more_than_host),
		T(test_memory_more_than_guest_window),
		T(test_memory_rounding),
		T(test_cpus_missing),
		T(test_cpus_two_cells),
		T(test_cpus_limit_from_limits),
		T(test_flag_with_value),
		T(test_control_with_value),
		T(test_passthrough_value),
		T(test_choice_not_string),
		T(test_choice_two_strings),
		T(test_unknown_bulkhead_property),
		T(test_other_xen_properties_ignored),
		T(test_affinity_empty),
		T(test_affinity_odd_length),
		T(test_affinity_mask_is_64_bits),
		T(test_rtds_budget_over_period),
		T(test_rtds_budget_too_small),
		T(test_rtds_period_zero),
		T(test_rtds_period_too_long),
		T(test_rtds_one_cell),
		T(test_rtds_extratime_value),
		T(test_watchdog_zero),
		T(test_watchdog_too_long),
		T(test_watchdog_two_cells),
		T(test_restart_limit_too_many),
		T(test_restart_limit_string),
		T(test_rtds_watchdog_restart_bounds),
		T(test_name_bad_characters),
		T(test_name_empty),
		T(test_name_too_long),
		T(test_name_clashes_with_default),
		T(test_name_defaults_clash),
		T(test_name_default_drops_unit_address),
	};
#undef T
	return config_tests_run("config_domain", tests, ARRAY_SIZE(tests), argc, argv);
}
