/*
 * Exceptions the hypervisor does not expect in HYP mode: decode HSR with the
 * fault address register that goes with it (HIFAR for a prefetch abort,
 * HDFAR otherwise; arch/arm/fault_decode.c), dump the registers and panic.
 * The one exception a guest can cause here is the asynchronous abort that
 * guest_entry.S takes as the guest exits (trap_hyp_dabt).
 */
#include <bulkhead/types.h>
#include <bulkhead/log.h>
#include <bulkhead/panic.h>
#include <bulkhead/smp.h>
#include <arch/entry.h>
#include <arch/fault_decode.h>
#include <arch/regs.h>
#include <arch/serror.h>
#include <arch/syndrome.h>

/* The HVBAR entry it came through (vectors.S). */
static const char *const kind_names[8] = {
	"Reset",
	"Undefined instruction (HYP)",
	"HVC/SVC (HYP)",
	"Prefetch abort (HYP)",
	"Data abort (HYP)",
	"Hyp trap (from HYP mode)",
	"IRQ",
	"FIQ",
};

void __noreturn trap_hyp_unexpected(struct trap_frame *f, unsigned long kind)
{
	u32 ec = ESR_EC(f->hsr);
	bool insn = ec == EC_IABT_LO || ec == EC_IABT_CUR;

	log_err("unexpected exception: %s", kind_names[kind & 7]);
	fault_dump_syndrome(f->hsr, "HSR", insn ? f->hifar : f->hdfar, insn ? "HIFAR" : "HDFAR", 8);
	log_err("ELR_hyp 0x%08x  SPSR_hyp 0x%08x  SP 0x%08x  LR 0x%08x", f->elr, f->spsr, f->sp,
		f->lr);
	for (int i = 0; i < 12; i += 3)
		log_err("r%-2d %08x  r%-2d %08x  r%-2d %08x", i, f->r[i], i + 1, f->r[i + 1], i + 2,
			f->r[i + 2]);
	log_err("r12 %08x", f->r[12]);
	panic("unexpected exception in HYP mode (%s)", kind_names[kind & 7]);
}

/* A data abort in HYP mode (vectors.S): the exiting guest's asynchronous
 * abort in guest_entry.S's window, returning there; anything else is fatal. */
void trap_hyp_dabt(struct trap_frame *f)
{
	u64 spsr = f->spsr;
	if (serror_window_take(f->elr, &spsr, f->hsr, (u64)(uintptr_t)serror_window,
			       (u64)(uintptr_t)serror_window_end,
			       &smp_pcpu(smp_cpu_id())->serror_syndrome)) {
		f->spsr = (u32)spsr;
		return;
	}
	trap_hyp_unexpected(f, 4);
}
