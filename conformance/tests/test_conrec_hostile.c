/* Hostile result records, one at a time after a good check: refused
 * with the reason, nothing of them rendered, never a crash or a hang
 * (part of test-conrec). */
#include "conformance/tests/conrec_tests.h"

#include <stdio.h>
#include <string.h>

/* Hostile records, one at a time after a good check: refused with the
 * reason, nothing of them rendered. */
void ct_put(struct ct_rec *r, const void *p, size_t n)
{
	memcpy(r->b + r->n, p, n);
	r->n += n;
}

void ct_put16(struct ct_rec *r, uint32_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	ct_put(r, b, 2);
}

void ct_put64(struct ct_rec *r, uint64_t v)
{
	ct_put(r, &v, 8); /* the test runs little-endian, like the guests */
}

size_t ct_head(struct ct_rec *r, int type, int kind, uint32_t num)
{
	size_t at = r->n;
	uint8_t h[8] = { 0, 0, (uint8_t)type, (uint8_t)kind, (uint8_t)num, (uint8_t)(num >> 8),
			 (uint8_t)(num >> 16), (uint8_t)(num >> 24) };

	ct_put(r, h, 8);
	return at;
}

void ct_seal(struct ct_rec *r, size_t at)
{
	r->b[at] = (uint8_t)(r->n - at);
	r->b[at + 1] = (uint8_t)((r->n - at) >> 8);
}

static void line(struct ct_rec *r, int kind, uint32_t num, const char *fmt)
{
	size_t at = ct_head(r, PVABI_CONREC_LINE, kind, num);

	ct_put16(r, (uint32_t)strlen(fmt));
	ct_put(r, fmt, strlen(fmt));
	ct_seal(r, at);
}

/* good ++ bad: renders good's line, refuses bad with why containing want. */
static void refused(const struct ct_rec *bad, const char *want)
{
	struct ct_rec r;

	memset(&r, 0, sizeof(r));
	line(&r, PVABI_TAPLINE_OK, 1, "good");
	ct_put(&r, bad->b, bad->n);
	ct_setup(sizeof(ct_region));
	CU_ASSERT_EQUAL(pvabi_conrec_render(&ct_rd, r.b, r.n, 100, ct_text_sink, &ct_rendered, ct_render_why,
					    sizeof(ct_render_why)), -1);
	CU_ASSERT_EQUAL(strncmp(ct_rendered.b, "ok 1 - good\n", 12), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(ct_render_why, "result record at offset 1"));
	if (!strstr(ct_render_why, want))
		fprintf(stderr, "want '%s' in '%s'\n", want, ct_render_why);
	CU_ASSERT_PTR_NOT_NULL(strstr(ct_render_why, want));
}

/* The bad record right after the good check: nothing else rendered. */
void ct_refused_next(const struct ct_rec *bad, const char *want)
{
	refused(bad, want);
	CU_ASSERT_STRING_EQUAL(ct_rendered.b, "ok 1 - good\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(ct_render_why, "result record at offset 114: "));
}

static void test_hostile_sizes(void)
{
	struct ct_rec r;
	size_t at;

	memset(&r, 0, sizeof(r));
	ct_head(&r, PVABI_CONREC_TEXT, 0, 0); /* size 0: must not loop */
	ct_refused_next(&r, "size 0 outside 8..");
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_TEXT, 0, 0);
	r.b[at] = 7;
	ct_refused_next(&r, "size 7 outside");
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_TEXT, 0, 0);
	ct_put(&r, "abc", 3);
	r.b[at] = 200; /* past the region's length */
	ct_refused_next(&r, "size 200 outside 8..11");
	memset(&r, 0, sizeof(r));
	ct_put(&r, "\x09\x00\x01", 3); /* a header cut by the length */
	ct_refused_next(&r, "header cut");
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_TEXT, 0, 0);
	memset(r.b + r.n, 'a', PVABI_CONREC_MAX);
	r.n += PVABI_CONREC_MAX;
	ct_seal(&r, at);
	ct_refused_next(&r, "outside 8..4096");
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, 9, 0, 0);
	ct_seal(&r, at);
	ct_refused_next(&r, "unknown type 9");
}

static void test_hostile_lines(void)
{
	struct ct_rec r;
	size_t at;

	memset(&r, 0, sizeof(r));
	line(&r, 7, 2, "x");
	ct_refused_next(&r, "unknown line kind");
	memset(&r, 0, sizeof(r));
	line(&r, PVABI_TAPLINE_OK, 5, "x");
	ct_refused_next(&r, "check 5 where 2 was due");
	memset(&r, 0, sizeof(r));
	line(&r, PVABI_TAPLINE_NOT_OK, 0xffffffffu, "x"); /* a count that wraps */
	ct_refused_next(&r, "check 4294967295 where 2 was due");
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_OK, 2);
	ct_put16(&r, 50); /* format past the record */
	ct_put(&r, "abc", 3);
	ct_seal(&r, at);
	ct_refused_next(&r, "format length past the record");
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_OK, 2);
	ct_put16(&r, 2);
	ct_put(&r, "%d", 2);
	ct_put(&r, "1234", 4); /* half an integer */
	ct_seal(&r, at);
	ct_refused_next(&r, "argument past the record");
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_OK, 2);
	ct_put16(&r, 2);
	ct_put(&r, "%s", 2);
	ct_put16(&r, 40); /* a string past the record */
	ct_put(&r, "abc", 3);
	ct_seal(&r, at);
	ct_refused_next(&r, "argument past the record");
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_SKIP, 2);
	ct_put16(&r, 1);
	ct_put(&r, "x", 1);
	ct_put16(&r, 9); /* a reason past the record */
	ct_seal(&r, at);
	ct_refused_next(&r, "skip reason past the record");
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_OK, 2);
	ct_put16(&r, 2);
	ct_put(&r, "%u", 2);
	ct_put64(&r, 1);
	ct_put64(&r, 2); /* an argument the format does not take */
	ct_seal(&r, at);
	ct_refused_next(&r, "bytes after the line's arguments");
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_OK, 2);
	ct_put16(&r, 3);
	ct_put(&r, "%\0d", 3); /* a NUL ends the format: its argument is extra */
	ct_put64(&r, 1);
	ct_seal(&r, at);
	ct_refused_next(&r, "bytes after the line's arguments");
}

static void test_hostile_plan(void)
{
	struct ct_rec r;
	size_t at;

	memset(&r, 0, sizeof(r));
	ct_seal(&r, ct_head(&r, PVABI_CONREC_PLAN, 0, 0)); /* fewer than the checks */
	ct_refused_next(&r, "plan 1..0 after 1 checks");
	memset(&r, 0, sizeof(r));
	ct_seal(&r, ct_head(&r, PVABI_CONREC_PLAN, 0, 7)); /* more than the checks */
	ct_refused_next(&r, "plan 1..7 after 1 checks");
	memset(&r, 0, sizeof(r));
	ct_seal(&r, ct_head(&r, PVABI_CONREC_PLAN, 0, 1));
	line(&r, PVABI_TAPLINE_OK, 2, "late");
	refused(&r, "a check after the plan");
	memset(&r, 0, sizeof(r));
	ct_seal(&r, ct_head(&r, PVABI_CONREC_PLAN, 0, 1));
	ct_seal(&r, ct_head(&r, PVABI_CONREC_PLAN, 0, 1));
	refused(&r, "a second plan");
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_PLAN, 0, 1);
	ct_put64(&r, 0);
	ct_seal(&r, at);
	ct_refused_next(&r, "a plan with a payload");
}

/* A width that would print gigabytes prints at most the saturated one. */
static void test_hostile_width(void)
{
	struct ct_rec r;
	size_t at;

	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_DIAG, 0);
	ct_put16(&r, 14);
	ct_put(&r, "%9999999999999", 14);
	ct_seal(&r, at);
	ct_setup(sizeof(ct_region));
	CU_ASSERT_EQUAL(pvabi_conrec_render(&ct_rd, r.b, r.n, 0, ct_text_sink, &ct_rendered, ct_render_why,
					    sizeof(ct_render_why)), 0);
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_DIAG, 0);
	ct_put16(&r, 16);
	ct_put(&r, "%99999999999999d", 16);
	ct_put64(&r, 5);
	ct_seal(&r, at);
	ct_setup(sizeof(ct_region));
	CU_ASSERT_EQUAL(pvabi_conrec_render(&ct_rd, r.b, r.n, 0, ct_text_sink, &ct_rendered, ct_render_why,
					    sizeof(ct_render_why)), 0);
	CU_ASSERT_EQUAL(ct_rendered.n, 2 + PVABI_FMT_MAX_WIDTH + 1);
}

const struct pvabi_test_case conrec_hostile_cases[] = {
	{ "hostile_sizes", test_hostile_sizes },
	{ "hostile_lines", test_hostile_lines },
	{ "hostile_plan", test_hostile_plan },
	{ "hostile_width", test_hostile_width },
	{ NULL, NULL },
};
