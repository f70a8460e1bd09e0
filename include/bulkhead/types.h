#ifndef BULKHEAD_TYPES_H
#define BULKHEAD_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64; /* so "%llx" fits on every target */
typedef int32_t s32;
typedef long long s64;
typedef u64 paddr_t;

/* Error codes returned as negative values. */
enum {
	E_OK = 0,
	E_INVAL = 1,  /* bad argument or malformed input */
	E_NOMEM = 2,  /* out of memory or table space */
	E_NOENT = 3,  /* not found */
	E_RANGE = 4,  /* out of range, overlap */
	E_NOSUPP = 5, /* not supported */
	E_BUSY = 6,
	E_TIMEOUT = 7,
	E_IO = 8, /* a device reported an error */
};

#endif
