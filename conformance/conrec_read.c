#include "conformance/conrec_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void pvabi_conrec_reader_init(struct pvabi_conrec_reader *rd)
{
	memset(rd, 0, sizeof(*rd));
}

static uint32_t get16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* A string of the record at *o, NUL-terminated in rd->strs. */
static int get_str(struct pvabi_conrec_reader *rd, const uint8_t *r, size_t size, size_t *o,
		   const char **s)
{
	size_t k;

	if (*o + 2 > size)
		return -1;
	k = get16(r + *o);
	*o += 2;
	if (k == PVABI_CONREC_NULL) {
		*s = NULL;
		return 0;
	}
	if (k > size - *o || rd->used + k + 1 > sizeof(rd->strs))
		return -1;
	memcpy(rd->strs + rd->used, r + *o, k);
	rd->strs[rd->used + k] = '\0';
	*s = rd->strs + rd->used;
	rd->used += k + 1;
	*o += k;
	return 0;
}

/* The format and its arguments, walked as the guest walked them. */
static const char *decode_line(struct pvabi_conrec_reader *rd, const uint8_t *r, size_t size,
			       size_t *o)
{
	size_t fl;
	const char *f;
	int lng;
	char c;

	rd->nargs = rd->next = rd->used = 0;
	if (*o + 2 > size || (fl = get16(r + *o)) > PVABI_CONREC_MAX_FMT || fl > size - *o - 2)
		return "format length past the record";
	memcpy(rd->fmt, r + *o + 2, fl);
	rd->fmt[fl] = '\0';
	*o += 2 + fl;
	for (f = rd->fmt; *f;) {
		struct pvabi_fmt_arg *a = &rd->args[rd->nargs];

		if (*f++ != '%')
			continue;
		f = pvabi_fmt_conv(f, &c, &lng);
		if (!c || !pvabi_fmt_takes(c))
			continue;
		if (rd->nargs + 1 >= sizeof(rd->args) / sizeof(rd->args[0]))
			return "more arguments than a format can have";
		a->v = 0;
		a->s = NULL;
		if (c == 's' ? get_str(rd, r, size, o, &a->s) : *o + 8 > size)
			return "argument past the record";
		if (c != 's') {
			a->v = get64(r + *o);
			*o += 8;
		}
		rd->nargs++;
	}
	return NULL;
}

static void arg_src(void *sctx, char conv, int lng, struct pvabi_fmt_arg *a)
{
	struct pvabi_conrec_reader *rd = sctx;

	(void)conv;
	(void)lng;
	if (rd->next < rd->nargs)
		*a = rd->args[rd->next++];
}

/* Whether a line may come now: checks in order and before the plan. */
static const char *line_order(struct pvabi_conrec_reader *rd, unsigned int kind, uint32_t num,
			      char *buf, size_t len)
{
	if (kind >= PVABI_TAPLINE_KINDS)
		return "unknown line kind";
	if (kind == PVABI_TAPLINE_DIAG)
		return NULL;
	if (rd->planned)
		return "a check after the plan";
	if (num != rd->checks + 1) {
		snprintf(buf, len, "check %lu where %u was due", (unsigned long)num, rd->checks + 1);
		return buf;
	}
	return NULL;
}

static const char *one_line(struct pvabi_conrec_reader *rd, const uint8_t *r, size_t size,
			    pvabi_sink_fn sink, void *ctx, char *buf, size_t len)
{
	uint32_t num = get16(r + 4) | get16(r + 6) << 16;
	const char *reason = NULL, *e;
	size_t o = PVABI_CONREC_HDR;

	if ((e = line_order(rd, r[3], num, buf, len)) || (e = decode_line(rd, r, size, &o)))
		return e;
	if (r[3] == PVABI_TAPLINE_SKIP && get_str(rd, r, size, &o, &reason))
		return "skip reason past the record";
	if (o != size)
		return "bytes after the line's arguments";
	if (r[3] != PVABI_TAPLINE_DIAG)
		rd->checks++;
	pvabi_tapline(sink, ctx, r[3], num, rd->fmt, arg_src, rd, reason);
	return NULL;
}

static const char *one_plan(struct pvabi_conrec_reader *rd, const uint8_t *r, size_t size,
			    pvabi_sink_fn sink, void *ctx, char *buf, size_t len)
{
	uint32_t num = get16(r + 4) | get16(r + 6) << 16;
	char line[24];

	if (size != PVABI_CONREC_HDR)
		return "a plan with a payload";
	if (rd->planned)
		return "a second plan";
	if (num != rd->checks) {
		snprintf(buf, len, "plan 1..%lu after %u checks", (unsigned long)num, rd->checks);
		return buf;
	}
	rd->planned = 1;
	snprintf(line, sizeof(line), "1..%lu\n", (unsigned long)num);
	sink(ctx, line, strlen(line));
	return NULL;
}

size_t pvabi_conrec_whole(const uint8_t *buf, size_t k, size_t total)
{
	size_t off = 0, size;

	if (k >= total)
		return k;
	while (k - off >= PVABI_CONREC_HDR && (size = get16(buf + off)) >= PVABI_CONREC_HDR &&
	       size <= k - off)
		off += size;
	return off ? off : k;
}

int pvabi_conrec_render(struct pvabi_conrec_reader *rd, const uint8_t *buf, size_t n, size_t base,
			pvabi_sink_fn sink, void *ctx, char *why, size_t whylen)
{
	char detail[96];
	const char *e = NULL;
	size_t off = 0, size = 0;

	while (off < n && !e) {
		const uint8_t *r = buf + off;

		if (n - off < PVABI_CONREC_HDR) {
			e = "a record header cut by the region's length";
			break;
		}
		size = get16(r);
		if (size < PVABI_CONREC_HDR || size > n - off || size > PVABI_CONREC_MAX) {
			snprintf(detail, sizeof(detail), "size %zu outside %d..%zu", size,
				 PVABI_CONREC_HDR, n - off < PVABI_CONREC_MAX ? n - off : PVABI_CONREC_MAX);
			e = detail;
			break;
		}
		switch (r[2]) {
		case PVABI_CONREC_TEXT:
			sink(ctx, (const char *)r + PVABI_CONREC_HDR, size - PVABI_CONREC_HDR);
			break;
		case PVABI_CONREC_LINE:
			e = one_line(rd, r, size, sink, ctx, detail, sizeof(detail));
			break;
		case PVABI_CONREC_PLAN:
			e = one_plan(rd, r, size, sink, ctx, detail, sizeof(detail));
			break;
		default:
			snprintf(detail, sizeof(detail), "unknown type %u", r[2]);
			e = detail;
		}
		if (!e)
			off += size;
	}
	if (e)
		snprintf(why, whylen, "result record at offset %zu: %s", base + off, e);
	return e ? -1 : 0;
}
