/*
 * The SMMUv3 driver (drivers/iommu/smmu_v3*.c, compiled unchanged) against
 * the register-level model of tests/unit/model_smmu_v3.c: probe, stream
 * table contents, stage-2 and stage-1 attachment, DMA inside and outside a
 * domain's RAM, detach (domain stop), TLB invalidation, command queue
 * errors and timeouts, event reports naming the domain.
 */
#include "unit.h"
#include <libfdt.h>
#include "smmu_v3.h"
#include "iommu_fixture.h"
#include "model_smmu_v3.h"

static char fdt[1024];
static int smmu_node;
static struct iommu mmu;

static void make_fdt(bool coherent)
{
	assert_int_equal(fdt_create_empty_tree(fdt, sizeof(fdt)), 0);
	smmu_node = fdt_add_subnode(fdt, 0, "iommu@9050000");
	assert_true(smmu_node >= 0);
	if (coherent)
		assert_int_equal(fdt_setprop_empty(fdt, smmu_node, "dma-coherent"), 0);
}

static int setup(void **state)
{
	(void)state;
	nlogged = 0;
	log_budgets_reset();
	make_fdt(true);
	mmu = (struct iommu){.ops = &smmu_v3_ops,
			     .node = smmu_node,
			     .base = 0x9050000,
			     .size = 0x20000,
			     .name = "smmu-v3@9050000"};
	model3_reset(true, true, 8, true);
	make_domains();
	model_dma = model3_dma;
	return 0;
}

static void probe_ok(void) { assert_int_equal(smmu_v3_ops.probe(&mmu, fdt, smmu_node), 0); }

/* ---- probe ------------------------------------------------------------------ */

/* Enabled with every queue, walks cacheable, and every stream aborting. */
TEST(test_probe_linear)
{
	probe_ok();
	assert_int_equal(m3.cr0, 0xd); /* SMMUEN | EVENTQEN | CMDQEN */
	assert_true(m3.gbpa & 1U << 20);
	assert_int_equal(m3.strtab_cfg, 8); /* linear, 256 streams */
	assert_int_equal(m3.cmdq_base & 0x1f, 8);
	assert_int_equal(m3.evtq_base & 0x1f, 10);
	assert_int_equal(m3.cr1, 0xd75); /* queues and tables: WB, inner shareable */
	for (u32 sid = 0; sid < 256; sid++)
		assert_int_equal(model3_ste(sid)[0], 1); /* V, Config abort */
	/* CFGI_ALL, TLBI_NSNH_ALL, SYNC */
	assert_int_equal(m3.ncmds, 3);
	assert_int_equal(model3_cmd_op(2), CMD_CFGI_ALL);
	assert_int_equal(m3.cmds[0][1], 31);
	assert_int_equal(model3_cmd_op(1), CMD_TLBI_NSNH_ALL);
	assert_int_equal(model3_cmd_op(0), CMD_SYNC);
	dma_fails(0x10, RAM_IPA, false);
	assert_logged("linear stream table");
}

/* 16-bit IDs: a 2-level table whose level-1 descriptors start invalid, so
 * an unknown stream is refused with C_BAD_STE, reported as no domain's. */
TEST(test_probe_two_level)
{
	model3_reset(true, true, 16, true);
	probe_ok();
	assert_int_equal(m3.strtab_cfg, 1U << 16 | 8U << 6 | 16);
	assert_null(model3_ste(0x1234));
	dma_fails(0x1234, 0x1000, true);
	nlogged = 0;
	smmu_v3_ops.poll(&mmu);
	assert_logged(
		"smmu-v3@9050000: a stream of no domain: C_BAD_STE (type 0x4) (stream 0x1234)");
	assert_int_equal(m3.evtq_cons, m3.evtq_prod);
}

TEST(test_probe_needs_coherent_walks)
{
	make_fdt(false);
	assert_int_equal(smmu_v3_ops.probe(&mmu, fdt, smmu_node), -E_NOSUPP);
	assert_logged("not coherent");
	assert_int_equal(m3.cr0, 0);
}

TEST(test_probe_needs_a_stage)
{
	model3_reset(false, false, 8, false);
	assert_int_equal(smmu_v3_ops.probe(&mmu, fdt, smmu_node), -E_NOSUPP);
	assert_logged("neither stage 1 nor stage 2");
}

TEST(test_probe_small_window)
{
	mmu.size = 0x10000;
	assert_int_equal(smmu_v3_ops.probe(&mmu, fdt, smmu_node), -E_NOSUPP);
	assert_logged("two 64 KiB register pages");
}

/* ---- stage 2 ---------------------------------------------------------------- */

/* The STE walks the domain's own stage 2 with its VMID and VTCR's fields. */
TEST(test_attach_stage2_ste)
{
	const u64 *ste;

	probe_ok();
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0x8, 1), 0);
	ste = model3_ste(0x8);
	assert_int_equal(ste[0], 1 | 6 << 1);
	assert_int_equal(ste[2] & 0xffff, 3);			      /* S2VMID */
	assert_int_equal((ste[2] >> 32) & 0x3f, 25);		      /* S2T0SZ: 39 bits */
	assert_int_equal((ste[2] >> 38) & 3, 1);		      /* S2SL0: level 1 */
	assert_int_equal((ste[2] >> 40) & 0x3f, 1 | 1 << 2 | 3 << 4); /* IR0 OR0 SH0 */
	assert_int_equal((ste[2] >> 46) & 3, 0);		      /* S2TG 4 KiB */
	assert_int_equal((ste[2] >> 48) & 7, 5);		      /* S2PS 48 bits */
	assert_true(ste[2] & 1ULL << 51);			      /* S2AA64 */
	assert_true(ste[2] & 1ULL << 58);			      /* S2R */
	assert_int_equal(ste[3], ivi.s2_root);
	assert_int_equal(model3_cmd_op(2), CMD_CFGI_STE); /* one stream: its STE only */
	assert_int_equal(m3.cmds[m3.ncmds - 3][0] >> 32, 0x8);
	assert_int_equal(m3.cmds[m3.ncmds - 3][1], 1); /* Leaf */
	assert_int_equal(model3_cmd_op(1), CMD_TLBI_S12_VMALL);
	assert_int_equal(m3.cmds[m3.ncmds - 2][0] >> 32, 3);
	assert_int_equal(model3_cmd_op(0), CMD_SYNC);
	assert_string_equal(iommu_owner(&mmu, 0x8)->name, "ivi");
}

/* PS is capped at the SMMU's output size. */
TEST(test_attach_caps_ps)
{
	m3.idr5 = 2 | 1U << 4; /* OAS 40 bits */
	probe_ok();
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0x8, 1), 0);
	assert_int_equal((model3_ste(0x8)[2] >> 48) & 7, 2);
}

/* The device reaches its domain's RAM and nothing else; the fault is
 * reported naming the domain, with the address and the direction. */
TEST(test_dma_isolated_stage2)
{
	probe_ok();
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0x8, 1), 0);
	assert_int_equal(smmu_v3_ops.attach(&mmu, &cluster, 0x10, 8), 0);
	assert_int_equal(dma(0x8, RAM_IPA + 0x1234, true), RAM_PA + 0x1234);
	assert_int_equal(dma(0x17, RAM_IPA, false), RAM_PA + RAM_SIZE);
	dma_fails(0x8, RAM_IPA + RAM_SIZE, true); /* past its RAM: cluster's, on the host */
	dma_fails(0x8, 0x9000000, false);
	dma_fails(0x9, RAM_IPA, false); /* nobody's stream */
	nlogged = 0;
	smmu_v3_ops.poll(&mmu);
	assert_logged("smmu-v3@9050000: domain ivi: F_TRANSLATION: DMA write at 0x40400000 "
		      "(stream 0x8)");
	assert_logged("domain ivi: F_TRANSLATION: DMA read at 0x9000000 (stream 0x8)");
	assert_int_equal(nlogged, 2); /* the abort STE of 0x9 is silent */
}

/* Domain stop: the streams abort, the SMMU forgets the STEs and the VMID's
 * TLB entries; a restart attaches them again, consistently. */
TEST(test_detach_and_reattach)
{
	probe_ok();
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0x8, 2), 0);
	assert_int_equal(smmu_v3_ops.attach(&mmu, &cluster, 0x10, 1), 0);
	m3.ncmds = 0;
	smmu_v3_ops.detach(&mmu, &ivi);
	assert_int_equal(model3_ste(0x8)[0], 1);
	assert_int_equal(model3_ste(0x9)[0], 1);
	dma_fails(0x8, RAM_IPA, false);
	assert_null(iommu_owner(&mmu, 0x8));
	assert_int_equal(m3.ncmds, 3);
	assert_int_equal(model3_cmd_op(1), CMD_TLBI_S12_VMALL);
	assert_int_equal(m3.cmds[1][0] >> 32, 3);
	assert_int_equal(dma(0x10, RAM_IPA, true), RAM_PA + RAM_SIZE); /* cluster unaffected */
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0x8, 2), 0);
	assert_int_equal(dma(0x9, RAM_IPA + 8, false), RAM_PA + 8);
}

/* A stage-2 change: TLBI by the domain's VMID, then a sync. */
TEST(test_flush)
{
	probe_ok();
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0x8, 1), 0);
	m3.ncmds = 0;
	smmu_v3_ops.flush(&mmu, &ivi);
	assert_int_equal(model3_cmd_op(1), CMD_TLBI_S12_VMALL);
	assert_int_equal(m3.cmds[m3.ncmds - 2][0] >> 32, 3);
	assert_int_equal(model3_cmd_op(0), CMD_SYNC);
}

TEST(test_attach_refusals)
{
	probe_ok();
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0xff, 2), -E_RANGE);
	assert_logged("only 8-bit IDs");
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0x8, 1), 0);
	assert_int_equal(smmu_v3_ops.attach(&mmu, &cluster, 0x8, 1), -E_BUSY);
}

/* One stream range too many: refused before any STE is written, so the
 * stream still aborts and detaching the domain finds all it got. */
TEST(test_attach_bindings_full)
{
	probe_ok();
	for (u32 i = 0; i < IOMMU_MAX_BINDING; i++)
		assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0x10 + i, 1), 0);
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0x8, 1), -E_NOMEM);
	assert_logged("more than 16 stream ranges");
	assert_int_equal(model3_ste(0x8)[0], 1); /* valid, abort */
	dma_fails(0x8, RAM_IPA, false);
	smmu_v3_ops.detach(&mmu, &ivi);
	dma_fails(0x10, RAM_IPA, false);
	assert_null(iommu_owner(&mmu, 0x10 + IOMMU_MAX_BINDING - 1));
}

/* 2-level: a range over two second-level tables gets both. */
TEST(test_two_level_range)
{
	model3_reset(true, true, 16, true);
	probe_ok();
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0xf0, 0x20), 0);
	assert_int_equal(dma(0xf0, RAM_IPA, false), RAM_PA);
	assert_int_equal(dma(0x10f, RAM_IPA, false), RAM_PA);
	assert_int_equal(model3_ste(0x1ff)[0], 1); /* the rest of the new table aborts */
	assert_null(model3_ste(0x200));
}

/* ---- stage 1 only (QEMU 7.2) ------------------------------------------------ */

TEST(test_stage1_mirror)
{
	const u64 *ste, *cd;

	model3_reset(true, false, 8, false);
	probe_ok();
	assert_logged("no stage 2: stage-1 mirrors");
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0x8, 1), 0);
	ste = model3_ste(0x8);
	assert_int_equal(ste[0] & 0xf, 1 | 5 << 1);
	cd = (const u64 *)(uintptr_t)(ste[0] & 0x000fffffffffffc0ULL);
	assert_int_equal(cd[0] & 0x3f, 25);	/* T0SZ */
	assert_true(cd[0] & 1ULL << 31);	/* V */
	assert_true(cd[0] & 1ULL << 41);	/* AA64 */
	assert_true(cd[0] & 1ULL << 30);	/* EPD1 */
	assert_int_equal(cd[0] >> 48, 3);	/* ASID = VMID */
	assert_int_equal((cd[0] >> 32) & 7, 5); /* IPS */
	assert_int_equal(model3_cmd_op(1), CMD_TLBI_NH_ASID);
	assert_int_equal(dma(0x8, RAM_IPA + 0x3000, true), RAM_PA + 0x3000);
	dma_fails(0x8, RAM_IPA - 0x1000, true);
	dma_fails(0x8, RAM_IPA + RAM_SIZE, false);
	nlogged = 0;
	smmu_v3_ops.poll(&mmu);
	assert_logged("domain ivi: F_TRANSLATION: DMA write at 0x3ffff000 (stream 0x8)");
	/* A restart reuses the context. */
	smmu_v3_ops.detach(&mmu, &ivi);
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0x8, 1), 0);
	assert_ptr_equal(model3_ste(0x8)[0] & 0x000fffffffffffc0ULL, (u64)(uintptr_t)cd);
}

/* ---- command queue ---------------------------------------------------------- */

/* A refused command is reported, replaced, and the queue goes on. */
TEST(test_cmdq_error_recovers)
{
	probe_ok();
	m3.refuse_op = CMD_TLBI_S12_VMALL;
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0x8, 1), -E_INVAL);
	assert_logged("command 0x28 refused: CERROR_ILL (illegal command)");
	assert_int_equal(m3.gerror, m3.gerrorn);
	m3.refuse_op = 0;
	nlogged = 0;
	smmu_v3_ops.flush(&mmu, &ivi);
	assert_int_equal(nlogged, 0);
	assert_int_equal(model3_cmd_op(0), CMD_SYNC);
}

TEST(test_sync_timeout)
{
	probe_ok();
	m3.stuck = true;
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0x8, 1), -E_TIMEOUT);
	assert_logged("CMD_SYNC not completed after");
}

/* ---- events ----------------------------------------------------------------- */

/* A guest aiming its device's DMA at unmapped addresses: the model raises
 * 1000 events before each of five polls 20 ms apart. Every event is read
 * and acknowledged, but the domain gets LOG_LIMIT_BURST lines, and the
 * rest are counted and said in one summary once its budget allows; the
 * other domain's fault in the middle of the flood is still reported. */
TEST(test_event_flood_rate_limited)
{
	probe_ok();
	assert_int_equal(smmu_v3_ops.attach(&mmu, &ivi, 0x8, 1), 0);
	assert_int_equal(smmu_v3_ops.attach(&mmu, &cluster, 0x10, 1), 0);
	nlogged = 0;
	for (int poll = 0; poll < 5; poll++) {
		for (int i = 0; i < 1000; i++)
			dma_fails(0x8, 0x1000ULL * (unsigned int)i, false);
		if (poll == 2)
			dma_fails(0x10, 0x9000000, true);
		smmu_v3_ops.poll(&mmu);
		assert_int_equal(m3.evtq_cons, m3.evtq_prod);
		shim_now_ns += 20000000;
	}
	assert_int_equal(nlogged, LOG_LIMIT_BURST + 1);
	assert_logged("domain cluster: F_TRANSLATION: DMA write at 0x9000000 (stream 0x10)");
	assert_true(shim_timer_arms > 0); /* the summary's timer */
	assert_false(log_has("suppressed"));
	/* 500 ms after the burst: one line's credit. The summary takes none
	 * of it, so the next fault is reported right away (a QEMU test waits
	 * for the summary, then expects the next attack's first fault). */
	shim_now_ns = 1500000000;
	log_limit_flush();
	assert_int_equal(nlogged, LOG_LIMIT_BURST + 2);
	assert_string_equal(
		logged[nlogged - 1],
		"domain ivi: 4990 lines suppressed (DMA faults: more than 10 at once or "
		"2 a second)");
	dma_fails(0x8, 0, false);
	smmu_v3_ops.poll(&mmu);
	assert_int_equal(nlogged, LOG_LIMIT_BURST + 3);
	assert_logged("domain ivi: F_TRANSLATION: DMA read at 0x0 (stream 0x8)");
}

/* The queue overflowing is nobody's doing in particular: its line is
 * limited too, under "no domain". */
TEST(test_event_queue_overflow_limited)
{
	probe_ok();
	for (int round = 0; round < 40; round++) {
		m3.evtq_prod ^= 1U << 31; /* EVENTQ_PROD.OVFLG toggles: lost events */
		smmu_v3_ops.poll(&mmu);
	}
	assert_int_equal(nlogged, 1 + LOG_LIMIT_BURST); /* the probe's line, then the burst */
	assert_logged("event queue overflowed");
	shim_now_ns += 1000000000;
	log_limit_flush();
	assert_logged("no domain: 30 lines suppressed (DMA faults");
}

TEST(test_event_strings)
{
	char buf[96];
	u64 perm[4] = {0x13 | 8ULL << 32, 0, 0x40001000, 0};
	u64 other[4] = {0x21, 0, 0, 0};
	assert_string_equal(smmu3_event_str(perm, buf, sizeof(buf)),
			    "F_PERMISSION: DMA write at 0x40001000");
	assert_string_equal(smmu3_event_str(other, buf, sizeof(buf)), "F_CFG_CONFLICT (type 0x21)");
}

#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	const struct CMUnitTest tests[] = {
		T(test_probe_linear),
		T(test_probe_two_level),
		T(test_probe_needs_coherent_walks),
		T(test_probe_needs_a_stage),
		T(test_probe_small_window),
		T(test_attach_stage2_ste),
		T(test_attach_caps_ps),
		T(test_dma_isolated_stage2),
		T(test_detach_and_reattach),
		T(test_flush),
		T(test_attach_refusals),
		T(test_attach_bindings_full),
		T(test_two_level_range),
		T(test_stage1_mirror),
		T(test_cmdq_error_recovers),
		T(test_sync_timeout),
		T(test_event_flood_rate_limited),
		T(test_event_queue_overflow_limited),
		T(test_event_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
