/* Host-side tests of the guest runtime's pure parts: the formatter, the
 * TAP writer, result aggregation and command lines. */
#include "guest/rt/cmdline.h"
#include "guest/rt/fmt.h"
#include "guest/rt/tap.h"
#include "guest/tests/test_check.h"
#include "tests/harness.h"

#include <stdint.h>
#include <string.h>

static char out[4096];
static size_t used;

static void sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	if (used + n < sizeof(out)) {
		memcpy(out + used, s, n);
		used += n;
		out[used] = '\0';
	}
}

static void reset(void)
{
	used = 0;
	out[0] = '\0';
}

/* Not a literal, so the compiler's format check lets the NULL through. */
static const char *volatile null_str;

static void test_fmt(void)
{
	char b[64];

	pvabi_snfmt(b, sizeof(b), "%d %i %u %x %X", -42, 7, 4000000000u, 0xbeef, 0xbeef);
	CU_ASSERT_STRING_EQUAL(b, "-42 7 4000000000 beef BEEF");
	pvabi_snfmt(b, sizeof(b), "%lld %llu %llx", (long long)INT64_MIN, (unsigned long long)UINT64_MAX,
		    0x123456789abcdefull);
	CU_ASSERT_STRING_EQUAL(b, "-9223372036854775808 18446744073709551615 123456789abcdef");
	pvabi_snfmt(b, sizeof(b), "[%5d][%05d][%3s][%c][%%]", 42, -42, "ab", 'z');
	CU_ASSERT_STRING_EQUAL(b, "[   42][-0042][ ab][z][%]");
	pvabi_snfmt(b, sizeof(b), "%s|%zu|%lu", null_str, (size_t)9, 10ul);
	CU_ASSERT_STRING_EQUAL(b, "(null)|9|10");
	pvabi_snfmt(b, sizeof(b), "%08llx", 0xabcull);
	CU_ASSERT_STRING_EQUAL(b, "00000abc");
}

static void test_fmt_truncates(void)
{
	char b[8];

	CU_ASSERT_EQUAL(pvabi_snfmt(b, sizeof(b), "%s", "0123456789"), 10);
	CU_ASSERT_STRING_EQUAL(b, "0123456");
	CU_ASSERT_EQUAL(pvabi_snfmt(b, 0, "abc"), 3);
}

static void test_tap(void)
{
	struct pvabi_tap t;

	reset();
	pvabi_tap_begin(&t, sink, NULL);
	pvabi_tap_check(&t, 1, "op %s", "yield");
	pvabi_tap_check(&t, 0, "op %d # fake SKIP", 3);
	pvabi_tap_skip(&t, "feature tsc_stable not granted", "get_time_info");
	pvabi_tap_diag(&t, "two\nlines");
	CU_ASSERT_EQUAL(pvabi_tap_end(&t), PVABI_FAIL);
	CU_ASSERT_STRING_EQUAL(out, "TAP version 13\n"
				    "ok 1 - op yield\n"
				    "not ok 2 - op 3 \\# fake SKIP\n"
				    "ok 3 - get_time_info # SKIP feature tsc_stable not granted\n"
				    "# two lines\n"
				    "1..3\n"
				    "# FAIL: 1 passed, 1 failed, 1 skipped\n");
}

static void test_aggregation(void)
{
	struct pvabi_tap t;

	reset();
	pvabi_tap_begin(&t, sink, NULL);
	CU_ASSERT_EQUAL(pvabi_tap_end(&t), PVABI_PASS);
	reset();
	pvabi_tap_begin(&t, sink, NULL);
	pvabi_tap_skip(&t, "why", "only");
	CU_ASSERT_EQUAL(pvabi_tap_end(&t), PVABI_SKIP);
	reset();
	pvabi_tap_begin(&t, sink, NULL);
	pvabi_tap_check(&t, 1, "a");
	pvabi_tap_note_status(&t, PVABI_REFUSED);
	pvabi_tap_note_status(&t, PVABI_ERROR);
	pvabi_tap_note_status(&t, PVABI_SKIP); /* never lowers */
	CU_ASSERT_EQUAL(pvabi_tap_end(&t), PVABI_ERROR);
	CU_ASSERT_EQUAL(pvabi_status_worst(PVABI_CRASH, PVABI_FAIL), PVABI_CRASH);
	CU_ASSERT_EQUAL(pvabi_status_worst(PVABI_ERROR, PVABI_FAIL), PVABI_FAIL);
	CU_ASSERT_STRING_EQUAL(pvabi_status_name((enum pvabi_status)77), "?");
}

static void test_cmdline(void)
{
	const char *c = "  mode=ring count=12 seed= skipx=1 skip=a,b ram=64k";
	char b[8];

	CU_ASSERT_EQUAL(pvabi_cmdline_get(c, "mode", b, sizeof(b)), 0);
	CU_ASSERT_STRING_EQUAL(b, "ring");
	CU_ASSERT_EQUAL(pvabi_cmdline_get(c, "skip", b, sizeof(b)), 0);
	CU_ASSERT_STRING_EQUAL(b, "a,b"); /* "skipx" is another key */
	CU_ASSERT_EQUAL(pvabi_cmdline_get(c, "mod", b, sizeof(b)), -1);
	CU_ASSERT_EQUAL(pvabi_cmdline_get(NULL, "mode", b, sizeof(b)), -1);
	CU_ASSERT_EQUAL(pvabi_cmdline_get("only=abcdefghij", "only", b, sizeof(b)), 0);
	CU_ASSERT_STRING_EQUAL(b, "abcdefg"); /* cut to the buffer */
	CU_ASSERT_EQUAL(pvabi_cmdline_number(c, "count", 5), 12);
	CU_ASSERT_EQUAL(pvabi_cmdline_number(c, "seed", 5), 5);  /* empty */
	CU_ASSERT_EQUAL(pvabi_cmdline_number(c, "ram", 5), 5);   /* not all digits */
	CU_ASSERT_EQUAL(pvabi_cmdline_number(c, "tap", 5), 5);   /* absent */
	CU_ASSERT_EQUAL(pvabi_cmdline_number("n=0", "n", 5), 0);
	CU_ASSERT_EQUAL(pvabi_cmdline_number(c, "skipx", 5), 1);
}

/* The feature axis's request: require= and optional= masks. */
static void test_cmdline_mask(void)
{
	uint64_t m = 7;

	CU_ASSERT_EQUAL(pvabi_cmdline_mask("require=0x10 optional=0", "require", &m), 0);
	CU_ASSERT_EQUAL(m, 0x10);
	CU_ASSERT_EQUAL(pvabi_cmdline_mask("require=0x10 optional=0", "optional", &m), 0);
	CU_ASSERT_EQUAL(m, 0);
	CU_ASSERT_EQUAL(pvabi_cmdline_mask("optional=31", "optional", &m), 0);
	CU_ASSERT_EQUAL(m, 31);
	CU_ASSERT_EQUAL(pvabi_cmdline_mask("require=0xFFFFFFFFFFFFFFFF", "require", &m), 0);
	CU_ASSERT_EQUAL(m, ~0ull);
	m = 7;
	CU_ASSERT_EQUAL(pvabi_cmdline_mask("only=x", "require", &m), 1); /* absent */
	CU_ASSERT_EQUAL(pvabi_cmdline_mask("require=0x", "require", &m), -1);
	CU_ASSERT_EQUAL(pvabi_cmdline_mask("require=", "require", &m), -1);
	CU_ASSERT_EQUAL(pvabi_cmdline_mask("require=12a", "require", &m), -1);
	CU_ASSERT_EQUAL(pvabi_cmdline_mask("require=0x1ffffffffffffffff", "require", &m), -1);
	CU_ASSERT_EQUAL(m, 7); /* unchanged on error */
}

static void test_cmdline_lists(void)
{
	CU_ASSERT_TRUE(pvabi_cmdline_list_has("cpuid,read_msr", "cpuid"));
	CU_ASSERT_TRUE(pvabi_cmdline_list_has("cpuid,read_msr", "read_msr"));
	CU_ASSERT_FALSE(pvabi_cmdline_list_has("cpuid,read_msr", "read"));   /* a prefix */
	CU_ASSERT_FALSE(pvabi_cmdline_list_has("cpuid,read_msr", "cpuidx")); /* longer */
	CU_ASSERT_FALSE(pvabi_cmdline_list_has("", "cpuid"));
	CU_ASSERT_TRUE(pvabi_cmdline_list_has_number("3,17", 17));
	CU_ASSERT_TRUE(pvabi_cmdline_list_has_number("3 17", 3));
	CU_ASSERT_FALSE(pvabi_cmdline_list_has_number("3,17", 1));
	CU_ASSERT_FALSE(pvabi_cmdline_list_has_number("3,17", 0));
	CU_ASSERT_FALSE(pvabi_cmdline_list_has_number(",x,", 0)); /* no number at all */
	CU_ASSERT_TRUE(pvabi_cmdline_list_has_number("x0", 0));
}

static const struct pvabi_test_case cases[] = {
	{ "fmt", test_fmt },
	{ "fmt_truncates", test_fmt_truncates },
	{ "tap", test_tap },
	{ "aggregation", test_aggregation },
	{ "cmdline", test_cmdline },
	{ "cmdline_mask", test_cmdline_mask },
	{ "cmdline_lists", test_cmdline_lists },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "guest_runtime", cases, NULL, NULL },
	{ "guest_check", pvabi_check_cases, NULL, NULL },
	{ "guest_gap", pvabi_gap_cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
