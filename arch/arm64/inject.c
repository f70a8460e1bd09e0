/* Synchronous exceptions delivered to an AArch64 guest's EL1, as the
 * hardware would take them (ARM ARM D1.10: vector offsets from VBAR_EL1,
 * ELR/SPSR/ESR/FAR_EL1 written, PSTATE = EL1h with DAIF masked). A guest
 * whose EL1 is AArch32 takes them in its own modes (inject32.c). */
#include <bulkhead/domain.h>
#include <arch/guest.h>
#include <arch/syndrome.h>
#include <arch/sysreg.h>

static void inject_sync(struct vcpu *v, u64 esr, u64 far)
{
	struct vcpu_regs *r = &v->arch.regs;
	u64 el = (r->pstate >> 2) & 3, vector;

	if (r->pstate & (1ULL << 4)) /* AArch32 EL0 */
		vector = 0x600;
	else if (el == 0)
		vector = 0x400;
	else
		vector = (r->pstate & 1) ? 0x200 : 0x000; /* SP_EL1 or SP_EL0 */
	write_sysreg(r->pc, elr_el1);
	write_sysreg(r->pstate, spsr_el1);
	write_sysreg(esr, esr_el1);
	write_sysreg(far, far_el1);
	r->pc = read_sysreg(vbar_el1) + vector;
	r->pstate = 0x3c5;
}

static bool from_el0(const struct vcpu *v) { return ((v->arch.regs.pstate >> 2) & 3) == 0; }

void inject_arch_undef(struct vcpu *v)
{
	if (v->dom->aarch32)
		inject32_undef(v);
	else
		inject_sync(v, (EC_UNKNOWN << 26) | ESR_IL, 0);
}

void inject_arch_dabt(struct vcpu *v, u64 addr, bool write)
{
	u64 ec = from_el0(v) ? EC_DABT_LO : EC_DABT_CUR;
	if (v->dom->aarch32) {
		inject32_dabt(v, addr, write);
		return;
	}
	inject_sync(v, (ec << 26) | ESR_IL | (write ? ISS_WNR : 0) | FSC_EXT_ABORT, addr);
}

void inject_arch_iabt(struct vcpu *v, u64 addr)
{
	u64 ec = from_el0(v) ? EC_IABT_LO : EC_IABT_CUR;
	if (v->dom->aarch32) {
		inject32_iabt(v, addr);
		return;
	}
	inject_sync(v, (ec << 26) | ESR_IL | FSC_EXT_ABORT, addr);
}
