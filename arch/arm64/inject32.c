/*
 * Synchronous exceptions delivered to a guest whose EL1 is AArch32, as the
 * hardware would take them (the ARM ARM's AArch32.EnterMode() pseudocode and
 * its table of exception return offsets, the ARMv7-A ARM's "Link Register
 * value saved on exception entry"):
 *   - Undefined: Undefined mode, vector +0x04, LR = the instruction + 4
 *     (A32) or + 2 (T32); CPSR.A unchanged.
 *   - Prefetch Abort: Abort mode, vector +0x0c, LR = the instruction + 4.
 *   - Data Abort: Abort mode, vector +0x10, LR = the instruction + 8.
 * SPSR_<mode> = the old CPSR; I masked, A masked for Abort mode; T from
 * SCTLR.TE, E from SCTLR.EE; IT, J and SS cleared; vectors at VBAR, or at
 * 0xffff0000 with SCTLR.V. The aborts are synchronous external aborts (no
 * device answered), reported in DFSR/DFAR or IFSR/IFAR in the format
 * TTBCR.EAE selects. Those are AArch64 registers while EL2 is AArch64:
 * DFSR is ESR_EL1, IFSR is IFSR32_EL2, DFAR is FAR_EL1[31:0] and IFAR is
 * FAR_EL1[63:32] (ARM ARM D1, "Mapping of AArch32 registers to AArch64").
 */
#include <bulkhead/domain.h>
#include <arch/aarch32.h>
#include <arch/guest.h>
#include <arch/sysreg.h>

#define VEC_UNDEF    0x04
#define VEC_PABT     0x0c
#define VEC_DABT     0x10
#define HIGH_VECTORS 0xffff0000ULL
#define SCTLR_V	     (1ULL << 13)
#define SCTLR_EE     (1ULL << 25)
#define SCTLR_TE     (1ULL << 30)
#define TTBCR_EAE    (1ULL << 31) /* TCR_EL1[31]: long-descriptor translation tables */
#define FSR_LPAE     (1ULL << 9)  /* the status is in the long-descriptor format */
#define FSR_WNR	     (1ULL << 11)
#define FS_SHORT_EXT 0x08	   /* FS[4:0] 0b01000: synchronous external abort */
#define FS_LONG_EXT  0x10	   /* STATUS 0b010000: synchronous external abort */
#define PSR_KEEP     0xf80f0000ULL /* N, Z, C, V, Q and GE stay as they were */

static void enter(struct vcpu *v, u64 mode, u64 vector, u64 lr_offset)
{
	struct vcpu_regs *r = &v->arch.regs;
	u64 sctlr = read_sysreg(sctlr_el1), old = r->pstate & 0xffffffffULL;
	u64 base = sctlr & SCTLR_V ? HIGH_VECTORS : read_sysreg(vbar_el1) & 0xffffffe0ULL;

	if (mode == MODE32_ABT)
		write_sysreg(old, spsr_abt);
	else
		write_sysreg(old, spsr_und);
	r->x[aarch32_reg_x(mode, 14)] = (r->pc + lr_offset) & 0xffffffffULL;
	r->pstate = (old & (PSR_KEEP | PSR32_F | PSR32_A)) | PSR32_M4 | mode | PSR32_I |
		    (mode == MODE32_ABT ? PSR32_A : 0) | (sctlr & SCTLR_TE ? PSR32_T : 0) |
		    (sctlr & SCTLR_EE ? PSR32_E : 0);
	r->pc = base + vector;
}

/* A synchronous external abort's status, in the format TTBCR.EAE selects. */
static u64 fsr_ext_abort(void)
{
	return read_sysreg(tcr_el1) & TTBCR_EAE ? FSR_LPAE | FS_LONG_EXT : FS_SHORT_EXT;
}

void inject32_undef(struct vcpu *v)
{
	enter(v, MODE32_UND, VEC_UNDEF, v->arch.regs.pstate & PSR32_T ? 2 : 4);
}

void inject32_dabt(struct vcpu *v, u64 addr, bool write)
{
	u64 far = read_sysreg(far_el1);
	write_sysreg(fsr_ext_abort() | (write ? FSR_WNR : 0), esr_el1); /* DFSR */
	write_sysreg((far & ~0xffffffffULL) | (addr & 0xffffffffULL), far_el1);
	enter(v, MODE32_ABT, VEC_DABT, 8);
}

void inject32_iabt(struct vcpu *v, u64 addr)
{
	u64 far = read_sysreg(far_el1);
	write_sysreg(fsr_ext_abort(), ifsr32_el2);
	write_sysreg((far & 0xffffffffULL) | (addr << 32), far_el1);
	enter(v, MODE32_ABT, VEC_PABT, 4);
}
