/* A vCPU's architectural state while it is not on a CPU: an AArch32 guest
 * (PL1/PL0) on an ARMv7-A host. The world switch that fills it is issue 8's
 * second milestone; until then no vCPU runs (arch/arm32/guest.c). */
#ifndef ARCH_VCPU_H
#define ARCH_VCPU_H

#ifndef __ASSEMBLY__

#include <bulkhead/types.h>

/* Registers as the trapped instruction names them: r0..r14 of the guest's
 * current mode (the banked ones are swapped in on mode changes), the PC
 * (ELR_hyp) and CPSR (SPSR_hyp), then the exit syndrome. */
struct vcpu_regs {
	u32 r[15];
	u32 pc;
	u32 cpsr;
	u32 hsr, hdfar, hifar, hpfar;
};

struct vcpu_arch {
	struct vcpu_regs regs;
	u64 vmpidr;
};

/* Exit reasons returned by vcpu_arch_enter. */
enum guest_exit { EXIT_SYNC = 0, EXIT_IRQ = 1, EXIT_FIQ = 2, EXIT_SERROR = 3 };

#endif
#endif
