/*
 * Exceptions the hypervisor does not expect: decode ESR_EL2 and FAR
 * (arch/arm/fault_decode.c), dump the registers and panic (vectors.S calls
 * them: arch/entry.h). A guest's exits go through trap.c's table and
 * arch/arm/guest_exit.c instead; what is reachable here from a guest is only
 * the SError that guest_entry.S takes as the guest exits.
 */
#include <bulkhead/types.h>
#include <bulkhead/log.h>
#include <bulkhead/panic.h>
#include <bulkhead/smp.h>
#include <arch/entry.h>
#include <arch/fault_decode.h>
#include <arch/regs.h>
#include <arch/serror.h>

static const char *const kind_names[16] = {
	"Synchronous (EL2, SP_EL0)",
	"IRQ (EL2, SP_EL0)",
	"FIQ (EL2, SP_EL0)",
	"SError (EL2, SP_EL0)",
	"Synchronous (EL2)",
	"IRQ (EL2)",
	"FIQ (EL2)",
	"SError (EL2)",
	"Synchronous (lower EL, AArch64)",
	"IRQ (lower EL, AArch64)",
	"FIQ (lower EL, AArch64)",
	"SError (lower EL, AArch64)",
	"Synchronous (lower EL, AArch32)",
	"IRQ (lower EL, AArch32)",
	"FIQ (lower EL, AArch32)",
	"SError (lower EL, AArch32)",
};

void __noreturn trap_el2_unexpected(struct trap_frame *f, unsigned long kind)
{
	log_err("unexpected exception: %s", kind_names[kind & 15]);
	fault_dump_syndrome(f->esr, "ESR_EL2", f->far, "FAR_EL2", 16);
	log_err("ELR_EL2 0x%016llx  SPSR_EL2 0x%08llx  SP 0x%016llx", f->elr, f->spsr, f->sp);
	for (int i = 0; i < 30; i += 3)
		log_err("x%-2d %016llx  x%-2d %016llx  x%-2d %016llx", i, f->x[i], i + 1,
			f->x[i + 1], i + 2, f->x[i + 2]);
	log_err("x30 %016llx", f->x[30]);
	panic("unexpected exception at EL2 (%s)", kind_names[kind & 15]);
}

/* The EL2 SError entry (vectors.S): the exiting guest's in the exit path's
 * window, returning there; anything else is fatal. */
void trap_el2_serror(struct trap_frame *f)
{
	if (serror_window_take(f->elr, &f->spsr, f->esr, (u64)(uintptr_t)serror_window,
			       (u64)(uintptr_t)serror_window_end,
			       &smp_pcpu(smp_cpu_id())->serror_syndrome))
		return;
	trap_el2_unexpected(f, 7);
}
