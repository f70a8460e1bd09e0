/* <arch/mmio_decode.h>: stage-2 data abort syndromes (ESR_EL2 ISS, ARM ARM
 * D13.2.37) decoded into MMIO accesses, and the register values they move. */
#include "unit.h"
#include <bulkhead/domain.h>
#include <bulkhead/vmmio.h>
#include <arch/mmio_decode.h>

#define DEV_BASE 0x0a000000ULL

/* ESR_EL2 of a data abort from a lower EL (EC 0x24, IL 1) with a valid
 * syndrome: access size 1 << sas bytes, register rt. */
static u64 esr_of(unsigned int sas, unsigned int rt, bool write, bool sse, bool sf)
{
	return 0x24ULL << 26 | 1ULL << 25 | 1ULL << 24 | (u64)sas << 22 | (u64)sse << 21 |
	       (u64)rt << 16 | (u64)sf << 15 | (u64)write << 6 | 0x06; /* level 2 translation */
}

static u64 hpfar_of(u64 ipa) { return ipa >> 12 << 4; }

static struct domain dom;
static u64 dev_val;
static unsigned int dev_len, dev_writes;

static u64 dev_rd(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)dev, (void)arg, (void)off, (void)len;
	return dev_val;
}

static void dev_wr(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	(void)v, (void)dev, (void)arg, (void)off;
	dev_val = val;
	dev_len = len;
	dev_writes++;
}

static const struct mmio_reg dev_regs[] = {
	{0, 0x1000, MMIO_W8 | MMIO_W16 | MMIO_W32 | MMIO_W64, 0, dev_rd, dev_wr},
};
static const struct mmio_device dev = {"test", dev_regs, 1, NULL, false};

static int setup(void **state)
{
	(void)state;
	memset(&dom, 0, sizeof(dom));
	dom.nvcpus = 1;
	dom.vcpus[0].dom = &dom;
	assert_int_equal(vmmio_add(&dom, DEV_BASE, 0x1000, &dev, &dom), 0);
	dev_val = 0;
	dev_len = dev_writes = 0;
	return 0;
}

/* Decodes and emulates the access at DEV_BASE + off; vCPU 0's X registers. */
static void emulate(u64 esr, u64 off)
{
	struct mmio_access a;
	assert_true(mmio_decode_dabt(esr, 0xffff000012345000ULL | off, hpfar_of(DEV_BASE), &a));
	assert_true(mmio_emulate(&dom.vcpus[0], &a));
}

TEST(test_widths)
{
	for (unsigned int sas = 0; sas < 4; sas++) {
		struct mmio_access a;
		assert_true(mmio_decode_dabt(esr_of(sas, 3, sas & 1, false, true), 0x8,
					     hpfar_of(DEV_BASE), &a));
		assert_int_equal(a.len, 1u << sas);
		assert_int_equal(a.rt, 3);
		assert_int_equal(a.write, sas & 1);
		assert_int_equal(a.ipa, DEV_BASE + 8);
	}
}

/* LDR and STR of each width through X1 and W1. */
TEST(test_ldr_str)
{
	dom.vcpus[0].arch.regs.x[1] = 0x1122334455667788ULL;
	emulate(esr_of(3, 1, true, false, true), 0); /* STR X1 */
	assert_int_equal(dev_val, 0x1122334455667788ULL);
	assert_int_equal(dev_len, 8);
	dev_val = 0xa1a2a3a4a5a6a7a8ULL;
	emulate(esr_of(3, 1, false, false, true), 0); /* LDR X1 */
	assert_int_equal(dom.vcpus[0].arch.regs.x[1], 0xa1a2a3a4a5a6a7a8ULL);
	emulate(esr_of(2, 1, false, false, false), 0); /* LDR W1: upper half zeroed */
	assert_int_equal(dom.vcpus[0].arch.regs.x[1], 0xa5a6a7a8ULL);
	emulate(esr_of(1, 1, false, false, false), 2); /* LDRH W1 */
	assert_int_equal(dom.vcpus[0].arch.regs.x[1], 0xa7a8ULL);
	emulate(esr_of(0, 1, false, false, false), 1); /* LDRB W1 */
	assert_int_equal(dom.vcpus[0].arch.regs.x[1], 0xa8ULL);
}

/* Regression: a store narrower than the register gave the device the whole
 * X register (STR W1 of X1 = 0x1_0000_0005 wrote Aff3 1 into a GICv3
 * IROUTER); the device gets only the access's bytes. */
TEST(test_store_width)
{
	dom.vcpus[0].arch.regs.x[1] = 0x1122334455667788ULL;
	emulate(esr_of(0, 1, true, false, false), 0); /* STRB W1 */
	assert_int_equal(dev_val, 0x88);
	assert_int_equal(dev_len, 1);
	emulate(esr_of(1, 1, true, false, false), 0); /* STRH W1 */
	assert_int_equal(dev_val, 0x7788);
	emulate(esr_of(2, 1, true, false, false), 0); /* STR W1 */
	assert_int_equal(dev_val, 0x55667788);
}

/* SSE: LDRSB/LDRSH/LDRSW sign-extend to 64 bits, or to 32 into a W register. */
TEST(test_sign_extension)
{
	struct vcpu_regs *r = &dom.vcpus[0].arch.regs;
	dev_val = 0xfedcba9876543280ULL; /* the device's bits past the width are dropped */
	emulate(esr_of(0, 2, false, true, true), 0); /* LDRSB X2 */
	assert_int_equal(r->x[2], 0xffffffffffffff80ULL);
	emulate(esr_of(0, 2, false, true, false), 0); /* LDRSB W2 */
	assert_int_equal(r->x[2], 0xffffff80ULL);
	emulate(esr_of(1, 2, false, true, true), 0); /* LDRSH X2 of 0x3280: positive */
	assert_int_equal(r->x[2], 0x3280ULL);
	dev_val = 0x80000000ULL;
	emulate(esr_of(2, 2, false, true, true), 0); /* LDRSW X2 */
	assert_int_equal(r->x[2], 0xffffffff80000000ULL);
	emulate(esr_of(2, 2, false, false, true), 0); /* no SSE: zero-extended */
	assert_int_equal(r->x[2], 0x80000000ULL);
}

/* Register 31 is XZR/WZR for loads and stores, not SP. */
TEST(test_xzr)
{
	struct vcpu_regs *r = &dom.vcpus[0].arch.regs;
	r->sp_el0 = 0x1234;
	dev_val = 0x55;
	emulate(esr_of(3, 31, true, false, true), 0); /* STR XZR */
	assert_int_equal(dev_val, 0);
	assert_int_equal(dev_writes, 1);
	dev_val = 0x55;
	emulate(esr_of(3, 31, false, false, true), 0); /* LDR XZR: read, discarded */
	for (unsigned int i = 0; i < 31; i++)
		assert_int_equal(r->x[i], 0);
	assert_int_equal(r->sp_el0, 0x1234);
}

/* What cannot be emulated: no valid syndrome (ISV 0), another exception
 * class, FAR not valid, an external abort, cache maintenance, a stage 1
 * table walk, FEAT_NV2's VNCR page, 8 bytes through a W register. */
TEST(test_refused)
{
	u64 good = esr_of(2, 0, false, false, true);
	const u64 bad[] = {good & ~(1ULL << 24), (good & ~(0x3fULL << 26)) | 0x25ULL << 26,
			   good | 1ULL << 10,	 good | 1ULL << 9,
			   good | 1ULL << 8,	 good | 1ULL << 7,
			   good | 1ULL << 13,	 esr_of(3, 0, false, false, false)};
	struct mmio_access a;
	assert_true(mmio_decode_dabt(good, 0, hpfar_of(DEV_BASE), &a));
	assert_true(mmio_decode_dabt(good | 1ULL << 14, 0, hpfar_of(DEV_BASE), &a)); /* AR */
	assert_null(a.why);
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_false(mmio_decode_dabt(bad[i], 0x10, hpfar_of(DEV_BASE), &a));
		assert_int_equal(a.ipa, DEV_BASE + 0x10); /* still known, for the abort */
		assert_non_null(a.why);			  /* and the reason, for the log */
	}
	assert_false(mmio_decode_dabt(good | 1ULL << 8, 0, hpfar_of(DEV_BASE), &a));
	assert_true(a.cm);
	assert_string_equal(a.why, "cache maintenance outside its memory at");
	assert_false(
		mmio_decode_dabt(esr_of(3, 0, false, false, false), 0, hpfar_of(DEV_BASE), &a));
	assert_string_equal(a.why, "8-byte access through a W register at");
	/* Write, from WnR, also without a valid syndrome. */
	assert_false(mmio_decode_dabt((good & ~(1ULL << 24)) | 1ULL << 6, 0, 0, &a));
	assert_true(a.write);
}

/* HPFAR_EL2.FIPA is bits [47:4] (IPA[55:12]); NS (bit 63) and bits [3:0]
 * are not part of the IPA. */
TEST(test_hpfar)
{
	assert_int_equal(
		mmio_fault_ipa(0xffffffffffff0abcULL,
			       0x8000000000000000ULL | 0xf | hpfar_of(0x0000123456789000ULL)),
		0x0000123456789abcULL);
	assert_int_equal(mmio_fault_ipa(0, 1ULL << 47), 1ULL << 55);
	assert_int_equal(mmio_fault_ipa(0, 0x7fff000000000000ULL), 0);
}

/* An access outside every region: refused, no register changes. */
TEST(test_outside)
{
	struct mmio_access a;
	dom.vcpus[0].arch.regs.x[4] = 7;
	assert_true(mmio_decode_dabt(esr_of(2, 4, false, false, false), 0, hpfar_of(0x1000), &a));
	assert_false(mmio_emulate(&dom.vcpus[0], &a));
	assert_int_equal(dom.vcpus[0].arch.regs.x[4], 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_widths, setup),
		cmocka_unit_test_setup(test_ldr_str, setup),
		cmocka_unit_test_setup(test_store_width, setup),
		cmocka_unit_test_setup(test_sign_extension, setup),
		cmocka_unit_test_setup(test_xzr, setup),
		cmocka_unit_test_setup(test_refused, setup),
		cmocka_unit_test_setup(test_hpfar, setup),
		cmocka_unit_test_setup(test_outside, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
