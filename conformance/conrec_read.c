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

#define BAD_REF "a string by reference outside guest memory, or past what one line may name"

/* A string named by reference, cut at PVABI_CONREC_MAX bytes as a copied
 * one is cut to fit its record. */
static int get_ref(struct pvabi_conrec_reader *rd, uint64_t addr, const char **s)
{
	long k;

	if (!rd->fetch || rd->used + PVABI_CONREC_MAX + 1 > sizeof(rd->strs))
		return -2;
	k = rd->fetch(rd->fetch_ctx, addr, rd->strs + rd->used, PVABI_CONREC_MAX);
	if (k < 0)
		return -2;
	*s = rd->strs + rd->used;
	rd->used += (size_t)k + 1;
	return 0;
}

/* A string of the record at *o, NUL-terminated in rd->strs: -1 when it
 * lies past the record, -2 for a reference that cannot be read. */
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
	if (k == PVABI_CONREC_REF) {
		if (*o + 8 > size)
			return -1;
		*o += 8;
		return get_ref(rd, get64(r + *o - 8), s);
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

/* The record's format into rd->fmt: its bytes (LINE) or the format its
 * address names (LINEREF), which must end within PVABI_CONREC_MAX_FMT. */
static const char *get_fmt(struct pvabi_conrec_reader *rd, const uint8_t *r, size_t size,
			   size_t *o)
{
	size_t fl;
	long k;

	if (r[2] == PVABI_CONREC_LINE) {
		if (*o + 2 > size || (fl = get16(r + *o)) > PVABI_CONREC_MAX_FMT ||
		    fl > size - *o - 2)
			return "format length past the record";
		memcpy(rd->fmt, r + *o + 2, fl);
		rd->fmt[fl] = '\0';
		*o += 2 + fl;
		return NULL;
	}
	if (*o + 8 > size)
		return "format address past the record";
	if (!rd->fetch)
		return "a format by reference, and no guest memory to read it from";
	k = rd->fetch(rd->fetch_ctx, get64(r + *o), rd->fmt, PVABI_CONREC_MAX_FMT + 1);
	if (k < 0)
		return "format address outside guest memory";
	if (k > PVABI_CONREC_MAX_FMT)
		return "format by reference longer than a format can be";
	*o += 8;
	return NULL;
}

/* The format and its arguments, walked as the guest walked them. */
static const char *decode_line(struct pvabi_conrec_reader *rd, const uint8_t *r, size_t size,
			       size_t *o)
{
	const char *f, *e;
	int lng, rc;
	char c;

	rd->nargs = rd->next = rd->used = 0;
	if ((e = get_fmt(rd, r, size, o)))
		return e;
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
		rc = c == 's' ? get_str(rd, r, size, o, &a->s) : *o + 8 > size ? -1 : 0;
		if (rc)
			return rc == -1 ? "argument past the record" : BAD_REF;
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
	int rc;

	if ((e = line_order(rd, r[3], num, buf, len)) || (e = decode_line(rd, r, size, &o)))
		return e;
	if (r[3] == PVABI_TAPLINE_SKIP && (rc = get_str(rd, r, size, &o, &reason)))
		return rc == -1 ? "skip reason past the record" : BAD_REF;
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
		case PVABI_CONREC_LINEREF:
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
