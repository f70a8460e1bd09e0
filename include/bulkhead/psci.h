/* The host's PSCI firmware, reached through the conduit the host DT names. */
#ifndef BULKHEAD_PSCI_H
#define BULKHEAD_PSCI_H

#include <bulkhead/types.h>

struct host_psci;

/* PSCI return codes (PSCI 1.1, DEN0022D, 5.2.2) */
#define PSCI_SUCCESS	    0
#define PSCI_NOT_SUPPORTED  (-1)
#define PSCI_INVALID_PARAMS (-2)
#define PSCI_DENIED	    (-3)
#define PSCI_ALREADY_ON	    (-4)
#define PSCI_ON_PENDING	    (-5)
#define PSCI_INTERNAL_FAIL  (-6)
#define PSCI_NOT_PRESENT    (-7)
#define PSCI_DISABLED	    (-8)
#define PSCI_INVALID_ADDR   (-9)

bool psci_init(const struct host_psci *p);
int psci_cpu_on(u64 mpidr, paddr_t entry, u64 context);
u32 psci_version(void);
const char *psci_strerror(int rc);

#endif
