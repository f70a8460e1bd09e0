/* GICv3 CPU interface system registers (GIC arch spec 12.2, ICC_*), arm64 accessors. */
#ifndef ARCH_GICV3_H
#define ARCH_GICV3_H

#include <bulkhead/types.h>
#include <arch/sysreg.h>

static inline void gicv3_arch_cpuif_enable(void)
{
	/* ICC_SRE_EL2: SRE | DFB | DIB | Enable (lower ELs may use SRE too) */
	write_sysreg(0xf, S3_4_C12_C9_5);
	isb();
	write_sysreg(0xff, S3_0_C4_C6_0);     /* ICC_PMR_EL1: unmask all priorities */
	write_sysreg(0, S3_0_C12_C12_3);      /* ICC_BPR1_EL1 */
	write_sysreg(1 << 1, S3_0_C12_C12_4); /* ICC_CTLR_EL1.EOImode: drop and deactivate split */
	write_sysreg(1, S3_0_C12_C12_7);      /* ICC_IGRPEN1_EL1 */
	isb();
}
static inline u32 gicv3_arch_ack(void)
{
	return (u32)read_sysreg(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */
}
static inline void gicv3_arch_eoi(u32 id)
{
	write_sysreg(id, S3_0_C12_C12_1); /* ICC_EOIR1_EL1 */
	isb();
}
static inline void gicv3_arch_dir(u32 id)
{
	write_sysreg(id, S3_0_C12_C11_1); /* ICC_DIR_EL1 */
	isb();
}
static inline void gicv3_arch_sgi(u64 val)
{
	write_sysreg(val, S3_0_C12_C11_5); /* ICC_SGI1R_EL1 */
	isb();
}

/* Hypervisor control interface, ICH_*_EL2 (IHI 0069 12.4). */
#define ICH_HCR_EL2  S3_4_C12_C11_0
#define ICH_VTR_EL2  S3_4_C12_C11_1
#define ICH_MISR_EL2 S3_4_C12_C11_2
#define ICH_VMCR_EL2 S3_4_C12_C11_7

static inline u64 gicv3_arch_ich_read(unsigned int reg)
{
	switch (reg) {
	case 0: return read_sysreg(S3_4_C12_C11_0); /* ICH_HCR_EL2 */
	case 1: return read_sysreg(S3_4_C12_C11_1); /* ICH_VTR_EL2 */
	case 7: return read_sysreg(S3_4_C12_C11_7); /* ICH_VMCR_EL2 */
	default: return 0;
	}
}

static inline void gicv3_arch_ich_write(unsigned int reg, u64 v)
{
	switch (reg) {
	case 0: write_sysreg(v, S3_4_C12_C11_0); break;
	case 7: write_sysreg(v, S3_4_C12_C11_7); break;
	default: break;
	}
	isb();
}

/* clang-format off */
#define ICH_LR_CASE(n, crm, op2)                                                                   \
	case n:                                                                                    \
		if (write)                                                                         \
			write_sysreg(val, S3_4_C12_##crm##_##op2);                                 \
		else                                                                               \
			val = read_sysreg(S3_4_C12_##crm##_##op2);                                 \
		break;

/* ICH_LR<n>_EL2: the register number is part of the instruction. */
/* NOLINTNEXTLINE(readability-function-cognitive-complexity): 16 copies of one case */
static inline u64 gicv3_arch_lr(unsigned int n, bool write, u64 val)
{
	switch (n) {
		ICH_LR_CASE(0, C12, 0)
		ICH_LR_CASE(1, C12, 1) ICH_LR_CASE(2, C12, 2) ICH_LR_CASE(3, C12, 3)
			ICH_LR_CASE(4, C12, 4) ICH_LR_CASE(5, C12, 5) ICH_LR_CASE(6, C12, 6)
				ICH_LR_CASE(7, C12, 7) ICH_LR_CASE(8, C13, 0) ICH_LR_CASE(9, C13, 1)
					ICH_LR_CASE(10, C13, 2) ICH_LR_CASE(11, C13, 3)
						ICH_LR_CASE(12, C13, 4) ICH_LR_CASE(13, C13, 5)
							ICH_LR_CASE(14, C13, 6)
								ICH_LR_CASE(15, C13, 7)
	}
	return val;
}

/* ICH_AP0R<n>_EL2 (group 0) is S3_4_C12_C8_<n>, ICH_AP1R<n>_EL2 (group 1)
 * S3_4_C12_C9_<n>, n = 0..3 (IHI 0069 12.4.1, 12.4.2). */
/* NOLINTNEXTLINE(readability-function-cognitive-complexity): 8 copies of one case */
static inline u64 gicv3_arch_apr(unsigned int group, unsigned int n, bool write, u64 val)
{
	switch (group * 4 + n) {
		ICH_LR_CASE(0, C8, 0)
		ICH_LR_CASE(1, C8, 1) ICH_LR_CASE(2, C8, 2) ICH_LR_CASE(3, C8, 3)
			ICH_LR_CASE(4, C9, 0) ICH_LR_CASE(5, C9, 1) ICH_LR_CASE(6, C9, 2)
				ICH_LR_CASE(7, C9, 3)
	}
	return val;
}
/* clang-format on */

#endif
