/* Exceptions delivered to an AArch32 guest's PL1, as an ARMv7 CPU would take
 * them (ARMv7-A/R ARM B1.8.3): LR and SPSR of the target mode, the vector at
 * VBAR (or 0xffff0000 with SCTLR.V), CPSR with the target mode, A and I
 * masked, Thumb and endianness from SCTLR.TE/EE. The guest's cp15 state is
 * loaded while its traps are handled, so it is read and written in place. */
#include <bulkhead/domain.h>
#include <arch/guest.h>
#include <arch/sysreg.h>

#define MODE_ABT     0x17U
#define MODE_UND     0x1bU
#define CPSR_T	     (1U << 5)
#define CPSR_I	     (1U << 7)
#define CPSR_A	     (1U << 8)
#define CPSR_E	     (1U << 9)
#define CPSR_IT_MASK ((0x3fU << 10) | (3U << 25))
#define SCTLR_V	     (1U << 13)
#define SCTLR_EE     (1U << 25)
#define SCTLR_TE     (1U << 30)
#define TTBCR_EAE    (1U << 31)

/* Fault status of a synchronous external abort (B3.13.3, B3.13.6), in the
 * format the guest's TTBCR.EAE selects; WnR for data aborts. */
#define FSR_EXT_SHORT 0x008U
#define FSR_EXT_LONG  ((1U << 9) | 0x10U)
#define FSR_WNR	      (1U << 11)

static void take(struct vcpu *v, u32 mode, u32 vector, u32 lr)
{
	struct vcpu_regs *r = &v->arch.regs;
	struct vcpu_banked *b = &r->b;
	u32 sctlr = read_cp32(SCTLR);
	u32 base = sctlr & SCTLR_V ? 0xffff0000U : read_cp32(VBAR);

	if (mode == MODE_UND) {
		b->lr_und = lr;
		b->spsr_und = r->cpsr;
	} else {
		b->lr_abt = lr;
		b->spsr_abt = r->cpsr;
	}
	r->cpsr = (r->cpsr & ~(0x1fU | CPSR_T | CPSR_E | CPSR_IT_MASK)) | mode | CPSR_A | CPSR_I |
		  (sctlr & SCTLR_TE ? CPSR_T : 0) | (sctlr & SCTLR_EE ? CPSR_E : 0);
	r->pc = base + vector;
}

static bool thumb(const struct vcpu *v) { return v->arch.regs.cpsr & CPSR_T; }

/* LR_und: the instruction's address + 4 (ARM) or + 2 (Thumb). */
void inject_arch_undef(struct vcpu *v)
{
	take(v, MODE_UND, 0x04, v->arch.regs.pc + (thumb(v) ? 2 : 4));
}

static u32 fsr_ext(void) { return read_cp32(TTBCR) & TTBCR_EAE ? FSR_EXT_LONG : FSR_EXT_SHORT; }

/* LR_abt: the instruction's address + 8 in either state. */
void inject_arch_dabt(struct vcpu *v, u64 addr, bool write)
{
	write_cp32(fsr_ext() | (write ? FSR_WNR : 0), DFSR);
	write_cp32((u32)addr, DFAR);
	take(v, MODE_ABT, 0x10, v->arch.regs.pc + 8);
}

/* LR_abt: the instruction's address + 4. */
void inject_arch_iabt(struct vcpu *v, u64 addr)
{
	write_cp32(fsr_ext(), IFSR);
	write_cp32((u32)addr, IFAR);
	take(v, MODE_ABT, 0x0c, v->arch.regs.pc + 4);
}
