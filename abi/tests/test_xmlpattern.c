/* The native pattern matchers (abi/xmlpattern_fast.c) accept exactly
 * what libxml2's compiled pattern accepts: every string of up to three
 * tokens of an alphabet covering each character class and its edges,
 * and strings at and past each length limit. */
#include "abi/xmlpattern_fast.h"
#include "tests/fixtures.h"
#include "abi/tests/spec_tests.h"

#include <libxml/xmlregexp.h>
#include <stdio.h>
#include <string.h>

static const char *const alphabet[] = {
	"a", "z", "_", "A", "Z", "G", "0", "9", ".", "-", "x", "f", " ", "\xc3\xa9",
};
#define NALPHA (sizeof(alphabet) / sizeof(alphabet[0]))

static size_t disagree(pvabi_xml_matcher m, xmlRegexpPtr re, const char *pattern,
		       const char *s)
{
	int want = xmlRegexpExec(re, (const xmlChar *)s) == 1;

	if (m((const unsigned char *)s) == want)
		return 0;
	FX_FAIL("pattern %s on \"%s\": native %d, libxml2 %d", pattern, s, !want, want);
	return 1;
}

/* A run of '1' or 'f' (0 to 69 long) inside one of the forms. */
static void edges(char *out, size_t n, size_t k)
{
	static const char *const form[][2] = {
		{ "a", "" }, { "A", "" }, { "Z", "" }, { "1", ".1" }, { "1.1", "" },
		{ "1.1.1", "" }, { "0x", "" }, { "-0x", "" }, { "", "" }, { "-", "" },
	};
	char run[80];

	memset(run, k % 2 ? '1' : 'f', sizeof(run));
	run[k / 2 % 70] = '\0';
	snprintf(out, n, "%s%s%s", form[k / 140 % 10][0], run, form[k / 140 % 10][1]);
}

static void test_same_language(void)
{
	char s[256];
	size_t p, i, j, k, bad = 0, tried = 0;
	const char *pattern;

	for (p = 0; (pattern = pvabi_xml_fast_pattern(p)); p++) {
		xmlRegexpPtr re = xmlRegexpCompile((const xmlChar *)pattern);
		pvabi_xml_matcher m = pvabi_xml_fast_matcher(pattern);

		CU_ASSERT_PTR_NOT_NULL_FATAL(re);
		CU_ASSERT_PTR_NOT_NULL_FATAL(m);
		bad += disagree(m, re, pattern, "");
		for (i = 0; i < NALPHA * NALPHA * NALPHA; i++)
			for (j = 1; j <= 3; j++) {
				size_t x = i;

				s[0] = '\0';
				for (k = 0; k < j; k++, x /= NALPHA)
					strcat(s, alphabet[x % NALPHA]);
				bad += disagree(m, re, pattern, s);
				tried++;
			}
		for (k = 0; k < 1400; k++) {
			edges(s, sizeof(s), k);
			bad += disagree(m, re, pattern, s);
		}
		/* names at 64 and 65 characters, in each case */
		memset(s, 'a', 65);
		s[64] = '\0';
		bad += disagree(m, re, pattern, s);
		s[0] = 'A';
		bad += disagree(m, re, pattern, s);
		s[64] = 'a';
		s[65] = '\0';
		bad += disagree(m, re, pattern, s);
		xmlRegFreeRegexp(re);
	}
	CU_ASSERT(p >= 5);
	CU_ASSERT(tried > 10000);
	CU_ASSERT_EQUAL(bad, 0);
	/* a pattern without a native matcher is left to libxml2 */
	CU_ASSERT_PTR_NULL(pvabi_xml_fast_matcher("[ -~]{1,12}"));
	CU_ASSERT_PTR_NULL(pvabi_xml_fast_matcher(NULL));
}

const struct pvabi_test_case xmlpattern_cases[] = {
	{ "same_language", test_same_language },
	{ NULL, NULL },
};
