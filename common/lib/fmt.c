/* Our printf formatting core. No floating point, no allocation; used by the
 * log, by panic and by the host unit tests unchanged. */
#include <bulkhead/fmt.h>

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

enum { F_LEFT = 1, F_ZERO = 2, F_ALT = 4, F_PLUS = 8, F_SPACE = 16, F_UPPER = 32 };

static void put_number(struct out *o, unsigned long long v, bool neg, unsigned int base, int flags,
		       int width, int prec)
{
	const char *digits = (flags & F_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, prefix_len = 0;
	char prefix[3];

	if (base < 2)
		base = 10; /* callers pass 8, 10 or 16; never divide by 0 */
	while (v) {
		/* cppcheck-suppress zerodivcond ; base >= 2, set above */
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (n == 0 && prec != 0)
		tmp[n++] = '0';
	if (neg)
		prefix[prefix_len++] = '-';
	else if (flags & F_PLUS)
		prefix[prefix_len++] = '+';
	else if (flags & F_SPACE)
		prefix[prefix_len++] = ' ';
	if ((flags & F_ALT) && base == 16 && n && !(n == 1 && tmp[0] == '0')) {
		prefix[prefix_len++] = '0';
		prefix[prefix_len++] = (flags & F_UPPER) ? 'X' : 'x';
	} else if ((flags & F_ALT) && base == 8 && (n == 0 || tmp[n - 1] != '0')) {
		tmp[n++] = '0';
	}
	int zeros = prec > n ? prec - n : 0;
	int total = prefix_len + zeros + n;
	if (!(flags & F_LEFT) && (flags & F_ZERO) && prec < 0) {
		zeros += width > total ? width - total : 0;
		total = prefix_len + zeros + n;
	}
	if (!(flags & F_LEFT))
		pad(o, ' ', width - total);
	for (int i = 0; i < prefix_len; i++)
		put(o, prefix[i]);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (flags & F_LEFT)
		pad(o, ' ', width - total);
}

/* One pass over the format, a case a conversion, as printf is specified.
 * NOLINTNEXTLINE(readability-function-cognitive-complexity) */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};

	for (const char *p = fmt; *p; p++) {
		int flags = 0, width = 0, prec = -1, lng = 0;
		unsigned long long uv;
		long long sv;

		if (*p != '%') {
			put(&o, *p);
			continue;
		}
		for (;; p++) {
			char c = p[1];
			if (c == '-')
				flags |= F_LEFT;
			else if (c == '0')
				flags |= F_ZERO;
			else if (c == '#')
				flags |= F_ALT;
			else if (c == '+')
				flags |= F_PLUS;
			else if (c == ' ')
				flags |= F_SPACE;
			else
				break;
		}
		p++;
		if (*p == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			p++;
		} else {
			while (*p >= '0' && *p <= '9')
				width = width * 10 + (*p++ - '0');
		}
		if (*p == '.') {
			p++;
			prec = 0;
			if (*p == '*') {
				prec = va_arg(ap, int);
				p++;
			} else {
				while (*p >= '0' && *p <= '9')
					prec = prec * 10 + (*p++ - '0');
			}
		}
		for (;; p++) {
			if (*p == 'h')
				lng--;
			else if (*p == 'l')
				lng++;
			else if (*p == 'z')
				lng = 1;
			else
				break;
		}
		switch (*p) {
		case 'd':
		case 'i':
			if (lng >= 2)
				sv = va_arg(ap, long long);
			else if (lng == 1)
				/* Identical to the branch above on LP64 only.
				 * NOLINTNEXTLINE(bugprone-branch-clone) */
				sv = va_arg(ap, long);
			else
				sv = va_arg(ap, int);
			if (lng == -1)
				sv = (short)sv;
			else if (lng <= -2)
				/* %hhd: the sign extension is the point.
				 * NOLINTNEXTLINE(bugprone-signed-char-misuse,cert-str34-c) */
				sv = (signed char)sv;
			uv = sv < 0 ? 0ULL - (unsigned long long)sv : (unsigned long long)sv;
			put_number(&o, uv, sv < 0, 10, flags, width, prec);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (lng >= 2)
				uv = va_arg(ap, unsigned long long);
			else if (lng == 1)
				/* Identical to the branch above on LP64 only.
				 * NOLINTNEXTLINE(bugprone-branch-clone) */
				uv = va_arg(ap, unsigned long);
			else
				uv = va_arg(ap, unsigned int);
			if (lng == -1)
				uv = (unsigned short)uv;
			else if (lng <= -2)
				uv = (unsigned char)uv;
			if (*p == 'X')
				flags |= F_UPPER;
			put_number(&o, uv, false,
				   *p == 'u'   ? 10
				   : *p == 'o' ? 8
					       : 16,
				   flags, width, prec);
			break;
		case 'p':
			uv = (unsigned long long)(uintptr_t)va_arg(ap, void *);
			put_number(&o, uv, false, 16, flags | F_ALT, width, prec);
			break;
		case 'c':
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - 1);
			put(&o, (char)va_arg(ap, int));
			if (flags & F_LEFT)
				pad(&o, ' ', width - 1);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			int len = 0;
			if (!s)
				s = "(null)";
			while ((prec < 0 || len < prec) && s[len]) /* not one byte past prec */
				len++;
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - len);
			for (int i = 0; i < len; i++)
				put(&o, s[i]);
			if (flags & F_LEFT)
				pad(&o, ' ', width - len);
			break;
		}
		case '%': put(&o, '%'); break;
		case '\0':
			p--; /* lone '%' at the end */
			break;
		default: /* unknown conversion: print it as written */
			put(&o, '%');
			put(&o, *p);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
