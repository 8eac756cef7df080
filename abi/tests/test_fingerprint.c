/* Fingerprints: a revision's fingerprint depends on its ABI and on
 * nothing else: not on element order, docs or conformance vectors; and
 * any ABI change (a type, a layout, a convention) changes it, only in the
 * revisions the change is visible in. */
#include "abi/canon.h"
#include "abi/canon_internal.h"
#include "abi/load.h"
#include "tests/fixtures.h"
#include "abi/tests/spec_tests.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct pvabi_spec *load_rel(const char *rel)
{
	struct pvabi_diags d = { 0 };
	char path[4096];
	struct pvabi_spec *s;

	snprintf(path, sizeof(path), "%s/fixtures/spec-changes/%s", pvabi_test_srcdir(), rel);
	s = pvabi_spec_load(path, &d);
	if (!s) {
		printf("\n  %s does not load:\n", rel);
		pvabi_diag_print(&d, stdout);
	}
	pvabi_diag_free(&d);
	return s;
}

static struct pvabi_spec *load_edited(const char *rel, const char *from, const char *to)
{
	struct pvabi_diags d = { 0 };
	char path[4096], *text, *at, *buf;
	struct pvabi_spec *s = NULL;
	size_t len;

	snprintf(path, sizeof(path), "%s/fixtures/spec-changes/%s", pvabi_test_srcdir(), rel);
	text = fx_read(path, &len);
	if (!text || !(at = strstr(text, from))) {
		free(text);
		return NULL;
	}
	buf = malloc(len + strlen(to) + 1);
	if (buf) {
		sprintf(buf, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
		s = pvabi_spec_load_mem(buf, strlen(buf), "edited.xml", &d);
		if (!s)
			pvabi_diag_print(&d, stdout);
	}
	pvabi_diag_free(&d);
	free(buf);
	free(text);
	return s;
}

/* Bit i of the result: revision i's fingerprint differs between a and b. */
static unsigned int differing(const struct pvabi_spec *a, const struct pvabi_spec *b)
{
	char fa[PVABI_FINGERPRINT_LEN], fb[PVABI_FINGERPRINT_LEN];
	unsigned int mask = 0;
	size_t r;

	CU_ASSERT_EQUAL_FATAL(a->nrevs, b->nrevs);
	for (r = 0; r < a->nrevs; r++) {
		CU_ASSERT_EQUAL_FATAL(pvabi_fingerprint(a, (int)r, fa, sizeof(fa)), 0);
		CU_ASSERT_EQUAL_FATAL(pvabi_fingerprint(b, (int)r, fb, sizeof(fb)), 0);
		if (strcmp(fa, fb))
			mask |= 1u << r;
	}
	return mask;
}

static void expect_diff(const char *rel, unsigned int want)
{
	struct pvabi_spec *base = load_rel("base.xml"), *other = load_rel(rel);
	unsigned int got;

	CU_ASSERT_PTR_NOT_NULL_FATAL(base);
	if (!other) {
		FX_FAIL("%s does not load", rel);
		pvabi_spec_free(base);
		return;
	}
	got = differing(base, other);
	if (got != want)
		FX_FAIL("%s: fingerprints differ from base.xml in revisions mask 0x%x, want 0x%x",
			rel, got, want);
	pvabi_spec_free(other);
	pvabi_spec_free(base);
}

static void test_format(void)
{
	struct pvabi_spec *s = load_rel("base.xml");
	char fp[PVABI_FINGERPRINT_LEN], again[PVABI_FINGERPRINT_LEN], small[40];
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(pvabi_fingerprint(s, 0, fp, sizeof(fp)), 0);
	CU_ASSERT_EQUAL(strlen(fp), 71);
	CU_ASSERT(!strncmp(fp, "sha256:", 7));
	for (i = 7; i < strlen(fp); i++)
		CU_ASSERT(isxdigit((unsigned char)fp[i]) && !isupper((unsigned char)fp[i]));
	CU_ASSERT_EQUAL(pvabi_fingerprint(s, 0, again, sizeof(again)), 0);
	CU_ASSERT_STRING_EQUAL(fp, again);
	CU_ASSERT_EQUAL(pvabi_fingerprint(s, 0, small, sizeof(small)), -1);
	/* every revision has its own */
	CU_ASSERT_EQUAL(pvabi_fingerprint(s, 1, again, sizeof(again)), 0);
	CU_ASSERT_STRING_NOT_EQUAL(fp, again);
	pvabi_spec_free(s);
}

/* Elements reordered, docs and vectors edited, a number respelled: the
 * same canonical lines, the same fingerprints. */
static void test_order_docs_vectors_do_not_count(void)
{
	struct pvabi_spec *a = load_rel("base.xml"), *b = load_rel("reordered/new.xml");
	struct pvabi_canon ca, cb;
	size_t r, i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(differing(a, b), 0);
	for (r = 0; r < a->nrevs; r++) {
		CU_ASSERT_EQUAL_FATAL(pvabi_canon_build(a, (int)r, &ca), 0);
		CU_ASSERT_EQUAL_FATAL(pvabi_canon_build(b, (int)r, &cb), 0);
		CU_ASSERT_EQUAL(ca.n, cb.n);
		for (i = 0; i < ca.n && i < cb.n; i++)
			CU_ASSERT_STRING_EQUAL(ca.lines[i], cb.lines[i]);
		for (i = 1; i < ca.n; i++)
			CU_ASSERT(strcmp(ca.lines[i - 1], ca.lines[i]) <= 0);
		pvabi_canon_free(&ca);
		pvabi_canon_free(&cb);
	}
	pvabi_spec_free(a);
	pvabi_spec_free(b);
	/* docs only; docs and a conformance vector on the frozen op */
	expect_diff("RELEASED_REVISION_MODIFIED/ok/spec.xml", 0);
	expect_diff("FROZEN_OP_CHANGED/ok/spec.xml", 0);
	/* the same numbers in another spelling */
	expect_diff("ENUM_VALUE_CHANGED/ok/new.xml", 0);
	expect_diff("ERROR_VALUE_CHANGED/ok/new.xml", 0);
}

/* Real ABI changes, each visible only where it applies. */
static void test_abi_changes_count(void)
{
	struct pvabi_spec *a, *b;

	expect_diff("ARG_TYPE_CHANGED/new.xml", 0x7);
	expect_diff("STRUCT_FIELD_RESIZED/new.xml", 0x4);   /* extra is 1.2 only */
	expect_diff("STRUCT_FIELD_MOVED/new.xml", 0x7);
	expect_diff("ENUM_VALUE_CHANGED/new.xml", 0x6);     /* crash is 1.1+ */
	expect_diff("FEATURE_BIT_MOVED/new.xml", 0x6);
	expect_diff("OP_FEATURE_CHANGED/new.xml", 0x6);
	expect_diff("ERROR_VALUE_CHANGED/new.xml", 0x7);
	expect_diff("RET_TYPE_CHANGED/new.xml", 0x7);
	expect_diff("ADDED_TO_RELEASED/new.xml", 0x4);
	expect_diff("OP_DEPRECATED/spec.xml", 0x4);         /* deprecation is ABI */
	/* the calling convention is part of every revision that uses it */
	a = load_rel("base.xml");
	b = load_edited("base.xml", "port=\"0x2f8\"", "port=\"0x2f9\"");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(differing(a, b), 0x7);
	pvabi_spec_free(b);
	/* ... and so is the ABI's name */
	b = load_edited("base.xml", "<abi name=\"mini\"", "<abi name=\"mino\"");
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(differing(a, b), 0x7);
	pvabi_spec_free(b);
	pvabi_spec_free(a);
}

/* The lines' keys only speed the sort up: keys that disagree with the
 * text (equal, reversed, or ordering "10" after "9") still give the
 * bytewise order, which is what fingerprints hash. */
static void test_sort_keys_checked(void)
{
	static const char *const text[] = { "op 9 b", "arg x 10 a", "op 10 a", "abi t",
					     "arg x 2 b", "enum-value e a 1", "enum e u8" };
	static const char *const sorted[] = { "abi t", "arg x 10 a", "arg x 2 b", "enum e u8",
					       "enum-value e a 1", "op 10 a", "op 9 b" };
	char *lines[7];
	uint64_t keys[7];
	size_t i, n = 7, pass;

	for (pass = 0; pass < 3; pass++) {
		for (i = 0; i < n; i++) {
			lines[i] = (char *)text[i];
			keys[i] = pass == 0 ? 5 : pass == 1 ? n - i : CANON_KEY(K_OP, i, 0);
		}
		CU_ASSERT_EQUAL_FATAL(canon_sort(lines, keys, n), 0);
		for (i = 0; i < n; i++)
			CU_ASSERT_STRING_EQUAL(lines[i], sorted[i]);
	}
}

const struct pvabi_test_case fingerprint_cases[] = {
	{ "sort_keys_checked", test_sort_keys_checked },
	{ "format", test_format },
	{ "order_docs_vectors_do_not_count", test_order_docs_vectors_do_not_count },
	{ "abi_changes_count", test_abi_changes_count },
	{ NULL, NULL },
};
