/* Pre-included right after compiler.h in the host unit-test build (unit.mk).
 *
 * compiler.h's "#pragma GCC visibility push(hidden)" applies to declarations
 * too, not only to definitions: every libc, libfdt and cmocka function
 * declared after it would be a hidden undefined symbol, which a shared
 * library cannot satisfy ("ld: hidden symbol `memset' isn't defined"). The
 * hypervisor links everything statically, so hidden is right there; a host
 * executable needs the default visibility back. */
#pragma GCC visibility pop

/* The driver registry (include/bulkhead/driver.h): the hypervisor's linker
 * script bounds section .bh_drivers; on the host, a section named as a C
 * identifier gets its bounds from the linker as __start_ and __stop_. */
#define DRIVER_SECTION	   "bh_drivers"
#define driver_table_start __start_bh_drivers
#define driver_table_end   __stop_bh_drivers
