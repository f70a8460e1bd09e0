/* SErrors (asynchronous aborts) and whom they are charged to. The guest exit
 * paths (arch/arm64/guest_entry.S, arch/arm32/guest_entry.S) synchronize
 * errors as a guest leaves and, if one is pending, take it in a short window
 * with the mask open; the EL2/HYP vector hands it here. */
#ifndef ARCH_SERROR_H
#define ARCH_SERROR_H

#include <bulkhead/types.h>

/* The exit path's window (labels in guest_entry.S). */
extern const char serror_window[], serror_window_end[];

/*
 * An SError taken at EL2/HYP with its return address elr: true if it was
 * taken in the window [start, end] (it then is the exiting guest's: *spsr
 * gets its A mask set, so the return keeps SErrors masked, and *syndrome the
 * exception's syndrome esr), false if it is the hypervisor's own (fatal).
 */
bool serror_window_take(u64 elr, u64 *spsr, u64 esr, u64 start, u64 end, u64 *syndrome);

#endif
