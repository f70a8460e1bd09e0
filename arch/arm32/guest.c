/*
 * The guest hooks of an ARMv7-A host, before the world switch exists (issue
 * 8, second milestone). Domains are refused when their stage 2 would be
 * built, with a message saying so; the rest never runs, since no vCPU of a
 * refused domain exists, and keeps the common code linking.
 */
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/log.h>
#include <arch/cpu.h>
#include <arch/guest.h>
#include <arch/sysreg.h>

void stage2_arch_cpu_init(void);

int stage2_arch_init(struct domain *d)
{
	log_err("domain %s: guests do not run on an arm32 host yet (no world switch)", d->name);
	return -E_NOSUPP;
}

void stage2_arch_cpu_init(void) {}
void stage2_arch_flush_tlb(struct domain *d) { (void)d; }

void vcpu_arch_reset(struct vcpu *v, u64 entry, u64 arg0)
{
	memset(&v->arch, 0, sizeof(v->arch));
	v->arch.regs.pc = (u32)entry;
	v->arch.regs.r[2] = (u32)arg0; /* the DTB, as the zImage protocol has it */
}

void vcpu_arch_load(struct vcpu *v) { (void)v; }
void vcpu_arch_put(struct vcpu *v) { (void)v; }
int vcpu_arch_enter(struct vcpu *v)
{
	(void)v;
	return EXIT_SERROR;
}
void trap_arch_guest_sync(struct vcpu *v) { (void)v; }

void inject_arch_undef(struct vcpu *v) { (void)v; }
void inject_arch_dabt(struct vcpu *v, u64 addr, bool write) { (void)v, (void)addr, (void)write; }
void inject_arch_iabt(struct vcpu *v, u64 addr) { (void)v, (void)addr; }

void vtimer_arch_stop(void) {}
u64 vtimer_arch_deadline(const struct vcpu *v)
{
	(void)v;
	return ~0ULL;
}
bool vtimer_arch_fired(void) { return false; }
void vtimer_arch_forget(struct vcpu *v) { (void)v; }
bool sysreg_arch_emulate(struct vcpu *v, u64 esr)
{
	(void)v, (void)esr;
	return false;
}

void mem_arch_zero(void *p, u64 size) { memset(p, 0, (size_t)size); }

/* DCCIMVAC over the range: clean and invalidate to the point of coherency. */
void cache_arch_clean_inval(u64 start, u64 size)
{
	u32 line = cpu_arch_dline();
	for (u64 a = start & ~(u64)(line - 1); a < start + size; a += line)
		write_cp32((u32)a, DCCIMVAC);
	dsb(sy);
}
