/* Rate limits for the log lines a guest can cause (common/log_limit.c).
 *
 * Anything a domain makes the hypervisor print (an SMMU fault of its
 * device, an access outside its map, a control request) goes through
 * log_limited() or log_limit_allow(): each
 * domain has a token bucket per class, LOG_LIMIT_BURST lines at once and
 * then LOG_LIMIT_PER_S a second, so a guest aiming its DMA at unmapped
 * addresses cannot flood the console (on a real 115200-baud UART a 100-byte
 * line holds it for 8.7 ms, written by busy-waiting CPU) and one class
 * cannot hide another (a DMA flood does not swallow its abort line). Lines
 * over the budget are counted and said in one summary,
 * "domain X: N lines suppressed", before the domain's next line of that
 * class or at most a second after the budget allows one again. */
#ifndef BULKHEAD_LOG_LIMIT_H
#define BULKHEAD_LOG_LIMIT_H

#include <bulkhead/log.h>

enum log_class {
	LOG_CLASS_DMA,	   /* SMMU events and faults of its devices */
	LOG_CLASS_GUEST,   /* what it did: accesses outside its map, unread console input */
	LOG_CLASS_CONTROL, /* control requests about it: pause, unpause, RTDS budgets */
	LOG_CLASSES
};

#define LOG_LIMIT_BURST 10
#define LOG_LIMIT_PER_S 2

/* One line caused by the domain named `who` (NULL: by no domain, such as a
 * stream no domain owns or an SMMU's event queue overflowing): printed as
 * log_printf(level, ...) would if the budget of (who, cls) allows, else
 * counted. Callers run with interrupts masked (all of the hypervisor after
 * boot does, but the idle loop). */
void log_limited(const char *who, enum log_class cls, enum log_level level, const char *fmt, ...)
	__printf(4, 5);
/* The same decision for a caller that formats its own line (and should not
 * spend the time when it is suppressed): true if it may print one now. */
bool log_limit_allow(const char *who, enum log_class cls);
/* Prints the summaries that are due (the summary timer calls it). */
void log_limit_flush(void);
/* Every budget full again, nothing counted (unit tests). */
void log_limit_reset(void);

#endif
