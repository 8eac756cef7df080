/* Formats and strings by reference in result records: rendered as the
 * guest's own formatter prints them; references outside guest memory,
 * or without their NUL, refused or cut (part of test-conrec). */
#include "conformance/tests/conrec_tests.h"

#include <string.h>

/* What the writer declares read-only, as an image's constants are: its
 * formats and strings go by reference. Filled once (ro_fill), never
 * written after; big holds no NUL within a format's length. */
static struct {
	char check[24], vector[24], name[8], why[24], diag[32], mid[1501],
		big[PVABI_CONREC_MAX + 9];
} ro;

static void ro_fill(void)
{
	if (ro.check[0])
		return;
	strcpy(ro.check, "op %s: %s (got %lld)");
	strcpy(ro.vector, "vector %d of %s%s");
	strcpy(ro.name, "yield");
	strcpy(ro.why, "feature #2 not granted");
	strcpy(ro.diag, "[%5d][%3s][%c][%%][%p]");
	memset(ro.mid, 'm', sizeof(ro.mid) - 1);
	memset(ro.big, 'b', sizeof(ro.big) - 1);
}

/* References lead into ro alone, as into guest memory: anything else is
 * outside it. */
static long ro_fetch(const void *ctx, uint64_t addr, char *dst, size_t max)
{
	const char *lo = (const char *)&ro, *hi = lo + sizeof(ro), *p = (const char *)(uintptr_t)addr;
	size_t n = 0;

	(void)ctx;
	if (p < lo || p >= hi)
		return -1;
	while (n < max && p + n < hi && p[n]) {
		dst[n] = p[n];
		n++;
	}
	dst[n] = '\0';
	return (long)n;
}

static unsigned int by_type[8], refs;

/* Counts the region's record types and string references, then renders. */
static void count_flush(void)
{
	uint32_t off = 0, size;

	while (off + PVABI_CONREC_HDR <= ct_region_len && (size = ct_region[off] | ct_region[off + 1] << 8)) {
		uint32_t i;

		by_type[ct_region[off + 2] & 7]++;
		for (i = off + PVABI_CONREC_HDR; i + 1 < off + size; i++)
			refs += ct_region[i] == 0xfe && ct_region[i + 1] == 0xff;
		off += size;
	}
	ct_flush();
}

/* Formats from ro, as an image's are from its constants. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void ref_lines(struct pvabi_tap *t)
{
	char stack_name[8] = "stack";
	int i;

	pvabi_tap_check(t, 1, ro.check, ro.name, ro.vector, -7ll);
	pvabi_tap_check(t, 0, ro.check, stack_name, ro.name, 3ll); /* a string copied */
	pvabi_tap_skip(t, ro.why, ro.check, ro.name, ro.name, 0ll);
	pvabi_tap_diag(t, ro.diag, 42, ro.name, 'z', (void *)0x1234);
	pvabi_tap_check(t, 1, ro.check, ro.mid, ro.name, 1ll);
	for (i = 0; i < 50; i++)
		pvabi_tap_check(t, i % 7 != 0, ro.vector, i, ro.name, i % 2 ? stack_name : ro.why);
	pvabi_tap_check(t, 1, "not %s read-only", ro.name); /* a format copied */
	pvabi_tap_end(t);
}
#pragma GCC diagnostic pop

/* Formats and strings by reference render what the guest's own
 * formatter prints, byte for byte; what is not read-only is copied. */
static void test_roundtrip_refs(void)
{
	static struct ct_text plain;
	struct pvabi_tap t;

	ro_fill();
	memset(&plain, 0, sizeof(plain));
	pvabi_tap_begin(&t, ct_text_sink, &plain);
	ref_lines(&t);
	ct_setup(sizeof(ct_region));
	ct_rd.fetch = ro_fetch;
	memset(by_type, 0, sizeof(by_type));
	refs = 0;
	ct_writer.flush = count_flush;
	ct_writer.ro_lo = (const char *)&ro;
	ct_writer.ro_hi = (const char *)&ro + sizeof(ro);
	pvabi_tap_begin(&t, ct_rec_text_sink, NULL);
	pvabi_tap_records(&t, &ct_writer);
	ref_lines(&t);
	count_flush();
	ct_writer.flush = ct_flush;
	ct_writer.ro_lo = ct_writer.ro_hi = NULL;
	CU_ASSERT_EQUAL(ct_render_rc, 0);
	CU_ASSERT_STRING_EQUAL(ct_render_why, "");
	CU_ASSERT_STRING_EQUAL(ct_rendered.b, plain.b);
	CU_ASSERT_EQUAL(by_type[PVABI_CONREC_LINEREF], 55);
	CU_ASSERT_EQUAL(by_type[PVABI_CONREC_LINE], 1);
	CU_ASSERT_TRUE(refs >= 60);
	CU_ASSERT_EQUAL(ct_rd.checks, 55);
}

/* A LINEREF whose one conversion is a string, both by address. */
static void ref_line(struct ct_rec *r, uint32_t num, uintptr_t fmt, uintptr_t str)
{
	size_t at = ct_head(r, PVABI_CONREC_LINEREF, PVABI_TAPLINE_OK, num);

	ct_put64(r, fmt);
	ct_put16(r, PVABI_CONREC_REF);
	ct_put64(r, str);
	ct_seal(r, at);
}

/* r rendered by a reader that follows references into ro: its answer. */
static int render_refs(const struct ct_rec *r)
{
	ct_setup(sizeof(ct_region));
	ct_rd.fetch = ro_fetch;
	return pvabi_conrec_render(&ct_rd, r->b, r->n, 0, ct_text_sink, &ct_rendered, ct_render_why,
				   sizeof(ct_render_why));
}

static void test_hostile_refs(void)
{
	struct ct_rec r;

	ro_fill();
	memset(&r, 0, sizeof(r));
	ref_line(&r, 2, (uintptr_t)ro.why, (uintptr_t)ro.name);
	ct_refused_next(&r, "a format by reference, and no guest memory to read it from");
	memset(&r, 0, sizeof(r));
	ref_line(&r, 1, (uintptr_t)&ro - 1, (uintptr_t)ro.name);
	CU_ASSERT_EQUAL(render_refs(&r), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(ct_render_why, "format address outside guest memory"));
	memset(&r, 0, sizeof(r));
	ref_line(&r, 1, (uintptr_t)ro.big, (uintptr_t)ro.name); /* no NUL within a format's length */
	CU_ASSERT_EQUAL(render_refs(&r), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(ct_render_why, "longer than a format can be"));
	memset(&r, 0, sizeof(r));
	{
		size_t at = ct_head(&r, PVABI_CONREC_LINEREF, PVABI_TAPLINE_OK, 1);

		ct_put64(&r, (uintptr_t)(ro.diag + 5)); /* "[%3s][%c][%%][%p]" */
		ct_put16(&r, PVABI_CONREC_REF);
		ct_put64(&r, (uintptr_t)&ro - 200); /* outside */
		ct_put64(&r, 'c');
		ct_put64(&r, 0);
		ct_seal(&r, at);
	}
	CU_ASSERT_EQUAL(render_refs(&r), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(ct_render_why, "a string by reference outside guest memory"));
	CU_ASSERT_STRING_EQUAL(ct_rendered.b, "");
}

/* A string by reference without a NUL is cut after PVABI_CONREC_MAX
 * bytes, as a copied one is cut to fit its record. */
static void test_ref_cut(void)
{
	struct ct_rec r;
	size_t at;

	ro_fill();
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_LINEREF, PVABI_TAPLINE_OK, 1);
	ct_put64(&r, (uintptr_t)(ro.diag + 5)); /* "[%3s][%c][%%][%p]" */
	ct_put16(&r, PVABI_CONREC_REF);
	ct_put64(&r, (uintptr_t)ro.big);
	ct_put64(&r, 'c');
	ct_put64(&r, 0x10);
	ct_seal(&r, at);
	CU_ASSERT_EQUAL(render_refs(&r), 0);
	CU_ASSERT_EQUAL(ct_rendered.n, strlen("ok 1 - [") + PVABI_CONREC_MAX + strlen("][c][%][0x10]\n"));
}
const struct pvabi_test_case conrec_ref_cases[] = {
	{ "roundtrip_refs", test_roundtrip_refs },
	{ "hostile_refs", test_hostile_refs },
	{ "ref_cut", test_ref_cut },
	{ NULL, NULL },
};
