/* AArch32 register banking, condition codes and IT state for trapped
 * instructions (see arch/aarch32.h for the ARM ARM sections followed). */
#include <arch/aarch32.h>

/* SP (r13) and LR (r14) of each mode; -1: the mode has none of its own. */
struct banked {
	u8 mode;
	signed char sp, lr;
};

static const struct banked banked[] = {
	{MODE32_USR, 13, 14}, {MODE32_SYS, 13, 14}, {MODE32_HYP, 15, -1}, {MODE32_IRQ, 17, 16},
	{MODE32_SVC, 19, 18}, {MODE32_ABT, 21, 20}, {MODE32_UND, 23, 22}, {MODE32_FIQ, 29, 30},
};

int aarch32_reg_x(u64 psr, unsigned int r)
{
	unsigned int mode = (unsigned int)(psr & PSR32_M_MASK);

	for (unsigned int i = 0; i < ARRAY_SIZE(banked); i++) {
		if (banked[i].mode != mode)
			continue;
		if (r <= 7 || (r <= 12 && mode != MODE32_FIQ))
			return (int)r;
		if (r <= 12)
			return (int)r + 16; /* FIQ's own r8-r12: X24-X28 */
		if (r == 13)
			return banked[i].sp;
		if (r == 14 && banked[i].lr >= 0)
			return banked[i].lr;
		return AARCH32_PC;
	}
	return AARCH32_PC;
}

/* ITSTATE from its two PSR fields: IT[7:2] in bits 15:10, IT[1:0] in 26:25. */
static unsigned int itstate(u64 psr)
{
	return (unsigned int)(((psr >> 8) & 0xfc) | ((psr >> 25) & 3));
}

static bool cond_holds(unsigned int cond, u64 psr)
{
	bool n = psr >> 31 & 1, z = psr >> 30 & 1, c = psr >> 29 & 1, v = psr >> 28 & 1;
	bool r;

	switch (cond >> 1) {
	case 0: r = z; break;		 /* EQ / NE */
	case 1: r = c; break;		 /* CS / CC */
	case 2: r = n; break;		 /* MI / PL */
	case 3: r = v; break;		 /* VS / VC */
	case 4: r = c && !z; break;	 /* HI / LS */
	case 5: r = n == v; break;	 /* GE / LT */
	case 6: r = n == v && !z; break; /* GT / LE */
	default: return true;		 /* AL; 0b1111 is "always" too */
	}
	return (cond & 1) ? !r : r;
}

bool aarch32_cond_passed(u64 esr, u64 psr)
{
	unsigned int cond;

	if (esr & (1ULL << 24)) /* CV */
		cond = (unsigned int)(esr >> 20) & 0xf;
	else if ((psr & PSR32_T) && itstate(psr))
		cond = itstate(psr) >> 4;
	else
		return true;
	return cond_holds(cond, psr);
}

u64 aarch32_it_advance(u64 psr)
{
	unsigned int it = itstate(psr);

	if (!(psr & PSR32_T) || !it)
		return psr;
	if ((it & 7) == 0)
		it = 0; /* the block's last instruction */
	else
		it = (it & 0xe0) | ((it << 1) & 0x1f);
	psr &= ~(PSR32_IT_LO | PSR32_IT_HI);
	return psr | ((u64)(it & 0xfc) << 8) | ((u64)(it & 3) << 25);
}

#define SCTLR_V	     (1ULL << 13)
#define SCTLR_EE     (1ULL << 25)
#define SCTLR_TE     (1ULL << 30)
#define TTBCR_EAE    (1ULL << 31)
#define FSR_LPAE     (1ULL << 9)
#define FSR_WNR	     (1ULL << 11)
#define FS_SHORT_EXT 0x08ULL
#define FS_LONG_EXT  0x10ULL
#define PSR_KEEP     0xf80f0000ULL /* N, Z, C, V, Q and GE */

void aarch32_exception_entry(enum aarch32_exception e, u64 psr, u64 pc, u64 sctlr, u64 vbar,
			     struct aarch32_entry *out)
{
	static const struct {
		u64 mode, vector, lr_a32, lr_t32;
	} kinds[] = {
		[A32_UNDEF] = {MODE32_UND, 0x04, 4, 2},
		[A32_PABT] = {MODE32_ABT, 0x0c, 4, 4},
		[A32_DABT] = {MODE32_ABT, 0x10, 8, 8},
	};
	u64 mode = kinds[e].mode;

	out->mode = mode;
	out->psr = (psr & (PSR_KEEP | PSR32_F | PSR32_A)) | mode | PSR32_I |
		   (mode == MODE32_ABT ? PSR32_A : 0) | (sctlr & SCTLR_TE ? PSR32_T : 0) |
		   (sctlr & SCTLR_EE ? PSR32_E : 0);
	out->pc = (sctlr & SCTLR_V ? 0xffff0000ULL : vbar & 0xffffffe0ULL) + kinds[e].vector;
	out->lr = (pc + (psr & PSR32_T ? kinds[e].lr_t32 : kinds[e].lr_a32)) & 0xffffffffULL;
}

u64 aarch32_fsr_external(u64 ttbcr, bool write)
{
	return (ttbcr & TTBCR_EAE ? FSR_LPAE | FS_LONG_EXT : FS_SHORT_EXT) | (write ? FSR_WNR : 0);
}
