/* What arch/arm/smccc.c and arch/arm/psci_guest.c call, on the host: one
 * domain (shim_psci_dom) whose vCPUs the scheduler calls record. vcpu_kick()
 * counts kicks per vCPU, vcpu_block() marks the caller blocked (as
 * common/vcpu.c does), vcpu_cpu_off() takes it offline and domain_crash()
 * counts the crashes and keeps the reason. Include it in one file of a
 * program, after <bulkhead/domain.h> and <bulkhead/vcpu_sched.h>.
 * SHIM_CHECK(cond) (default: abort() unless cond) checks that every call
 * concerns a vCPU of that domain. */
#ifndef UNIT_SHIM_PSCI_H
#define UNIT_SHIM_PSCI_H

#include <stdlib.h>
#include <string.h>

#include "shim_check.h"

static struct domain shim_psci_dom;
static unsigned int shim_kicks[DOMAIN_MAX_VCPUS];
static unsigned int shim_crashes;
static const char *shim_crash_why;

static inline bool shim_psci_own(const struct vcpu *v)
{
	return v >= shim_psci_dom.vcpus && v < shim_psci_dom.vcpus + shim_psci_dom.nvcpus &&
	       v->dom == &shim_psci_dom;
}

void vcpu_kick(struct vcpu *v)
{
	SHIM_CHECK(shim_psci_own(v));
	shim_kicks[v->id]++;
}

void vcpu_block(struct vcpu *v)
{
	SHIM_CHECK(shim_psci_own(v));
	v->blocked = true;
}

void vcpu_cpu_off(struct vcpu *v)
{
	SHIM_CHECK(shim_psci_own(v));
	v->online = false;
}

void domain_crash(struct domain *d, const char *why)
{
	SHIM_CHECK(d == &shim_psci_dom);
	shim_crashes++;
	shim_crash_why = why;
}

/* nvcpus vCPUs (1..DOMAIN_MAX_VCPUS), RAM [ram_ipa, ram_ipa + ram_size). */
static inline void shim_psci_reset(unsigned int nvcpus, u64 ram_ipa, u64 ram_size)
{
	memset(&shim_psci_dom, 0, sizeof(shim_psci_dom));
	memset(shim_kicks, 0, sizeof(shim_kicks));
	shim_crashes = 0;
	shim_crash_why = NULL;
	shim_psci_dom.nvcpus = nvcpus;
	shim_psci_dom.ram_ipa = ram_ipa;
	shim_psci_dom.ram_size = ram_size;
	shim_psci_dom.state = DOM_RUNNING;
	for (unsigned int i = 0; i < nvcpus; i++) {
		shim_psci_dom.vcpus[i].id = i;
		shim_psci_dom.vcpus[i].dom = &shim_psci_dom;
		shim_psci_dom.vcpus[i].loaded_on = -1;
	}
}

#endif
