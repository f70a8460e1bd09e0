#ifndef BULKHEAD_LOG_H
#define BULKHEAD_LOG_H

#include <bulkhead/types.h>

enum log_level { LOG_ERR = 0, LOG_WARN = 1, LOG_NOTICE = 2, LOG_INFO = 3, LOG_DEBUG = 4 };

/* One line, prefixed "(bh) " and, for errors and warnings, "error: "/"warning: ".
 * Filtered by CONFIG_LOG_LEVEL and the loglevel= boot option. */
void log_printf(enum log_level level, const char *fmt, ...) __printf(2, 3);
/* Text exactly as given (banner, ready line). */
void log_raw(const char *fmt, ...) __printf(1, 2);
void log_set_level(int level);

#define log_err(...)	log_printf(LOG_ERR, __VA_ARGS__)
#define log_warn(...)	log_printf(LOG_WARN, __VA_ARGS__)
#define log_notice(...) log_printf(LOG_NOTICE, __VA_ARGS__)
#define log_info(...)	log_printf(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_printf(LOG_DEBUG, __VA_ARGS__)

#endif
