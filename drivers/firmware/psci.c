/* PSCI client (Arm DEN0022D, PSCI 1.1): CPU_ON for secondary boot. */
#include <bulkhead/hostdt.h>
#include <bulkhead/psci.h>
#include <arch/smccc.h>

#define PSCI_0_2_VERSION 0x84000000

static struct host_psci conf;

static s64 call(u64 fid, u64 a1, u64 a2, u64 a3)
{
	struct smccc_res r;
	if (conf.conduit == PSCI_SMC)
		smccc_arch_smc(fid, a1, a2, a3, &r);
	else if (conf.conduit == PSCI_HVC)
		smccc_arch_hvc(fid, a1, a2, a3, &r);
	else
		return PSCI_NOT_SUPPORTED;
	return (s64)r.a0;
}

bool psci_init(const struct host_psci *p)
{
	conf = *p;
	return conf.conduit != PSCI_NONE;
}

u32 psci_version(void) { return conf.v0_2 ? (u32)call(PSCI_0_2_VERSION, 0, 0, 0) : 0; }

int psci_cpu_on(u64 mpidr, paddr_t entry, u64 context)
{
	return (int)call(conf.cpu_on_fid, mpidr, entry, context);
}

const char *psci_strerror(int rc)
{
	static const char *const names[] = {
		"SUCCESS",    "NOT_SUPPORTED",	"INVALID_PARAMETERS", "DENIED",
		"ALREADY_ON", "ON_PENDING",	"INTERNAL_FAILURE",   "NOT_PRESENT",
		"DISABLED",   "INVALID_ADDRESS"};
	return (rc <= 0 && rc >= -9) ? names[-rc] : "unknown error";
}
