/* Structs nesting structs, at depths and in shapes a walk along paths
 * never finishes: a diamond of 40 levels (each struct holds two fields of
 * each struct of the level below) has 2^40 paths to its deepest struct.
 * The cycle check and the layouts must each visit a struct once; before,
 * both followed paths, and loading this spec did not end. Deep chains
 * are no cycles, and their layouts are exact at any depth. */
#include "abi/load.h"
#include "abi/model.h"
#include "abi/tests/spec_tests.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEAD                                                                              \
	"<?xml version=\"1.0\"?>\n<abi name=\"nest\" format=\"1\" default-convention=\"frame\">\n" \
	"<revisions><revision id=\"1.0\"/></revisions>\n"                                   \
	"<conventions><convention name=\"frame\" kind=\"call-frame\" port=\"0x2f8\"/></conventions>\n" \
	"<errors><error name=\"EINVAL\" value=\"-22\" since=\"1.0\"/></errors>\n"

/* Level 0 is two structs of one u8; level k > 0 has structs a and b,
 * each with a field of level k - 1's a and one of its b: 2^k bytes, and
 * 2^k paths down to level 0. */
static char *diamond(int levels, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	int k;

	fputs(HEAD, f);
	fputs("<struct name=\"l0a\" since=\"1.0\"><field name=\"x\" type=\"u8\"/></struct>\n"
	      "<struct name=\"l0b\" since=\"1.0\"><field name=\"x\" type=\"u8\"/></struct>\n", f);
	for (k = 1; k <= levels; k++) {
		fprintf(f, "<struct name=\"l%da\" since=\"1.0\"><field name=\"p\" type=\"l%da\"/>"
			   "<field name=\"q\" type=\"l%db\"/></struct>\n", k, k - 1, k - 1);
		fprintf(f, "<struct name=\"l%db\" since=\"1.0\"><field name=\"p\" type=\"l%db\"/>"
			   "<field name=\"q\" type=\"l%da\"/></struct>\n", k, k - 1, k - 1);
	}
	fputs("</abi>\n", f);
	fclose(f);
	return buf;
}

/* levels structs, each holding the one before it once, innermost a u64. */
static char *chain(int levels, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	int k;

	fputs(HEAD, f);
	fputs("<struct name=\"c0\" since=\"1.0\"><field name=\"x\" type=\"u64\"/></struct>\n", f);
	for (k = 1; k < levels; k++)
		fprintf(f, "<struct name=\"c%d\" since=\"1.0\"><field name=\"t\" type=\"u8\"/>"
			   "<field name=\"in\" type=\"c%d\"/></struct>\n", k, k - 1);
	fputs("</abi>\n", f);
	fclose(f);
	return buf;
}

static struct pvabi_spec *load(char *(*make)(int, size_t *), int levels,
			       struct pvabi_diags *d)
{
	size_t len = 0;
	char *text = make(levels, &len);
	struct pvabi_spec *s = pvabi_spec_load_mem(text, len, "nest.xml", d);

	free(text);
	return s;
}

static size_t count_rule(const struct pvabi_diags *d, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		n += !strcmp(d->v[i].rule, rule);
	return n;
}

/* 40 levels: no cycle, and every struct above 4 GiB named, once. */
static void test_diamond_40(void)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = load(diamond, 40, &d);

	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_EQUAL(count_rule(&d, "STRUCT_CYCLE"), 0);
	/* 2^k bytes: levels 32..40, a and b */
	CU_ASSERT_EQUAL(count_rule(&d, "STRUCT_TOO_LARGE"), 18);
	CU_ASSERT_EQUAL(d.n, 18);
	pvabi_spec_free(s);
	pvabi_diag_free(&d);
}

/* 31 levels fit: the loader accepts the spec and every layout is exact. */
static void test_diamond_layout(void)
{
	struct pvabi_diags d = { 0 };
	size_t al;
	long off[2];
	struct pvabi_spec *s = load(diamond, 31, &d);
	char name[16];
	int k, i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(d.n, 0);
	for (k = 0; k <= 31; k++) {
		snprintf(name, sizeof(name), "l%db", k);
		i = pvabi_spec_struct(s, name);
		CU_ASSERT_FATAL(i >= 0);
		CU_ASSERT_EQUAL(pvabi_struct_layout(s, i, 0, off, &al), (size_t)1 << k);
		CU_ASSERT_EQUAL(al, 1);
		if (k)
			CU_ASSERT_EQUAL(off[1], (long)1 << (k - 1));
	}
	pvabi_spec_free(s);
	pvabi_diag_free(&d);
}

/* A chain 200 deep is no cycle (the old check gave up at depth 32 and
 * called it one), and its layout counts every level (the old one stopped
 * at 16). */
static void test_deep_chain(void)
{
	struct pvabi_diags d = { 0 };
	size_t al;
	struct pvabi_spec *s = load(chain, 200, &d);
	long off[2];
	int top;

	CU_ASSERT_EQUAL(d.n, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	top = pvabi_spec_struct(s, "c199");
	CU_ASSERT_FATAL(top >= 0);
	/* each level: a u8, padding to 8, the level below */
	CU_ASSERT_EQUAL(pvabi_struct_layout(s, top, 0, off, &al), 8u * 200 - 8 + 8);
	CU_ASSERT_EQUAL(al, 8);
	CU_ASSERT_EQUAL(off[1], 8);
	pvabi_spec_free(s);
	pvabi_diag_free(&d);
}

/* One report per cycle, at its last struct in the file; a struct that
 * only holds a cycle's struct is not on it. */
static void test_cycles_reported_once(void)
{
	static const char xml[] = HEAD
		"<struct name=\"a\" since=\"1.0\"><field name=\"n\" type=\"b\"/></struct>\n"
		"<struct name=\"b\" since=\"1.0\"><field name=\"n\" type=\"c\"/>"
		"<field name=\"m\" type=\"a\"/></struct>\n"
		"<struct name=\"c\" since=\"1.0\"><field name=\"n\" type=\"a\"/></struct>\n"
		"<struct name=\"holder\" since=\"1.0\"><field name=\"n\" type=\"a\"/></struct>\n"
		"<struct name=\"self\" since=\"1.0\"><field name=\"n\" type=\"self\"/></struct>\n"
		"</abi>\n";
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = pvabi_spec_load_mem(xml, sizeof(xml) - 1, "nest.xml", &d);

	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_EQUAL_FATAL(count_rule(&d, "STRUCT_CYCLE"), 2);
	CU_ASSERT_EQUAL(d.v[0].line, 8);
	CU_ASSERT_PTR_NOT_NULL(strstr(d.v[0].msg, "struct c contains itself"));
	CU_ASSERT_EQUAL(d.v[1].line, 10);
	CU_ASSERT_PTR_NOT_NULL(strstr(d.v[1].msg, "struct self contains itself"));
	pvabi_spec_free(s);
	pvabi_diag_free(&d);
}

const struct pvabi_test_case nesting_cases[] = {
	{ "diamond_40_levels", test_diamond_40 },
	{ "diamond_layout", test_diamond_layout },
	{ "deep_chain", test_deep_chain },
	{ "cycles_reported_once", test_cycles_reported_once },
	{ NULL, NULL },
};
