/* Decoding of an exception syndrome for the unexpected-exception dump
 * (arch/arm/fault_decode.c): ESR_EL2 on arm64 and HSR on arm32 share one
 * format (EC, IL, ISS) and the long-descriptor fault status codes. */
#ifndef ARCH_FAULT_DECODE_H
#define ARCH_FAULT_DECODE_H

#include <bulkhead/types.h>

/* Logs "<esr_name> 0x...: EC ..., IL, ISS" and, for an abort, its fault
 * status, level, access and the faulting address: far, printed as far_name
 * with far_digits hex digits. */
void fault_dump_syndrome(u64 esr, const char *esr_name, u64 far, const char *far_name,
			 int far_digits);

#endif
