/* The register handlers arm64's AArch64 table (arch/arm64/sysreg_emul.c) and
 * the AArch32 one of both hosts (cp_emul.c) share; pure functions of the vCPU
 * and the access, so the AArch32 table is unit-tested on the host with them. */
#include <bulkhead/domain.h>
#include <arch/vgic.h>
#include <arch/reg_access.h>

/* ICC_SGI1R_EL1 as written by a GICv3 guest (decoded by vgic-v3.c). */
bool sysreg_sgi1r(struct vcpu *v, struct reg_access *a)
{
	if (a->read || v->dom->vgic.version != 3)
		return false;
	vgic_v3_write_sgi1r(v, a->val);
	return true;
}

/* DC ISW/CSW/CISW (HCR_EL2.TSW): set/way operations cannot be virtualised;
 * memory is coherent, so they are no-ops. */
bool sysreg_set_way(struct vcpu *v, struct reg_access *a)
{
	(void)v;
	return !a->read;
}

bool sysreg_raz_wi(struct vcpu *v, struct reg_access *a)
{
	(void)v;
	a->val = 0;
	return true;
}

/* OSLSR_EL1 (D13.3.17): OSLM = 0b10, the OS lock is implemented and clear. */
bool sysreg_oslsr(struct vcpu *v, struct reg_access *a)
{
	(void)v;
	a->val = 1ULL << 3;
	return a->read;
}
