/* CHECK(cond, fmt, ...): a promise of the code under test, checked by a fuzz
 * target. A broken one prints FUZZ_NAME, the condition and the details and
 * aborts, so that libFuzzer keeps the input as a reproducer. */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s: %s: ", FUZZ_NAME, #cond);                             \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
