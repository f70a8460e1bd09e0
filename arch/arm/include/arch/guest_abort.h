#ifndef ARCH_GUEST_ABORT_H
#define ARCH_GUEST_ABORT_H

#include <bulkhead/domain.h>

/* A guest's stage-2 abort (arch/arm/guest_abort.c), from its syndrome (ESR_EL2
 * or HSR: the same ISS), fault address (FAR_EL2, or HDFAR/HIFAR) and HPFAR. */
void guest_abort_data(struct vcpu *v, u64 esr, u64 far, u64 hpfar);
void guest_abort_insn(struct vcpu *v, u64 esr, u64 far, u64 hpfar);

#endif
