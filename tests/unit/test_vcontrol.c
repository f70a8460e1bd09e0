/* common/vcontrol.c: the control page driven through its register table
 * (include/public/bulkhead_control.h) with 32-bit accesses, as bhctl does.
 * The domain operations it calls are stubs that record. */
#include "unit.h"
#include <bulkhead/console.h>
#include <bulkhead/domain.h>
#include <bulkhead/log.h>
#include <bulkhead/log_limit.h>
#include <bulkhead/vcpu_sched.h>
#include <bulkhead/vmmio.h>
#include <public/bulkhead_control.h>

/* The domains and the operations vcontrol.c calls: stubs that record. */
#include "shim_log.h"
#include "shim_vcontrol.h"

/* ---- helpers ----------------------------------------------------------- */

static u32 rd(int dom, u32 off)
{
	const struct mmio_reg *r = vmmio_find(dev, off, 4);
	if (!r)
		fail_msg("no register at 0x%x", off);
	return r->read ? (u32)r->read(NULL, privs[dom], r->arg, off - r->off, 4) : 0;
}

static void wr(int dom, u32 off, u32 val)
{
	const struct mmio_reg *r = vmmio_find(dev, off, 4);
	if (!r)
		fail_msg("no register at 0x%x", off);
	if (r->write)
		r->write(NULL, privs[dom], r->arg, off - r->off, 4, val);
}

/* Bytes into the buffer, a word at a time, as bhctl writes them. */
static void put(int dom, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i += 4) {
		u32 w = 0;
		for (size_t k = 0; k < 4 && i + k < n; k++)
			w |= (u32)(unsigned char)s[i + k] << (8 * k);
		wr(dom, BH_CTL_BUF + (u32)i, w);
	}
}

static void name(int dom, const char *s) { put(dom, s, strlen(s) + 1); }

static s32 cmd(int dom, u32 c)
{
	wr(dom, BH_CTL_REG_CMD, c);
	return (s32)rd(dom, BH_CTL_REG_STATUS);
}

/* The text a command left, read back a word at a time. */
static const char *output(int dom)
{
	static char buf[BH_CTL_BUF_SIZE + 1];
	u32 len = rd(dom, BH_CTL_REG_LEN);
	assert_true(len < BH_CTL_BUF_SIZE);
	for (u32 i = 0; i < len; i += 4) {
		u32 w = rd(dom, BH_CTL_BUF + i);
		memcpy(buf + i, &w, 4);
	}
	buf[len] = 0;
	return buf;
}

static int setup(void **state)
{
	(void)state;
	assert_int_equal(shim_vcontrol_setup(), 0);
	return 0;
}

/* ---- tests -------------------------------------------------------------- */

TEST(test_identity)
{
	assert_int_equal(rd(1, BH_CTL_REG_MAGIC), BH_CTL_MAGIC);
	assert_int_equal(rd(1, BH_CTL_REG_VERSION), BH_CTL_VERSION);
	assert_null(vmmio_find(dev, BH_CTL_REG_MAGIC, 8)); /* 32-bit accesses only */
}

TEST(test_without_control_everything_is_refused)
{
	for (u32 c = BH_CTL_LIST; c <= BH_CTL_STATS; c++) {
		name(1, "dom0");
		assert_int_equal(cmd(1, c), BH_CTL_EPERM);
		assert_int_equal(rd(1, BH_CTL_REG_LEN), 0);
	}
	assert_null(stopped);
	assert_null(paused);
	assert_true(logged_once > 0);
	assert_int_equal(domain_ops, 0);
}

TEST(test_list)
{
	assert_int_equal(cmd(0, BH_CTL_LIST), BH_CTL_OK);
	assert_string_equal(output(0), "dom0 0 running 1 256 Pool-0 rtds 10000 4000 0 1 0\n"
				       "cluster 1 running 2 512 solo null 10000 4000 2 4 1\n");
}

TEST(test_restart_and_shutdown_by_name)
{
	name(0, "cluster");
	assert_int_equal(cmd(0, BH_CTL_RESTART), BH_CTL_OK);
	assert_ptr_equal(stopped, &doms[1]);
	assert_true(stop_restart);
	assert_string_equal(stop_by, "dom0");
	name(0, "dom0");
	assert_int_equal(cmd(0, BH_CTL_SHUTDOWN), BH_CTL_OK);
	assert_ptr_equal(stopped, &doms[0]);
	assert_false(stop_restart);
}

TEST(test_unknown_names_and_commands)
{
	name(0, "nosuch");
	assert_int_equal(cmd(0, BH_CTL_RESTART), BH_CTL_ENOENT);
	name(0, "cluste"); /* a prefix is no match */
	assert_int_equal(cmd(0, BH_CTL_PAUSE), BH_CTL_ENOENT);
	assert_int_equal(cmd(0, 0), BH_CTL_EINVAL);
	assert_int_equal(cmd(0, 99), BH_CTL_EINVAL);
	assert_null(stopped);
}

TEST(test_name_without_terminator_stays_in_the_buffer)
{
	static char full[BH_CTL_BUF_SIZE];
	memset(full, 'a', sizeof(full));
	put(0, full, sizeof(full));
	assert_int_equal(cmd(0, BH_CTL_RESTART), BH_CTL_ENOENT);
	assert_null(stopped);
}

TEST(test_pause)
{
	name(0, "dom0");
	assert_int_equal(cmd(0, BH_CTL_PAUSE), BH_CTL_EINVAL); /* nobody would unpause it */
	name(0, "cluster");
	assert_int_equal(cmd(0, BH_CTL_UNPAUSE), BH_CTL_EBUSY); /* not paused */
	assert_int_equal(cmd(0, BH_CTL_PAUSE), BH_CTL_OK);
	assert_ptr_equal(paused, &doms[1]);
	assert_int_equal(cmd(0, BH_CTL_UNPAUSE), BH_CTL_OK);
}

TEST(test_sched_arguments_and_refusal)
{
	name(0, "cluster");
	wr(0, BH_CTL_REG_ARG0, 20000);
	wr(0, BH_CTL_REG_ARG1, 5000);
	assert_int_equal(rd(0, BH_CTL_REG_ARG1), 5000);
	assert_int_equal(cmd(0, BH_CTL_SCHED), BH_CTL_OK);
	assert_int_equal(rtds_period, 20000);
	assert_int_equal(rtds_budget, 5000);
	rtds_rc = -E_RANGE;
	assert_int_equal(cmd(0, BH_CTL_SCHED), BH_CTL_EBUSY);
	assert_string_equal(output(0), "utilisation 2.500 exceeds its 2 pCPUs\n");
	rtds_rc = -E_INVAL;
	name(0, "cluster"); /* the reason's text took the buffer */
	assert_int_equal(cmd(0, BH_CTL_SCHED), BH_CTL_EINVAL);
}

/* A control domain that sets budgets in a loop: each request is still
 * served, but its log lines are limited (log_limit.c). */
TEST(test_sched_requests_logged_within_a_limit)
{
	log_limit_reset();
	shim_now_ns = 1000000000;
	shim_log_reset();
	for (int i = 0; i < 1000; i++) {
		name(0, "cluster");
		wr(0, BH_CTL_REG_ARG0, 20000);
		wr(0, BH_CTL_REG_ARG1, 5000);
		assert_int_equal(cmd(0, BH_CTL_SCHED), BH_CTL_OK);
	}
	assert_int_equal(shim_nlogged, LOG_LIMIT_BURST);
	assert_string_equal(shim_logged, "domain cluster: rtds 20000/5000 us (asked by dom0)");
}

TEST(test_log_is_the_tail_within_the_buffer)
{
	static char big[3 * BH_CTL_BUF_SIZE];
	for (size_t i = 0; i < sizeof(big) - 1; i++)
		big[i] = (char)('a' + i % 26);
	big[sizeof(big) - 1] = 0;
	history_text = big;
	assert_int_equal(cmd(0, BH_CTL_LOG), BH_CTL_OK);
	assert_int_equal(rd(0, BH_CTL_REG_LEN), BH_CTL_BUF_SIZE - 1);
	assert_string_equal(output(0), big + strlen(big) - (BH_CTL_BUF_SIZE - 1));
}

TEST(test_stats)
{
	doms[1].vcpus[1].online = true;
	assert_int_equal(cmd(0, BH_CTL_STATS), BH_CTL_OK);
	assert_string_equal(output(0), "dom0.0 Pool-0 rtds off 1 0\n"
				       "cluster.0 solo null off 1 0\n"
				       "cluster.1 solo null waiting 3 1\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_identity, setup),
		cmocka_unit_test_setup(test_without_control_everything_is_refused, setup),
		cmocka_unit_test_setup(test_list, setup),
		cmocka_unit_test_setup(test_restart_and_shutdown_by_name, setup),
		cmocka_unit_test_setup(test_unknown_names_and_commands, setup),
		cmocka_unit_test_setup(test_name_without_terminator_stays_in_the_buffer, setup),
		cmocka_unit_test_setup(test_pause, setup),
		cmocka_unit_test_setup(test_sched_arguments_and_refusal, setup),
		cmocka_unit_test_setup(test_sched_requests_logged_within_a_limit, setup),
		cmocka_unit_test_setup(test_log_is_the_tail_within_the_buffer, setup),
		cmocka_unit_test_setup(test_stats, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
