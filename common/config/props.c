/* Cell and property helpers of the domain and cpupool parser (config_priv.h):
 * each refuses the node with a message naming the property. */
#include <stdarg.h>
#include "config_priv.h"

/* Marks the node refused: "<kind> <name> (<path>): <prop>: <problem>". */
int cfg_refuse(struct parser *p, const char *prop, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	fmt_snprintf(p->err, CFG_ERR_MAX, "%s %s (%s): %s: ", p->kind, p->name, p->path, prop);
	n = strlen(p->err);
	va_start(ap, fmt);
	fmt_vsnprintf(p->err + n, CFG_ERR_MAX - n, fmt, ap);
	va_end(ap);
	*p->valid = false;
	return -E_INVAL;
}

bool cfg_overlaps(u64 a, u64 asize, u64 b, u64 bsize)
{
	/* Inclusive ends: a range may end at 2^64 without wrapping to 0. */
	return asize && bsize && a <= b + (bsize - 1) && b <= a + (asize - 1);
}

/* A string property: 0 with *s = NULL when absent; refused unless it is one
 * NUL-terminated string. label names it in the message. */
int cfg_get_string(struct parser *p, int node, const char *prop, const char *label, const char **s)
{
	int len;
	*s = fdt_getprop(p->fdt, node, prop, &len);
	if (*s && (len <= 0 || strnlen(*s, (size_t)len) != (size_t)len - 1))
		return cfg_refuse(p, label, "not a single string");
	return 0;
}

/* An empty property ("vpl011;"): a value would be a misunderstanding of it. */
int cfg_get_flag(struct parser *p, const char *prop, bool *out)
{
	int len;
	*out = fdt_getprop(p->fdt, p->c->node, prop, &len) != NULL;
	if (*out && len != 0)
		return cfg_refuse(p, prop, "must be empty (a flag), found %d bytes", len);
	return 0;
}

/* A string property that must be names[0] or names[1]; absent: *out = 0. */
int cfg_get_choice(struct parser *p, const char *prop, const char *const names[2], int *out)
{
	const char *s;
	int rc = cfg_get_string(p, p->c->node, prop, prop, &s);

	*out = 0;
	if (rc || !s)
		return rc;
	for (; *out < 2; (*out)++)
		if (strcmp(s, names[*out]) == 0)
			return 0;
	return cfg_refuse(p, prop, "must be \"%s\" or \"%s\", not \"%.40s\"", names[0], names[1],
			  s);
}

/* A property of one u32 cell (what: its meaning, for the length message),
 * absent: *out keeps its default. Outside [min, max]: "<value><unit>: must
 * be <min> to <max><note>". */
int cfg_get_u32(struct parser *p, const char *prop, const char *what, u32 *out, u32 min, u32 max,
		const char *unit, const char *note)
{
	int len;
	const void *v = fdt_getprop(p->fdt, p->c->node, prop, &len);

	if (!v)
		return 0;
	if (len != 4)
		return cfg_refuse(p, prop, "want one cell (%s), found %d bytes", what, len);
	*out = (u32)dt_read_cells(v, 1);
	if (*out < min || *out > max)
		return cfg_refuse(p, prop, "%u%s: must be %u to %u%s", *out, unit, min, max, note);
	return 0;
}

/* Length of a node name without its unit address ("domU1@0" → 5). */
size_t cfg_base_name_len(const char *name)
{
	const char *at = strchr(name, '@');
	return at ? (size_t)(at - name) : strlen(name);
}

void cfg_set_name(char name[DOMAIN_NAME_MAX], const char *s, size_t len)
{
	len = MIN(len, DOMAIN_NAME_MAX - 1);
	memcpy(name, s, len);
	name[len] = '\0';
}

/* [base, base + size) reaches at or above lim->ipa_limit: stage 2 would map
 * it over a lower guest address (its top level indexes only the low bits). */
bool cfg_beyond_ipa(const struct parser *p, u64 base, u64 size)
{
	u64 lim = p->lim->ipa_limit;
	return lim && (base >= lim || size > lim - base);
}
