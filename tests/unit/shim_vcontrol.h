/* What common/vcontrol.c calls, on the host: two domains, dom0 (id 0,
 * bulkhead,control, 1 vCPU, Pool-0, rtds) and cluster (id 1, 2 vCPUs, solo,
 * null), and domain operations that record what they were asked. Shared by
 * tests/unit/test_vcontrol.c and tests/fuzz/fuzz_vcontrol.c; include it in
 * one file of a program, after <bulkhead/domain.h>, <bulkhead/console.h>,
 * <bulkhead/vcpu_sched.h>, <bulkhead/vmmio.h> and <public/bulkhead_control.h>. */
#ifndef UNIT_SHIM_VCONTROL_H
#define UNIT_SHIM_VCONTROL_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <bulkhead/vcontrol.h>
#include "shim_timer.h" /* for common/log_limit.c */

#define SHIM_NDOMS 2

static struct domain doms[SHIM_NDOMS];
static struct domain_config cfgs[SHIM_NDOMS];
static const struct mmio_device *dev;
static void *privs[SHIM_NDOMS];
static struct domain *stopped, *paused;
static bool stop_restart;
static const char *stop_by;
static int logged_once, rtds_rc;
static unsigned int domain_ops; /* calls of the four operations below */
static u32 rtds_period, rtds_budget;
static const char *history_text;

unsigned int domain_count(void) { return SHIM_NDOMS; }
struct domain *domain_by_id(unsigned int id) { return id < SHIM_NDOMS ? &doms[id] : NULL; }

int domain_control_stop(struct domain *d, bool restart, const char *by)
{
	domain_ops++;
	stopped = d, stop_restart = restart, stop_by = by;
	return 0;
}

int domain_pause(struct domain *d)
{
	domain_ops++;
	paused = d;
	return 0;
}

int domain_unpause(struct domain *d)
{
	domain_ops++;
	return d == paused ? 0 : -E_BUSY;
}

/* Refuses with rtds_rc and a reason when rtds_rc is set. */
int sched_set_rtds(struct domain *d, u32 period_us, u32 budget_us, char *err, size_t len)
{
	(void)d;
	domain_ops++;
	rtds_period = period_us, rtds_budget = budget_us;
	if (rtds_rc)
		snprintf(err, len, "utilisation 2.500 exceeds its 2 pCPUs");
	return rtds_rc;
}

const char *sched_pool_name(const struct vcpu *v) { return v->dom->id ? "solo" : "Pool-0"; }
const char *sched_policy_name(const struct vcpu *v) { return v->dom->id ? "null" : "rtds"; }

/* The tail of history_text, as the console's ring keeps the newest bytes. */
size_t console_history(char *out, size_t max)
{
	size_t n = strlen(history_text);
	n = n < max ? n : max;
	memcpy(out, history_text + strlen(history_text) - n, n);
	return n;
}

void domain_log_once(struct domain *d, const char *fmt, ...)
{
	(void)d, (void)fmt;
	logged_once++;
}

/* Fresh domains, each with its control page (vcontrol_create): 0, or -1 if
 * the page is not where the ABI puts it. */
static inline int shim_vcontrol_setup(void)
{
	memset(doms, 0, sizeof(doms));
	memset(cfgs, 0, sizeof(cfgs));
	stopped = paused = NULL;
	stop_restart = false;
	stop_by = NULL;
	logged_once = rtds_rc = 0;
	domain_ops = 0;
	rtds_period = rtds_budget = 0;
	history_text = "";
	for (unsigned int i = 0; i < SHIM_NDOMS; i++) {
		struct domain *d = &doms[i];
		d->id = i;
		d->cfg = &cfgs[i];
		d->state = DOM_RUNNING;
		d->nvcpus = i + 1;
		d->ram_size = (i + 1) * 256ULL * MiB;
		for (unsigned int k = 0; k < d->nvcpus; k++) {
			d->vcpus[k].dom = d;
			d->vcpus[k].unit.period = 10000000;
			d->vcpus[k].unit.budget = 4000000;
			d->vcpus[k].unit.runtime = 1500000 * (k + 1);
			d->vcpus[k].unit.misses = k;
		}
		if (vcontrol_create(d) || d->nmmio != 1 || d->mmio[0].base != BH_CTL_BASE ||
		    d->mmio[0].size != BH_CTL_SIZE)
			return -1;
		dev = d->mmio[0].dev;
		privs[i] = d->mmio[0].priv;
	}
	strcpy(doms[0].name, "dom0");
	strcpy(doms[1].name, "cluster");
	cfgs[0].control = true;
	doms[1].restarts = 2;
	return 0;
}

#endif
