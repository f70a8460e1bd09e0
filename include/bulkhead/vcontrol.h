/* The control interface's page (common/vcontrol.c,
 * include/public/bulkhead_control.h). */
#ifndef BULKHEAD_VCONTROL_H
#define BULKHEAD_VCONTROL_H

struct domain;

#ifdef CONFIG_VCONTROL
/* Maps the control page into d: 0, or -E_NOMEM with no device slot left. */
int vcontrol_create(struct domain *d);
#define VCONTROL_BUILT 1
#else
/* Not built (Kconfig VCONTROL): no domain gets the page, no guest DT names
 * it (guest_dt.c), and a domain with bulkhead,control is refused (config). */
static inline int vcontrol_create(struct domain *d) { return (void)d, 0; }
#define VCONTROL_BUILT 0
#endif

#endif
