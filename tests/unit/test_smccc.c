/* arch/arm/smccc.c and arch/arm/psci_guest.c: the guest's SMCCC and PSCI
 * calls through smccc_dispatch(), on a 4-vCPU domain whose scheduler calls
 * record (tests/unit/shim_psci.h). */
#include "unit.h"
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/psci.h>
#include <bulkhead/smccc.h>
#include <bulkhead/vcpu_sched.h>

#define SHIM_CHECK(cond) assert_true(cond)
#include "shim_psci.h"

#define SMCCC_VERSION	0x80000000U
#define PSCI_FEATURES	0x8400000aU
#define CPU_ON64	0xc4000003U
#define CPU_OFF		0x84000002U
#define AFFINITY_INFO64 0xc4000004U
#define CPU_ON32	0x84000003U
#define PSCI_VERSION	0x84000000U
#define SVC_MODE	0x1d3 /* an AArch32 PSR: M[4] set, SVC, A/I/F masked */
#define RAM_SIZE	(16 * DOMAIN_RAM_BLOCK)

static u64 ret[4];

static u64 call(unsigned int vcpu, u64 fid, u64 a0, u64 a1, u64 a2)
{
	const u64 args[3] = {a0, a1, a2};
	smccc_dispatch(&shim_psci_dom.vcpus[vcpu], fid, args, ret);
	return ret[0];
}

static int setup(void **state)
{
	(void)state;
	shim_psci_reset(4, GUEST_RAM_BASE, RAM_SIZE);
	shim_psci_dom.vcpus[0].online = true;
	return 0;
}

/* Regression (fuzz_smccc): PSCI_FEATURES(SMCCC_VERSION) said NOT_SUPPORTED,
 * so guests that look there first (Linux's psci_init_smccc()) took SMCCC to
 * be 1.0 and never called SMCCC_VERSION. */
TEST(test_features_smccc_version)
{
	assert_int_equal(call(0, PSCI_FEATURES, SMCCC_VERSION, 0, 0), 0);
	assert_int_equal(call(0, SMCCC_VERSION, 0, 0, 0), 0x10001);
	assert_int_equal(call(0, PSCI_FEATURES, CPU_ON64, 0, 0), 0);
	assert_int_equal((s64)call(0, PSCI_FEATURES, 0x8400000eU, 0, 0), PSCI_NOT_SUPPORTED);
}

TEST(test_cpu_on_once)
{
	u64 entry = GUEST_RAM_BASE + 0x1000;

	assert_int_equal(call(0, CPU_ON64, 2, entry, 0x1234), PSCI_SUCCESS);
	assert_true(shim_psci_dom.vcpus[2].on_request);
	assert_int_equal(shim_psci_dom.vcpus[2].on_entry, entry);
	assert_int_equal(shim_psci_dom.vcpus[2].on_context, 0x1234);
	assert_int_equal(shim_kicks[2], 1);
	assert_int_equal(call(0, AFFINITY_INFO64, 2, 0, 0), 2); /* ON_PENDING */
	assert_int_equal((s64)call(0, CPU_ON64, 2, entry, 0), PSCI_ON_PENDING);
	assert_int_equal(shim_kicks[2], 1);
	assert_int_equal((s64)call(0, CPU_ON64, 0, entry, 0), PSCI_ALREADY_ON);
	assert_int_equal((s64)call(0, CPU_ON64, 4, entry, 0), PSCI_INVALID_PARAMS);
	assert_int_equal((s64)call(0, CPU_ON64, 0x100, entry, 0), PSCI_INVALID_PARAMS);
	assert_int_equal((s64)call(0, CPU_ON64, 1, GUEST_RAM_BASE + RAM_SIZE, 0),
			 PSCI_INVALID_ADDR);
	assert_int_equal((s64)call(0, CPU_ON64, 1, entry + 2, 0), PSCI_INVALID_ADDR);
	assert_false(shim_psci_dom.vcpus[1].on_request);
}

TEST(test_cpu_off_then_on)
{
	shim_psci_dom.vcpus[1].online = true;
	call(1, CPU_OFF, 0, 0, 0);
	assert_false(shim_psci_dom.vcpus[1].online);
	assert_int_equal(call(0, AFFINITY_INFO64, 1, 0, 0), 1); /* OFF */
	assert_int_equal(call(0, CPU_ON64, 1, GUEST_RAM_BASE, 7), PSCI_SUCCESS);
}

TEST(test_upper_fid_bits)
{
	assert_int_equal(call(0, (1ULL << 32) | SMCCC_VERSION, 0, 0, 0), SMCCC_NOT_SUPPORTED);
	assert_int_equal(call(0, 0x86000000U, 0, 0, 0), SMCCC_NOT_SUPPORTED);
	assert_int_equal(ret[1] | ret[2] | ret[3], 0);
}

/* smccc_handle from AArch32 (HVC32): r0-r3 are the low halves of X0-X3,
 * whose upper halves are UNKNOWN; the results leave them clear. */
TEST(test_aarch32_registers)
{
	struct vcpu *v = &shim_psci_dom.vcpus[0];

	shim_psci_dom.aarch32 = true;
	v->arch.regs.pstate = SVC_MODE;
	v->arch.regs.x[0] = 0xdead000000000000ULL | PSCI_VERSION;
	smccc_handle(v);
	assert_int_equal(v->arch.regs.x[0], 0x10001);
	/* NOT_SUPPORTED is r0 = 0xffffffff, not a 64-bit -1. */
	v->arch.regs.x[0] = 0x8400000eU;
	v->arch.regs.x[1] = 0xffffffff00000000ULL;
	smccc_handle(v);
	assert_int_equal(v->arch.regs.x[0], 0xffffffffULL);
	assert_int_equal(v->arch.regs.x[1], 0);
	/* SMC64 function IDs are AArch64's: not from AArch32, even known ones. */
	v->arch.regs.x[0] = CPU_ON64;
	v->arch.regs.x[1] = 1;
	v->arch.regs.x[2] = GUEST_RAM_BASE;
	smccc_handle(v);
	assert_int_equal(v->arch.regs.x[0], 0xffffffffULL);
	assert_false(shim_psci_dom.vcpus[1].on_request);
	/* CPU_ON32 with upper garbage in the entry point's X register. */
	v->arch.regs.x[0] = CPU_ON32;
	v->arch.regs.x[1] = 0xffffffff00000001ULL;
	v->arch.regs.x[2] = 0x1234567800000000ULL | (GUEST_RAM_BASE + 0x100);
	v->arch.regs.x[3] = 0xabcd00000000ULL | 42;
	smccc_handle(v);
	assert_int_equal(v->arch.regs.x[0], PSCI_SUCCESS);
	assert_int_equal(shim_psci_dom.vcpus[1].on_entry, GUEST_RAM_BASE + 0x100);
	assert_int_equal(shim_psci_dom.vcpus[1].on_context, 42);
}

/* CPU_ON for a 32-bit guest: bit 0 of the entry point selects T32 and is
 * kept for the vCPU's reset; A32 entry points are word-aligned. */
TEST(test_aarch32_cpu_on_thumb)
{
	u64 entry = GUEST_RAM_BASE + 0x1002;

	shim_psci_dom.aarch32 = true;
	assert_int_equal((s64)call(0, CPU_ON32, 1, entry, 0), PSCI_INVALID_ADDR);
	assert_int_equal(call(0, CPU_ON32, 1, entry | 1, 0), PSCI_SUCCESS);
	assert_int_equal(shim_psci_dom.vcpus[1].on_entry, entry | 1);
	assert_false(shim_psci_dom.vcpus[1].on_boot);
	/* A 64-bit guest has no T32 entry points. */
	shim_psci_dom.aarch32 = false;
	assert_int_equal((s64)call(0, CPU_ON64, 2, entry | 1, 0), PSCI_INVALID_ADDR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_features_smccc_version, setup),
		cmocka_unit_test_setup(test_cpu_on_once, setup),
		cmocka_unit_test_setup(test_cpu_off_then_on, setup),
		cmocka_unit_test_setup(test_upper_fid_bits, setup),
		cmocka_unit_test_setup(test_aarch32_registers, setup),
		cmocka_unit_test_setup(test_aarch32_cpu_on_thumb, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
