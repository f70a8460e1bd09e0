/* SHIM_CHECK(cond): how the host shims (shim_*.h) report a broken promise of
 * the code under test. A cmocka test defines it as assert_true before
 * including them; a fuzz target keeps this default, which aborts so that
 * libFuzzer reports the input. */
#ifndef UNIT_SHIM_CHECK_H
#define UNIT_SHIM_CHECK_H

#include <stdlib.h>

#ifndef SHIM_CHECK
#define SHIM_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)
#endif

#endif
