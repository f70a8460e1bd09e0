#ifndef BULKHEAD_SMP_H
#define BULKHEAD_SMP_H

#include <bulkhead/types.h>
#include <arch/cpu.h>

struct host_info;

struct vcpu_regs;
struct vcpu;

struct pcpu {
	unsigned int id;
	struct vcpu_regs *guest_regs; /* the running vCPU's registers (guest_entry.S) */
	struct vcpu *vcpu;	      /* the vCPU this CPU runs, if any */
	u64 mpidr;
	volatile bool online;
	volatile u32 pings; /* IPI_PING received */
	volatile bool timer_fired;
	u64 serror_syndrome; /* of the SError the guest exit path took (arch/serror.h) */
};

/* Logical id of the running CPU (the boot CPU is 0). Inline: the scheduler
 * and the trap path ask for it many times per switch. */
static inline unsigned int smp_cpu_id(void)
{
	const struct pcpu *p = cpu_arch_percpu();
	return p ? p->id : 0;
}
u64 smp_cpu_mpidr(unsigned int cpu);
struct pcpu *smp_pcpu(unsigned int cpu);
unsigned int smp_cpu_count(void); /* CPUs known (boot + secondaries attempted) */
unsigned int smp_online_count(void);
/* Logical numbering: the boot CPU first, then the DT's order. */
void smp_init(const struct host_info *h);
/* Starts every other CPU through PSCI CPU_ON; a CPU that does not come up
 * within a second is reported and left out. */
void smp_boot_secondaries(void);
/* Panic path: ask every other online CPU to halt. */
void smp_stop_others(void);

#endif
