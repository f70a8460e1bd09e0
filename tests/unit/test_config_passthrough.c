/* The partial device tree (common/config/passthrough.c): xen,reg, SPIs
 * and DMA (xen,path, iommus, iommu-map). The environment: test_config.h. */
#include "test_config.h"

/* ---- the partial device tree ---------------------------------------------- */

#define PDT "module@49800000 (partial DT): "

/* A module outside RAM is refused before anything reads it. */
TEST(test_partial_outside_ram_not_read)
{
	void *f = valid_copy();
	set_cells(f, "/chosen/domU1/module@49800000", "reg", 3, 0, 0x30000000, 0x1000);
	expect_only_refused(f, 0,
			    DOMU1
			    "module@49800000 reg: 0x30000000+0x1000 is not inside one host RAM "
			    "range");
	assert_int_equal(mapper.calls, 0);
	free(f);
}

EDIT(test_partial_unmapped, 0, DOMU1 PDT "0x49800000 cannot be read", mapper.n = 0)
EDIT(test_partial_no_map_callback, 0, DOMU1 PDT "0x49800000 cannot be read", lim.map = NULL)
EDIT(test_partial_bad_magic, 0,
     DOMU1 PDT "no valid device tree blob at 0x49800000: FDT_ERR_BADMAGIC",
     memset(partial, 0, sizeof(partial)))
/* The header's totalsize (0x1000) does not fit the module. */
EDIT(test_partial_truncated, 0,
     DOMU1 PDT "no valid device tree blob at 0x49800000: FDT_ERR_TRUNCATED",
     set_cells(f, "/chosen/domU1/module@49800000", "reg", 3, 0, 0x49800000, 0x800))
EDIT(test_partial_root_cells, 0,
     DOMU1 PDT "root #address-cells/#size-cells: want 1 or 2 each, found 3 and 2",
     set_cells(partial, "/", "#address-cells", 1, 3))

#define SER_REG DOMU1 "partial DT " SERIAL " xen,reg: "
#define SER_IRQ DOMU1 "partial DT " SERIAL " interrupts: "

EDIT(test_pt_unaligned, 0, SER_REG "<0x9040800 0x1000 0x9040000>: want 4 KiB aligned, non-empty",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040800, 0, 0x1000, 0, 0x9040000))
EDIT(test_pt_empty_region, 0, SER_REG "<0x9040000 0x0 0x9040000>: want 4 KiB aligned, non-empty",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0, 0, 0x9040000))
EDIT(test_pt_wraps, 0, SER_REG "<0x9040000 0x2000 0xfffffffffffff000>: wraps around",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0x2000, 0xffffffff, 0xfffff000))
EDIT(test_pt_bad_length, 0, SER_REG "want <paddr size gaddr> entries of 2+2+2 cells",
     set_cells(partial, SERIAL, "xen,reg", 5, 0, 0x9040000, 0, 0x1000, 0))
EDIT(test_pt_host_ram, 0, SER_REG "0x40000000+0x1000 is host RAM, not a device",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x40000000, 0, 0x1000, 0, 0x9040000))
EDIT(test_pt_guest_ram, 0, SER_REG "guest address 0x40000000+0x1000 overlaps the guest's RAM",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0x1000, 0, 0x40000000))
EDIT(test_pt_guest_vpl011, 0, SER_REG "guest address 0x9000000+0x1000 overlaps the guest's vPL011",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0x1000, 0, 0x9000000))
EDIT(test_pt_guest_gic, 0,
     SER_REG "guest address 0x80a0000+0x1000 overlaps the guest's GIC redistributors",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0x1000, 0, 0x80a0000))
EDIT(test_pt_guest_overlap, 0,
     DOMU1 "partial DT " ETH " xen,reg: guest address 0xa000000 overlaps another region",
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0x1000, 0, 0xa001000))
EDIT(test_pt_ppi, 0, SER_IRQ "<1 9 ...>: only SPIs (type 0) can be passed through",
     set_cells(partial, SERIAL, "interrupts", 3, 1, 9, 4))
EDIT(test_pt_spi_range, 0, SER_IRQ "SPI 988 does not exist (at most 987)",
     set_cells(partial, SERIAL, "interrupts", 3, 0, 988, 4))
EDIT(test_pt_spi_vpl011, 0, SER_IRQ "SPI 1 is the vPL011's in the guest",
     set_cells(partial, SERIAL, "interrupts", 3, 0, 1, 4))
EDIT(test_pt_spi_twice, 0, DOMU1 "partial DT " ETH " interrupts: SPI 9 is listed twice",
     set_cells(partial, ETH, "interrupts", 3, 0, 9, 4))
EDIT(test_pt_irq_cells, 0, SER_IRQ "want 3-cell GIC specifiers <type number flags>",
     set_cells(partial, SERIAL, "interrupts", 2, 0, 9))

/* What creation would refuse, refused here naming node and property: the
 * limits boot.c passes (config_limits.spi_end, hyp_spi, hyp_mmio,
 * spi_budget, ipa_limit). */
static const struct mem_range hyp_uart = {0x9040000, 0x1000};
EDIT(test_pt_spi_beyond_vgic, 0, SER_IRQ "SPI 224 is beyond the 224 SPIs a guest's GIC has",
     lim.spi_end = 256, set_cells(partial, SERIAL, "interrupts", 3, 0, 224, 4))
EDIT(test_pt_spi_host_uart, 0, SER_IRQ "SPI 9 is the host console UART's (the hypervisor's)",
     lim.hyp_spi = 32 + 9)
EDIT(test_pt_spi_watchdog, 0, SER_IRQ "SPI 7 is the SP805 watchdog's in the guest",
     set_cells(f, "/chosen/domU1", "bulkhead,watchdog", 1, 5000),
     set_cells(partial, SERIAL, "interrupts", 3, 0, 7, 4))
EDIT(test_pt_region_hyp_device, 0,
     SER_REG "0x9040000+0x1000 overlaps the hypervisor's device at 0x9040000+0x1000",
     lim.hyp_mmio = &hyp_uart, lim.nhyp_mmio = 1)
EDIT(test_pt_spi_budget, 0,
     DOMU1 "partial DT " ETH " interrupts: more than 2 passthrough interrupts in all domains "
	   "together (the hypervisor's SPI handlers)",
     lim.spi_budget = 2)
EDIT(test_pt_gaddr_beyond_ipa, 0,
     SER_REG "guest address 0x1000000000+0x1000 is beyond the stage-2 input size "
	     "(0x1000000000)",
     lim.ipa_limit = 1ULL << 36, /* above the fixture's host RAM: direct-map is fine */
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0x1000, 0x10, 0))
EDIT(test_pt_gaddr_across_ipa, 0,
     SER_REG "guest address 0xffffff000+0x2000 is beyond the stage-2 input size "
	     "(0x1000000000)",
     lim.ipa_limit = 1ULL << 36,
     set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9040000, 0, 0x2000, 0xf, 0xfffff000))

/* The limits at their edges: the last SPI and page below them are fine. */
TEST(test_pt_limits_edges)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	lim.spi_end = 256;
	lim.spi_budget = 3;
	lim.ipa_limit = 1ULL << 36;
	lim.hyp_spi = 32 + 10;
	lim.hyp_mmio = &hyp_uart;
	lim.nhyp_mmio = 1;
	set_cells(partial, SERIAL, "interrupts", 3, 0, 223, 4);
	set_cells(partial, SERIAL, "xen,reg", 6, 0, 0x9041000, 0, 0x1000, 0xf, 0xfffff000);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[0].n_pt_irqs, 3);
	assert_int_equal(out[0].pt_irqs[0], 32 + 223);
	assert_int_equal(out[0].pt_regs[0].gaddr, 0xffffff000);
	free(f);
}

/* The cluster gets a partial DT of its own (partial2): domU1's devices
 * without their xen,reg, so only their interrupts, for the tests to edit. */
static void cluster_gets_partial2(void *f)
{
	memcpy(partial2, partial, sizeof(partial2));
	del_prop(partial2, SERIAL, "xen,reg");
	del_prop(partial2, ETH, "xen,reg");
	mapper.at[1].pa = PARTIAL2_PA;
	mapper.at[1].buf = partial2;
	mapper.at[1].size = sizeof(partial2);
	mapper.n = 2;
	add_module(f, C, "module@49900000", "multiboot,device-tree", PARTIAL2_PA, PARTIAL_SIZE);
}

/* The passthrough SPIs of the domains before count against the budget. */
TEST(test_pt_spi_budget_across_domains)
{
	void *f = valid_copy();
	lim.spi_budget = 4; /* domU1 has 3: the cluster's first fits, its second not */
	cluster_gets_partial2(f);
	set_cells(partial2, SERIAL, "interrupts", 3, 0, 20, 4);
	set_cells(partial2, ETH, "interrupts", 6, 0, 21, 4, 0, 22, 4);
	expect_only_refused(f, 2,
			    CLUSTER "partial DT " ETH " interrupts: more than 4 passthrough "
				    "interrupts in all domains together (the hypervisor's SPI "
				    "handlers)");
	free(f);
}

/* Guest RAM beyond the stage-2 input size: at GUEST_RAM_BASE, or (direct-
 * map) anywhere in host RAM; ending exactly at the limit is fine. */
TEST(test_ram_beyond_ipa)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	lim.ipa_limit = 0x48000000; /* domU1's 128 MiB end there */
	assert_int_equal(parse(f, MAXD, out, &count), 1);
	check_domU1(&out[0], f);
	expect_refused(&out[1], f, "/chosen/domU2",
		       DOMU2 "direct-map: host RAM 0x40000000+0x40000000 goes beyond the stage-2 "
			     "input size (0x48000000): its addresses cannot be guest addresses");
	expect_refused(&out[2], f, "/chosen/cluster",
		       CLUSTER "memory: 256 MiB at 0x40000000 (and its framebuffer) go beyond the "
			       "stage-2 input size (0x48000000)");
	free(f);
}

/* Xen reads xen,reg with the partial DT root's cells: 1 and 1 here. */
TEST(test_pt_root_cells_1)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	set_cells(partial, "/", "#address-cells", 1, 1);
	set_cells(partial, "/", "#size-cells", 1, 1);
	set_cells(partial, SERIAL, "xen,reg", 3, 0x9040000, 0x1000, 0x9050000);
	del_prop(partial, ETH, "xen,reg");
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_int_equal(out[0].n_pt_regs, 1);
	assert_int_equal(out[0].pt_regs[0].paddr, 0x9040000);
	assert_int_equal(out[0].pt_regs[0].size, 0x1000);
	assert_int_equal(out[0].pt_regs[0].gaddr, 0x9050000);
	assert_int_equal(out[0].n_pt_irqs, 3);
	free(f);
}

/* Xen accepts a partial DT without /passthrough (only /aliases, say). */
TEST(test_pt_no_passthrough_node)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	assert_int_equal(fdt_del_node(partial, node(partial, "/passthrough")), 0);
	assert_int_equal(parse(f, MAXD, out, &count), 3);
	assert_true(out[0].valid);
	assert_int_equal(out[0].n_pt_regs, 0);
	assert_int_equal(out[0].n_pt_irqs, 0);
	free(f);
}

TEST(test_pt_too_many_regions)
{
	void *f = valid_copy();
	fdt32_t cells[(DOMAIN_MAX_PT_REGS + 1) * 6];
	for (int i = 0; i <= DOMAIN_MAX_PT_REGS; i++) {
		u32 a = 0x20000000 + (u32)i * 0x1000;
		u32 e[6] = {0, a, 0, 0x1000, 0, a};
		for (int j = 0; j < 6; j++)
			cells[i * 6 + j] = cpu_to_fdt32(e[j]);
	}
	assert_int_equal(fdt_setprop(partial, node(partial, ETH), "xen,reg", cells, sizeof(cells)),
			 0);
	expect_only_refused(f, 0,
			    DOMU1 "partial DT " ETH " xen,reg: more than 8 passthrough regions");
	free(f);
}

/* ---- DMA: xen,path, iommus, iommu-map ------------------------------------ */

#define HOST_ETH "/ethernet@a000000"

static u32 smmu_phandle(const void *f) { return fdt_get_phandle(f, node(f, "/iommu@9050000")); }

EDIT(test_dma_path_not_in_host, 0,
     DOMU1 "partial DT " ETH " xen,path: \"/nope\" is no node of the host DT",
     set_str(partial, ETH, "xen,path", "/nope"))
/* A DMA master (dma-coherent) with no iommus: refused, the domain is not
 * direct-mapped and nothing says the risk is accepted. */
EDIT(test_dma_without_iommu, 0,
     DOMU1 "partial DT " ETH " xen,path: " HOST_ETH " is behind no IOMMU, its DMA could "
	   "reach any memory (see xen,force-assign-without-iommu)",
     del_prop(f, HOST_ETH, "iommus"))
EDIT(test_dma_force_needs_direct_map, 0,
     DOMU1 "partial DT " ETH " xen,path: xen,force-assign-without-iommu needs direct-map",
     del_prop(f, HOST_ETH, "iommus"), set_empty(partial, ETH, "xen,force-assign-without-iommu"))
EDIT(test_dma_bad_phandle, 0,
     DOMU1 "partial DT " ETH " xen,path: " HOST_ETH ": a phandle names no node",
     set_cells(f, HOST_ETH, "iommus", 2, 0x7777, 0x10))
EDIT(test_dma_iommus_cut_short, 0,
     DOMU1 "partial DT " ETH " xen,path: " HOST_ETH ": iommus is cut short",
     set_cells(f, HOST_ETH, "iommus", 3, smmu_phandle(f), 0x10, smmu_phandle(f)))
EDIT(test_dma_mask_not_low_bits, 0,
     DOMU1 "partial DT " ETH " xen,path: " HOST_ETH
	   ": a stream mask other than low bits over an aligned ID",
     set_cells(f, "/iommu@9050000", "#iommu-cells", 1, 2),
     set_cells(f, HOST_ETH, "iommus", 3, smmu_phandle(f), 0x21, 0x3))

/* Parses f (then frees it) expecting every domain valid; domU1's result. */
static struct domain_config parse_domU1(void *f)
{
	struct domain_config out[MAXD];
	unsigned int count;

	assert_int_equal(parse(f, MAXD, out, &count), 3);
	free(f);
	return out[0];
}

/* Accepted on a direct-mapped domain (the UART's xen,path needs nothing:
 * it is no DMA master). */
TEST(test_dma_force_on_direct_map)
{
	void *f = valid_copy();
	struct domain_config c;

	del_prop(f, HOST_ETH, "iommus");
	set_empty(partial, ETH, "xen,force-assign-without-iommu");
	set_empty(f, "/chosen/domU1", "direct-map");
	c = parse_domU1(f);
	assert_true(c.dma_unprotected);
	assert_int_equal(c.n_streams, 0);
}

/* <sid mask> with #iommu-cells = 2: a range of mask + 1 streams. */
TEST(test_dma_iommus_with_mask)
{
	void *f = valid_copy();
	int smmu = node(f, "/iommu@9050000");
	struct domain_config c;

	set_cells(f, "/iommu@9050000", "#iommu-cells", 1, 2);
	set_cells(f, HOST_ETH, "iommus", 3, smmu_phandle(f), 0x20, 0x3);
	c = parse_domU1(f);
	assert_int_equal(c.n_streams, 1);
	assert_int_equal(c.streams[0].iommu_node, smmu);
	assert_int_equal(c.streams[0].sid, 0x20);
	assert_int_equal(c.streams[0].count, 4);
}

/* A PCIe host bridge: iommu-map = <rid-base &smmu sid-base length>. */
TEST(test_dma_pci_iommu_map)
{
	struct domain_config c;

	set_str(partial, ETH, "xen,path", "/pcie@10000000");
	c = parse_domU1(valid_copy());
	assert_int_equal(c.n_streams, 1);
	assert_int_equal(c.streams[0].sid, 0x100);
	assert_int_equal(c.streams[0].count, 0x100);
}

EDIT(test_dma_pci_map_zero_length, 0,
     DOMU1 "partial DT " ETH " xen,path: /pcie@10000000: an iommu-map length is 0 or runs "
	   "past stream ID 0xffffffff",
     set_str(partial, ETH, "xen,path", "/pcie@10000000"),
     set_cells(f, "/pcie@10000000", "iommu-map", 4, 0, smmu_phandle(f), 0x100, 0))

/* The same partial DT in a later domain: sharing the module is fine, its
 * devices are not. */
TEST(test_pt_device_given_twice)
{
	void *f = valid_copy();
	add_module(f, C, "module@49800000", "multiboot,device-tree", 0x49800000, PARTIAL_SIZE);
	expect_only_refused(f, 2,
			    CLUSTER "partial DT " SERIAL
				    " xen,reg: 0x9040000+0x1000 is already given to domain domU1");
	free(f);
}

TEST(test_pt_irq_given_twice)
{
	void *f = valid_copy();
	cluster_gets_partial2(f);
	expect_only_refused(f, 2,
			    CLUSTER "partial DT " SERIAL
				    " interrupts: SPI 9 is already given to domain domU1");
	free(f);
}

/* A refused domain's devices and modules are free for the later ones. */
TEST(test_refused_domain_claims_nothing)
{
	struct domain_config out[MAXD];
	unsigned int count;
	void *f = valid_copy();
	set_cells(f, "/chosen/domU1", "cpus", 1, 0);
	set_str(f, C, "bulkhead,name", "domU1");
	set_cells(f, C "/module@50000000", "reg", 2, 0x48100000, 0x1000);
	add_module(f, C, "module@49800000", "multiboot,device-tree", 0x49800000, PARTIAL_SIZE);
	assert_int_equal(parse(f, MAXD, out, &count), 2);
	assert_string_equal(out[0].err, DOMU1 "cpus: 0 vCPUs: must be 1 to 4");
	check_domU2(&out[1], f);
	expect_valid(&out[2], f, C, "domU1");
	check_pt_domU1(&out[2]);
	free(f);
}

int main(int argc, char **argv)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_partial_outside_ram_not_read),
		T(test_partial_unmapped),
		T(test_partial_no_map_callback),
		T(test_partial_bad_magic),
		T(test_partial_truncated),
		T(test_partial_root_cells),
		T(test_pt_unaligned),
		T(test_pt_empty_region),
		T(test_pt_wraps),
		T(test_pt_bad_length),
		T(test_pt_host_ram),
		T(test_pt_guest_ram),
		T(test_pt_guest_vpl011),
		T(test_pt_guest_gic),
		T(test_pt_guest_overlap),
		T(test_pt_ppi),
		T(test_pt_spi_range),
		T(test_pt_spi_vpl011),
		T(test_pt_spi_twice),
		T(test_pt_irq_cells),
		T(test_pt_spi_beyond_vgic),
		T(test_pt_spi_host_uart),
		T(test_pt_spi_watchdog),
		T(test_pt_region_hyp_device),
		T(test_pt_spi_budget),
		T(test_pt_gaddr_beyond_ipa),
		T(test_pt_gaddr_across_ipa),
		T(test_pt_limits_edges),
		T(test_pt_spi_budget_across_domains),
		T(test_ram_beyond_ipa),
		T(test_pt_root_cells_1),
		T(test_pt_no_passthrough_node),
		T(test_dma_path_not_in_host),
		T(test_dma_without_iommu),
		T(test_dma_force_needs_direct_map),
		T(test_dma_bad_phandle),
		T(test_dma_iommus_cut_short),
		T(test_dma_mask_not_low_bits),
		T(test_dma_force_on_direct_map),
		T(test_dma_iommus_with_mask),
		T(test_dma_pci_iommu_map),
		T(test_dma_pci_map_zero_length),
		T(test_pt_too_many_regions),
		T(test_pt_device_given_twice),
		T(test_pt_irq_given_twice),
		T(test_refused_domain_claims_nothing),
	};
#undef T
	return config_tests_run("config_passthrough", tests, ARRAY_SIZE(tests), argc, argv);
}
