/* The guest's virtual timer (CNTV, ARM ARM D11.2.4) is the vCPU's own: its
 * physical interrupt (PPI 27) reaches EL2 and is forwarded to the running
 * vCPU as a hardware-linked virtual interrupt, so the guest's EOI deactivates
 * it. A vCPU waiting in WFI is woken by it like by any other interrupt. */
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/irq.h>
#include <arch/guest.h>
#include <arch/timer.h>
#include <arch/vgic.h>

static void vtimer_irq(u32 intid)
{
	struct vcpu *v = vcpu_current();
	if (v)
		vgic_inject_hw(v, intid);
	else /* raised just before its vCPU left: nobody will deactivate it */
		irq_deactivate(intid);
}

void vtimer_cpu_init(void)
{
	irq_set_local_handler(GUEST_TIMER_VIRT_IRQ, vtimer_irq);
	irq_set_forwarded(GUEST_TIMER_VIRT_IRQ, true);
	irq_enable_local(GUEST_TIMER_VIRT_IRQ);
}

/* When a vCPU's saved virtual timer fires, in counter ticks (CNTVOFF is 0,
 * so virtual and physical counts agree); ~0 if it is off or masked. The
 * saved CNTV_CTL and CNTV_CVAL have the same fields on arm64 and arm32. */
u64 vtimer_arch_deadline(const struct vcpu *v)
{
	u64 ctl = v->arch.sys.cntv_ctl;
	return (ctl & 3) == 1 ? v->arch.sys.cntv_cval : ~0ULL; /* ENABLE, not IMASK */
}

void vtimer_arch_forget(struct vcpu *v) { v->arch.sys.cntv_ctl = 0; }

/* The loaded vCPU's virtual timer condition is met (ENABLE, ISTATUS, not
 * IMASK: ARM ARM D11.2.4). */
bool vtimer_arch_fired(void) { return (timer_arch_virt_ctl() & 7) == 5; }

void vtimer_arch_stop(void) { timer_arch_virt_stop(); }

/* Its timer fired while it was away (the usual case of a vCPU switched in by
 * its timer's wake-up): the guest would take the PPI at once on entry and
 * exit for it. Take it now instead, as vtimer_irq would: the physical PPI
 * made active (the guest's EOI of the HW-linked virtual one deactivates it),
 * the virtual one pending. */
void vtimer_arch_loaded(struct vcpu *v)
{
	if (!vtimer_arch_fired())
		return;
	irq_activate_local(GUEST_TIMER_VIRT_IRQ);
	vgic_inject_hw_loaded(v, GUEST_TIMER_VIRT_IRQ);
}
