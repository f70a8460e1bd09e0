/* The vGIC (arch/arm/vgic/): its registers through common/vmmio.c and the
 * list-register round trip, on the host list registers of
 * tests/unit/shim_vgic.h. Regressions of what fuzz_vgic_v2/v3 found. */
#include "unit.h"
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/hostdt.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/vmmio.h>
#include <arch/vgic.h>

#define SHIM_CHECK(cond) assert_true(cond)
#include "shim_log.h"
#include "shim_vgic.h"

static struct domain *const d = &shim_vgic_dom;

/* A domain of n vCPUs on a GICv<version> host, as domain.c builds it. */
static void setup(int version, unsigned int n)
{
	struct host_gic g = shim_vgic_host(version);
	memset(d, 0, sizeof(*d));
	shim_vgic_hw_reset();
	d->nvcpus = n;
	for (unsigned int i = 0; i < n; i++) {
		d->vcpus[i].id = i;
		d->vcpus[i].dom = d;
	}
	assert_int_equal(vgic_init(&g), 0);
	assert_int_equal(vgic_domain_init(d), 0);
	for (unsigned int i = 0; i < n; i++) {
		vgic_vcpu_reset(&d->vcpus[i]);
		d->vcpus[i].vgic.vmcr = shim_vgic_open_vmcr(version);
	}
}

static u64 rd(u64 ipa, unsigned int len)
{
	u64 val = ~0ULL;
	assert_true(vmmio_access(&d->vcpus[0], ipa, len, false, &val));
	return val;
}

static void wr(u64 ipa, unsigned int len, u64 val)
{
	assert_true(vmmio_access(&d->vcpus[0], ipa, len, true, &val));
}

#define GICD(off) (GUEST_GICD_BASE + (off))

/* Edge SPI 40, enabled, pending and active (the guest is handling an earlier
 * one), distributor enabled unless disabled. */
static void spi40_active_and_pending(bool dist_on)
{
	wr(GICD(0xc04), 4, 0x2 << 16); /* ICFGR2: INTID 40 edge */
	wr(GICD(0x104), 4, 1u << 8);   /* ISENABLER1 */
	wr(GICD(0x204), 4, 1u << 8);   /* ISPENDR1 */
	wr(GICD(0x304), 4, 1u << 8);   /* ISACTIVER1 */
	wr(GICD(0x000), 4, dist_on);
}

/* Regression (fuzz_vgic_v3): GICD_IGROUPR read as all ones everywhere; the
 * bits of INTIDs 0-31 (affinity routing) and past the lines are RAZ/WI. */
TEST(test_v3_igroupr_raz)
{
	setup(3, 2);
	assert_int_equal(rd(GICD(0x80), 4), 0);
	assert_int_equal(rd(GICD(0x84), 4), 0xffffffff);
	assert_int_equal(rd(GICD(0x9c), 4), 0xffffffff); /* INTIDs 224-255 */
	assert_int_equal(rd(GICD(0xa0), 4), 0);		 /* 256-287: no such lines */
}

/* Regression (fuzz_vgic_v3): a 32-bit write of GICD_IROUTER's upper half
 * (Aff3) was ignored and one of its lower half cleared Aff3; a 32-bit read
 * of the lower half returned Aff3 above bit 31. */
TEST(test_v3_irouter_halves)
{
	u64 irouter40 = GICD(0x6000 + 8 * 40);
	setup(3, 2);
	wr(irouter40 + 4, 4, 0x12);
	assert_int_equal(rd(irouter40, 8), 0x1200000000ULL);
	wr(irouter40, 4, 0x80000001); /* IRM, Aff0 1 */
	assert_int_equal(rd(irouter40, 8), 0x1280000001ULL);
	assert_int_equal(rd(irouter40, 4), 0x80000001);
	assert_int_equal(rd(irouter40 + 4, 4), 0x12);
	wr(irouter40, 8, ~0ULL); /* reserved bits stay 0 */
	assert_int_equal(rd(irouter40, 8), 0xff80ffffffULL);
}

/* Regression (fuzz_vgic_v3): a 32-bit read of GICR_TYPER's lower half
 * returned its Affinity_Value (bits 63:32) too. */
TEST(test_v3_gicr_typer_low_half)
{
	u64 typer1 = GUEST_GICR_BASE + GUEST_GICR_STRIDE + 8;
	setup(3, 2);
	assert_int_equal(rd(typer1, 4), (1u << 8) | (1u << 4)); /* Processor_Number 1, Last */
	assert_int_equal(rd(typer1 + 4, 4), 1);			/* Aff0 1 */
	assert_int_equal(rd(typer1, 8), 0x100000110ULL);
}

/* Regression (fuzz_vgic_v3): an SPI whose IROUTER names Aff1-3 no vCPU has
 * went to the vCPU of its Aff0. */
static void expect_no_such_vcpu(u64 route)
{
	setup(3, 2);
	wr(GICD(0x6000 + 8 * 40), 8, route);
	wr(GICD(0x104), 4, 1u << 8);
	wr(GICD(0x204), 4, 1u << 8);
	wr(GICD(0x000), 4, 2);
	for (unsigned int i = 0; i < 2; i++) {
		assert_false(vgic_has_pending(&d->vcpus[i]));
		vgic_flush(&d->vcpus[i]);
		assert_int_equal(d->vcpus[i].vgic.nr_lr_used, 0);
		vgic_sync(&d->vcpus[i]);
	}
	wr(GICD(0x6000 + 8 * 40), 8, 0x1); /* vCPU 1 exists */
	assert_true(vgic_has_pending(&d->vcpus[1]));
}

TEST(test_v3_irouter_no_such_vcpu)
{
	expect_no_such_vcpu(0x100);	     /* Aff1 1, Aff0 0 */
	expect_no_such_vcpu(0x10001);	     /* Aff2 1, Aff0 1 (review: Aff2 was ignored) */
	expect_no_such_vcpu(0x100000000ULL); /* Aff3 1 */
}

/* Regression (fuzz_vgic_v2): with the distributor disabled (GICD_CTLR 0) an
 * active interrupt's new pending state went into the list register too. */
TEST(test_v2_dist_disabled_forwards_no_pending)
{
	setup(2, 1);
	spi40_active_and_pending(false);
	vgic_flush(&d->vcpus[0]);
	assert_int_equal(d->vcpus[0].vgic.nr_lr_used, 1);
	assert_int_equal(shim_gich[0x100 / 4] & (3u << 28), 2u << 28); /* active, not pending */
	vgic_sync(&d->vcpus[0]);
	assert_int_equal(rd(GICD(0x204), 4), 1u << 8); /* still pending */
	assert_int_equal(rd(GICD(0x304), 4), 1u << 8);
}

/* Regression (fuzz_vgic_v2): the pending state of an active interrupt that
 * was disabled (so not forwarded) was lost by the vCPU's next run. */
TEST(test_v2_disabled_keeps_pending)
{
	setup(2, 1);
	spi40_active_and_pending(true);
	wr(GICD(0x184), 4, 1u << 8); /* ICENABLER1 */
	vgic_flush(&d->vcpus[0]);
	assert_int_equal(d->vcpus[0].vgic.nr_lr_used, 1);
	shim_gich[0x100 / 4] &= ~(3u << 28); /* the guest ends the active one */
	vgic_sync(&d->vcpus[0]);
	assert_int_equal(rd(GICD(0x304), 4), 0);
	assert_int_equal(rd(GICD(0x204), 4), 1u << 8);
	wr(GICD(0x104), 4, 1u << 8); /* enabled again: delivered */
	assert_true(vgic_has_pending(&d->vcpus[0]));
}

/* GICD_TYPER.ITLinesNumber: 32 * (N + 1) lines, VGIC_NR_IRQS. */
TEST(test_typer_lines)
{
	setup(2, 4);
	assert_int_equal(rd(GICD(0x4), 4), (3u << 5) | (VGIC_NR_IRQS / 32 - 1));
	setup(3, 4);
	assert_int_equal(rd(GICD(0x4), 4) & 0x1f, VGIC_NR_IRQS / 32 - 1);
}

/* Found by the hostile guest: a pending interrupt the vCPU's priority mask or
 * group enable holds back ended its WFI at once, so a guest that masked it
 * spun in WFI. Only what its virtual CPU interface would signal wakes it. */
static void wakes_only_if_admitted(int version, u32 masked, u32 admitted, u32 group_off)
{
	setup(version, 1);
	wr(GICD(0x000), 4, version == 2 ? 1 : 3);
	wr(GICD(0x104), 4, 1u << 8);	 /* ISENABLER1: INTID 40 */
	wr(GICD(0x428), 1, 0xa0);	 /* IPRIORITYR: INTID 40 at 0xa0 */
	wr(GICD(0x6000 + 8 * 40), 8, 0); /* GICv3 IROUTER: vCPU 0 */
	wr(GICD(0x204), 4, 1u << 8);	 /* ISPENDR1 */
	d->vcpus[0].vgic.vmcr = masked;
	assert_false(vgic_has_pending(&d->vcpus[0]));
	d->vcpus[0].vgic.vmcr = group_off;
	assert_false(vgic_has_pending(&d->vcpus[0]));
	d->vcpus[0].vgic.vmcr = admitted;
	assert_true(vgic_has_pending(&d->vcpus[0]));
}

TEST(test_wfi_wakes_only_for_signalled)
{
	/* GICH_VMCR: VMPriMask [31:27], VMGrp0En [0]. */
	wakes_only_if_admitted(2, (0xa0U >> 3) << 27 | 1, (0xa8U >> 3) << 27 | 1,
			       (0xa8U >> 3) << 27 | 2);
	/* ICH_VMCR_EL2: VPMR [31:24], VENG1 [1]. */
	wakes_only_if_admitted(3, 0xa0U << 24 | 2, 0xa8U << 24 | 2, 0xffU << 24 | 1);
}

/* Found by the AArch32 guest's stop_machine hanging: an SGI sent again while
 * a list register carried the first one pending was lost when the guest took
 * the LR's copy (vgic_sync took the LR's state for the interrupt's), and
 * Linux, whose call-function queue stayed non-empty, sent no other. */
static void sgi_resent_while_in_lr(int version, volatile u32 *lr32, u64 *lr64)
{
	setup(version, 2);
	wr(GICD(0x000), 4, version == 2 ? 1 : 3);
	d->vcpus[0].vgic.priv[3].enabled = true;
	vgic_send_sgi(&d->vcpus[1], 3, 1);
	vgic_flush(&d->vcpus[0]);
	assert_int_equal(d->vcpus[0].vgic.nr_lr_used, 1);
	vgic_send_sgi(&d->vcpus[1], 3, 1); /* a second one, while the first is in LR 0 */
	if (lr32)
		*lr32 = 0; /* the guest acknowledged and ended the first */
	else
		*lr64 = 0;
	vgic_sync(&d->vcpus[0]);
	assert_true(d->vcpus[0].vgic.priv[3].pending);
	assert_true(vgic_has_pending(&d->vcpus[0]));
	/* Delivered next time, and nothing more once that one is taken. */
	vgic_flush(&d->vcpus[0]);
	assert_int_equal(d->vcpus[0].vgic.nr_lr_used, 1);
	if (lr32)
		*lr32 = 0;
	else
		*lr64 = 0;
	vgic_sync(&d->vcpus[0]);
	assert_false(d->vcpus[0].vgic.priv[3].pending);
}

TEST(test_sgi_resent_while_in_lr)
{
	sgi_resent_while_in_lr(2, &shim_gich[0x100 / 4], NULL);
	sgi_resent_while_in_lr(3, NULL, &shim_ich_lr[0]);
}

/* Every active-priority register of both groups belongs to the vCPU: a
 * guest that set ICC_AP0R<n>_EL1 left the bits on the pCPU (only ICH_AP1R<n>
 * was switched), and the next vCPU there took no interrupt. Round trip with
 * 5, 6 and 7 priority bits (1, 2, 4 registers a group): vCPU 0's values
 * leave with it, vCPU 1 finds its own (zero) ones, vCPU 0 gets its back. */
TEST(test_v3_aprs_round_trip)
{
	for (unsigned int bits = 5; bits <= 7; bits++) {
		unsigned int n = bits == 7 ? 4 : bits == 6 ? 2 : 1;
		setup(3, 2);
		shim_ich_pribits = bits;
		for (unsigned int g = 0; g < 2; g++)
			for (unsigned int i = 0; i < n; i++)
				shim_ich_apr[g][i] = 0x80000001U | (g << 8) | (i << 4);
		vgic_save(&d->vcpus[0]);
		vgic_restore(&d->vcpus[1]);
		for (unsigned int g = 0; g < 2; g++)
			for (unsigned int i = 0; i < n; i++)
				assert_int_equal(shim_ich_apr[g][i], 0);
		vgic_save(&d->vcpus[1]);
		vgic_restore(&d->vcpus[0]);
		for (unsigned int g = 0; g < 2; g++)
			for (unsigned int i = 0; i < n; i++)
				assert_int_equal(shim_ich_apr[g][i],
						 0x80000001U | (g << 8) | (i << 4));
	}
}

#define GICR_SGI(off) (GUEST_GICR_BASE + 0x10000 + (off))

/* A set-pending or set-active write to an interrupt linked to a physical one
 * is refused: a list register with the HW bit made from it would have the
 * guest's deactivation deactivate a physical interrupt that is not active.
 * What the physical interrupt brings is still delivered, with the HW bit. */
static void hw_set_refused(int version, u32 intid, u64 ispendr, u64 isactiver)
{
	setup(version, 1);
	wr(GICD(0x000), 4, version == 2 ? 1 : 3);
	if (intid < 32) {
		vgic_map_hw_ppi(&d->vcpus[0], intid);
	} else {
		d->vgic.spi[intid - 32].hw = true;
		d->vgic.spi[intid - 32].hw_intid = (u16)intid;
		wr(GICD(0x6000 + 8 * intid), 8, 0); /* GICv3 IROUTER: vCPU 0 */
	}
	wr(ispendr - 0x100, 4, 1u << (intid % 32)); /* ISENABLER */
	wr(ispendr, 4, 1u << (intid % 32));
	wr(isactiver, 4, 1u << (intid % 32));
	assert_int_equal(rd(ispendr, 4), 0);
	assert_int_equal(rd(isactiver, 4), 0);
	vgic_flush(&d->vcpus[0]);
	assert_int_equal(d->vcpus[0].vgic.nr_lr_used, 0);
	if (intid < 32)
		vgic_inject_hw(&d->vcpus[0], intid);
	else
		vgic_inject_hw_spi(d, intid);
	vgic_flush(&d->vcpus[0]);
	assert_int_equal(d->vcpus[0].vgic.nr_lr_used, 1);
	assert_int_equal(rd(ispendr, 4), 1u << (intid % 32));
	assert_int_equal(shim_deactivations, 0);
}

TEST(test_hw_linked_set_pending_active_refused)
{
	hw_set_refused(3, 27, GICR_SGI(0x200), GICR_SGI(0x300)); /* vtimer PPI */
	hw_set_refused(3, 40, GICD(0x204), GICD(0x304));	 /* passthrough SPI */
	hw_set_refused(2, 27, GICD(0x200), GICD(0x300));
	hw_set_refused(2, 40, GICD(0x204), GICD(0x304));
}

/* GICv2 host: the guest's GICC is the start of the host's GICV region. One
 * smaller than the 8 KiB mapped would give the guest whatever follows it. */
TEST(test_v2_gicv_smaller_than_gicc_refused)
{
	struct host_gic g = shim_vgic_host(2);
	shim_vgic_hw_reset();
	shim_log_reset();
	g.vcpu.size = 0x1000;
	assert_int_equal(vgic_init(&g), -E_NOSUPP);
	assert_non_null(strstr(shim_logged, "GICV region"));
	g.vcpu.size = GUEST_GICC_SIZE;
	g.vcpu.base += 0x800;
	assert_int_equal(vgic_init(&g), -E_NOSUPP);
	g = shim_vgic_host(2);
	g.vcpu.size = 0x20000; /* larger: its first 8 KiB */
	assert_int_equal(vgic_init(&g), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v3_igroupr_raz),
		cmocka_unit_test(test_v3_irouter_halves),
		cmocka_unit_test(test_v3_gicr_typer_low_half),
		cmocka_unit_test(test_v3_irouter_no_such_vcpu),
		cmocka_unit_test(test_v2_dist_disabled_forwards_no_pending),
		cmocka_unit_test(test_v2_disabled_keeps_pending),
		cmocka_unit_test(test_typer_lines),
		cmocka_unit_test(test_wfi_wakes_only_for_signalled),
		cmocka_unit_test(test_sgi_resent_while_in_lr),
		cmocka_unit_test(test_v3_aprs_round_trip),
		cmocka_unit_test(test_hw_linked_set_pending_active_refused),
		cmocka_unit_test(test_v2_gicv_smaller_than_gicc_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
