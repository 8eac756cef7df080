/* Description generations (described=): describing more of an external
 * ABI keeps the released fingerprints and is reported as compatible;
 * an edit of what was described, or an item moved to a later generation
 * to hide it, still changes a fingerprint. */
#include "abi/canon.h"
#include "abi/check.h"
#include "abi/load.h"
#include "abi/registry.h"
#include "tests/fixtures.h"
#include "abi/tests/spec_tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NREV 2

static char *base;  /* fixtures/gen/mini2.xml */
static char fp[NREV][PVABI_FINGERPRINT_LEN]; /* its fingerprints, generation 1 */

static struct pvabi_spec *spec_of(const char *xml)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = pvabi_spec_load_mem(xml, strlen(xml), "s.xml", &d);

	if (!s)
		pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	return s;
}

/* base with the first occurrence of from replaced by to, or NULL */
static char *edit(const char *from, const char *to)
{
	const char *at = strstr(base, from);
	size_t n = strlen(base) - strlen(from) + strlen(to) + 1;
	char *out = at ? malloc(n) : NULL;

	if (out)
		snprintf(out, n, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
	return out;
}

static int setup(void)
{
	struct pvabi_spec *s;
	char path[512];
	size_t len, i;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/fixtures/gen/mini2.xml", pvabi_test_srcdir());
	base = fx_read(path, &len);
	s = base ? spec_of(base) : NULL;
	if (!s || s->nrevs != NREV)
		rc = -1;
	for (i = 0; rc == 0 && i < NREV; i++)
		rc = pvabi_fingerprint_gen(s, (int)i, 1, fp[i], sizeof(fp[i]));
	pvabi_spec_free(s);
	return rc;
}

/* The registry releasing both revisions with base's fingerprints. */
static struct pvabi_registry *registry(const char *described)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_registry *r;
	char xml[2048];

	snprintf(xml, sizeof(xml),
		 "<abi-versions abi=\"mini2\" format=\"1\"%s>"
		 "<support-window from=\"1.0.0\" to=\"1.1.0\"/>"
		 "<revision id=\"1.0.0\" status=\"released\" fingerprint=\"%s\"/>"
		 "<revision id=\"1.1.0\" status=\"released\" fingerprint=\"%s\"/>"
		 "</abi-versions>", described, fp[0], fp[1]);
	r = pvabi_registry_load_mem(xml, strlen(xml), "r.xml", &d);
	if (!r)
		pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	return r;
}

/* The findings of checking xml against the registry: count of rule,
 * total breaking; *line the last line rule was found at. */
static size_t check(const char *xml, const char *described, const char *rule,
		    size_t *breaking, int *line)
{
	struct pvabi_spec *s = xml ? spec_of(xml) : NULL;
	struct pvabi_registry *r = registry(described);
	struct pvabi_findings f = { 0 };
	size_t i, n = 0;

	*breaking = 99;
	if (!s || !r)
		goto out;
	pvabi_check_registry(s, r, &f);
	for (i = 0; i < f.n; i++)
		if (!strcmp(f.v[i].rule, rule)) {
			n++;
			*line = f.v[i].line;
		}
	*breaking = pvabi_findings_count(&f, PVABI_SEV_BREAKING);
out:
	pvabi_findings_free(&f);
	pvabi_registry_free(r);
	pvabi_spec_free(s);
	return n;
}

/* The line of needle in xml (1 for the first). */
static int line_of(const char *xml, const char *needle)
{
	const char *at = strstr(xml, needle), *p;
	int line = 1;

	for (p = xml; at && p < at; p++)
		line += *p == '\n';
	return at ? line : -1;
}

#define NEW_OP "<op name=\"late\" id=\"40\" since=\"1.0.0\" described=\"2\">\n" \
	"    <arg name=\"x\" type=\"u32\"/>\n  </op>\n</abi>"

static void test_unchanged(void)
{
	size_t brk;
	int line = 0;

	CU_ASSERT_EQUAL(check(base, "", "RELEASED_REVISION_MODIFIED", &brk, &line), 0);
	CU_ASSERT_EQUAL(brk, 0);
}

/* A described="2" op: same fingerprints, one compatible finding at the op. */
static void test_extended(void)
{
	char *xml = edit("</abi>", NEW_OP);
	size_t brk;
	int line = 0;

	CU_ASSERT_EQUAL(check(xml, "", "DESCRIPTION_EXTENDED", &brk, &line), 1);
	CU_ASSERT_EQUAL(brk, 0);
	CU_ASSERT_EQUAL(line, line_of(xml, NEW_OP));
	/* without the generation, the same op is a change of the release */
	free(xml);
	xml = edit("</abi>", "<op name=\"late\" id=\"40\" since=\"1.0.0\">\n"
		   "    <arg name=\"x\" type=\"u32\"/>\n  </op>\n</abi>");
	CU_ASSERT_EQUAL(check(xml, "", "RELEASED_REVISION_MODIFIED", &brk, &line), 2);
	free(xml);
}

/* A registry that covers generation 2 covers the op: its fingerprints,
 * recorded for generation 1, no longer match. */
static void test_registry_generation(void)
{
	char *xml = edit("</abi>", NEW_OP);
	size_t brk;
	int line = 0;

	CU_ASSERT_EQUAL(check(xml, " described=\"2\"", "RELEASED_REVISION_MODIFIED", &brk,
			      &line), 2);
	CU_ASSERT_EQUAL(check(xml, " described=\"2\"", "DESCRIPTION_EXTENDED", &brk, &line), 0);
	free(xml);
}

/* An edit of an item of generation 1 trips the fingerprint. */
static void test_edit_described(void)
{
	char *xml = edit("<field name=\"submap\" type=\"u32\"/>",
			 "<field name=\"submap\" type=\"u64\"/>");
	size_t brk;
	int line = 0;

	CU_ASSERT_EQUAL(check(xml, "", "RELEASED_REVISION_MODIFIED", &brk, &line), 2);
	CU_ASSERT_EQUAL(brk, 2);
	free(xml);
}

/* Moving a registered item to generation 2 (to hide an edit of it) takes
 * it out of the fingerprint, which then changes. */
static void test_hide_edit(void)
{
	char *xml = edit("<command name=\"status\" value=\"5\"",
			 "<command name=\"status\" value=\"5\" described=\"2\"");
	size_t brk;
	int line = 0;

	CU_ASSERT_EQUAL(check(xml, "", "RELEASED_REVISION_MODIFIED", &brk, &line), 2);
	CU_ASSERT_EQUAL(check(xml, "", "DESCRIPTION_EXTENDED", &brk, &line), 1);
	CU_ASSERT_EQUAL(brk, 2);
	free(xml);
	xml = edit("<struct name=\"info\" since=\"1.0.0\">",
		   "<struct name=\"info\" since=\"1.0.0\" described=\"2\">");
	CU_ASSERT_EQUAL(check(xml, "", "RELEASED_REVISION_MODIFIED", &brk, &line), 2);
	free(xml);
}

/* A generation too large for the loader is refused, never wrapped. */
static void test_refused(void)
{
	struct pvabi_diags d = { 0 };
	char *xml = edit("</abi>", "<op name=\"late\" id=\"40\" since=\"1.0.0\" described=\"99999999\">"
			 "<arg name=\"x\" type=\"u32\"/></op></abi>");
	struct pvabi_spec *s = xml ? pvabi_spec_load_mem(xml, strlen(xml), "s.xml", &d) : NULL;

	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT(d.n > 0 && !strcmp(d.v[0].rule, "BAD_NUMBER"));
	pvabi_spec_free(s);
	pvabi_diag_free(&d);
	free(xml);
}

static void test_all(void)
{
	if (setup()) {
		CU_FAIL("cannot load fixtures/gen/mini2.xml");
		free(base);
		return;
	}
	test_unchanged();
	test_extended();
	test_registry_generation();
	test_edit_described();
	test_hide_edit();
	test_refused();
	free(base);
	base = NULL;
}

const struct pvabi_test_case described_cases[] = {
	{ "generations", test_all },
	{ NULL, NULL },
};
