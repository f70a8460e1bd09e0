/* The control interface's page (common/vcontrol.c,
 * include/public/bulkhead_control.h). */
#ifndef BULKHEAD_VCONTROL_H
#define BULKHEAD_VCONTROL_H

struct domain;

#ifdef CONFIG_VCONTROL
/* Maps the control page into d: 0, or -E_NOMEM with no device slot left. */
int vcontrol_create(struct domain *d);
#else
/* Without the interface a domain has no control page. */
static inline int vcontrol_create(struct domain *d) { return (void)d, 0; }
#endif

#endif
