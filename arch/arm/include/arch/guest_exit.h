/* Why guest_arch_enter returned (both hosts' guest_entry.S), and the exits
 * handled alike on both hosts (arch/arm/guest_exit.c). */
#ifndef ARCH_GUEST_EXIT_H
#define ARCH_GUEST_EXIT_H

/* The exit path found an SError pending and took it (arch/serror.h). */
#define EXIT_SERROR_AT_EXIT 4

#ifndef __ASSEMBLY__
/* The vector a guest exit came through, or the SError taken at the exit. */
enum guest_exit {
	EXIT_SYNC = 0,
	EXIT_IRQ = 1,
	EXIT_FIQ = 2,
	EXIT_SERROR = 3,
	EXIT_SERROR_LATE = EXIT_SERROR_AT_EXIT
};

#include <bulkhead/types.h>

struct vcpu;

/* A guest's stage-2 abort, from its syndrome (ESR_EL2 or HSR: the same ISS),
 * fault address (FAR_EL2, or HDFAR/HIFAR) and HPFAR. */
void guest_abort_data(struct vcpu *v, u64 esr, u64 far, u64 hpfar);
void guest_abort_insn(struct vcpu *v, u64 esr, u64 far, u64 hpfar);

/* Trapped instructions, each with its syndrome. */
void guest_trap_wfx(struct vcpu *v, u64 syndrome);
/* HVC, the guests' PSCI conduit (arch/arm/smccc.c), and a trapped SMC. */
void guest_trap_hvc(struct vcpu *v, u64 syndrome);
void guest_trap_smc(struct vcpu *v, u64 syndrome);
/* AArch32 MCR/MRC/MCRR/MRRC and LDC/STC on p15 and p14 (arch/arm/cp_emul.c). */
void guest_trap_cp(struct vcpu *v, u64 syndrome);
#endif

#endif
