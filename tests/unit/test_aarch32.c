/* arch/arm/aarch32.c: AArch32 register banking (ARM ARM D1, "Mapping of
 * AArch32 registers to AArch64"), condition checks of trapped instructions
 * and ITSTATE advance; and mmio_decode_aarch32 on top of them. */
#include "unit.h"
#include <arch/aarch32.h>
#include <arch/mmio_decode.h>

#define NZCV(n, z, c, v) ((u64)(n) << 31 | (u64)(z) << 30 | (u64)(c) << 29 | (u64)(v) << 28)
#define CV_COND(c)	 (1ULL << 24 | (u64)(c) << 20)

/* ITSTATE it in a PSR's two fields. */
static u64 it_psr(unsigned int it) { return PSR32_T | (u64)(it & 0xfc) << 8 | (u64)(it & 3) << 25; }

TEST(test_low_registers_are_shared)
{
	static const u64 modes[] = {MODE32_USR, MODE32_SYS, MODE32_IRQ, MODE32_SVC,
				    MODE32_ABT, MODE32_UND, MODE32_HYP};
	for (unsigned int m = 0; m < ARRAY_SIZE(modes); m++)
		for (unsigned int r = 0; r <= 12; r++)
			assert_int_equal(aarch32_reg_x(modes[m] | PSR32_M4, r), r);
	for (unsigned int r = 0; r <= 7; r++)
		assert_int_equal(aarch32_reg_x(MODE32_FIQ, r), r);
}

TEST(test_fiq_banks_r8_to_r12)
{
	for (unsigned int r = 8; r <= 12; r++)
		assert_int_equal(aarch32_reg_x(MODE32_FIQ, r), 24 + r - 8);
}

TEST(test_sp_lr_per_mode)
{
	static const struct {
		u64 mode;
		int sp, lr;
	} t[] = {
		{MODE32_USR, 13, 14}, {MODE32_SYS, 13, 14}, {MODE32_HYP, 15, AARCH32_PC},
		{MODE32_IRQ, 17, 16}, {MODE32_SVC, 19, 18}, {MODE32_ABT, 21, 20},
		{MODE32_UND, 23, 22}, {MODE32_FIQ, 29, 30},
	};
	for (unsigned int i = 0; i < ARRAY_SIZE(t); i++) {
		/* Other PSR bits (flags, T, masks) do not change the answer. */
		u64 psr = t[i].mode | PSR32_M4 | PSR32_T | PSR32_I | NZCV(1, 0, 1, 0);
		assert_int_equal(aarch32_reg_x(psr, 13), t[i].sp);
		assert_int_equal(aarch32_reg_x(psr, 14), t[i].lr);
	}
}

TEST(test_pc_and_bad_modes)
{
	assert_int_equal(aarch32_reg_x(MODE32_SVC, 15), AARCH32_PC);
	assert_int_equal(aarch32_reg_x(MODE32_USR, 16), AARCH32_PC);
	assert_int_equal(aarch32_reg_x(0x16, 0), AARCH32_PC); /* monitor: not a guest's */
	assert_int_equal(aarch32_reg_x(0x05, 3), AARCH32_PC); /* an AArch64 EL1h PSR */
}

TEST(test_condition_from_cv)
{
	assert_true(aarch32_cond_passed(CV_COND(0x0), NZCV(0, 1, 0, 0)));  /* EQ */
	assert_false(aarch32_cond_passed(CV_COND(0x0), NZCV(0, 0, 0, 0))); /* EQ */
	assert_true(aarch32_cond_passed(CV_COND(0x1), NZCV(0, 0, 0, 0)));  /* NE */
	assert_true(aarch32_cond_passed(CV_COND(0x8), NZCV(0, 0, 1, 0)));  /* HI */
	assert_false(aarch32_cond_passed(CV_COND(0x8), NZCV(0, 1, 1, 0))); /* HI */
	assert_true(aarch32_cond_passed(CV_COND(0x9), NZCV(0, 1, 1, 0)));  /* LS */
	assert_true(aarch32_cond_passed(CV_COND(0xa), NZCV(1, 0, 0, 1)));  /* GE */
	assert_false(aarch32_cond_passed(CV_COND(0xb), NZCV(1, 0, 0, 1))); /* LT */
	assert_false(aarch32_cond_passed(CV_COND(0xc), NZCV(0, 1, 0, 0))); /* GT */
	assert_true(aarch32_cond_passed(CV_COND(0xd), NZCV(0, 1, 0, 0)));  /* LE */
	assert_true(aarch32_cond_passed(CV_COND(0xe), 0));		   /* AL */
	assert_true(aarch32_cond_passed(CV_COND(0xf), 0));
}

/* CV clear: the condition is the IT block's (T32), else the instruction is
 * unconditional. */
TEST(test_condition_from_itstate)
{
	u64 psr = it_psr(0x08) | NZCV(0, 0, 0, 0); /* IT EQ, one instruction */
	assert_false(aarch32_cond_passed(0, psr));
	assert_true(aarch32_cond_passed(0, psr | NZCV(0, 1, 0, 0)));
	assert_true(aarch32_cond_passed(0, it_psr(0x18)));	      /* NE */
	assert_true(aarch32_cond_passed(0, NZCV(0, 0, 0, 0)));	      /* no IT block */
	assert_true(aarch32_cond_passed(0, it_psr(0x08) & ~PSR32_T)); /* A32: no IT */
}

TEST(test_it_advance)
{
	/* An IT block of two instructions, EQ (IT = 0000 0100). */
	u64 psr = it_psr(0x04) | MODE32_SVC | NZCV(1, 0, 0, 0);
	psr = aarch32_it_advance(psr);
	assert_int_equal((psr >> 8 & 0xfc) | (psr >> 25 & 3), 0x08);
	psr = aarch32_it_advance(psr); /* 0x08: the last one (IT[2:0] = 0) */
	assert_int_equal(psr & (PSR32_IT_LO | PSR32_IT_HI), 0);
	/* Everything else is kept. */
	assert_int_equal(psr, PSR32_T | MODE32_SVC | NZCV(1, 0, 0, 0));
	/* IT[7:5] (the base condition) is not shifted. */
	psr = aarch32_it_advance(it_psr(0xf3));
	assert_int_equal((psr >> 8 & 0xfc) | (psr >> 25 & 3), 0xe6);
	/* Outside an IT block and in A32 state: unchanged. */
	assert_int_equal(aarch32_it_advance(PSR32_T | 0x13), PSR32_T | 0x13);
	assert_int_equal(aarch32_it_advance(it_psr(0x08) & ~PSR32_T), it_psr(0x08) & ~PSR32_T);
}

/* A data abort's SRT names the mode's register; r15 is refused. */
TEST(test_mmio_aarch32)
{
	struct mmio_access a = {.rt = 8, .sf = true};
	assert_true(mmio_decode_aarch32(&a, aarch32_reg_x(MODE32_FIQ | PSR32_M4, a.rt)));
	assert_int_equal(a.rt, 24);
	assert_false(a.sf);
	a = (struct mmio_access){.rt = 13};
	assert_true(mmio_decode_aarch32(&a, aarch32_reg_x(MODE32_SVC | PSR32_M4, a.rt)));
	assert_int_equal(a.rt, 19);
	a = (struct mmio_access){.rt = 15};
	assert_false(mmio_decode_aarch32(&a, aarch32_reg_x(MODE32_SVC | PSR32_M4, a.rt)));
	assert_non_null(a.why);
	/* LDRSH: sign-extended to 32 bits only. */
	a = (struct mmio_access){.rt = 2, .len = 2, .sse = true};
	assert_true(mmio_decode_aarch32(&a, aarch32_reg_x(MODE32_USR | PSR32_M4, a.rt)));
	assert_int_equal(mmio_load_value(&a, 0x8001), 0xffff8001ULL);
}

/* Exception entry (AArch32.EnterMode, the ARMv7-A ARM's B1.8.3 table of
 * return offsets): mode, vector, LR, CPSR bits, per kind and state. */
#define SCTLR_V	 (1ULL << 13)
#define SCTLR_EE (1ULL << 25)
#define SCTLR_TE (1ULL << 30)
TEST(test_exception_entry)
{
	const u64 svc = MODE32_SVC | PSR32_F | NZCV(1, 0, 1, 0) | (1ULL << 27); /* Q */
	struct aarch32_entry e;

	aarch32_exception_entry(A32_UNDEF, svc, 0x8000, 0, 0xc0008000, &e);
	assert_int_equal(e.mode, MODE32_UND);
	assert_int_equal(e.pc, 0xc0008004);
	assert_int_equal(e.lr, 0x8004);
	/* I masked, A unchanged (clear here), F and the flags kept. */
	assert_int_equal(e.psr, MODE32_UND | PSR32_I | PSR32_F | NZCV(1, 0, 1, 0) | (1ULL << 27));
	aarch32_exception_entry(A32_UNDEF, svc | PSR32_T, 0x8000, 0, 0xc0008000, &e);
	assert_int_equal(e.lr, 0x8002); /* T32: + 2 */
	assert_false(e.psr & PSR32_T);	/* SCTLR.TE clear: the handler is A32 */

	aarch32_exception_entry(A32_PABT, svc, 0x8000, SCTLR_V, 0xc0008000, &e);
	assert_int_equal(e.mode, MODE32_ABT);
	assert_int_equal(e.pc, 0xffff000c); /* high vectors */
	assert_int_equal(e.lr, 0x8004);
	assert_true(e.psr & PSR32_A);

	/* Data abort from T32 in an IT block: LR + 8 in either state, IT
	 * cleared, T and E from SCTLR.TE and SCTLR.EE. */
	aarch32_exception_entry(A32_DABT, svc | it_psr(0x28), 0xfffffffe, SCTLR_TE | SCTLR_EE,
				0xc000801f, &e);
	assert_int_equal(e.pc, 0xc0008010); /* VBAR's low 5 bits ignored */
	assert_int_equal(e.lr, 0x6);	    /* + 8, wrapped to 32 bits */
	assert_int_equal(e.psr & (PSR32_IT_LO | PSR32_IT_HI), 0);
	assert_true(e.psr & PSR32_T);
	assert_true(e.psr & PSR32_E);
	assert_true(e.psr & PSR32_A);
}

/* DFSR/IFSR of a synchronous external abort: long format with TTBCR.EAE. */
TEST(test_fsr_external)
{
	assert_int_equal(aarch32_fsr_external(0, false), 0x08);
	assert_int_equal(aarch32_fsr_external(0, true), 0x808);
	assert_int_equal(aarch32_fsr_external(1ULL << 31, false), 0x210);
	assert_int_equal(aarch32_fsr_external(1ULL << 31, true), 0xa10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_low_registers_are_shared),
		cmocka_unit_test(test_fiq_banks_r8_to_r12),
		cmocka_unit_test(test_sp_lr_per_mode),
		cmocka_unit_test(test_pc_and_bad_modes),
		cmocka_unit_test(test_condition_from_cv),
		cmocka_unit_test(test_condition_from_itstate),
		cmocka_unit_test(test_it_advance),
		cmocka_unit_test(test_mmio_aarch32),
		cmocka_unit_test(test_exception_entry),
		cmocka_unit_test(test_fsr_external),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
