/* vCPU context for guests whose EL1 is AArch64, or AArch32 (a 32-bit ARM
 * kernel): reset state, the EL1 system registers and FP/SIMD switched with
 * the vCPU (ARM ARM D13.2), and entry. */
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/log.h>
#include <bulkhead/smp.h>
#include <arch/aarch32.h>
#include <arch/guest.h>
#include <arch/hcr.h>
#include <arch/sysreg.h>
#include <arch/vcpu.h>

/* MDCR_EL2 for guests (D13.2.74): PMU (TPM, TPMCR) and debug (TDA, TDOSA,
 * TDRA) accesses trap to sysreg_emul.c; HPMN keeps its reset value, all the
 * counters (HPMN 0 is reserved without FEAT_HPMN0). */
#define MDCR_TPMCR (1ULL << 5)
#define MDCR_TPM   (1ULL << 6)
#define MDCR_TDA   (1ULL << 9)
#define MDCR_TDOSA (1ULL << 10)
#define MDCR_TDRA  (1ULL << 11)
#define MDCR_GUEST (MDCR_TPMCR | MDCR_TPM | MDCR_TDA | MDCR_TDOSA | MDCR_TDRA)

#define PSTATE_EL1H_MASKED 0x3c5ULL /* EL1h, D, A, I, F masked (booting.rst) */
#define SCTLR_EL1_RES1	   0x30d00800ULL
/* AArch32 entry (Linux arm booting.rst): SVC mode, A, I and F masked. */
#define PSTATE_SVC_MASKED (PSR32_M4 | MODE32_SVC | PSR32_A | PSR32_I | PSR32_F)
/* SCTLR as an AArch32 EL1 finds it (ARM ARM, the AArch32 SCTLR's fields): MMU and caches
 * off; the RES1 bits 23, 22 and 11; nTWE, nTWI (WFE/WFI at PL0 not
 * trapped to PL1); CP15BEN (CP15 barriers), LSMAOE and nTLSMD as on
 * ARMv7, where the decompressor and the kernel's early code come from. */
#define SCTLR32_RESET 0x00c50838ULL
/* ID_AA64PFR0_EL1.EL1 (bits 7:4): 0b0010, EL1 can run AArch32 too. */
#define PFR0_EL1_AARCH32 2

bool guest_arch_aarch32_ok(void)
{
	return ((read_sysreg(id_aa64pfr0_el1) >> 4) & 0xf) == PFR0_EL1_AARCH32;
}

bool guest_arch_aarch64_ok(void) { return true; }

int vcpu_arch_reg32(const struct vcpu *v, unsigned int r)
{
	return aarch32_reg_x(v->arch.regs.pstate, r);
}

/* The AArch32 ACTLR is ACTLR_EL1[31:0]. No guest writes ACTLR_EL1 (HCR_EL2.
 * TACR traps it, and it is not in EL1_SYSREGS), so it holds the host's. */
u32 vcpu_arch_actlr(const struct vcpu *v)
{
	(void)v;
	return (u32)read_sysreg(actlr_el1);
}

/* AArch32: r0 = 0, r1 = ~0 (no machine type: a DT), r2 = the DT's address
 * for the kernel (Linux arm booting.rst); r0 = context ID for a CPU_ON,
 * whose entry point's bit 0 selects T32 (PSCI, DEN0022D). HCR_EL2.RW = 0
 * makes EL1 AArch32 (D13.2.48). */
static void reset_aarch32(struct vcpu_arch *a, u64 entry, u64 arg0, bool boot)
{
	a->regs.pc = entry & ~1ULL;
	a->regs.pstate = PSTATE_SVC_MASKED | (entry & 1 ? PSR32_T : 0);
	a->regs.x[0] = boot ? 0 : arg0;
	a->regs.x[1] = boot ? 0xffffffffULL : 0;
	a->regs.x[2] = boot ? arg0 : 0;
	a->sys.sctlr = SCTLR32_RESET;
	a->hcr &= ~HCR_RW;
}

void vcpu_arch_reset(struct vcpu *v, u64 entry, u64 arg0, bool boot)
{
	struct vcpu_arch *a = &v->arch;
	memset(&a->regs, 0, sizeof(a->regs));
	memset(&a->sys, 0, sizeof(a->sys));
	memset(&a->fp, 0, sizeof(a->fp));
	a->regs.pc = entry;
	a->regs.x[0] = arg0;
	a->regs.pstate = PSTATE_EL1H_MASKED;
	a->sys.sctlr = SCTLR_EL1_RES1;
	a->sys.vmpidr = (1ULL << 31) | v->id; /* Aff0 = vCPU id, as the guest DT says */
	a->hcr = HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | HCR_TSC |
		 HCR_TIDCP | HCR_TACR | HCR_TSW | HCR_RW |
		 (v->dom->cfg->wfi == WFI_TRAP ? HCR_TWI : 0);
	if (v->dom->tlb_local && !v->dom->aarch32) {
		a->hcr = (a->hcr & ~HCR_FB) | HCR_TTLB; /* sysreg_emul.c: tlbi_here */
		if (boot && !v->dom->restarts)
			log_info("domain %s: one vCPU, only on CPU %d: its TLB maintenance stays "
				 "there",
				 v->dom->name, v->pcpu);
	}
	if (v->dom->aarch32)
		reset_aarch32(a, entry, arg0, boot);
}

/* clang-format off */
#define SAVE(f, r)    s->f = read_sysreg(r)
#define RESTORE(f, r) write_sysreg(s->f, r)
#define EL1_SYSREGS(X)                \
	X(sctlr, sctlr_el1)           \
	X(cpacr, cpacr_el1)           \
	X(ttbr0, ttbr0_el1)           \
	X(ttbr1, ttbr1_el1)           \
	X(tcr, tcr_el1)               \
	X(mair, mair_el1)             \
	X(amair, amair_el1)           \
	X(vbar, vbar_el1)             \
	X(contextidr, contextidr_el1) \
	X(tpidr_el0, tpidr_el0)       \
	X(tpidrro_el0, tpidrro_el0)   \
	X(tpidr_el1, tpidr_el1)       \
	X(sp_el1, sp_el1)             \
	X(elr_el1, elr_el1)           \
	X(spsr_el1, spsr_el1)         \
	X(esr_el1, esr_el1)           \
	X(far_el1, far_el1)           \
	X(afsr0, afsr0_el1)           \
	X(afsr1, afsr1_el1)           \
	X(par, par_el1)               \
	X(cntkctl, cntkctl_el1)       \
	X(csselr, csselr_el1)         \
	X(mdscr, mdscr_el1)           \
	X(cntv_cval, cntv_cval_el0)   \
	X(cntv_ctl, cntv_ctl_el0)
/* AArch32 EL1 state with AArch64 registers of its own (ARM ARM D1, "Mapping
 * of AArch32 registers to AArch64"): DACR, IFSR, FPEXC and the SPSRs of the
 * abort, undefined, IRQ and FIQ modes (SPSR_svc is SPSR_EL1; the banked
 * SP and LR are X13-X30, switched with the general registers). */
#define AARCH32_SYSREGS(X)            \
	X(dacr32, dacr32_el2)         \
	X(ifsr32, ifsr32_el2)         \
	X(fpexc32, fpexc32_el2)       \
	X(spsr_abt, spsr_abt)         \
	X(spsr_und, spsr_und)         \
	X(spsr_irq, spsr_irq)         \
	X(spsr_fiq, spsr_fiq)
#define X_SAVE(f, r)	SAVE(f, r);
#define X_RESTORE(f, r) RESTORE(f, r);
/* clang-format on */

void vcpu_arch_load(struct vcpu *v)
{
	struct vcpu_sysregs *s = &v->arch.sys;
	EL1_SYSREGS(X_RESTORE)
	if (v->dom->aarch32) {
		AARCH32_SYSREGS(X_RESTORE)
	}
	write_sysreg(s->vmpidr, vmpidr_el2);
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(0, cntvoff_el2);
	write_sysreg(v->arch.hcr, hcr_el2);
	write_sysreg((read_sysreg(pmcr_el0) >> 11 & 0x1f) | MDCR_GUEST, mdcr_el2);
	write_sysreg(cptr_el2_guest(read_sysreg(id_aa64pfr0_el1), read_sysreg(id_aa64dfr0_el1)),
		     cptr_el2);
	write_sysreg(v->dom->s2_vttbr, vttbr_el2);
	isb();
	fp_arch_restore(&v->arch.fp);
	vgic_restore(v);
	smp_pcpu(smp_cpu_id())->guest_regs = &v->arch.regs;
}

void vcpu_arch_put(struct vcpu *v)
{
	struct vcpu_sysregs *s = &v->arch.sys;
	EL1_SYSREGS(X_SAVE)
	if (v->dom->aarch32) {
		AARCH32_SYSREGS(X_SAVE)
	}
	write_sysreg(0, cntv_ctl_el0); /* its timer must not fire for the next one */
	fp_arch_save(&v->arch.fp);
	vgic_save(v);
	write_sysreg(HCR_EL2_HOST, hcr_el2);
	isb();
}

/* vtimer_arch_deadline(), _forget(), _fired() and _stop(): arch/arm/vtimer.c. */
