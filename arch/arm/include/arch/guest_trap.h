#ifndef ARCH_GUEST_TRAP_H
#define ARCH_GUEST_TRAP_H

#include <bulkhead/domain.h>

/* Trapped instructions handled alike on arm64 and arm32 (arch/arm/guest_trap.c),
 * each with its syndrome (ESR_EL2 or HSR: the same ISS for these classes). */
void guest_trap_wfx(struct vcpu *v, u64 syndrome);
void guest_trap_hvc(struct vcpu *v, u64 syndrome);
void guest_trap_smc(struct vcpu *v, u64 syndrome);
/* AArch32 MCR/MRC/MCRR/MRRC and LDC/STC on p15 and p14 (arch/arm/cp_emul.c). */
void guest_trap_cp(struct vcpu *v, u64 syndrome);

#endif
