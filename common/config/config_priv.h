/*
 * The parts of the domain and cpupool parser (common/config/): props.c (cell
 * and property helpers), domain.c (the domain node, config_parse), modules.c
 * (boot modules), passthrough.c (the partial DT: MMIO, SPIs, IOMMU streams
 * through common/dt_iommu.c), pools.c (cpupools and a domain's scheduling).
 * Functions named cfg_ are this parser's own, shared by its parts only.
 *
 * A refusal concerns one domain or pool: its err says why, and the others are
 * parsed as if it were absent (a domain naming a refused pool is refused). A
 * check against other domains (name, modules, passthrough devices) or pools
 * (CPUs) compares with the valid ones before it, so the later of two clashing
 * domains (pools) is the one refused.
 */
#ifndef COMMON_CONFIG_PRIV_H
#define COMMON_CONFIG_PRIV_H

#include <string.h>
#include <libfdt.h>
#include <bulkhead/domain_config.h>
#include <bulkhead/fmt.h>

/* The limits of the properties. tools/bh-imagebuilder reads these lines
 * (and DOMAIN_* of domain_config.h, GUEST_RAM_MAX, SCHED_MIN_SLICE_NS) to
 * check its configs the same way: keep each a plain #define of an integer
 * expression of numbers and such names.
 * bulkhead,rtds: Xen's RTDS defaults (xl.cfg), its 10 us granularity
 * (SCHED_MIN_SLICE_NS) and a period of at most 10 s. */
#define RTDS_PERIOD_DEFAULT_US	10000
#define RTDS_BUDGET_DEFAULT_US	4000
#define RTDS_MIN_US		(SCHED_MIN_SLICE_NS / 1000)
#define RTDS_MAX_PERIOD_US	10000000
#define WATCHDOG_MAX_MS		600000 /* 10 minutes */
#define RESTART_LIMIT_DEFAULT	3
#define RESTART_LIMIT_MAX	100
#define BOOT_PRIORITY_MAX	1000
#define FIRST_FRAME_GATE_MAX_MS 60000

struct parser {
	const void *fdt;
	const struct config_limits *lim;
	const struct domain_config *done; /* the domains before this one */
	unsigned int ndone;
	struct domain_config *c; /* this one */
	/* The node cfg_refuse() reports on: a domain or a cpupool. */
	const char *kind, *name; /* "domain" / "cpupool"; its name so far */
	bool *valid;
	char *err;	/* CFG_ERR_MAX bytes */
	char path[128]; /* its node's path, for messages */
};

/* props.c */
int cfg_refuse(struct parser *p, const char *prop, const char *fmt, ...) __printf(3, 4);
bool cfg_overlaps(u64 a, u64 asize, u64 b, u64 bsize);
int cfg_get_string(struct parser *p, int node, const char *prop, const char *label, const char **s);
int cfg_get_flag(struct parser *p, const char *prop, bool *out);
int cfg_get_choice(struct parser *p, const char *prop, const char *const names[2], int *out);
int cfg_get_u32(struct parser *p, const char *prop, const char *what, u32 *out, u32 min, u32 max,
		const char *unit, const char *note);
size_t cfg_base_name_len(const char *name);
void cfg_set_name(char name[DOMAIN_NAME_MAX], const char *s, size_t len);
bool cfg_beyond_ipa(const struct parser *p, u64 base, u64 size);

/* The steps of a domain node: each refuses it (-E_INVAL) at the first
 * problem. pools.c: domain-cpupool, then bulkhead,vcpu-affinity and
 * bulkhead,rtds within that pool. */
int cfg_parse_pool(struct parser *p);
int cfg_parse_affinity(struct parser *p);
int cfg_parse_rtds(struct parser *p);
int cfg_parse_modules(struct parser *p); /* modules.c */
int cfg_parse_partial(struct parser *p); /* passthrough.c, after the modules */

bool cfg_is_pool(const void *fdt, int node); /* an enabled cpupool node */
/* No slot is left for node and the domains (cpupools) after it (domain.c). */
void cfg_report_excess(const void *fdt, int node, unsigned int max, bool pools);

#endif
