/* How vCPUs meet pCPUs. For now each vCPU owns one pCPU (placed at domain
 * creation); the scheduler of the cockpit issue replaces this file's
 * implementation, not its callers. */
#ifndef BULKHEAD_VCPU_SCHED_H
#define BULKHEAD_VCPU_SCHED_H

#include <bulkhead/types.h>

struct vcpu;

/* Guest WFI: wait on this pCPU until the vCPU has an interrupt to take. */
void vcpu_block(struct vcpu *v);
/* Pick a free pCPU for each vCPU (affinity first); -E_BUSY if there are none. */
int vcpu_place(struct vcpu *v, u64 affinity);
/* Give v's pCPU to it (IPI if it is another one); it runs once online. */
void vcpu_start_on_pcpu(struct vcpu *v);
/* PSCI CPU_OFF: the vCPU stops until a CPU_ON. */
void vcpu_cpu_off(struct vcpu *v);
/* Release the pCPUs of a domain that was never started. */
void vcpu_unplace(struct vcpu *v);

#endif
