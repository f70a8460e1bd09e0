/* printf-style formatting (common/lib/fmt.c): %d %i %u %x %X %o %c %s %p %%,
 * flags '-' '0' '#' '+' ' ', width and precision (also '*'), lengths hh h l ll z. */
#ifndef BULKHEAD_FMT_H
#define BULKHEAD_FMT_H

#include <stdarg.h>
#include <bulkhead/types.h>

/* Like vsnprintf: always NUL-terminates when size > 0, returns the length
 * the full output would have. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
