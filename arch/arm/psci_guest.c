/* PSCI 1.1 for guests (Arm DEN0022D, 5): every call acts on the calling
 * domain only. vCPU n has MPIDR Aff0 = n (the guest DT's cpu@n). */
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/psci.h>
#include <bulkhead/smccc.h>
#include <bulkhead/vcpu_sched.h>

#define PSCI_VERSION_FID   0x84000000U
#define PSCI_CPU_SUSPEND   0x84000001U
#define PSCI_CPU_OFF	   0x84000002U
#define PSCI_CPU_ON	   0x84000003U
#define PSCI_AFFINITY_INFO 0x84000004U
#define PSCI_MIGRATE_INFO  0x84000006U
#define PSCI_SYSTEM_OFF	   0x84000008U
#define PSCI_SYSTEM_RESET  0x84000009U
#define PSCI_FEATURES	   0x8400000aU
#define SMC64(f)	   ((f) | SMCCC_SMC64)

static struct vcpu *vcpu_by_mpidr(struct domain *d, u64 mpidr)
{
	if (mpidr & 0xff00ffff00ULL || (mpidr & 0xff) >= d->nvcpus)
		return NULL;
	return &d->vcpus[mpidr & 0xff];
}

static s64 cpu_on(struct vcpu *v, u64 mpidr, u64 entry, u64 ctx)
{
	struct domain *d = v->dom;
	struct vcpu *t = vcpu_by_mpidr(d, mpidr);
	s64 rc = PSCI_SUCCESS;

	if (!t)
		return PSCI_INVALID_PARAMS;
	/* A64 and A32 entry points are word-aligned; an AArch32 one with bit 0
	 * set is T32 code (DEN0022D, CPU_ON), whose halfwords any address fits. */
	if (entry < d->ram_ipa || entry >= d->ram_ipa + d->ram_size ||
	    (entry & 3 && !(d->aarch32 && (entry & 1))))
		return PSCI_INVALID_ADDR;
	spin_lock(&d->lock);
	if (t->online)
		rc = PSCI_ALREADY_ON;
	else if (t->on_request)
		rc = PSCI_ON_PENDING;
	else {
		t->on_entry = entry;
		t->on_context = ctx;
		t->on_boot = false;
		t->on_request = true;
	}
	spin_unlock(&d->lock);
	if (rc == PSCI_SUCCESS)
		vcpu_kick(t);
	return rc;
}

static s64 affinity_info(struct vcpu *v, u64 mpidr, u64 level)
{
	struct vcpu *t = vcpu_by_mpidr(v->dom, mpidr);
	if (!t || level != 0)
		return PSCI_INVALID_PARAMS;
	return t->online ? 0 : t->on_request ? 2 : 1; /* ON, OFF, ON_PENDING */
}

static bool is_supported(u32 fid)
{
	switch (fid) {
	case 0x80000000U: /* SMCCC_VERSION: callers look for it here (DEN0028, 7.2.1) */
	case PSCI_VERSION_FID:
	case PSCI_CPU_SUSPEND:
	case SMC64(PSCI_CPU_SUSPEND):
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case SMC64(PSCI_CPU_ON):
	case PSCI_AFFINITY_INFO:
	case SMC64(PSCI_AFFINITY_INFO):
	case PSCI_MIGRATE_INFO:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES: return true;
	default: return false;
	}
}

bool psci_guest_call(struct vcpu *v, u64 fid, const u64 args[3], u64 ret[4])
{
	u64 a0 = args[0], a1 = args[1], a2 = args[2];
	if (!(fid & SMCCC_SMC64)) { /* SMC32 calls take 32-bit arguments */
		a0 &= 0xffffffffU, a1 &= 0xffffffffU, a2 &= 0xffffffffU;
	}
	switch ((u32)fid) {
	case PSCI_VERSION_FID: ret[0] = 0x10001; break; /* 1.1 */
	case PSCI_CPU_SUSPEND:
	case SMC64(PSCI_CPU_SUSPEND):
		vcpu_block(v); /* standby: returns when an interrupt is pending */
		ret[0] = PSCI_SUCCESS;
		break;
	case PSCI_CPU_OFF: vcpu_cpu_off(v); break; /* returns only for a later CPU_ON */
	case PSCI_CPU_ON:
	case SMC64(PSCI_CPU_ON): ret[0] = (u64)cpu_on(v, a0, a1, a2); break;
	case PSCI_AFFINITY_INFO:
	case SMC64(PSCI_AFFINITY_INFO): ret[0] = (u64)affinity_info(v, a0, a1); break;
	case PSCI_MIGRATE_INFO: ret[0] = 2; break; /* no Trusted OS to migrate */
	case PSCI_SYSTEM_OFF: domain_crash(v->dom, "PSCI SYSTEM_OFF"); break;
	case PSCI_SYSTEM_RESET: domain_crash(v->dom, "PSCI SYSTEM_RESET"); break;
	case PSCI_FEATURES:
		ret[0] = is_supported((u32)a0) ? 0 : (u64)(s64)PSCI_NOT_SUPPORTED;
		break;
	default: return false;
	}
	return true;
}
