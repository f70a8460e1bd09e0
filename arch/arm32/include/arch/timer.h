/* ARM generic timer, HYP view: the counter and the HYP physical timer (CNTHP). */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

#include <bulkhead/types.h>
#include <arch/sysreg.h>

static inline u64 timer_arch_counter(void)
{
	isb(); /* keep the read after earlier instructions */
	return read_cp64(CNTPCT);
}
static inline u32 timer_arch_freq(void) { return read_cp32(CNTFRQ); }

/* CNTHP_CTL: ENABLE=bit0, IMASK=bit1, ISTATUS=bit2. */
static inline void timer_arch_hyp_arm(u64 cval)
{
	write_cp64(cval, CNTHP_CVAL);
	write_cp32(1, CNTHP_CTL);
	isb();
}
static inline void timer_arch_hyp_stop(void)
{
	write_cp32(0, CNTHP_CTL);
	isb();
}
/* The loaded vCPU's virtual timer, CNTV_CTL: the same fields. */
static inline u32 timer_arch_virt_ctl(void) { return read_cp32(CNTV_CTL); }
static inline void timer_arch_virt_stop(void)
{
	write_cp32(0, CNTV_CTL);
	isb();
}
static inline void timer_arch_cpu_init(void)
{
	write_cp32(CNTHCTL_PL1PCTEN, CNTHCTL); /* the counter, not the timer */
	write_cp64(0, CNTVOFF);
	timer_arch_hyp_stop();
}

#endif
