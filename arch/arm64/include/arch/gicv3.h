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

#endif
