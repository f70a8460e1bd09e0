/* Physical CPUs: logical numbering, bring-up through PSCI CPU_ON, and the
 * IPIs the hypervisor sends itself. */
#include <bulkhead/boot.h>
#include <bulkhead/hostdt.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/psci.h>
#include <bulkhead/smp.h>
#include <bulkhead/timer.h>
#include <arch/cpu.h>

static struct pcpu pcpus[CONFIG_MAX_CPUS];
/* PCPU_GUEST_REGS in guest_entry.S: 8 on arm64, 4 on arm32. */
_Static_assert(__builtin_offsetof(struct pcpu, guest_regs) == sizeof(void *),
	       "PCPU_GUEST_REGS in guest_entry.S");
static unsigned int ncpus = 1;
static struct secondary_boot boot_info[CONFIG_MAX_CPUS] __aligned(64);

u64 smp_cpu_mpidr(unsigned int cpu) { return pcpus[cpu].mpidr; }
struct pcpu *smp_pcpu(unsigned int cpu) { return &pcpus[cpu]; }
unsigned int smp_cpu_count(void) { return ncpus; }

unsigned int smp_online_count(void)
{
	unsigned int n = 0;
	for (unsigned int i = 0; i < ncpus; i++)
		n += pcpus[i].online;
	return n;
}

static void ipi_ping(u32 intid)
{
	(void)intid;
	pcpus[smp_cpu_id()].pings++;
}

static void ipi_stop(u32 intid)
{
	(void)intid;
	pcpus[smp_cpu_id()].online = false;
	cpu_arch_halt();
}

void smp_init(const struct host_info *h)
{
	u64 me = cpu_arch_mpidr();
	bool listed = false;

	pcpus[0].mpidr = me;
	for (unsigned int i = 0; i < h->ncpus; i++) {
		if (h->cpu_mpidr[i] == me) {
			listed = true;
		} else if (ncpus < CONFIG_MAX_CPUS) {
			pcpus[ncpus].id = ncpus;
			pcpus[ncpus].mpidr = h->cpu_mpidr[i];
			ncpus++;
		}
	}
	if (!listed)
		log_warn("boot CPU (MPIDR 0x%llx) is not among the DT's cpu nodes", me);
	if (h->ncpus_dt > h->ncpus)
		log_warn("the DT describes %u CPUs; this build uses %u (CONFIG_MAX_CPUS)",
			 h->ncpus_dt, h->ncpus);
	pcpus[0].online = true;
	cpu_arch_set_percpu(&pcpus[0]);
	irq_set_local_handler(IPI_PING, ipi_ping);
	irq_set_local_handler(IPI_STOP, ipi_stop);
}

static bool wait_online(unsigned int cpu, u64 timeout_ns)
{
	u64 end = timer_now_ticks() + timer_ns_to_ticks(timeout_ns);
	while (!pcpus[cpu].online) {
		if (timer_now_ticks() > end)
			return false;
		cpu_arch_relax(); /* lets an emulator running CPUs in turn run the new one */
	}
	return true;
}

void smp_boot_secondaries(void)
{
	for (unsigned int i = 1; i < ncpus; i++) {
		struct secondary_boot *b = &boot_info[i];
		int rc;

		b->stack_top = (u64)(uintptr_t)boot_arch_stack_top(i);
		b->cpu = i;
		mmu_arch_secondary_info(b);
		cpu_arch_dcache_clean(b, sizeof(*b)); /* read with the MMU off */
		rc = psci_cpu_on(pcpus[i].mpidr, boot_arch_secondary_entry(), (u64)(uintptr_t)b);
		if (rc != PSCI_SUCCESS) {
			log_err("CPU %u (MPIDR 0x%llx): PSCI CPU_ON failed: %s", i, pcpus[i].mpidr,
				psci_strerror(rc));
			continue;
		}
		if (!wait_online(i, 1000000000ULL))
			log_err("CPU %u (MPIDR 0x%llx) did not come online within 1 s", i,
				pcpus[i].mpidr);
	}
}

void smp_stop_others(void)
{
	unsigned int me = smp_cpu_id();
	for (unsigned int i = 0; i < ncpus; i++)
		if (i != me && pcpus[i].online)
			irq_send_ipi(i, IPI_STOP);
}
