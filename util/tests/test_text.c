/* UTF-8, JSON strings and XML text: what each writer makes of any
 * input, checked against the rules the headers state. */
#include "util/json.h"
#include "util/tests/util_tests.h"
#include "util/utf8.h"
#include "util/xml.h"

#include <stdlib.h>
#include <string.h>

/* What f's writer made of s[0..n), NUL-terminated in a static buffer. */
static const char *out_of(void (*w)(FILE *, const char *, size_t, unsigned int),
			  const char *s, size_t n, unsigned int flags)
{
	static char buf[8192];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	if (!f)
		return "";
	w(f, s, n, flags);
	fclose(f);
	return buf;
}

static void json_w(FILE *f, const char *s, size_t n, unsigned int flags)
{
	(void)flags;
	pvabi_json_strn(f, s, n);
}

static void json_null(FILE *f, const char *s, size_t n, unsigned int flags)
{
	(void)s, (void)n, (void)flags;
	pvabi_json_str(f, NULL);
}

static const char *json(const char *s, size_t n)
{
	return out_of(json_w, s, n, 0);
}

static const char *xml(const char *s, unsigned int flags)
{
	return out_of(pvabi_xml_write, s, strlen(s), flags);
}

static int hex4(const char *s)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return 0;
	return 1;
}

/* 1 when lit is exactly one JSON string (RFC 8259) in valid UTF-8. */
static int json_string_valid(const char *lit)
{
	size_t n = strlen(lit), i = 1, l;

	if (n < 2 || lit[0] != '"' || lit[n - 1] != '"')
		return 0;
	while (i < n - 1) {
		unsigned char c = (unsigned char)lit[i];

		if (c < 0x20 || c == '"')
			return 0;
		if (c == '\\') {
			if (i + 1 >= n - 1)
				return 0;
			if (lit[i + 1] == 'u') {
				if (i + 6 > n - 1 || !hex4(lit + i + 2))
					return 0;
				i += 6;
			} else if (strchr("\"\\/bfnrt", lit[i + 1])) {
				i += 2;
			} else {
				return 0;
			}
			continue;
		}
		if (!(l = pvabi_utf8_len(lit + i, n - 1 - i)))
			return 0;
		i += l;
	}
	return 1;
}

static void test_utf8(void)
{
	char out[16];

	CU_ASSERT_EQUAL(pvabi_utf8_len("\xf0\x9f\x98\x80", 4), 4);
	CU_ASSERT_EQUAL(pvabi_utf8_len("\xf0\x9f\x98", 3), 0);
	CU_ASSERT_EQUAL(pvabi_utf8_len("\xc0\x80", 2), 0); /* overlong NUL */
	CU_ASSERT_EQUAL(pvabi_utf8_len("\xed\xa0\x80", 3), 0); /* a surrogate */
	CU_ASSERT_EQUAL(pvabi_utf8_len("\xf4\x90\x80\x80", 4), 0); /* past U+10FFFF */
	CU_ASSERT_EQUAL(pvabi_utf8_decode("\xe2\x82\xac", 3), 0x20ac);
	CU_ASSERT_EQUAL(pvabi_utf8_decode("\xf0\x9f\x98\x80", 4), 0x1f600);
	CU_ASSERT_EQUAL(pvabi_text_clean(out, sizeof(out), "a\0b\001c\x7f", 6), 6);
	CU_ASSERT_STRING_EQUAL(out, "a b c ");
	pvabi_text_clean(out, sizeof(out), "\xc3\xa9\xed\xa0\x80", 5);
	CU_ASSERT_STRING_EQUAL(out, "\xc3\xa9???");
	CU_ASSERT_EQUAL(pvabi_text_clean(out, 3, "a\xc3\xa9", 3), 1); /* no split character */
	CU_ASSERT_EQUAL(pvabi_text_clean(out, 1, "abc", 3), 0);
}

static void test_json_keeps_utf8(void)
{
	/* A name with multi-byte characters comes out as it went in. */
	CU_ASSERT_STRING_EQUAL(json("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14),
			       "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	CU_ASSERT_STRING_EQUAL(json("\xe2\x80\xa8", 3), "\"\\u2028\"");
}

static void test_json_escapes(void)
{
	CU_ASSERT_STRING_EQUAL(json("a\"b\\c/", 6), "\"a\\\"b\\\\c/\"");
	CU_ASSERT_STRING_EQUAL(json("\n\r\t\b\f", 5), "\"\\n\\r\\t\\b\\f\"");
	CU_ASSERT_STRING_EQUAL(json("\x01\x1f\x7f", 3), "\"\\u0001\\u001f\\u007f\"");
	CU_ASSERT_STRING_EQUAL(json("a\0b", 3), "\"a\\u0000b\"");
	CU_ASSERT_STRING_EQUAL(out_of(json_null, NULL, 0, 0), "\"\""); /* NULL is "" */
}

static void test_json_invalid_utf8(void)
{
	CU_ASSERT_STRING_EQUAL(json("\xff", 1), "\"\\ufffd\"");
	CU_ASSERT_STRING_EQUAL(json("x\xc3", 2), "\"x\\ufffd\"");          /* cut short */
	CU_ASSERT_STRING_EQUAL(json("\xc0\x80", 2), "\"\\ufffd\\ufffd\""); /* overlong */
	CU_ASSERT_STRING_EQUAL(json("\xed\xa0\x80", 3), "\"\\ufffd\\ufffd\\ufffd\"");
}

/* Every byte alone and pseudo-random byte strings: always valid JSON. */
static void test_json_any_input(void)
{
	char s[64];
	unsigned int seed = 12345, c, i, k;
	int bad = 0;

	for (c = 0; c < 256; c++) {
		s[0] = (char)c;
		bad += !json_string_valid(json(s, 1));
	}
	for (k = 0; k < 20000; k++) {
		for (i = 0; i < sizeof(s); i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = (char)(seed >> 16);
		}
		bad += !json_string_valid(json(s, (seed >> 8) % sizeof(s)));
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_xml(void)
{
	CU_ASSERT_STRING_EQUAL(xml("<a href=\"x\">&'</a>", 0),
			       "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
	CU_ASSERT_STRING_EQUAL(xml("a\nb\tc\x01\x7f", 0), "a b c  ");
	CU_ASSERT_STRING_EQUAL(xml("a\nb\tc\x01", PVABI_XML_KEEP_NL), "a\nb\tc ");
	CU_ASSERT_STRING_EQUAL(xml("\xc3\xa9\xff\xc3", 0), "\xc3\xa9??");
	CU_ASSERT_STRING_EQUAL(xml("]]>", 0), "]]&gt;");
}

const struct pvabi_test_case util_text_cases[] = {
	{ "utf8", test_utf8 },
	{ "json_keeps_utf8", test_json_keeps_utf8 },
	{ "json_escapes", test_json_escapes },
	{ "json_invalid_utf8", test_json_invalid_utf8 },
	{ "json_any_input", test_json_any_input },
	{ "xml", test_xml },
	{ NULL, NULL },
};
