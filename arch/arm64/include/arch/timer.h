/* ARM generic timer, EL2 view: the counter and the EL2 physical timer (CNTHP). */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

#include <bulkhead/types.h>
#include <arch/sysreg.h>

static inline u64 timer_arch_counter(void)
{
	isb(); /* keep the read after earlier instructions (ARM ARM D11.2.2) */
	return read_sysreg(cntpct_el0);
}
static inline u32 timer_arch_freq(void) { return (u32)read_sysreg(cntfrq_el0); }

/* CNTHP_CTL_EL2: ENABLE=bit0, IMASK=bit1, ISTATUS=bit2. */
static inline void timer_arch_hyp_arm(u64 cval)
{
	write_sysreg(cval, cnthp_cval_el2);
	write_sysreg(1, cnthp_ctl_el2);
	isb();
}
static inline void timer_arch_hyp_stop(void)
{
	write_sysreg(0, cnthp_ctl_el2);
	isb();
}
/* The loaded vCPU's virtual timer, CNTV_CTL_EL0: the same fields. */
static inline u32 timer_arch_virt_ctl(void) { return (u32)read_sysreg(cntv_ctl_el0); }
static inline void timer_arch_virt_stop(void)
{
	write_sysreg(0, cntv_ctl_el0);
	isb();
}
static inline void timer_arch_cpu_init(void)
{
	write_sysreg(CNTHCTL_EL1PCTEN, cnthctl_el2); /* the counter, not the timer */
	write_sysreg(0, cntvoff_el2);
	timer_arch_hyp_stop();
}

#endif
