/* The guest side of result records (conrec.h). Pure, so the host tests
 * round-trip it through the runner's reader. */
#include "guest/rt/conrec.h"

/* Under an emulating KVM one string instruction costs what one byte of
 * a loop does. */
static size_t len_of(const char *s)
{
#if __STDC_HOSTED__ == 0 && defined(__x86_64__)
	size_t c = ~(size_t)0;
	const char *d = s;

	__asm__ volatile("repne scasb" : "+D"(d), "+c"(c) : "a"(0) : "memory");
	return ~c - 1;
#else
	size_t n = 0;

	while (s[n])
		n++;
	return n;
#endif
}

static void copy(uint8_t *d, const void *s, size_t n)
{
#if __STDC_HOSTED__ == 0 && defined(__x86_64__)
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
#else
	const uint8_t *q = s;

	while (n--)
		*d++ = *q++;
#endif
}

/* One store each where the byte order allows: under an emulating KVM
 * every instruction of a byte loop costs about a microsecond. */
static void put16(uint8_t *p, uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint16_t x = (uint16_t)v;

	__builtin_memcpy(p, &x, 2);
#else
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
#endif
}

static void put64(uint8_t *p, uint64_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	__builtin_memcpy(p, &v, 8);
#else
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
#endif
}

static int read_only(const struct pvabi_conrec_w *w, const char *s)
{
	return s && s >= w->ro_lo && s < w->ro_hi;
}

/* Where the next record goes, with at most *avail bytes; NULL when the
 * region cannot take even a header. */
static uint8_t *room(struct pvabi_conrec_w *w, size_t *avail)
{
	uint32_t len = *w->len;

	if (w->cap - len < PVABI_CONREC_MAX && len) {
		w->flush();
		len = *w->len;
	}
	*avail = w->cap - len < PVABI_CONREC_MAX ? w->cap - len : PVABI_CONREC_MAX;
	return *avail > PVABI_CONREC_HDR ? w->data + len : 0;
}

/* The header, then the length that lets the runner see the record. */
static void commit(struct pvabi_conrec_w *w, uint8_t *r, size_t size, int type, int kind,
		   uint32_t num)
{
	put16(r, (uint32_t)size);
	r[2] = (uint8_t)type;
	r[3] = (uint8_t)kind;
	put16(r + 4, num & 0xffff);
	put16(r + 6, num >> 16);
	__asm__ volatile("" : : : "memory");
	*w->len = *w->len + (uint32_t)size;
}

void pvabi_conrec_text(struct pvabi_conrec_w *w, const char *s, size_t n)
{
	while (n) {
		size_t avail, k;
		uint8_t *r = room(w, &avail);

		if (!r)
			return;
		k = n < avail - PVABI_CONREC_HDR ? n : avail - PVABI_CONREC_HDR;
		copy(r + PVABI_CONREC_HDR, s, k);
		commit(w, r, PVABI_CONREC_HDR + k, PVABI_CONREC_TEXT, 0, 0);
		s += k;
		n -= k;
	}
}

/* One argument at *o; -1 when it does not fit (a string is cut to fit). */
static int put_arg(const struct pvabi_conrec_w *w, uint8_t *r, size_t *o, size_t avail, char conv,
		   const struct pvabi_fmt_arg *a)
{
	size_t k;

	if (conv != 's' || read_only(w, a->s)) {
		k = conv == 's' ? 10 : 8;
		if (*o + k > avail)
			return -1;
		if (conv == 's')
			put16(r + *o, PVABI_CONREC_REF);
		put64(r + *o + k - 8, conv == 's' ? (uint64_t)(uintptr_t)a->s : a->v);
		*o += k;
		return 0;
	}
	if (*o + 2 > avail)
		return -1;
	k = a->s ? len_of(a->s) : PVABI_CONREC_NULL;
	if (a->s && k > avail - *o - 2)
		k = avail - *o - 2;
	put16(r + *o, (uint32_t)k);
	*o += 2;
	if (a->s) {
		copy(r + *o, a->s, k);
		*o += k;
	}
	return 0;
}

/* The conversions of a format that take an argument, remembered per
 * read-only format: the same few formats make every line, and walking one
 * costs a few instructions a character. */
#define CONVS 12
#define CACHED 64

struct convs {
	const char *fmt;
	uint8_t n;
	char conv[CONVS];
	uint8_t lng[CONVS];
};

static struct convs cached[CACHED];

/* Walks fmt into *c; -1 when it has more conversions than CONVS. */
static int walk(const char *fmt, struct convs *c)
{
	const char *f;
	int lng;
	char conv;

	c->n = 0;
	for (f = fmt; *f;) {
		if (*f++ != '%')
			continue;
		f = pvabi_fmt_conv(f, &conv, &lng);
		if (!conv)
			break;
		if (!pvabi_fmt_takes(conv))
			continue;
		if (c->n == CONVS)
			return -1;
		c->conv[c->n] = conv;
		c->lng[c->n++] = (uint8_t)lng;
	}
	return 0;
}

/* The remembered walk of a read-only format of at most
 * PVABI_CONREC_MAX_FMT bytes, or NULL. */
static const struct convs *convs_of(const struct pvabi_conrec_w *w, const char *fmt)
{
	struct convs *c = &cached[((uintptr_t)fmt >> 2) % CACHED];

	if (!read_only(w, fmt))
		return 0;
	if (c->fmt == fmt)
		return c;
	if (len_of(fmt) > PVABI_CONREC_MAX_FMT) /* cut: a LINE says so */
		return 0;
	c->fmt = 0;
	if (walk(fmt, c))
		return 0;
	c->fmt = fmt;
	return c;
}

/* The arguments of a remembered format from *o; -1 when they do not fit. */
static int put_cached(const struct pvabi_conrec_w *w, uint8_t *r, size_t *o, size_t avail,
		      const struct convs *c, va_list *ap)
{
	struct pvabi_fmt_arg a;
	unsigned int i;

	if (*o + 8 > avail)
		return -1;
	put64(r + *o, (uint64_t)(uintptr_t)c->fmt);
	*o += 8;
	for (i = 0; i < c->n; i++) {
		pvabi_fmt_va_arg(ap, c->conv[i], c->lng[i], &a);
		if (put_arg(w, r, o, avail, c->conv[i], &a))
			return -1;
	}
	return 0;
}

/* The format and its arguments from *o; -1 when they do not fit. */
static int put_fmt(const struct pvabi_conrec_w *w, uint8_t *r, size_t *o, size_t avail,
		   const char *fmt, va_list *ap)
{
	size_t fl = len_of(fmt);
	struct pvabi_fmt_arg a;
	const char *f;
	int lng;
	char c;

	if (fl > PVABI_CONREC_MAX_FMT || *o + 2 + fl > avail)
		return -1;
	put16(r + *o, (uint32_t)fl);
	copy(r + *o + 2, fmt, fl);
	*o += 2 + fl;
	for (f = fmt; *f;) {
		if (*f++ != '%')
			continue;
		f = pvabi_fmt_conv(f, &c, &lng);
		if (!c)
			break;
		if (!pvabi_fmt_takes(c))
			continue;
		pvabi_fmt_va_arg(ap, c, lng, &a);
		if (put_arg(w, r, o, avail, c, &a))
			return -1;
	}
	return 0;
}

void pvabi_conrec_line(struct pvabi_conrec_w *w, enum pvabi_tapline_kind kind, unsigned int num,
		       const char *fmt, va_list *ap, const char *reason)
{
	static const char too_long[] = "(line too long for a result record)";
	const struct convs *c = convs_of(w, fmt);
	struct pvabi_fmt_arg why = { 0, reason };
	size_t avail, o = PVABI_CONREC_HDR;
	uint8_t *r = room(w, &avail);
	int type = c ? PVABI_CONREC_LINEREF : PVABI_CONREC_LINE;

	if (!r)
		return;
	/* A line that does not fit still keeps its number and verdict. */
	if (c ? put_cached(w, r, &o, avail, c, ap) : put_fmt(w, r, &o, avail, fmt, ap)) {
		o = PVABI_CONREC_HDR;
		type = PVABI_CONREC_LINE;
		put16(r + o, sizeof(too_long) - 1);
		copy(r + o + 2, too_long, sizeof(too_long) - 1);
		o += 2 + sizeof(too_long) - 1;
	}
	if (kind == PVABI_TAPLINE_SKIP && put_arg(w, r, &o, avail, 's', &why))
		return;
	commit(w, r, o, type, kind, num);
}

void pvabi_conrec_plan(struct pvabi_conrec_w *w, unsigned int num)
{
	size_t avail;
	uint8_t *r = room(w, &avail);

	if (r)
		commit(w, r, PVABI_CONREC_HDR, PVABI_CONREC_PLAN, 0, num);
}
