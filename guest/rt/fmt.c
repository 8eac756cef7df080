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

static size_t pad(pvabi_sink_fn sink, void *ctx, char c, int n)
{
	size_t out = 0;

	while (n-- > 0)
		out += emit(sink, ctx, &c, 1);
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

static const char *parse_spec(const char *f, struct spec *sp)
{
	sp->zero = sp->width = sp->lng = 0;
	if (*f == '0') {
		sp->zero = 1;
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	while (*f == 'l' || *f == 'z') {
		sp->lng++;
		f++;
	}
	return f;
}

static uint64_t arg_unsigned(va_list *ap, int lng)
{
	if (lng >= 2)
		return va_arg(*ap, unsigned long long);
	if (lng == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static int64_t arg_signed(va_list *ap, int lng)
{
	if (lng >= 2)
		return va_arg(*ap, long long);
	if (lng == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

static size_t conv(pvabi_sink_fn sink, void *ctx, char c, const struct spec *sp, va_list *ap)
{
	int64_t s;
	char ch;

	switch (c) {
	case 's':
		return str(sink, ctx, va_arg(*ap, const char *), sp);
	case 'c':
		ch = (char)va_arg(*ap, int);
		return emit(sink, ctx, &ch, 1);
	case 'd':
	case 'i':
		s = arg_signed(ap, sp->lng);
		return num(sink, ctx, s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s, s < 0, 10, 0, sp);
	case 'u':
		return num(sink, ctx, arg_unsigned(ap, sp->lng), 0, 10, 0, sp);
	case 'x':
	case 'X':
		return num(sink, ctx, arg_unsigned(ap, sp->lng), 0, 16, c == 'X', sp);
	case 'p':
		return emit(sink, ctx, "0x", 2) +
		       num(sink, ctx, (uint64_t)(uintptr_t)va_arg(*ap, void *), 0, 16, 0, sp);
	case '%':
		return emit(sink, ctx, "%", 1);
	default:
		return emit(sink, ctx, "%?", 2);
	}
}

size_t pvabi_vfmt(pvabi_sink_fn sink, void *ctx, const char *fmt, va_list ap)
{
	struct spec sp;
	size_t out = 0;
	va_list aq;

	va_copy(aq, ap);
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
		out += conv(sink, ctx, *fmt++, &sp, &aq);
	}
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
