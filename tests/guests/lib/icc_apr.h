/* The active-priority registers of a GICv3 (virtual) CPU interface, for the
 * bare-metal test guests (EL1, AArch64). Include after sysreg.h. */
#ifndef GUEST_ICC_APR_H
#define GUEST_ICC_APR_H

#include <stdint.h>

/* With p priority bits (IHI 0069 ICC_CTLR_EL1.PRIbits [10:8] = p - 1) there
 * are 2^(p - 4) ICC_AP0R<n>_EL1 and as many ICC_AP1R<n>_EL1, at most 4 each;
 * accessing one more is UNDEFINED. */
static inline unsigned int icc_nr_aprs(void)
{
	unsigned int bits = (unsigned int)((read_sysreg(S3_0_C12_C12_4) >> 8) & 7) + 1;
	return bits >= 7 ? 4 : bits == 6 ? 2 : 1;
}

/* Writes v to every ICC_AP0R<n>_EL1 (S3_0_C12_C8_<4+n>) and ICC_AP1R<n>_EL1
 * (S3_0_C12_C9_<n>, IHI 0069) of the n there are. */
static inline void icc_set_aprs(unsigned int n, uint32_t v)
{
	write_sysreg(v, S3_0_C12_C8_4);
	write_sysreg(v, S3_0_C12_C9_0);
	if (n > 1) {
		write_sysreg(v, S3_0_C12_C8_5);
		write_sysreg(v, S3_0_C12_C9_1);
	}
	if (n > 2) {
		write_sysreg(v, S3_0_C12_C8_6);
		write_sysreg(v, S3_0_C12_C9_2);
		write_sysreg(v, S3_0_C12_C8_7);
		write_sysreg(v, S3_0_C12_C9_3);
	}
	__asm__ volatile("isb" ::: "memory");
}

#endif
