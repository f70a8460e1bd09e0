/* How vCPUs meet pCPUs: the scheduler core (common/sched/sched.c) and the
 * vCPU side of it (common/vcpu.c). */
#ifndef BULKHEAD_VCPU_SCHED_H
#define BULKHEAD_VCPU_SCHED_H

#include <bulkhead/types.h>

struct vcpu;
struct domain;
struct pool_config;

/* Boot: pool 0 (the online CPUs in no cpupool, rtds) and the DT's pools. */
void sched_init(const struct pool_config *cfg, unsigned int n);
/* A domain's vCPUs join its pool; -E_INVAL if the pool cannot take them. */
int sched_domain_add(struct domain *d);
/* Its vCPUs leave their pool (a domain that will never run); a no-op if
 * they never joined or already left. */
void sched_domain_remove(struct domain *d);
/* Admission control of every pool, before any domain is loaded or started:
 * the domains of a refused pool are refused (domain_refuse), the others
 * start. */
void sched_admit(void);
/* Every pCPU's loop, once the boot CPU has called sched_start. */
void sched_start(void);
/* Waits, interrupts masked, until sched_start (a secondary before its
 * per-CPU virtualization set-up, common/boot.c). */
void sched_wait_start(void);
void __noreturn sched_run(void);
/* fn runs on cpu's loop between two vCPU runs, with no guest state loaded
 * (the hypervisor owns FP/SIMD, e.g. for libfdt) and interrupts masked. One
 * item per CPU at a time. */
void sched_defer(unsigned int cpu, void (*fn)(void));
/* Long work the hypervisor does on behalf of the vCPU whose turn this pCPU
 * runs (a restart's copies and scrubbing) calls this between chunks, with no
 * lock held: a vCPU the pool's policy prefers meanwhile runs now, so the
 * work takes the restarting domain's share of the pCPU and not its
 * neighbours'. A no-op unless that vCPU is parked here (none loaded) and
 * cannot run elsewhere, and inside a nested run. */
void sched_preempt_point(void);
/* How many vCPU runs it has made on this pCPU so far. */
u64 sched_preempt_runs(void);
/* True while this pCPU runs another vCPU inside sched_preempt_point: work
 * started there could not give way itself (vcpu.c holds a restart back). */
bool sched_preempt_nested(void);
/* New RTDS parameters for every vCPU of d, if its pool's admission control
 * accepts them; err says why not. */
int sched_set_rtds(struct domain *d, u32 period_us, u32 budget_us, char *err, size_t len);
/* The cpupool v belongs to and its scheduler ("null", "rtds"). */
const char *sched_pool_name(const struct vcpu *v);
const char *sched_policy_name(const struct vcpu *v);
/* Every pool's vCPUs on the console (debug key 's' of the console mux). */
void sched_dump(void);
/* The run loop: v has nothing to do. False if a kick came in meanwhile
 * (look again); true if it is no longer runnable. */
bool sched_sleep(struct vcpu *v);
/* Could v run on another pCPU (its state must then not stay loaded here)? */
bool sched_may_migrate(const struct vcpu *v);

/* Runs v on this pCPU until it sleeps or *resched is set. */
void vcpu_run(struct vcpu *v, const volatile bool *resched);
/* Makes v the vCPU loaded on this pCPU (saving the one that was). */
void vcpu_switch_to(struct vcpu *v);
/* Saves this pCPU's loaded vCPU, if any. */
void vcpu_put_current(void);
/* The vCPU's timer events (virtual timer, console flush, restart). */
void vcpu_timers_init(struct vcpu *v);

/* Guest WFI / CPU_SUSPEND: v waits until it has an interrupt to take. */
void vcpu_block(struct vcpu *v);
/* PSCI CPU_OFF: the vCPU stops until a CPU_ON. */
void vcpu_cpu_off(struct vcpu *v);

#endif
