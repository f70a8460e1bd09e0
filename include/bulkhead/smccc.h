/* SMC Calling Convention for guests (Arm DEN0028: SMCCC 1.1+), over HVC and SMC. */
#ifndef BULKHEAD_SMCCC_H
#define BULKHEAD_SMCCC_H

#include <bulkhead/types.h>

struct vcpu;

#define SMCCC_NOT_SUPPORTED ((u64)-1)
#define SMCCC_SMC64	    0x40000000U /* function ID bit 30: the 64-bit convention */

/* Reads the function ID and arguments from the vCPU, writes the results. */
void smccc_handle(struct vcpu *v);
/* Pure dispatcher (host-testable): returns x0..x3 for function fid. */
void smccc_dispatch(struct vcpu *v, u64 fid, const u64 args[3], u64 ret[4]);
/* PSCI (arch/arm/psci_guest.c); false if fid is not a PSCI function. */
bool psci_guest_call(struct vcpu *v, u64 fid, const u64 args[3], u64 ret[4]);

#endif
