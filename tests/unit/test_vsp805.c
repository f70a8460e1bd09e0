/* common/vsp805.c: the SP805 register model, driven through its MMIO table
 * (vmmio_find and the handlers) with a fake clock. The timer event and the
 * vGIC line are stubs that record; the clock advances in run_to(), which
 * fires the armed event at its deadline as the EL2 timer would. */
#include "unit.h"
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/timer.h>
#include <bulkhead/vmmio.h>
#include <bulkhead/vsp805.h>
#include <arch/vgic.h>

#define US	   1000ULL /* ns */
#define MS	   (1000 * US)
#define T0	   (5 * MS) /* the domain starts here */
#define TIMEOUT_MS 2000
#define LOAD	   (TIMEOUT_MS * 1000 / 2 - 1) /* what Linux would program */
#define R_LOAD	   0x000
#define R_VALUE	   0x004
#define R_CONTROL  0x008
#define R_INTCLR   0x00c
#define R_RIS	   0x010
#define R_MIS	   0x014
#define R_LOCK	   0xc00
#define R_ITCR	   0xf00
#define R_ITOP	   0xf04
#define UNLOCK	   0x1acce551u
#define INTEN	   1u
#define RESEN	   2u
#define ZERO1	   (T0 + (u64)LOAD * US)	 /* first zero: the interrupt */
#define ZERO2	   (T0 + (2ULL * LOAD + 1) * US) /* second zero: the reset */
#define WDOG_INTID (32 + GUEST_WDOG_SPI)

/* The clock, the timer event, the vGIC line and domain_crash(). */
#define SHIM_CHECK(cond) assert_true(cond)
#include "shim_vsp805.h"

/* ---- helpers ----------------------------------------------------------- */

static u32 rd(u32 off)
{
	const struct mmio_reg *r = vmmio_find(&vsp805_dev, off, 4);
	if (!r)
		fail_msg("no register at 0x%x", off);
	return r->read ? (u32)r->read(NULL, dom.wdog, r->arg, off - r->off, 4) : 0;
}

static void wr(u32 off, u32 val)
{
	const struct mmio_reg *r = vmmio_find(&vsp805_dev, off, 4);
	if (!r)
		fail_msg("no register at 0x%x", off);
	if (r->write)
		r->write(NULL, dom.wdog, r->arg, off - r->off, 4, val);
}

/* A domain with bulkhead,watchdog = <2000>, started at T0. */
static int setup(void **state)
{
	(void)state;
	shim_vsp805_reset();
	dom.wdog = vsp805_create(&dom, TIMEOUT_MS);
	assert_non_null(dom.wdog);
	now = T0;
	vsp805_start(dom.wdog);
	return 0;
}

/* ---- the tests ----------------------------------------------------------- */

TEST(test_region_and_ids)
{
	static const u8 ids[8] = {0x05, 0x18, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
	u32 periphid = 0;

	assert_int_equal(dom.nmmio, 1);
	assert_int_equal(dom.mmio[0].base, GUEST_WDOG_BASE);
	assert_int_equal(dom.mmio[0].size, 0x1000);
	assert_ptr_equal(dom.mmio[0].dev, &vsp805_dev);
	for (u32 i = 0; i < 8; i++)
		assert_int_equal(rd(0xfe0 + 4 * i), ids[i]);
	for (u32 i = 0; i < 4; i++)
		periphid |= rd(0xfe0 + 4 * i) << (8 * i);
	assert_int_equal(periphid & 0x00ffffff, 0x00141805); /* Linux's amba_id */
	/* A 32-bit APB slave: no byte or halfword accesses; reserved space is
	 * left to the region's RAZ/WI. */
	assert_null(vmmio_find(&vsp805_dev, R_LOAD, 1));
	assert_null(vmmio_find(&vsp805_dev, R_CONTROL, 2));
	assert_null(vmmio_find(&vsp805_dev, 0x018, 4));
	assert_true(vsp805_dev.raz_wi_miss);
	wr(0xfe0, 0x99); /* read only */
	assert_int_equal(rd(0xfe0), 0x05);
}

/* Started as firmware would leave it: running, reset armed, locked. */
TEST(test_started_running)
{
	assert_int_equal(rd(R_CONTROL), INTEN | RESEN);
	assert_int_equal(rd(R_LOAD), LOAD);
	assert_int_equal(rd(R_VALUE), LOAD);
	assert_int_equal(rd(R_LOCK), 1);
	assert_int_equal(rd(R_RIS), 0);
	assert_int_equal(rd(R_MIS), 0);
	assert_int_equal(rd(R_ITCR), 0);
	assert_int_equal(irq_intid, 39);
	assert_false(irq_level);
	assert_int_equal(deadline(), ZERO1);
}

TEST(test_lock)
{
	wr(R_LOAD, 1234); /* locked: ignored */
	wr(R_CONTROL, 0);
	wr(R_INTCLR, 1);
	assert_int_equal(rd(R_LOAD), LOAD);
	assert_int_equal(rd(R_CONTROL), INTEN | RESEN);
	wr(R_LOCK, UNLOCK);
	assert_int_equal(rd(R_LOCK), 0);
	wr(R_LOAD, 1234);
	assert_int_equal(rd(R_LOAD), 1234);
	wr(R_LOCK, UNLOCK + 1); /* anything else locks */
	assert_int_equal(rd(R_LOCK), 1);
	wr(R_LOAD, 99);
	assert_int_equal(rd(R_LOAD), 1234);
	wr(R_LOCK, 0);
	assert_int_equal(rd(R_LOCK), 1);
}

TEST(test_countdown)
{
	run_to(T0 + 1 * US);
	assert_int_equal(rd(R_VALUE), LOAD - 1);
	run_to(T0 + 1500 * US + 999); /* partial ticks do not count */
	assert_int_equal(rd(R_VALUE), LOAD - 1500);
	run_to(ZERO1 - US);
	assert_int_equal(rd(R_VALUE), 1);
	assert_int_equal(rd(R_RIS), 0);
	assert_false(irq_level);
}

/* Interrupt at the first zero, reload one clock later, reset at the second
 * zero with the interrupt still set: after timeout_ms, give or take a clock. */
TEST(test_interrupt_then_reset)
{
	run_to(ZERO1);
	assert_int_equal(rd(R_RIS), 1);
	assert_int_equal(rd(R_MIS), 1);
	assert_true(irq_level);
	assert_int_equal(rd(R_VALUE), 0);
	assert_int_equal(crashes, 0);
	run_to(ZERO1 + US);
	assert_int_equal(rd(R_VALUE), LOAD);
	assert_int_equal(deadline(), ZERO2);
	run_to(ZERO2 - 1);
	assert_int_equal(crashes, 0);
	run_to(ZERO2);
	assert_int_equal(crashes, 1);
	assert_non_null(strstr(crash_why, "watchdog"));
	assert_int_equal(deadline(), NOT_ARMED);
	assert_int_equal(ZERO2 - T0, TIMEOUT_MS * MS - US);
	run_to(ZERO2 + 10ULL * TIMEOUT_MS * MS);
	assert_int_equal(crashes, 1);

	/* A restarted domain gets a fresh, running watchdog. */
	vsp805_start(dom.wdog);
	assert_int_equal(rd(R_RIS), 0);
	assert_false(irq_level);
	assert_int_equal(rd(R_VALUE), LOAD);
	run_to(now + TIMEOUT_MS * MS);
	assert_int_equal(crashes, 2);
}

/* Linux's ping: unlock, WdogLoad, WdogIntClr, lock; every timeout / 2. */
TEST(test_petting_prevents_reset)
{
	for (int i = 0; i < 20; i++) {
		run_to(now + TIMEOUT_MS / 2 * MS - 100 * US);
		wr(R_LOCK, UNLOCK);
		wr(R_LOAD, LOAD);
		wr(R_INTCLR, 1);
		wr(R_LOCK, 1);
		assert_int_equal(rd(R_VALUE), LOAD);
	}
	assert_int_equal(crashes, 0);
	assert_int_equal(rd(R_RIS), 0);
	/* Petting late, after the interrupt: IntClr still saves it. */
	for (int i = 0; i < 5; i++) {
		run_to(now + TIMEOUT_MS / 2 * MS + 200 * MS);
		assert_int_equal(rd(R_RIS), 1);
		assert_true(irq_level);
		wr(R_LOCK, UNLOCK);
		wr(R_INTCLR, 0);
		assert_int_equal(rd(R_RIS), 0);
		assert_false(irq_level);
		assert_int_equal(rd(R_VALUE), LOAD);
	}
	run_to(now + TIMEOUT_MS * MS - 2 * US);
	assert_int_equal(crashes, 0);
	run_to(now + 2 * US);
	assert_int_equal(crashes, 1);
}

/* WdogLoad restarts the count but leaves the interrupt set: the next zero
 * resets. */
TEST(test_load_without_intclr)
{
	wr(R_LOCK, UNLOCK);
	run_to(ZERO1 + 10 * US);
	assert_int_equal(rd(R_RIS), 1);
	wr(R_LOAD, 1000); /* 1 ms */
	assert_int_equal(rd(R_VALUE), 1000);
	assert_int_equal(rd(R_RIS), 1);
	run_to(now + 1000 * US - 1);
	assert_int_equal(crashes, 0);
	run_to(now + 1);
	assert_int_equal(crashes, 1);
}

TEST(test_inten_off_stops)
{
	wr(R_LOCK, UNLOCK);
	run_to(T0 + 300 * MS);
	wr(R_CONTROL, RESEN);
	assert_int_equal(deadline(), NOT_ARMED);
	assert_int_equal(rd(R_VALUE), LOAD - 300000);
	run_to(now + 100ULL * TIMEOUT_MS * MS);
	assert_int_equal(crashes, 0);
	assert_int_equal(rd(R_VALUE), LOAD - 300000);
	assert_int_equal(rd(R_RIS), 0);
	/* Enabling again reloads from WdogLoad, not the held value. */
	wr(R_CONTROL, INTEN | RESEN);
	assert_int_equal(rd(R_VALUE), LOAD);
	run_to(now + TIMEOUT_MS * MS);
	assert_int_equal(crashes, 1);
}

/* Without RESEN the interrupt stays set and the counter keeps wrapping. */
TEST(test_no_resen)
{
	wr(R_LOCK, UNLOCK);
	wr(R_CONTROL, INTEN);
	run_to(T0 + 10ULL * TIMEOUT_MS * MS);
	assert_int_equal(crashes, 0);
	assert_int_equal(rd(R_RIS), 1);
	assert_true(irq_level);
	assert_int_equal(deadline(), NOT_ARMED);
	/* 20 periods of LOAD + 1 clocks: back at the start of one. */
	assert_int_equal(rd(R_VALUE), LOAD);
	run_to(now + 7 * US);
	assert_int_equal(rd(R_VALUE), LOAD - 7);
	/* MIS follows INTEN, RIS does not. */
	wr(R_CONTROL, 0);
	assert_int_equal(rd(R_RIS), 1);
	assert_int_equal(rd(R_MIS), 0);
	assert_false(irq_level);
}

/* WdogLoad = 0: the interrupt at once, the reset one clock later (Linux's
 * restart handler relies on this). */
TEST(test_load_zero)
{
	wr(R_LOCK, UNLOCK);
	run_to(T0 + 10 * MS);
	wr(R_LOAD, 0);
	assert_int_equal(rd(R_RIS), 1);
	assert_true(irq_level);
	assert_int_equal(crashes, 0);
	run_to(now + US);
	assert_int_equal(crashes, 1);
}

/* A timer event that comes late: a register read already shows what the
 * counter did. */
TEST(test_late_event)
{
	now = ZERO1 + 3 * US; /* the event has not fired */
	assert_int_equal(rd(R_RIS), 1);
	assert_true(irq_level);
	assert_int_equal(rd(R_VALUE), LOAD - 2);
	now = ZERO2 + 5 * US;
	assert_int_equal(rd(R_VALUE), 0);
	assert_int_equal(crashes, 1);
}

TEST(test_stop)
{
	struct timer_event *ev = event;

	vsp805_stop(dom.wdog);
	assert_int_equal(deadline(), NOT_ARMED);
	assert_false(irq_level);
	/* An event already on its way when it was stopped does nothing. */
	now = ZERO2 + MS;
	ev->fn(ev);
	assert_int_equal(crashes, 0);
	run_to(now + 10ULL * TIMEOUT_MS * MS);
	assert_int_equal(crashes, 0);
}

/* Integration test mode: WdogITOP drives the outputs instead. */
TEST(test_integration_test_mode)
{
	wr(R_LOCK, UNLOCK);
	wr(R_ITCR, 1);
	assert_int_equal(rd(R_ITCR), 1);
	wr(R_ITOP, 2); /* WDOGINT */
	assert_true(irq_level);
	wr(R_ITOP, 0);
	assert_false(irq_level);
	run_to(ZERO2 + MS); /* the counter's reset is not connected */
	assert_int_equal(crashes, 0);
	wr(R_ITOP, 1); /* WDOGRES */
	assert_int_equal(crashes, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_region_and_ids, setup),
		cmocka_unit_test_setup(test_started_running, setup),
		cmocka_unit_test_setup(test_lock, setup),
		cmocka_unit_test_setup(test_countdown, setup),
		cmocka_unit_test_setup(test_interrupt_then_reset, setup),
		cmocka_unit_test_setup(test_petting_prevents_reset, setup),
		cmocka_unit_test_setup(test_load_without_intclr, setup),
		cmocka_unit_test_setup(test_inten_off_stops, setup),
		cmocka_unit_test_setup(test_no_resen, setup),
		cmocka_unit_test_setup(test_load_zero, setup),
		cmocka_unit_test_setup(test_late_event, setup),
		cmocka_unit_test_setup(test_stop, setup),
		cmocka_unit_test_setup(test_integration_test_mode, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
