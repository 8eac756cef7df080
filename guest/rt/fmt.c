#include "guest/rt/fmt.h"

#include <stdint.h>

struct spec {
	int zero, width, lng, neg_ok;
};

static size_t emit(pvabi_sink_fn sink, void *ctx, const char *s, size_t n)
{
	sink(ctx, s, n);
	return n;
}

/* In chunks: a hostile record's width must not cost a call per byte. */
static size_t pad(pvabi_sink_fn sink, void *ctx, char c, int n)
{
	char chunk[32];
	size_t out = 0;
	int i;

	for (i = 0; i < (int)sizeof(chunk); i++)
		chunk[i] = c;
	for (; n > 0; n -= (int)sizeof(chunk))
		out += emit(sink, ctx, chunk, n < (int)sizeof(chunk) ? (size_t)n : sizeof(chunk));
	return out;
}

static size_t num(pvabi_sink_fn sink, void *ctx, uint64_t v, int neg,
		  unsigned int base, int upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int i = (int)sizeof(buf), len;
	size_t out = 0;

	do {
		buf[--i] = digits[v % base];
		v /= base;
	} while (v);
	len = (int)sizeof(buf) - i + neg;
	if (!sp->zero)
		out += pad(sink, ctx, ' ', sp->width - len);
	if (neg)
		out += emit(sink, ctx, "-", 1);
	if (sp->zero)
		out += pad(sink, ctx, '0', sp->width - len);
	return out + emit(sink, ctx, buf + i, sizeof(buf) - (size_t)i);
}

static size_t str(pvabi_sink_fn sink, void *ctx, const char *s, const struct spec *sp)
{
	size_t n = 0;

	if (!s)
		s = "(null)";
	while (s[n])
		n++;
	return pad(sink, ctx, ' ', sp->width - (int)n) + emit(sink, ctx, s, n);
}

/* Widths saturate: a format read from a record is not trusted. */
static const char *parse_spec(const char *f, struct spec *sp)
{
	sp->zero = sp->width = sp->lng = 0;
	if (*f == '0') {
		sp->zero = 1;
		f++;
	}
	while (*f >= '0' && *f <= '9') {
		sp->width = sp->width < PVABI_FMT_MAX_WIDTH / 10 ? sp->width * 10 + (*f - '0')
								 : PVABI_FMT_MAX_WIDTH;
		f++;
	}
	while (*f == 'l' || *f == 'z') {
		sp->lng++;
		f++;
	}
	return f;
}

const char *pvabi_fmt_conv(const char *f, char *conv, int *lng)
{
	struct spec sp;

	f = parse_spec(f, &sp);
	*conv = *f;
	*lng = sp.lng;
	return *f ? f + 1 : f;
}

int pvabi_fmt_takes(char conv)
{
	switch (conv) {
	case 's':
		return PVABI_FMT_ARG_STR;
	case 'c': case 'd': case 'i': case 'u': case 'x': case 'X': case 'p':
		return PVABI_FMT_ARG_INT;
	default:
		return PVABI_FMT_ARG_NONE;
	}
}

void pvabi_fmt_va_arg(va_list *ap, char conv, int lng, struct pvabi_fmt_arg *a)
{
	a->s = 0;
	a->v = 0;
	switch (conv) {
	case 's':
		a->s = va_arg(*ap, const char *);
		break;
	case 'c':
		a->v = (uint64_t)(int64_t)va_arg(*ap, int);
		break;
	case 'd':
	case 'i':
		a->v = (uint64_t)(lng >= 2 ? va_arg(*ap, long long)
				   : lng == 1 ? va_arg(*ap, long) : va_arg(*ap, int));
		break;
	case 'u':
	case 'x':
	case 'X':
		a->v = lng >= 2 ? va_arg(*ap, unsigned long long)
		       : lng == 1 ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
		break;
	case 'p':
		a->v = (uint64_t)(uintptr_t)va_arg(*ap, void *);
		break;
	default:
		break;
	}
}

static size_t conv(pvabi_sink_fn sink, void *ctx, char c, const struct spec *sp,
		   const struct pvabi_fmt_arg *a)
{
	int64_t s;
	char ch;

	switch (c) {
	case 's':
		return str(sink, ctx, a->s, sp);
	case 'c':
		ch = (char)a->v;
		return emit(sink, ctx, &ch, 1);
	case 'd':
	case 'i':
		s = (int64_t)a->v;
		return num(sink, ctx, s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s, s < 0, 10, 0, sp);
	case 'u':
		return num(sink, ctx, a->v, 0, 10, 0, sp);
	case 'x':
	case 'X':
		return num(sink, ctx, a->v, 0, 16, c == 'X', sp);
	case 'p':
		return emit(sink, ctx, "0x", 2) + num(sink, ctx, a->v, 0, 16, 0, sp);
	case '%':
		return emit(sink, ctx, "%", 1);
	default:
		return emit(sink, ctx, "%?", 2);
	}
}

size_t pvabi_fmt_from(pvabi_sink_fn sink, void *ctx, const char *fmt, pvabi_fmt_src_fn src,
		      void *sctx)
{
	struct pvabi_fmt_arg a;
	struct spec sp;
	size_t out = 0;
	char c;

	while (*fmt) {
		const char *lit = fmt;

		while (*fmt && *fmt != '%')
			fmt++;
		if (fmt != lit)
			out += emit(sink, ctx, lit, (size_t)(fmt - lit));
		if (!*fmt)
			break;
		fmt = parse_spec(fmt + 1, &sp);
		if (!*fmt)
			break;
		c = *fmt++;
		a.v = 0;
		a.s = 0;
		if (pvabi_fmt_takes(c))
			src(sctx, c, sp.lng, &a);
		out += conv(sink, ctx, c, &sp, &a);
	}
	return out;
}

static void va_src(void *sctx, char conv, int lng, struct pvabi_fmt_arg *a)
{
	pvabi_fmt_va_arg(sctx, conv, lng, a);
}

size_t pvabi_vfmt(pvabi_sink_fn sink, void *ctx, const char *fmt, va_list ap)
{
	size_t out;
	va_list aq;

	va_copy(aq, ap);
	out = pvabi_fmt_from(sink, ctx, fmt, va_src, &aq);
	va_end(aq);
	return out;
}

size_t pvabi_fmt(pvabi_sink_fn sink, void *ctx, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = pvabi_vfmt(sink, ctx, fmt, ap);
	va_end(ap);
	return n;
}

struct buf {
	char *p;
	size_t len, used;
};

static void buf_sink(void *ctx, const char *s, size_t n)
{
	struct buf *b = ctx;
	size_t i;

	for (i = 0; i < n; i++, b->used++)
		if (b->used + 1 < b->len)
			b->p[b->used] = s[i];
}

size_t pvabi_snfmt(char *p, size_t len, const char *fmt, ...)
{
	struct buf b = { p, len, 0 };
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = pvabi_vfmt(buf_sink, &b, fmt, ap);
	va_end(ap);
	if (len)
		p[b.used < len ? b.used : len - 1] = '\0';
	return n;
}
