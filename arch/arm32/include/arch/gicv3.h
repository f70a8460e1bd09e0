/* GICv3 CPU interface registers (GIC arch spec IHI 0069, 12.2, ICC_*) for
 * AArch32: the AArch64 register S3_<op1>_C<n>_C<m>_<op2> is MRC/MCR p15,
 * <op1>, Rt, C<n>, C<m>, <op2> here; 64-bit ones are MRRC/MCRR. */
#ifndef ARCH_GICV3_H
#define ARCH_GICV3_H

#include <bulkhead/types.h>
#include <arch/sysreg.h>

static inline void gicv3_arch_cpuif_enable(void)
{
	/* ICC_HSRE: SRE | DFB | DIB | Enable (lower modes may use SRE too) */
	write_cp32(0xf, CP32(4, c12, c9, 5));
	isb();
	write_cp32(0xff, CP32(0, c4, c6, 0));	  /* ICC_PMR: unmask all priorities */
	write_cp32(0, CP32(0, c12, c12, 3));	  /* ICC_BPR1 */
	write_cp32(1 << 1, CP32(0, c12, c12, 4)); /* ICC_CTLR.EOImode: drop and deactivate split */
	write_cp32(1, CP32(0, c12, c12, 7));	  /* ICC_IGRPEN1 */
	isb();
}
static inline u32 gicv3_arch_ack(void) { return read_cp32(CP32(0, c12, c12, 0)); /* ICC_IAR1 */ }
static inline void gicv3_arch_eoi(u32 id)
{
	write_cp32(id, CP32(0, c12, c12, 1)); /* ICC_EOIR1 */
	isb();
}
static inline void gicv3_arch_dir(u32 id)
{
	write_cp32(id, CP32(0, c12, c11, 1)); /* ICC_DIR */
	isb();
}
static inline void gicv3_arch_sgi(u64 val)
{
	write_cp64(val, CP64(0, c12)); /* ICC_SGI1R, same layout as on AArch64 */
	isb();
}

/* Hypervisor control interface, ICH_* (IHI 0069 12.4): register numbers as
 * in ICH_<reg>_EL2's op2 (0 HCR, 1 VTR, 7 VMCR). */
static inline u64 gicv3_arch_ich_read(unsigned int reg)
{
	switch (reg) {
	case 0: return read_cp32(CP32(4, c12, c11, 0)); /* ICH_HCR */
	case 1: return read_cp32(CP32(4, c12, c11, 1)); /* ICH_VTR */
	case 7: return read_cp32(CP32(4, c12, c11, 7)); /* ICH_VMCR */
	default: return 0;
	}
}

static inline void gicv3_arch_ich_write(unsigned int reg, u64 v)
{
	switch (reg) {
	case 0: write_cp32(v, CP32(4, c12, c11, 0)); break;
	case 7: write_cp32(v, CP32(4, c12, c11, 7)); break;
	default: break;
	}
	isb();
}

/* clang-format off */
/* ICH_LR<n> holds bits 31:0 of the AArch64 list register, ICH_LRC<n> bits 63:32. */
#define ICH_LR_CASE(n, crm_lo, crm_hi, op2)                                                        \
	case n:                                                                                    \
		if (write) {                                                                       \
			write_cp32(val, CP32(4, c12, crm_lo, op2));                                \
			write_cp32(val >> 32, CP32(4, c12, crm_hi, op2));                          \
		} else {                                                                           \
			val = read_cp32(CP32(4, c12, crm_lo, op2));                                \
			val |= (u64)read_cp32(CP32(4, c12, crm_hi, op2)) << 32;                    \
		}                                                                                  \
		break;

/* The register number is part of the instruction. */
/* NOLINTNEXTLINE(readability-function-cognitive-complexity): 16 copies of one case */
static inline u64 gicv3_arch_lr(unsigned int n, bool write, u64 val)
{
	switch (n) {
	ICH_LR_CASE(0, c12, c14, 0) ICH_LR_CASE(1, c12, c14, 1)
	ICH_LR_CASE(2, c12, c14, 2) ICH_LR_CASE(3, c12, c14, 3)
	ICH_LR_CASE(4, c12, c14, 4) ICH_LR_CASE(5, c12, c14, 5)
	ICH_LR_CASE(6, c12, c14, 6) ICH_LR_CASE(7, c12, c14, 7)
	ICH_LR_CASE(8, c13, c15, 0) ICH_LR_CASE(9, c13, c15, 1)
	ICH_LR_CASE(10, c13, c15, 2) ICH_LR_CASE(11, c13, c15, 3)
	ICH_LR_CASE(12, c13, c15, 4) ICH_LR_CASE(13, c13, c15, 5)
	ICH_LR_CASE(14, c13, c15, 6) ICH_LR_CASE(15, c13, c15, 7)
	}
	return val;
}

#define ICH_APR_CASE(n, crm, op2)                                                                  \
	case n:                                                                                    \
		if (write)                                                                         \
			write_cp32(val, CP32(4, c12, crm, op2));                                   \
		else                                                                               \
			val = read_cp32(CP32(4, c12, crm, op2));                                   \
		break;

/* ICH_AP0R<n> (group 0) is p15, 4, c12, c8, <n>; ICH_AP1R<n> (group 1)
 * p15, 4, c12, c9, <n>; n = 0..3 (IHI 0069 12.4.1, 12.4.2). */
/* NOLINTNEXTLINE(readability-function-cognitive-complexity): 8 copies of one case */
static inline u64 gicv3_arch_apr(unsigned int group, unsigned int n, bool write, u64 val)
{
	switch (group * 4 + n) {
	ICH_APR_CASE(0, c8, 0) ICH_APR_CASE(1, c8, 1) ICH_APR_CASE(2, c8, 2) ICH_APR_CASE(3, c8, 3)
	ICH_APR_CASE(4, c9, 0) ICH_APR_CASE(5, c9, 1) ICH_APR_CASE(6, c9, 2) ICH_APR_CASE(7, c9, 3)
	}
	return val;
}
/* clang-format on */

#endif
