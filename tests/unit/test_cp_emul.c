/* arch/arm/cp_emul.c: AArch32 MCR/MRC/MCRR/MRRC on p15 and p14 trapped to
 * EL2 or HYP, decoded from the syndrome (ISS of EC 0x03, 0x04, 0x05, 0x0c)
 * against the table both hosts share, on the registers of the guest's
 * current mode (here arm64's view of them: X registers, PSTATE). */
#include "unit.h"
#include <bulkhead/domain.h>
#include <arch/aarch32.h>
#include <arch/guest.h>
#include <arch/reg_access.h>
#include <arch/sysreg.h>

#define COND_AL (1ULL << 24 | 0xeULL << 20) /* CV, COND = AL */
#define IL	(1ULL << 25)
#define SVC	(PSR32_M4 | MODE32_SVC)

static struct domain dom;
static struct vcpu *const v = &dom.vcpus[0];
static u64 sgi_val;
static unsigned int sgi_writes;

/* What vgic-v3.c would decode; recorded here. */
void vgic_v3_write_sgi1r(struct vcpu *from, u64 val)
{
	assert_ptr_equal(from, v);
	sgi_val = val;
	sgi_writes++;
}

/* The host hooks cp_emul.c uses (arch/arm64/vcpu.c's, without the CPU). */
int vcpu_arch_reg32(const struct vcpu *vc, unsigned int r)
{
	return aarch32_reg_x(vc->arch.regs.pstate, r);
}

#define HOST_ACTLR 0x00001040U /* a Cortex-A15's SMP bit and another */
u32 vcpu_arch_actlr(const struct vcpu *vc)
{
	assert_ptr_equal(vc, v);
	return HOST_ACTLR;
}

/* MCR (read false) or MRC (read true) <cp>, opc1, r<rt>, c<crn>, c<crm>, opc2 */
static u64 mrc(unsigned int cp, bool read, unsigned int opc1, unsigned int rt, unsigned int crn,
	       unsigned int crm, unsigned int opc2)
{
	u64 ec = cp == 15 ? 0x03 : 0x05;
	return ec << 26 | IL | COND_AL | (u64)opc2 << 17 | (u64)opc1 << 14 | (u64)crn << 10 |
	       (u64)rt << 5 | (u64)crm << 1 | read;
}

/* MCRR/MRRC <cp>, opc1, r<rt>, r<rt2>, c<crm> */
static u64 mrrc(unsigned int cp, bool read, unsigned int opc1, unsigned int rt, unsigned int rt2,
		unsigned int crm)
{
	u64 ec = cp == 15 ? 0x04 : 0x0c;
	return ec << 26 | IL | COND_AL | (u64)opc1 << 16 | (u64)rt2 << 10 | (u64)rt << 5 |
	       (u64)crm << 1 | read;
}

static int setup(void **state)
{
	(void)state;
	memset(&dom, 0, sizeof(dom));
	dom.nvcpus = 1;
	dom.aarch32 = true;
	dom.vgic.version = 3;
	v->dom = &dom;
	v->arch.regs.pstate = SVC;
	for (unsigned int i = 0; i < 31; i++)
		v->arch.regs.x[i] = 0xdead000000000000ULL | (0x1111ULL * i);
	sgi_val = 0;
	sgi_writes = 0;
	return 0;
}

/* ICC_SGI1R is MCRR p15, 0, Rt, Rt2, c12: Rt the low word, Rt2 the high one,
 * their upper halves (UNKNOWN after AArch32) ignored; a GICv2 guest has none. */
TEST(test_sgi1r_from_two_registers)
{
	v->arch.regs.x[2] = 0xffffffff00000000ULL | 3U << 24 | 0x2;
	v->arch.regs.x[3] = 0xffffffff00000001ULL; /* Aff2 = 1 */
	assert_true(cp_emulate(v, mrrc(15, false, 0, 2, 3, 12)));
	assert_int_equal(sgi_writes, 1);
	assert_int_equal(sgi_val, 0x0000000103000002ULL);
	assert_false(cp_emulate(v, mrrc(15, true, 0, 2, 3, 12))); /* no reads */
	dom.vgic.version = 2;
	assert_false(cp_emulate(v, mrrc(15, false, 0, 2, 3, 12)));
	assert_int_equal(sgi_writes, 1);
}

/* Reads write the register of the current mode, 32 bits wide. */
TEST(test_reads_go_to_the_mode_register)
{
	assert_true(cp_emulate(v, mrc(14, true, 0, 0, 0, 0, 0))); /* DBGDIDR */
	assert_int_equal(v->arch.regs.x[0], 0);
	assert_true(cp_emulate(v, mrc(14, true, 0, 13, 1, 1, 4))); /* DBGOSLSR into SP_svc */
	assert_int_equal(v->arch.regs.x[19], 1U << 3);
	assert_int_equal(v->arch.regs.x[13], 0xdead000000000000ULL | (0x1111ULL * 13));
	v->arch.regs.pstate = PSR32_M4 | MODE32_FIQ;
	assert_true(cp_emulate(v, mrc(15, true, 0, 9, 9, 12, 0))); /* PMCR into r9_fiq */
	assert_int_equal(v->arch.regs.x[25], 0);
	assert_int_equal(v->arch.regs.x[9], 0xdead000000000000ULL | (0x1111ULL * 9));
	/* MRRC p15, 2, r4, r5, c14: CNTP_CVAL, both halves. */
	v->arch.regs.pstate = SVC;
	assert_true(cp_emulate(v, mrrc(15, true, 2, 4, 5, 14)));
	assert_int_equal(v->arch.regs.x[4], 0);
	assert_int_equal(v->arch.regs.x[5], 0);
}

/* MRC with Rt = 15 sets APSR.NZCV from the value's bits 31:28. */
TEST(test_mrc_to_apsr_nzcv)
{
	v->arch.regs.pstate = SVC | 0xf0000000ULL;
	assert_true(cp_emulate(v, mrc(14, true, 0, 15, 0, 1, 0))); /* DBGDSCRint */
	assert_int_equal(v->arch.regs.pstate, SVC);
}

/* r15 as a source or a 64-bit destination, writes to read-only and reads of
 * write-only registers, and what is not in the table: undefined. */
TEST(test_refused)
{
	assert_false(cp_emulate(v, mrc(15, false, 0, 15, 7, 14, 2))); /* MCR from r15 */
	assert_false(cp_emulate(v, mrrc(15, true, 2, 15, 5, 14)));    /* MRRC to r15 */
	assert_true(cp_emulate(v, mrc(15, false, 0, 1, 7, 14, 2)));   /* DCCISW */
	assert_false(cp_emulate(v, mrc(15, true, 0, 1, 7, 14, 2)));
	assert_false(cp_emulate(v, mrc(14, false, 0, 1, 1, 1, 4))); /* DBGOSLSR is RO */
	assert_false(cp_emulate(v, mrc(15, true, 1, 0, 9, 0, 2)));  /* L2CTLR (TIDCP) */
	assert_false(cp_emulate(v, mrrc(15, false, 2, 0, 1, 12)));  /* ICC_SGI0R */
	assert_int_equal(v->arch.regs.x[0], 0xdead000000000000ULL);
}

/* ACTLR (HCR.TACR), one policy on both hosts: reads see the host's value,
 * writes are ignored; ACTLR2 (opc2 3) stays undefined. */
TEST(test_actlr_reads_the_hosts)
{
	assert_true(cp_emulate(v, mrc(15, true, 0, 4, 1, 0, 1)));
	assert_int_equal(v->arch.regs.x[4], HOST_ACTLR);
	assert_true(cp_emulate(v, mrc(15, false, 0, 4, 1, 0, 1)));
	assert_true(cp_emulate(v, mrc(15, true, 0, 5, 1, 0, 1)));
	assert_int_equal(v->arch.regs.x[5], HOST_ACTLR);
	assert_false(cp_emulate(v, mrc(15, true, 0, 6, 1, 0, 3)));
	assert_int_equal(v->arch.regs.x[6], 0xdead000000000000ULL | (0x1111ULL * 6));
}

TEST(test_describe)
{
	char buf[48];
	cp_describe(mrc(15, true, 1, 0, 9, 0, 2), buf, sizeof(buf));
	assert_string_equal(buf, "MRC p15, 1, r0, c9, c0, 2");
	cp_describe(mrrc(15, false, 0, 2, 3, 12), buf, sizeof(buf));
	assert_string_equal(buf, "MCRR p15, 0, r2, r3, c12");
	cp_describe(mrrc(14, true, 0, 4, 5, 1), buf, sizeof(buf));
	assert_string_equal(buf, "MRRC p14, 0, r4, r5, c1");
}

/* CPTR_EL2 for guests (arch/arm64/vcpu.c): trace (TTA) and activity
 * monitor (TAM) accesses trap wherever the CPU has them, and nothing else
 * changes (TFP stays clear: EL2 uses FP/SIMD). */
TEST(test_cptr_traps_trace_and_amu)
{
	const u64 amu = 1ULL << 44, trace = 1ULL << 4;
	assert_int_equal(cptr_el2_guest(0, 0), CPTR_EL2_RES1);
	assert_int_equal(cptr_el2_guest(amu, 0), CPTR_EL2_RES1 | CPTR_EL2_TAM);
	assert_int_equal(cptr_el2_guest(0, trace), CPTR_EL2_RES1 | CPTR_EL2_TTA);
	assert_int_equal(cptr_el2_guest(2 * amu, 0xf * trace),
			 CPTR_EL2_RES1 | CPTR_EL2_TAM | CPTR_EL2_TTA);
	assert_int_equal(cptr_el2_guest(~amu & ~(0xfULL << 44), ~(0xfULL << 4)), CPTR_EL2_RES1);
	assert_int_equal(cptr_el2_guest(~0ULL, ~0ULL) & (1ULL << 10), 0); /* TFP */
	assert_int_equal(CPTR_EL2_TTA, 1ULL << 20);
	assert_int_equal(CPTR_EL2_TAM, 1ULL << 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_sgi1r_from_two_registers, setup),
		cmocka_unit_test_setup(test_reads_go_to_the_mode_register, setup),
		cmocka_unit_test_setup(test_mrc_to_apsr_nzcv, setup),
		cmocka_unit_test_setup(test_refused, setup),
		cmocka_unit_test_setup(test_actlr_reads_the_hosts, setup),
		cmocka_unit_test_setup(test_describe, setup),
		cmocka_unit_test(test_cptr_traps_trace_and_amu),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
