#include <string.h>
#include <bulkhead/bootargs.h>
#include <bulkhead/fmt.h>

static bool word_is(const char *w, size_t n, const char *key)
{
	return strlen(key) == n && strncmp(w, key, n) == 0;
}

static void apply(struct boot_options *o, const char *w, size_t n)
{
	const char *eq = memchr(w, '=', n);
	size_t klen = eq ? (size_t)(eq - w) : n;
	const char *val = eq ? eq + 1 : "";
	size_t vlen = eq ? n - klen - 1 : 0;

	if (word_is(w, klen, "loglevel") && vlen == 1 && val[0] >= '0' && val[0] <= '4') {
		o->loglevel = val[0] - '0';
		return;
	}
	if (word_is(w, klen, "selftest") && word_is(val, vlen, "abort")) {
		o->selftest_abort = true;
		return;
	}
	if (!o->unknown++)
		fmt_snprintf(o->first_unknown, sizeof(o->first_unknown), "%.*s", (int)n, w);
}

void bootargs_parse(const char *args, struct boot_options *o)
{
	memset(o, 0, sizeof(*o));
	o->loglevel = -1;
	if (!args)
		return;
	while (*args) {
		size_t n = 0;
		while (*args == ' ' || *args == '\t')
			args++;
		while (args[n] && args[n] != ' ' && args[n] != '\t')
			n++;
		if (n)
			apply(o, args, n);
		args += n;
	}
}
