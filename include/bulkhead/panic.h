#ifndef BULKHEAD_PANIC_H
#define BULKHEAD_PANIC_H

#include <bulkhead/types.h>

/* Prints "BULKHEAD PANIC on CPU n: ...", stops every other CPU and halts.
 * Only for corrupt hypervisor state; never for anything a guest did. */
void __noreturn panic(const char *fmt, ...) __printf(1, 2);

#define BUG_ON(cond)                                                                               \
	do {                                                                                       \
		if (unlikely(cond))                                                                \
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__);                   \
	} while (0)

#endif
