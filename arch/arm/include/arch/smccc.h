#ifndef ARCH_SMCCC_H
#define ARCH_SMCCC_H

#include <bulkhead/types.h>

struct smccc_res {
	u64 a0, a1, a2, a3;
};

/* SMC or HVC with the SMCCC argument registers (x0..x3 or r0..r3); results in res. */
void smccc_arch_smc(u64 fid, u64 a1, u64 a2, u64 a3, struct smccc_res *res);
void smccc_arch_hvc(u64 fid, u64 a1, u64 a2, u64 a3, struct smccc_res *res);

#endif
