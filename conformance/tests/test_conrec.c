/* Result records (guest/rt/conrec.h): the guest's writer and the
 * runner's reader give the TAP text the guest would have printed, byte
 * for byte; hostile records and memory-console headers are refused with
 * the reason, never rendered, never a crash or a hang. This file: the
 * shared region and reader, and the round trips of copied text;
 * test_conrec_hostile.c hostile records, test_conrec_refs.c formats and
 * strings by reference, test_conmem.c the memory console's header. */
#include "conformance/tests/conrec_tests.h"

#include <string.h>

void ct_text_sink(void *ctx, const char *s, size_t n)
{
	struct ct_text *t = ctx;

	if (t->n + n < sizeof(t->b)) {
		memcpy(t->b + t->n, s, n);
		t->n += n;
		t->b[t->n] = '\0';
	}
}

uint8_t ct_region[40000];
uint32_t ct_region_len;
struct pvabi_conrec_reader ct_rd;
struct ct_text ct_rendered;
int ct_render_rc;
char ct_render_why[256];
static unsigned int flushes;

void ct_flush(void)
{
	ct_render_rc |= pvabi_conrec_render(&ct_rd, ct_region, ct_region_len, 0, ct_text_sink, &ct_rendered,
					 ct_render_why, sizeof(ct_render_why));
	ct_region_len = 0;
	flushes++;
}

struct pvabi_conrec_w ct_writer = { ct_region, 0, &ct_region_len, ct_flush, NULL, NULL };

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
void ct_rec_text_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	pvabi_conrec_text(&ct_writer, s, n);
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

void ct_setup(uint32_t cap)
{
	ct_region_len = 0;
	ct_writer.cap = cap;
	pvabi_conrec_reader_init(&ct_rd);
	memset(&ct_rendered, 0, sizeof(ct_rendered));
	ct_render_rc = 0;
	ct_render_why[0] = '\0';
	flushes = 0;
}

/* Text and records give the same bytes, whatever the region's size. */
static void roundtrip(uint32_t cap)
{
	static struct ct_text plain;
	struct pvabi_tap t;

	memset(&plain, 0, sizeof(plain));
	pvabi_tap_begin(&t, ct_text_sink, &plain);
	lines(&t);
	ct_setup(cap);
	pvabi_tap_begin(&t, ct_rec_text_sink, NULL);
	pvabi_tap_records(&t, &ct_writer);
	lines(&t);
	ct_flush();
	CU_ASSERT_EQUAL(ct_render_rc, 0);
	CU_ASSERT_STRING_EQUAL(ct_render_why, "");
	CU_ASSERT_EQUAL(ct_rendered.n, plain.n);
	CU_ASSERT_STRING_EQUAL(ct_rendered.b, plain.b);
	CU_ASSERT_TRUE(ct_rd.planned);
	CU_ASSERT_EQUAL(ct_rd.checks, 307);
}

static void test_roundtrip(void)
{
	roundtrip(sizeof(ct_region));
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
	ct_setup(sizeof(ct_region));
	pvabi_tap_begin(&t, ct_rec_text_sink, NULL);
	pvabi_tap_records(&t, &ct_writer);
	check_odd(&t, 0, fmt);
	pvabi_tap_end(&t);
	ct_flush();
	CU_ASSERT_EQUAL(ct_render_rc, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(ct_rendered.b, "not ok 1 - (line too long for a result record)\n1..1\n"));
}

static const struct pvabi_test_case conrec_cases[] = {
	{ "roundtrip", test_roundtrip },
	{ "roundtrip_flushes", test_roundtrip_flushes },
	{ "line_too_long", test_line_too_long },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "conrec", conrec_cases, NULL, NULL },
	{ "conrec_hostile", conrec_hostile_cases, NULL, NULL },
	{ "conrec_refs", conrec_ref_cases, NULL, NULL },
	{ "conmem", conmem_cases, ct_conmem_init, ct_conmem_fini },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
