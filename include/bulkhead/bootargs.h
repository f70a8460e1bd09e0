/* Hypervisor command line: /chosen/bulkhead,bootargs (or Xen's
 * xen,xen-bootargs, so dom0less trees boot unchanged). Space-separated
 * key=value words; unknown words are reported, not fatal. */
#ifndef BULKHEAD_BOOTARGS_H
#define BULKHEAD_BOOTARGS_H

#include <bulkhead/types.h>

struct boot_options {
	int loglevel;	     /* -1: keep CONFIG_LOG_LEVEL */
	bool selftest_abort; /* take a deliberate EL2 data abort (tests the dump) */
	unsigned int unknown;
	char first_unknown[32];
};

void bootargs_parse(const char *args, struct boot_options *o);

#endif
