/*
 * The SMMUv1/v2 driver (drivers/iommu/smmu_v2.c, compiled unchanged) against
 * the register-level model of tests/unit/model_smmu_v2.c: probe, stream
 * matching, one stage-2 context bank per domain, DMA inside and outside a
 * domain's RAM, unmatched streams, detach, TLB invalidation and sync, the
 * SMMUv1 variant. QEMU has no SMMUv1/v2: this model is all the driver has
 * been run against.
 */
#include "unit.h"
#include <libfdt.h>
#include "iommu_fixture.h"
#include "model_smmu_v2.h"

static char fdt[1024];
static int smmu_node;
static struct iommu mmu;

static void make_fdt(const char *compatible, bool coherent)
{
	assert_int_equal(fdt_create_empty_tree(fdt, sizeof(fdt)), 0);
	smmu_node = fdt_add_subnode(fdt, 0, "iommu@2b400000");
	assert_true(smmu_node >= 0);
	assert_int_equal(fdt_setprop_string(fdt, smmu_node, "compatible", compatible), 0);
	if (coherent)
		assert_int_equal(fdt_setprop_empty(fdt, smmu_node, "dma-coherent"), 0);
}

static int setup(void **state)
{
	(void)state;
	nlogged = 0;
	log_budgets_reset();
	make_fdt("arm,mmu-500", true);
	mmu = (struct iommu){.ops = &smmu_v2_ops,
			     .node = smmu_node,
			     .base = 0x2b400000,
			     .size = 0x20000,
			     .name = "smmu-v2@2b400000"};
	model2_reset(16, 8, 15);
	make_domains();
	model_dma = model2_dma;
	return 0;
}

static void probe_ok(void) { assert_int_equal(smmu_v2_ops.probe(&mmu, fdt, smmu_node), 0); }

/* ---- probe ------------------------------------------------------------------ */

TEST(test_probe)
{
	probe_ok();
	/* CLIENTPD 0, GFRE GFIE GCFGFRE GCFGFIE, USFCFG, PTM */
	assert_int_equal(m2.scr0, 1U << 1 | 1U << 2 | 1U << 4 | 1U << 5 | 1U << 10 | 1U << 12);
	for (int i = 0; i < 16; i++) {
		assert_int_equal(m2.smr[i], 0);
		assert_int_equal(m2.s2cr[i], 2U << 16); /* TYPE fault */
	}
	assert_int_equal(m2.ntlbi_all, 1);
	assert_int_equal(m2.nsync, 1);
	assert_logged("SMMUv2, 16 stream match registers, 8 context banks");
	dma_fails(0x10, RAM_IPA, false); /* unmatched: faults */
	assert_int_equal(m2.gfsr, 2);
}

static void probe_refused(const char *why)
{
	assert_int_equal(smmu_v2_ops.probe(&mmu, fdt, smmu_node), -E_NOSUPP);
	assert_logged(why);
	assert_int_equal(m2.scr0, 1); /* clients still held off */
}

TEST(test_probe_no_stage2)
{
	m2.idr0 &= ~(1U << 29);
	probe_refused("no stage 2 (sIDR0.S2TS)");
}

TEST(test_probe_stream_indexing)
{
	m2.idr0 &= ~(1U << 27);
	probe_refused("stream indexing");
}

TEST(test_probe_not_coherent)
{
	make_fdt("arm,mmu-500", false);
	probe_refused("not coherent");
}

TEST(test_probe_small_window)
{
	mmu.size = 0x10000;
	probe_refused("smaller than sIDR1 describes");
}

TEST(test_probe_v2_needs_4k_aarch64)
{
	m2.idr2 &= ~(1U << 12);
	probe_refused("PTFS_v8_4kB");
}

/* ---- attach ----------------------------------------------------------------- */

/* One SMR for an aligned block, its S2CR to a stage-2 bank with the VMID,
 * VTCR's fields, the domain's stage-2 root, translation and fault reports
 * on. */
TEST(test_attach_bank)
{
	probe_ok();
	assert_int_equal(smmu_v2_ops.attach(&mmu, &ivi, 0x10, 4), 0);
	assert_int_equal(m2.smr[0], 1U << 31 | 3U << 16 | 0x10);
	assert_int_equal(m2.s2cr[0], 0); /* TYPE translation, CBNDX 0 */
	assert_int_equal(m2.cbar[0], 3); /* VMID 3, TYPE stage 2 */
	assert_int_equal(m2.cba2r[0], 1);
	assert_int_equal(m2.cb[0].tcr, VTCR & 0x7ffff);
	assert_int_equal(m2.cb[0].ttbr0, ivi.s2_root);
	assert_int_equal(m2.cb[0].sctlr, 1U | 1U << 5 | 1U << 6);
	assert_int_equal(m2.tlbi_vmid[m2.ntlbi_vmid - 1], 3);
	assert_int_equal(dma(0x13, RAM_IPA + 0x2000, true), RAM_PA + 0x2000);
	dma_fails(0x14, RAM_IPA, false);
	assert_string_equal(iommu_owner(&mmu, 0x12)->name, "ivi");
}

/* PASize capped at the SMMU's OAS. */
TEST(test_attach_caps_pasize)
{
	m2.idr2 = 2U << 4 | 1U << 12; /* 40 bits */
	probe_ok();
	assert_int_equal(smmu_v2_ops.attach(&mmu, &ivi, 0x10, 1), 0);
	assert_int_equal((m2.cb[0].tcr >> 16) & 7, 2);
}

/* 5 streams from 3: an SMR for 3, one for 4..7. */
TEST(test_range_split)
{
	probe_ok();
	assert_int_equal(smmu_v2_ops.attach(&mmu, &ivi, 3, 5), 0);
	assert_int_equal(m2.smr[0], 1U << 31 | 3);
	assert_int_equal(m2.smr[1], 1U << 31 | 3U << 16 | 4);
	assert_int_equal(m2.smr[2], 0);
	assert_int_equal(dma(7, RAM_IPA, false), RAM_PA);
	dma_fails(8, RAM_IPA, false);
	dma_fails(2, RAM_IPA, false);
}

/* Two domains, two banks; a device reaches only its own domain's RAM; both
 * kinds of fault are reported, naming the domain. */
TEST(test_dma_isolated)
{
	probe_ok();
	assert_int_equal(smmu_v2_ops.attach(&mmu, &ivi, 0x8, 1), 0);
	assert_int_equal(smmu_v2_ops.attach(&mmu, &cluster, 0x20, 2), 0);
	assert_int_equal(m2.cbar[1], 2);
	assert_int_equal(dma(0x21, RAM_IPA + 0x10, false), RAM_PA + RAM_SIZE + 0x10);
	assert_int_equal(dma(0x8, RAM_IPA + 0x10, false), RAM_PA + 0x10);
	dma_fails(0x8, RAM_IPA + RAM_SIZE, true); /* cluster's RAM on the host */
	smmu_v2_ops.poll(&mmu);
	assert_logged("smmu-v2@2b400000: domain ivi: context fault CB_FSR 0x2: DMA write at "
		      "0x40400000 (stream 0x8)");
	assert_int_equal(m2.cb[0].fsr, 0);
	nlogged = 0;
	dma_fails(0x9, 0x1000, false);
	smmu_v2_ops.poll(&mmu);
	assert_logged("smmu-v2@2b400000: a stream of no domain: global fault sGFSR 0x2 "
		      "(unmatched stream): DMA read at 0x1000 (stream 0x9)");
	assert_int_equal(m2.gfsr, 0);
	assert_int_equal(nlogged, 1);
}

/* A device that faults again as soon as its fault is cleared: 1000 polls,
 * each finding a context fault of ivi and a global fault of a stream of no
 * domain, 1 ms apart. Every fault is acknowledged; each source gets
 * LOG_LIMIT_BURST lines plus what its budget refills, and the rest are
 * counted in summaries; cluster's one fault in the middle is still
 * reported. */
TEST(test_fault_flood_rate_limited)
{
	probe_ok();
	assert_int_equal(smmu_v2_ops.attach(&mmu, &ivi, 0x8, 1), 0);
	assert_int_equal(smmu_v2_ops.attach(&mmu, &cluster, 0x20, 1), 0);
	nlogged = 0;
	for (int poll = 0; poll < 1000; poll++) {
		dma_fails(0x8, RAM_IPA + RAM_SIZE, true);
		dma_fails(0x9, 0x1000, false);
		if (poll == 500)
			dma_fails(0x20, RAM_IPA + RAM_SIZE, false);
		smmu_v2_ops.poll(&mmu);
		assert_int_equal(m2.cb[0].fsr, 0);
		assert_int_equal(m2.gfsr, 0);
		shim_now_ns += 1000000;
	}
	/* Per source: the burst; at 500 ms a line's credit again, so the count
	 * so far comes before that line. */
	assert_int_equal(nlogged, 2 * (LOG_LIMIT_BURST + 2) + 1);
	assert_logged("domain cluster: context fault CB_FSR 0x2: DMA read");
	assert_logged("domain ivi: 490 lines suppressed (DMA faults: more than 10 at once or 2 a "
		      "second)");
	assert_logged("no domain: 490 lines suppressed (DMA faults");
	nlogged = 0;
	shim_now_ns += 1000000000;
	log_limit_flush();
	assert_int_equal(nlogged, 2);
	assert_logged("domain ivi: 499 lines suppressed");
	assert_logged("no domain: 499 lines suppressed");
}

/* Domain stop: its streams stop matching and its bank translates no more;
 * the VMID's TLB entries go; another domain is untouched; a restart gets
 * a bank and SMRs again. */
TEST(test_detach_and_reattach)
{
	probe_ok();
	assert_int_equal(smmu_v2_ops.attach(&mmu, &ivi, 0x8, 2), 0);
	assert_int_equal(smmu_v2_ops.attach(&mmu, &cluster, 0x20, 1), 0);
	m2.ntlbi_vmid = m2.nsync = 0;
	smmu_v2_ops.detach(&mmu, &ivi);
	assert_int_equal(m2.smr[0], 0);
	assert_int_equal(m2.s2cr[0], 2U << 16);
	assert_int_equal(m2.cb[0].sctlr, 0);
	assert_int_equal(m2.ntlbi_vmid, 1);
	assert_int_equal(m2.tlbi_vmid[0], 3);
	assert_int_equal(m2.nsync, 1);
	dma_fails(0x8, RAM_IPA, false);
	assert_int_equal(m2.gfsr, 2); /* unmatched now */
	assert_null(iommu_owner(&mmu, 0x8));
	assert_int_equal(dma(0x20, RAM_IPA, true), RAM_PA + RAM_SIZE);
	assert_int_equal(smmu_v2_ops.attach(&mmu, &ivi, 0x8, 2), 0);
	assert_int_equal(dma(0x9, RAM_IPA + 4, false), RAM_PA + 4);
}

TEST(test_flush)
{
	probe_ok();
	assert_int_equal(smmu_v2_ops.attach(&mmu, &ivi, 0x8, 1), 0);
	m2.ntlbi_vmid = m2.nsync = 0;
	smmu_v2_ops.flush(&mmu, &ivi);
	assert_int_equal(m2.ntlbi_vmid, 1);
	assert_int_equal(m2.tlbi_vmid[0], 3);
	assert_int_equal(m2.nsync, 1);
}

TEST(test_tlb_sync_timeout)
{
	probe_ok();
	m2.stuck = true;
	assert_int_equal(smmu_v2_ops.attach(&mmu, &ivi, 0x8, 1), -E_TIMEOUT);
	assert_logged("TLB sync not completed");
}

TEST(test_out_of_resources)
{
	model2_reset(2, 1, 15);
	probe_ok();
	assert_int_equal(smmu_v2_ops.attach(&mmu, &ivi, 3, 5), 0); /* 2 SMRs */
	assert_int_equal(smmu_v2_ops.attach(&mmu, &ivi, 0x40, 1), -E_NOMEM);
	assert_logged("domain ivi: out of stream match registers");
	assert_int_equal(smmu_v2_ops.attach(&mmu, &cluster, 0x50, 1), -E_NOMEM);
	assert_logged("domain cluster: no free context bank");
}

TEST(test_sid_too_wide)
{
	model2_reset(16, 8, 8);
	probe_ok();
	assert_int_equal(smmu_v2_ops.attach(&mmu, &ivi, 0xff, 2), -E_RANGE);
	assert_logged("wider than its 8-bit IDs");
}

/* SMMUv1 (MMU-400): the AArch32 VTCR layout (T0SZ -7 for 39 bits), no
 * CBA2R; the same tables translate. */
TEST(test_smmu_v1)
{
	make_fdt("arm,mmu-400", true);
	mmu.node = smmu_node;
	probe_ok();
	assert_logged("SMMUv1");
	assert_int_equal(smmu_v2_ops.attach(&mmu, &ivi, 0x8, 1), 0);
	assert_int_equal(m2.cb[0].tcr, 0x3540 | 0x9 | 0x10);
	assert_int_equal(m2.cba2r[0], 0);
	assert_int_equal(dma(0x8, RAM_IPA + 0x5000, false), RAM_PA + 0x5000);
	dma_fails(0x8, RAM_IPA + RAM_SIZE, false);
	cluster.ram_pa = 1ULL << 40;
	assert_int_equal(smmu_v2_ops.attach(&mmu, &cluster, 0x9, 1), -E_RANGE);
	assert_logged("out of an SMMUv1's reach");
}

#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	const struct CMUnitTest tests[] = {
		T(test_probe),
		T(test_probe_no_stage2),
		T(test_probe_stream_indexing),
		T(test_probe_not_coherent),
		T(test_probe_small_window),
		T(test_probe_v2_needs_4k_aarch64),
		T(test_attach_bank),
		T(test_attach_caps_pasize),
		T(test_range_split),
		T(test_dma_isolated),
		T(test_fault_flood_rate_limited),
		T(test_detach_and_reattach),
		T(test_flush),
		T(test_tlb_sync_timeout),
		T(test_out_of_resources),
		T(test_sid_too_wide),
		T(test_smmu_v1),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
