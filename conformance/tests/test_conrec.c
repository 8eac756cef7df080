/* Result records (guest/rt/conrec.h): the guest's writer and the
 * runner's reader give the TAP text the guest would have printed, byte
 * for byte; hostile records and memory-console headers are refused with
 * the reason, never rendered, never a crash or a hang. */
#include "conformance/conmem.h"
#include "conformance/conrec_read.h"
#include "guest/rt/console_mem.h"
#include "guest/rt/tap.h"
#include "tests/harness.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct text {
	char b[65536];
	size_t n;
};

static void text_sink(void *ctx, const char *s, size_t n)
{
	struct text *t = ctx;

	if (t->n + n < sizeof(t->b)) {
		memcpy(t->b + t->n, s, n);
		t->n += n;
		t->b[t->n] = '\0';
	}
}

/* The region the writer fills; flush renders it, as the runner does at
 * the drain call. */
static uint8_t region[40000];
static uint32_t region_len;
static struct pvabi_conrec_reader rd;
static struct text rendered;
static int render_rc;
static char render_why[256];
static unsigned int flushes;

static void flush(void)
{
	render_rc |= pvabi_conrec_render(&rd, region, region_len, 0, text_sink, &rendered,
					 render_why, sizeof(render_why));
	region_len = 0;
	flushes++;
}

static struct pvabi_conrec_w writer = { region, 0, &region_len, flush, NULL, NULL };

/* Not a literal, so the compiler's format check lets the NULL through. */
static const char *volatile null_str;

/* Formats no compiler would pass: an unknown conversion, a '%' at the
 * end, a format too long for a record. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void check_odd(struct pvabi_tap *t, int ok, const char *fmt)
{
	pvabi_tap_check(t, ok, fmt, 5);
}
#pragma GCC diagnostic pop

/* Console text in record mode: TEXT records, in order with the lines. */
static void rec_text_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	pvabi_conrec_text(&writer, s, n);
}

/* The same lines through a TAP writer: text, or records rendered. */
static void lines(struct pvabi_tap *t)
{
	static char big[3000];
	int i;

	memset(big, 'x', sizeof(big) - 1);
	pvabi_tap_diag(t, "image: abi %s revision %s, offers 0x%08x-0x%08x features 0x%llx", "pvp",
		       "2.1", 0x10000u, 0x20001u, 0x1full);
	pvabi_tap_check(t, 1, "op %s: %s (got %lld)", "yield", "() -> ret=0", -7ll);
	pvabi_tap_check(t, 0, "op %d # fake SKIP \\ and\nnewline", 3);
	pvabi_tap_skip(t, "feature #2 not granted", "get_time_info: %s", "x");
	pvabi_tap_skip(t, null_str, "%s", null_str);
	pvabi_tap_diag(t, "[%5d][%05d][%3s][%c][%%][%p][%X][%zu][%lu]", 42, -42, "ab", 'z',
		       (void *)0x1234, 0xbeefu, (size_t)9, 10ul);
	pvabi_tap_check(t, 1, "%lld %llu %llx", (long long)INT64_MIN,
			(unsigned long long)UINT64_MAX, 0x123456789abcdefull);
	check_odd(t, 1, "odd %q and %");
	pvabi_tap_check(t, 1, "%s", big + sizeof(big) - 1 - 1500);
	for (i = 0; i < 300; i++)
		pvabi_tap_check(t, i % 7 != 0, "vector %d of %s", i, "many");
	pvabi_tap_end(t);
}

static void setup(uint32_t cap)
{
	region_len = 0;
	writer.cap = cap;
	pvabi_conrec_reader_init(&rd);
	memset(&rendered, 0, sizeof(rendered));
	render_rc = 0;
	render_why[0] = '\0';
	flushes = 0;
}

/* Text and records give the same bytes, whatever the region's size. */
static void roundtrip(uint32_t cap)
{
	static struct text plain;
	struct pvabi_tap t;

	memset(&plain, 0, sizeof(plain));
	pvabi_tap_begin(&t, text_sink, &plain);
	lines(&t);
	setup(cap);
	pvabi_tap_begin(&t, rec_text_sink, NULL);
	pvabi_tap_records(&t, &writer);
	lines(&t);
	flush();
	CU_ASSERT_EQUAL(render_rc, 0);
	CU_ASSERT_STRING_EQUAL(render_why, "");
	CU_ASSERT_EQUAL(rendered.n, plain.n);
	CU_ASSERT_STRING_EQUAL(rendered.b, plain.b);
	CU_ASSERT_TRUE(rd.planned);
	CU_ASSERT_EQUAL(rd.checks, 307);
}

static void test_roundtrip(void)
{
	roundtrip(sizeof(region));
	CU_ASSERT_EQUAL(flushes, 1); /* all in one region */
}

static void test_roundtrip_flushes(void)
{
	roundtrip(PVABI_CONREC_MAX);
	CU_ASSERT_TRUE(flushes > 3);
}

/* A line longer than a record keeps its number and verdict. */
static void test_line_too_long(void)
{
	static char fmt[PVABI_CONREC_MAX_FMT + 10];
	struct pvabi_tap t;

	memset(fmt, 'f', sizeof(fmt) - 1);
	setup(sizeof(region));
	pvabi_tap_begin(&t, rec_text_sink, NULL);
	pvabi_tap_records(&t, &writer);
	check_odd(&t, 0, fmt);
	pvabi_tap_end(&t);
	flush();
	CU_ASSERT_EQUAL(render_rc, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(rendered.b, "not ok 1 - (line too long for a result record)\n1..1\n"));
}

/* Hostile records, one at a time after a good check: refused with the
 * reason, nothing of them rendered. */
struct rec {
	uint8_t b[PVABI_CONREC_MAX * 2];
	size_t n;
};

static void put(struct rec *r, const void *p, size_t n)
{
	memcpy(r->b + r->n, p, n);
	r->n += n;
}

static void put16(struct rec *r, uint32_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	put(r, b, 2);
}

static void put64(struct rec *r, uint64_t v)
{
	put(r, &v, 8); /* the test runs little-endian, like the guests */
}

static size_t head(struct rec *r, int type, int kind, uint32_t num)
{
	size_t at = r->n;
	uint8_t h[8] = { 0, 0, (uint8_t)type, (uint8_t)kind, (uint8_t)num, (uint8_t)(num >> 8),
			 (uint8_t)(num >> 16), (uint8_t)(num >> 24) };

	put(r, h, 8);
	return at;
}

static void seal(struct rec *r, size_t at)
{
	r->b[at] = (uint8_t)(r->n - at);
	r->b[at + 1] = (uint8_t)((r->n - at) >> 8);
}

static void line(struct rec *r, int kind, uint32_t num, const char *fmt)
{
	size_t at = head(r, PVABI_CONREC_LINE, kind, num);

	put16(r, (uint32_t)strlen(fmt));
	put(r, fmt, strlen(fmt));
	seal(r, at);
}

/* good ++ bad: renders good's line, refuses bad with why containing want. */
static void refused(const struct rec *bad, const char *want)
{
	struct rec r;

	memset(&r, 0, sizeof(r));
	line(&r, PVABI_TAPLINE_OK, 1, "good");
	put(&r, bad->b, bad->n);
	setup(sizeof(region));
	CU_ASSERT_EQUAL(pvabi_conrec_render(&rd, r.b, r.n, 100, text_sink, &rendered, render_why,
					    sizeof(render_why)), -1);
	CU_ASSERT_EQUAL(strncmp(rendered.b, "ok 1 - good\n", 12), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(render_why, "result record at offset 1"));
	if (!strstr(render_why, want))
		fprintf(stderr, "want '%s' in '%s'\n", want, render_why);
	CU_ASSERT_PTR_NOT_NULL(strstr(render_why, want));
}

/* The bad record right after the good check: nothing else rendered. */
static void refused_next(const struct rec *bad, const char *want)
{
	refused(bad, want);
	CU_ASSERT_STRING_EQUAL(rendered.b, "ok 1 - good\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(render_why, "result record at offset 114: "));
}

static void test_hostile_sizes(void)
{
	struct rec r;
	size_t at;

	memset(&r, 0, sizeof(r));
	head(&r, PVABI_CONREC_TEXT, 0, 0); /* size 0: must not loop */
	refused_next(&r, "size 0 outside 8..");
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_TEXT, 0, 0);
	r.b[at] = 7;
	refused_next(&r, "size 7 outside");
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_TEXT, 0, 0);
	put(&r, "abc", 3);
	r.b[at] = 200; /* past the region's length */
	refused_next(&r, "size 200 outside 8..11");
	memset(&r, 0, sizeof(r));
	put(&r, "\x09\x00\x01", 3); /* a header cut by the length */
	refused_next(&r, "header cut");
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_TEXT, 0, 0);
	memset(r.b + r.n, 'a', PVABI_CONREC_MAX);
	r.n += PVABI_CONREC_MAX;
	seal(&r, at);
	refused_next(&r, "outside 8..4096");
	memset(&r, 0, sizeof(r));
	at = head(&r, 9, 0, 0);
	seal(&r, at);
	refused_next(&r, "unknown type 9");
}

static void test_hostile_lines(void)
{
	struct rec r;
	size_t at;

	memset(&r, 0, sizeof(r));
	line(&r, 7, 2, "x");
	refused_next(&r, "unknown line kind");
	memset(&r, 0, sizeof(r));
	line(&r, PVABI_TAPLINE_OK, 5, "x");
	refused_next(&r, "check 5 where 2 was due");
	memset(&r, 0, sizeof(r));
	line(&r, PVABI_TAPLINE_NOT_OK, 0xffffffffu, "x"); /* a count that wraps */
	refused_next(&r, "check 4294967295 where 2 was due");
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_OK, 2);
	put16(&r, 50); /* format past the record */
	put(&r, "abc", 3);
	seal(&r, at);
	refused_next(&r, "format length past the record");
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_OK, 2);
	put16(&r, 2);
	put(&r, "%d", 2);
	put(&r, "1234", 4); /* half an integer */
	seal(&r, at);
	refused_next(&r, "argument past the record");
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_OK, 2);
	put16(&r, 2);
	put(&r, "%s", 2);
	put16(&r, 40); /* a string past the record */
	put(&r, "abc", 3);
	seal(&r, at);
	refused_next(&r, "argument past the record");
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_SKIP, 2);
	put16(&r, 1);
	put(&r, "x", 1);
	put16(&r, 9); /* a reason past the record */
	seal(&r, at);
	refused_next(&r, "skip reason past the record");
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_OK, 2);
	put16(&r, 2);
	put(&r, "%u", 2);
	put64(&r, 1);
	put64(&r, 2); /* an argument the format does not take */
	seal(&r, at);
	refused_next(&r, "bytes after the line's arguments");
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_OK, 2);
	put16(&r, 3);
	put(&r, "%\0d", 3); /* a NUL ends the format: its argument is extra */
	put64(&r, 1);
	seal(&r, at);
	refused_next(&r, "bytes after the line's arguments");
}

static void test_hostile_plan(void)
{
	struct rec r;
	size_t at;

	memset(&r, 0, sizeof(r));
	seal(&r, head(&r, PVABI_CONREC_PLAN, 0, 0)); /* fewer than the checks */
	refused_next(&r, "plan 1..0 after 1 checks");
	memset(&r, 0, sizeof(r));
	seal(&r, head(&r, PVABI_CONREC_PLAN, 0, 7)); /* more than the checks */
	refused_next(&r, "plan 1..7 after 1 checks");
	memset(&r, 0, sizeof(r));
	seal(&r, head(&r, PVABI_CONREC_PLAN, 0, 1));
	line(&r, PVABI_TAPLINE_OK, 2, "late");
	refused(&r, "a check after the plan");
	memset(&r, 0, sizeof(r));
	seal(&r, head(&r, PVABI_CONREC_PLAN, 0, 1));
	seal(&r, head(&r, PVABI_CONREC_PLAN, 0, 1));
	refused(&r, "a second plan");
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_PLAN, 0, 1);
	put64(&r, 0);
	seal(&r, at);
	refused_next(&r, "a plan with a payload");
}

/* A width that would print gigabytes prints at most the saturated one. */
static void test_hostile_width(void)
{
	struct rec r;
	size_t at;

	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_DIAG, 0);
	put16(&r, 14);
	put(&r, "%9999999999999", 14);
	seal(&r, at);
	setup(sizeof(region));
	CU_ASSERT_EQUAL(pvabi_conrec_render(&rd, r.b, r.n, 0, text_sink, &rendered, render_why,
					    sizeof(render_why)), 0);
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_DIAG, 0);
	put16(&r, 16);
	put(&r, "%99999999999999d", 16);
	put64(&r, 5);
	seal(&r, at);
	setup(sizeof(region));
	CU_ASSERT_EQUAL(pvabi_conrec_render(&rd, r.b, r.n, 0, text_sink, &rendered, render_why,
					    sizeof(render_why)), 0);
	CU_ASSERT_EQUAL(rendered.n, 2 + PVABI_FMT_MAX_WIDTH + 1);
}

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

	while (off + PVABI_CONREC_HDR <= region_len && (size = region[off] | region[off + 1] << 8)) {
		uint32_t i;

		by_type[region[off + 2] & 7]++;
		for (i = off + PVABI_CONREC_HDR; i + 1 < off + size; i++)
			refs += region[i] == 0xfe && region[i + 1] == 0xff;
		off += size;
	}
	flush();
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
	static struct text plain;
	struct pvabi_tap t;

	ro_fill();
	memset(&plain, 0, sizeof(plain));
	pvabi_tap_begin(&t, text_sink, &plain);
	ref_lines(&t);
	setup(sizeof(region));
	rd.fetch = ro_fetch;
	memset(by_type, 0, sizeof(by_type));
	refs = 0;
	writer.flush = count_flush;
	writer.ro_lo = (const char *)&ro;
	writer.ro_hi = (const char *)&ro + sizeof(ro);
	pvabi_tap_begin(&t, rec_text_sink, NULL);
	pvabi_tap_records(&t, &writer);
	ref_lines(&t);
	count_flush();
	writer.flush = flush;
	writer.ro_lo = writer.ro_hi = NULL;
	CU_ASSERT_EQUAL(render_rc, 0);
	CU_ASSERT_STRING_EQUAL(render_why, "");
	CU_ASSERT_STRING_EQUAL(rendered.b, plain.b);
	CU_ASSERT_EQUAL(by_type[PVABI_CONREC_LINEREF], 55);
	CU_ASSERT_EQUAL(by_type[PVABI_CONREC_LINE], 1);
	CU_ASSERT_TRUE(refs >= 60);
	CU_ASSERT_EQUAL(rd.checks, 55);
}

/* A LINEREF whose one conversion is a string, both by address. */
static void ref_line(struct rec *r, uint32_t num, uintptr_t fmt, uintptr_t str)
{
	size_t at = head(r, PVABI_CONREC_LINEREF, PVABI_TAPLINE_OK, num);

	put64(r, fmt);
	put16(r, PVABI_CONREC_REF);
	put64(r, str);
	seal(r, at);
}

/* r rendered by a reader that follows references into ro: its answer. */
static int render_refs(const struct rec *r)
{
	setup(sizeof(region));
	rd.fetch = ro_fetch;
	return pvabi_conrec_render(&rd, r->b, r->n, 0, text_sink, &rendered, render_why,
				   sizeof(render_why));
}

static void test_hostile_refs(void)
{
	struct rec r;

	ro_fill();
	memset(&r, 0, sizeof(r));
	ref_line(&r, 2, (uintptr_t)ro.why, (uintptr_t)ro.name);
	refused_next(&r, "a format by reference, and no guest memory to read it from");
	memset(&r, 0, sizeof(r));
	ref_line(&r, 1, (uintptr_t)&ro - 1, (uintptr_t)ro.name);
	CU_ASSERT_EQUAL(render_refs(&r), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(render_why, "format address outside guest memory"));
	memset(&r, 0, sizeof(r));
	ref_line(&r, 1, (uintptr_t)ro.big, (uintptr_t)ro.name); /* no NUL within a format's length */
	CU_ASSERT_EQUAL(render_refs(&r), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(render_why, "longer than a format can be"));
	memset(&r, 0, sizeof(r));
	{
		size_t at = head(&r, PVABI_CONREC_LINEREF, PVABI_TAPLINE_OK, 1);

		put64(&r, (uintptr_t)(ro.diag + 5)); /* "[%3s][%c][%%][%p]" */
		put16(&r, PVABI_CONREC_REF);
		put64(&r, (uintptr_t)&ro - 200); /* outside */
		put64(&r, 'c');
		put64(&r, 0);
		seal(&r, at);
	}
	CU_ASSERT_EQUAL(render_refs(&r), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(render_why, "a string by reference outside guest memory"));
	CU_ASSERT_STRING_EQUAL(rendered.b, "");
}

/* A string by reference without a NUL is cut after PVABI_CONREC_MAX
 * bytes, as a copied one is cut to fit its record. */
static void test_ref_cut(void)
{
	struct rec r;
	size_t at;

	ro_fill();
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_LINEREF, PVABI_TAPLINE_OK, 1);
	put64(&r, (uintptr_t)(ro.diag + 5)); /* "[%3s][%c][%%][%p]" */
	put16(&r, PVABI_CONREC_REF);
	put64(&r, (uintptr_t)ro.big);
	put64(&r, 'c');
	put64(&r, 0x10);
	seal(&r, at);
	CU_ASSERT_EQUAL(render_refs(&r), 0);
	CU_ASSERT_EQUAL(rendered.n, strlen("ok 1 - [") + PVABI_CONREC_MAX + strlen("][c][%][0x10]\n"));
}

/* --- the memory console's header, on a fake guest memory --------------- */
#define GMEM 65536
#define HDR_GPA 0x1000u

static uint8_t *gmem;
static struct pvabi_host host;
static struct pvabi_conmem *cm;
static struct text con;

static struct pvabi_console_mem *hdr(void)
{
	return (struct pvabi_console_mem *)(void *)(gmem + HDR_GPA);
}

static void gmem_flush(void)
{
	int64_t ret = 1;
	uint64_t a = HDR_GPA;

	CU_ASSERT_EQUAL(pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP, 1, &a, &ret), 1);
	CU_ASSERT_EQUAL(ret, 0);
	hdr()->len = 0;
}

static struct pvabi_conrec_w gw;

static void gw_text(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	pvabi_conrec_text(&gw, s, n);
}

/* A header of cap bytes at HDR_GPA, registered by the call (its answer). */
static int64_t reg(uint32_t magic, uint32_t cap)
{
	uint64_t a = HDR_GPA;
	int64_t ret = 7;

	memset(gmem, 0, GMEM);
	memset(&con, 0, sizeof(con));
	pvabi_conmem_init(cm, text_sink, &con);
	hdr()->magic = magic;
	hdr()->cap = cap;
	gw.data = gmem + HDR_GPA + sizeof(struct pvabi_console_mem);
	gw.cap = cap;
	gw.len = &hdr()->len;
	gw.flush = gmem_flush;
	if (!pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP, 1, &a, &ret))
		return 99;
	return ret;
}

static int conmem_init(void)
{
	gmem = calloc(1, GMEM);
	cm = calloc(1, sizeof(*cm));
	host.mem = gmem;
	host.size = GMEM;
	return gmem && cm ? 0 : -1;
}

static int conmem_fini(void)
{
	free(gmem);
	free(cm);
	return 0;
}

static void expect_refused(const char *want)
{
	CU_ASSERT_TRUE(cm->dead);
	if (!strstr(cm->error, want))
		fprintf(stderr, "want '%s' in '%s'\n", want, cm->error);
	CU_ASSERT_PTR_NOT_NULL(strstr(cm->error, want));
	CU_ASSERT_PTR_NOT_NULL(strstr(con.b, "# memory console: "));
}

/* Records through the channel: rendered at each drain, and again from
 * 0 after the drain call. */
static void test_channel(void)
{
	struct pvabi_tap t;

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	pvabi_tap_begin(&t, gw_text, NULL);
	pvabi_tap_records(&t, &gw);
	pvabi_tap_check(&t, 1, "first %d", 1);
	pvabi_conmem_drain(cm, &host);
	CU_ASSERT_STRING_EQUAL(con.b, "TAP version 13\nok 1 - first 1\n");
	gmem_flush();
	pvabi_tap_check(&t, 0, "second %s", "two");
	pvabi_tap_end(&t);
	pvabi_conmem_drain(cm, &host);
	CU_ASSERT_STRING_EQUAL(con.b, "TAP version 13\nok 1 - first 1\nnot ok 2 - second two\n1..2\n"
				      "# FAIL: 1 passed, 1 failed, 0 skipped\n");
	CU_ASSERT_FALSE(cm->dead);
	CU_ASSERT_STRING_EQUAL(cm->error, "");
}

/* References are read from guest memory at the drain: a string at its
 * end is cut there, one past it refuses the channel. */
static void test_channel_refs(void)
{
	uint8_t *data = gmem + HDR_GPA + sizeof(struct pvabi_console_mem);
	struct rec r;
	size_t at;

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	strcpy((char *)gmem + 0x3000, "ref %s %u|%s");
	strcpy((char *)gmem + 0x3100, "name");
	memcpy(gmem + GMEM - 2, "ab", 2);
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_LINEREF, PVABI_TAPLINE_OK, 1);
	put64(&r, 0x3000);
	put16(&r, PVABI_CONREC_REF);
	put64(&r, 0x3100);
	put64(&r, 5);
	put16(&r, PVABI_CONREC_REF);
	put64(&r, GMEM - 2);
	seal(&r, at);
	memcpy(data, r.b, r.n);
	hdr()->len = (uint32_t)r.n;
	pvabi_conmem_drain(cm, &host);
	CU_ASSERT_FALSE(cm->dead);
	CU_ASSERT_STRING_EQUAL(con.b, "ok 1 - ref name 5|ab\n");
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_LINEREF, PVABI_TAPLINE_OK, 2);
	put64(&r, 0x3000);
	put16(&r, PVABI_CONREC_REF);
	put64(&r, GMEM); /* past guest memory */
	put64(&r, 5);
	put16(&r, PVABI_CONREC_NULL);
	seal(&r, at);
	memcpy(data + hdr()->len, r.b, r.n);
	hdr()->len += (uint32_t)r.n;
	pvabi_conmem_drain(cm, &host);
	expect_refused("a string by reference outside guest memory");
}

/* Calls that are not the console's reach the platform. */
static void test_not_ours(void)
{
	uint64_t a[2] = { HDR_GPA, 0 };
	int64_t ret = 7;

	CU_ASSERT_EQUAL(reg(0x4d435650u, 8192), 99); /* the old text console's magic */
	CU_ASSERT_EQUAL(pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP + 1, 1, a, &ret), 0);
	hdr()->magic = PVABI_CONREC_MAGIC;
	CU_ASSERT_EQUAL(pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP, 2, a, &ret), 0);
	a[0] = GMEM - 2; /* its magic would lie past memory */
	CU_ASSERT_EQUAL(pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP, 1, a, &ret), 0);
	a[0] = ~0ull - 1;
	CU_ASSERT_EQUAL(pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP, 1, a, &ret), 0);
	CU_ASSERT_EQUAL(ret, 7);
	CU_ASSERT_FALSE(cm->dead);
}

static void test_hostile_registration(void)
{
	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 0), -1);
	expect_refused("capacity 0 outside 4096..1048576");
	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 0xffffffffu), -1);
	expect_refused("capacity 4294967295 outside");
	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, GMEM - HDR_GPA), -1);
	expect_refused("past guest memory");
}

static void test_hostile_header(void)
{
	uint64_t a = HDR_GPA;
	int64_t ret = 0;

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	hdr()->len = 8193;
	pvabi_conmem_drain(cm, &host);
	expect_refused("length 8193 past the capacity 8192");
	/* refused for good: nothing more is read, the op answers -1 */
	hdr()->len = 0;
	pvabi_conmem_drain(cm, &host);
	CU_ASSERT_EQUAL(pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP, 1, &a, &ret), 1);
	CU_ASSERT_EQUAL(ret, -1);

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	hdr()->magic = 0;
	pvabi_conmem_drain(cm, &host);
	expect_refused("header magic 0x00000000");

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	hdr()->cap = 60000; /* would reach past guest memory */
	pvabi_conmem_drain(cm, &host);
	expect_refused("capacity changed from 8192 to 60000");

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	pvabi_conrec_text(&gw, "abc\n", 4);
	pvabi_conmem_drain(cm, &host);
	hdr()->len = 4;
	pvabi_conmem_drain(cm, &host);
	expect_refused("length 4 fell below the 12 bytes read");

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	hdr()->len = 4096; /* zeros: a record of size 0 */
	pvabi_conmem_drain(cm, &host);
	expect_refused("result record at offset 0: size 0 outside");
	CU_ASSERT_STRING_EQUAL(con.b, "# memory console: result record at offset 0: size 0 outside 8..4096\n");
}

/* Records claiming more checks than the plan, through the channel. */
static void test_hostile_count(void)
{
	struct pvabi_tap t;

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	pvabi_tap_begin(&t, gw_text, NULL);
	pvabi_tap_records(&t, &gw);
	pvabi_tap_check(&t, 1, "one");
	pvabi_tap_check(&t, 1, "two");
	t.n = 1; /* the plan says one */
	pvabi_tap_end(&t);
	pvabi_conmem_drain(cm, &host);
	expect_refused("plan 1..1 after 2 checks");
}

static size_t flood_out;

static void count_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	(void)s;
	flood_out += n;
}

/* Records whose widths multiply their bytes, left in the region and so
 * rendered again at every call: the text stops at the limit and the
 * channel is refused, instead of filling the disk under the cell's log. */
static void test_hostile_flood(void)
{
	struct pvabi_console_mem *h = hdr();
	uint8_t *data = gmem + HDR_GPA + sizeof(*h);
	uint64_t a = HDR_GPA;
	struct rec r;
	char fmt[1021] = "";
	int64_t ret = 7;
	size_t at;
	int i, calls = 0;

	for (i = 0; i < 170; i++)
		strcat(fmt, "%9999d");
	memset(&r, 0, sizeof(r));
	at = head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_DIAG, 0);
	put16(&r, (uint32_t)strlen(fmt));
	put(&r, fmt, strlen(fmt));
	for (i = 0; i < 170; i++)
		put64(&r, (uint64_t)i);
	seal(&r, at);
	memset(gmem, 0, GMEM);
	flood_out = 0;
	pvabi_conmem_init(cm, count_sink, NULL);
	h->magic = PVABI_CONREC_MAGIC;
	h->cap = 8192;
	for (i = 0; i < 3; i++)
		memcpy(data + i * r.n, r.b, r.n);
	h->len = (uint32_t)(3 * r.n);
	while (!cm->dead && calls++ < 100)
		CU_ASSERT_EQUAL(pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP, 1, &a, &ret), 1);
	CU_ASSERT_TRUE(cm->dead);
	CU_ASSERT_EQUAL(ret, -1);
	CU_ASSERT_TRUE(calls <= 5);
	CU_ASSERT_PTR_NOT_NULL(strstr(cm->error, "past 16 MiB of text"));
	CU_ASSERT_TRUE(flood_out <= PVABI_CONMEM_MAX_OUTPUT + sizeof(cm->error) + 32);
	CU_ASSERT_TRUE(flood_out >= PVABI_CONMEM_MAX_OUTPUT);
}

static const struct pvabi_test_case record_cases[] = {
	{ "roundtrip", test_roundtrip },
	{ "roundtrip_flushes", test_roundtrip_flushes },
	{ "roundtrip_refs", test_roundtrip_refs },
	{ "hostile_refs", test_hostile_refs },
	{ "ref_cut", test_ref_cut },
	{ "line_too_long", test_line_too_long },
	{ "hostile_sizes", test_hostile_sizes },
	{ "hostile_lines", test_hostile_lines },
	{ "hostile_plan", test_hostile_plan },
	{ "hostile_width", test_hostile_width },
	{ NULL, NULL },
};

static const struct pvabi_test_case conmem_cases[] = {
	{ "channel", test_channel },
	{ "channel_refs", test_channel_refs },
	{ "not_ours", test_not_ours },
	{ "hostile_registration", test_hostile_registration },
	{ "hostile_header", test_hostile_header },
	{ "hostile_count", test_hostile_count },
	{ "hostile_flood", test_hostile_flood },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "conrec", record_cases, NULL, NULL },
	{ "conmem", conmem_cases, conmem_init, conmem_fini },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
