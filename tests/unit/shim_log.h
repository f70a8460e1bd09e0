/* The console log on the host: log_printf() formats each message into
 * shim_logged (the last one) and counts them in shim_nlogged. Shared by the
 * unit tests and the fuzz targets (tests/fuzz/); include it in one file of a
 * program, after <bulkhead/log.h>. */
#ifndef UNIT_SHIM_LOG_H
#define UNIT_SHIM_LOG_H

#include <stdarg.h>
#include <stdio.h>

static char shim_logged[512];
static int shim_nlogged;

void log_printf(enum log_level level, const char *fmt, ...)
{
	va_list ap;
	(void)level;
	va_start(ap, fmt);
	vsnprintf(shim_logged, sizeof(shim_logged), fmt, ap);
	va_end(ap);
	shim_nlogged++;
}

static inline void shim_log_reset(void)
{
	shim_logged[0] = '\0';
	shim_nlogged = 0;
}

#endif
