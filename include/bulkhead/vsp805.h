/* A virtual Arm SP805 watchdog per domain with bulkhead,watchdog = <ms>;
 * common/vsp805.c. Its reset output crashes the domain (domain_crash), so
 * the domain's on-crash policy decides between halting and restarting. */
#ifndef BULKHEAD_VSP805_H
#define BULKHEAD_VSP805_H

#include <bulkhead/types.h>

struct domain;
struct vsp805;

/* WDOGCLK: the guest DT's fixed clock for the watchdog says the same. */
#define VSP805_CLOCK_HZ 1000000

#ifdef CONFIG_VSP805
extern const struct mmio_device vsp805_dev;

/* Adds the watchdog's MMIO region to d (GUEST_WDOG_BASE); stopped until
 * vsp805_start. NULL if the region cannot be added. */
struct vsp805 *vsp805_create(struct domain *d, u32 timeout_ms);
/* At (re)start of the domain: registers back to their reset values, then
 * programmed and running as firmware would leave it (INTEN | RESEN, locked),
 * interrupt after timeout_ms / 2 and reset after timeout_ms unless the guest
 * reloads it. Linux's sp805_wdt finds it running and keeps it fed. */
void vsp805_start(struct vsp805 *w);
/* The domain stops or is about to restart: no more interrupts or resets. */
void vsp805_stop(struct vsp805 *w);
#else
/* Not built (Kconfig VSP805): a domain asking for one is refused. */
static inline struct vsp805 *vsp805_create(struct domain *d, u32 ms)
{
	return (void)d, (void)ms, NULL;
}
static inline void vsp805_start(struct vsp805 *w) { (void)w; }
static inline void vsp805_stop(struct vsp805 *w) { (void)w; }
#endif

#endif
