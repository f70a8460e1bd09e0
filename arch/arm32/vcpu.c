/* vCPU context for AArch32 guests on an ARMv7-A host: reset state, the
 * banked register view, the PL1 cp15 state and VFP switched with the vCPU
 * (ARMv7-A/R ARM B4.1), and entry. */
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/smp.h>
#include <arch/aarch32.h>
#include <arch/guest.h>
#include <arch/hcr.h>
#include <arch/sysreg.h>
#include <arch/vcpu.h>
#include <arch/vgic.h>

/* HDCR (B4.1.67): the guest's PMU accesses (TPM, TPMCR) and debug accesses
 * (TDA, TDOSA, TDRA) trap to arch/arm/cp_emul.c: neither is switched between vCPUs,
 * so a breakpoint one domain planted would fire in another. HPMN keeps
 * every counter, as its reset value does. */
#define HDCR_TPMCR (1U << 5)
#define HDCR_TPM   (1U << 6)
#define HDCR_TDA   (1U << 9)
#define HDCR_TDOSA (1U << 10)
#define HDCR_TDRA  (1U << 11)
#define HDCR_GUEST (HDCR_TPMCR | HDCR_TPM | HDCR_TDA | HDCR_TDOSA | HDCR_TDRA)

/* SVC mode with A, I and F masked: the zImage and PSCI entry state. */
#define CPSR_SVC_MASKED 0x1d3U
/* SCTLR's reset value on a Cortex-A15 (MMU, caches off; RES1 bits). */
#define SCTLR_RESET 0x00c50078U

u32 *vcpu_arch_reg(struct vcpu *v, unsigned int n)
{
	struct vcpu_regs *r = &v->arch.regs;
	struct vcpu_banked *b = &r->b;
	u32 mode = r->cpsr & 0x1f;

	if (n < 8 || (n < 13 && mode != MODE32_FIQ))
		return &r->r[n];
	if (n < 13)
		return &b->r8_fiq + (n - 8);
	switch (mode) {
	case MODE32_FIQ: return n == 13 ? &b->sp_fiq : &b->lr_fiq;
	case MODE32_IRQ: return n == 13 ? &b->sp_irq : &b->lr_irq;
	case MODE32_SVC: return n == 13 ? &b->sp_svc : &b->lr_svc;
	case MODE32_ABT: return n == 13 ? &b->sp_abt : &b->lr_abt;
	case MODE32_UND: return n == 13 ? &b->sp_und : &b->lr_und;
	default: return n == 13 ? &b->sp_usr : &r->lr_usr; /* User, System */
	}
}

void vcpu_arch_skip_insn(struct vcpu *v)
{
	struct vcpu_regs *r = &v->arch.regs;

	r->pc += (r->hsr >> 25) & 1 ? 4 : 2; /* HSR.IL */
	r->cpsr = (u32)aarch32_it_advance(r->cpsr);
}

/* vcpu_arch_get_reg and vcpu_arch_set_reg take r0..r14 and find the mode's
 * bank themselves (vcpu_arch_reg). */
int vcpu_arch_reg32(const struct vcpu *v, unsigned int r)
{
	(void)v;
	return r < 15 ? (int)r : AARCH32_PC;
}

/* Read from the host at reset (ACTLR is not switched: HCR.TAC traps it). */
u32 vcpu_arch_actlr(const struct vcpu *v) { return v->arch.sys.actlr; }

/* Every guest of an ARMv7 host is AArch32. */
bool guest_arch_aarch32_ok(void) { return true; }
bool guest_arch_aarch64_ok(void) { return false; }

/* Linux's zImage protocol wants r0 = 0, r1 = ~0 (no machine type: a DTB)
 * and r2 = DTB (arg0, boot); PSCI CPU_ON wants r0 = its context (arg0). */
void vcpu_arch_reset(struct vcpu *v, u64 entry, u64 arg0, bool boot)
{
	struct vcpu_arch *a = &v->arch;
	memset(&a->regs, 0, sizeof(a->regs));
	memset(&a->sys, 0, sizeof(a->sys));
	memset(&a->fp, 0, sizeof(a->fp));
	a->regs.pc = (u32)entry & ~1U;
	a->regs.cpsr = CPSR_SVC_MASKED | (entry & 1 ? (u32)PSR32_T : 0); /* bit 0: Thumb entry */
	a->regs.r[0] = boot ? 0 : (u32)arg0;
	a->regs.r[1] = boot ? ~0U : 0;
	a->regs.r[2] = boot ? (u32)arg0 : 0;
	a->sys.sctlr = SCTLR_RESET;
	a->sys.actlr = read_cp32(ACTLR);
	a->sys.vmpidr = (1U << 31) | v->id; /* Aff0 = vCPU id, as the guest DT says */
	a->hcr = HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | HCR_TSC |
		 HCR_TACR | (v->dom->cfg->wfi == WFI_TRAP ? HCR_TWI : 0);
}

/* clang-format off */
#define PL1_SYSREGS(X)                                                                             \
	X(sctlr, SCTLR) X(cpacr, CPACR) X(ttbcr, TTBCR) X(dacr, DACR) X(dfsr, DFSR)                \
	X(ifsr, IFSR) X(adfsr, ADFSR) X(aifsr, AIFSR) X(dfar, DFAR) X(ifar, IFAR)                  \
	X(prrr, PRRR) X(nmrr, NMRR) X(amair0, AMAIR0) X(amair1, AMAIR1) X(vbar, VBAR)              \
	X(contextidr, CONTEXTIDR) X(tpidrurw, TPIDRURW) X(tpidruro, TPIDRURO)                      \
	X(tpidrprw, TPIDRPRW) X(cntkctl, CNTKCTL) X(csselr, CSSELR)
#define PL1_SYSREGS64(X) X(ttbr0, TTBR0) X(ttbr1, TTBR1) X(par, PAR) X(cntv_cval, CNTV_CVAL)
#define X_SAVE(f, r)	  s->f = read_cp32(r);
#define X_RESTORE(f, r)	  write_cp32(s->f, r);
#define X_SAVE64(f, r)	  s->f = read_cp64(r);
#define X_RESTORE64(f, r) write_cp64(s->f, r);
/* clang-format on */

void vcpu_arch_load(struct vcpu *v)
{
	struct vcpu_sysregs *s = &v->arch.sys;
	PL1_SYSREGS(X_RESTORE)
	PL1_SYSREGS64(X_RESTORE64)
	write_cp32(s->cntv_ctl, CNTV_CTL);
	write_cp32(s->vmpidr, VMPIDR);
	write_cp32(read_cp32(MIDR), VPIDR);
	write_cp64(0, CNTVOFF);
	write_cp32(v->arch.hcr, HCR);
	write_cp32(((read_cp32(PMCR) >> 11) & 0x1f) | HDCR_GUEST, HDCR);
	write_cp64(v->dom->s2_vttbr, VTTBR);
	isb();
	fp_arch_restore(&v->arch.fp);
	vgic_restore(v);
	smp_pcpu(smp_cpu_id())->guest_regs = &v->arch.regs;
}

void vcpu_arch_put(struct vcpu *v)
{
	struct vcpu_sysregs *s = &v->arch.sys;
	PL1_SYSREGS(X_SAVE)
	PL1_SYSREGS64(X_SAVE64)
	s->cntv_ctl = read_cp32(CNTV_CTL);
	write_cp32(0, CNTV_CTL); /* its timer must not fire for the next one */
	fp_arch_save(&v->arch.fp);
	vgic_save(v);
	write_cp32(HCR_HOST_ROUTE, HCR);
	isb();
}

/* vtimer_arch_deadline(), _forget(), _fired() and _stop(): arch/arm/vtimer.c. */
