/* Hypervisor log lines: formatted into a local buffer, then written whole. */
#include <stdarg.h>
#include <string.h>
#include <bulkhead/console.h>
#include <bulkhead/fmt.h>
#include <bulkhead/log.h>

#define LOG_LINE_MAX 256

static int log_level = CONFIG_LOG_LEVEL;

void log_set_level(int level) { log_level = level; }

static const char *const level_tag[] = {
	[LOG_ERR] = "error: ", [LOG_WARN] = "warning: ", [LOG_NOTICE] = "",
	[LOG_INFO] = "",       [LOG_DEBUG] = "debug: ",
};

void log_printf(enum log_level level, const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;
	int n;

	if ((int)level > log_level)
		return;
	n = fmt_snprintf(line, sizeof(line), "(bh) %s", level_tag[level]);
	va_start(ap, fmt);
	fmt_vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n = (int)strlen(line);
	line[n++] = '\n';
	console_write(line, (size_t)n);
}

void log_raw(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	console_write(line, strlen(line));
}
