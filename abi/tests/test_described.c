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

/* src with the first occurrence of from replaced by to, or NULL */
static char *edit_in(const char *src, const char *from, const char *to)
{
	const char *at = src ? strstr(src, from) : NULL;
	size_t n = at ? strlen(src) - strlen(from) + strlen(to) + 1 : 0;
	char *out = at ? malloc(n) : NULL;

	if (out)
		snprintf(out, n, "%.*s%s%s", (int)(at - src), src, to, at + strlen(from));
	return out;
}

static char *edit(const char *from, const char *to)
{
	return edit_in(base, from, to);
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

/* Their fingerprints of generation 2 with NEW_OP described (set up by
 * test_generations), and the <described> children naming them. */
static char fp2[NREV][PVABI_FINGERPRINT_LEN];
static const char *inner[NREV] = { "", "" };

/* The registry releasing both revisions with base's fingerprints, each
 * revision's children from inner. */
static struct pvabi_registry *registry(const char *described)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_registry *r;
	char xml[4096];

	snprintf(xml, sizeof(xml),
		 "<abi-versions abi=\"mini2\" format=\"1\"%s>"
		 "<support-window from=\"1.0.0\" to=\"1.1.0\"/>"
		 "<revision id=\"1.0.0\" status=\"released\" fingerprint=\"%s\">%s</revision>"
		 "<revision id=\"1.1.0\" status=\"released\" fingerprint=\"%s\">%s</revision>"
		 "</abi-versions>", described, fp[0], inner[0], fp[1], inner[1]);
	r = pvabi_registry_load_mem(xml, strlen(xml), "r.xml", &d);
	if (!r)
		pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	return r;
}

/* The findings of checking xml against the registry: count of rule,
 * total breaking; *line the last line rule was found at. */
static char last_msg[1024]; /* the message of the last finding of rule */

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
			snprintf(last_msg, sizeof(last_msg), "%s", f.v[i].msg);
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

#define GEN3_OP "<op name=\"later\" id=\"41\" since=\"1.1.0\" described=\"3\">\n" \
	"    <arg name=\"y\" type=\"u32\"/>\n  </op>\n</abi>"

/* The gen-2 fingerprints of base with NEW_OP, into fp2 and inner. */
static int gen2_setup(const char *xml)
{
	static char kids[NREV][256];
	struct pvabi_spec *s = spec_of(xml);
	int i, rc = s ? 0 : -1;

	for (i = 0; rc == 0 && i < NREV; i++) {
		rc = pvabi_fingerprint_gen(s, i, 2, fp2[i], sizeof(fp2[i]));
		snprintf(kids[i], sizeof(kids[i]),
			 "<described generation=\"2\" fingerprint=\"%s\"/>", fp2[i]);
		inner[i] = kids[i];
	}
	pvabi_spec_free(s);
	return rc;
}

/* A registry recording generation 2 holds its items: nothing to report,
 * and an edit of one of them is caught, naming the generation. */
static void test_generation_held(void)
{
	char *xml = edit("</abi>", NEW_OP), *bad;
	size_t brk;
	int line = 0;

	CU_ASSERT_EQUAL_FATAL(gen2_setup(xml), 0);
	CU_ASSERT_EQUAL(check(xml, "", "DESCRIPTION_EXTENDED", &brk, &line), 0);
	CU_ASSERT_EQUAL(brk, 0);
	/* the generation-1 fingerprints did not move: fp2 differs from fp */
	CU_ASSERT(strcmp(fp2[0], fp[0]) != 0);
	bad = edit("</abi>", "<op name=\"late\" id=\"40\" since=\"1.0.0\" described=\"2\">\n"
		   "    <arg name=\"x\" type=\"u16\"/>\n  </op>\n</abi>");
	CU_ASSERT_EQUAL(check(bad, "", "RELEASED_REVISION_MODIFIED", &brk, &line), 2);
	CU_ASSERT_EQUAL(brk, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(last_msg, "description generation 2"));
	/* before the generation was recorded, the same edit went unseen */
	inner[0] = inner[1] = "";
	CU_ASSERT_EQUAL(check(bad, "", "RELEASED_REVISION_MODIFIED", &brk, &line), 0);
	CU_ASSERT_EQUAL(brk, 0);
	free(bad);
	free(xml);
}

/* Describing a generation 3 after generation 2 was recorded stays
 * compatible; a generation-1 edit is reported once per revision, not
 * again for generation 2. */
static void test_generation_next(void)
{
	char *xml = edit("</abi>", NEW_OP), *more = NULL, *bad = NULL;
	size_t brk;
	int line = 0;

	CU_ASSERT_EQUAL_FATAL(gen2_setup(xml), 0);
	more = edit_in(xml, "</abi>", GEN3_OP);
	CU_ASSERT_PTR_NOT_NULL_FATAL(more);
	CU_ASSERT_EQUAL(check(more, "", "DESCRIPTION_EXTENDED", &brk, &line), 1);
	CU_ASSERT_EQUAL(brk, 0);
	CU_ASSERT_EQUAL(line, line_of(more, "<op name=\"later\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(last_msg, "after the generation 2"));
	bad = edit_in(xml, "<field name=\"submap\" type=\"u32\"/>", "<field name=\"submap\" type=\"u64\"/>");
	CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
	CU_ASSERT_EQUAL(check(bad, "", "RELEASED_REVISION_MODIFIED", &brk, &line), 2);
	CU_ASSERT_EQUAL(brk, 2);
	free(bad);
	free(more);
	free(xml);
	inner[0] = inner[1] = "";
}

/* A generation recorded for one revision and not the other leaves the
 * other's items of it unheld: FINGERPRINT_MISSING at that revision. */
static void test_generation_missing(void)
{
	char *xml = edit("</abi>", NEW_OP);
	size_t brk;
	int line = 0;

	CU_ASSERT_EQUAL_FATAL(gen2_setup(xml), 0);
	inner[0] = "";
	CU_ASSERT_EQUAL(check(xml, "", "FINGERPRINT_MISSING", &brk, &line), 1);
	CU_ASSERT_EQUAL(brk, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(last_msg, "revision 1.0.0 has no fingerprint of description generation 2"));
	inner[1] = "";
	free(xml);
}

/* Enum values, errors and features described later are named too, and
 * count in the spec's generation. */
static void test_extended_kinds(void)
{
	static const char *const adds[][3] = {
		{ "<value name=\"bound\" value=\"1\"/>",
		  "<value name=\"bound\" value=\"1\"/><value name=\"late\" value=\"2\" described=\"2\"/>",
		  "enum value late" },
		{ "<error name=\"EINVAL\" value=\"-22\" since=\"1.0.0\"/>",
		  "<error name=\"EINVAL\" value=\"-22\" since=\"1.0.0\"/>"
		  "<error name=\"ENOSPC\" value=\"-28\" since=\"1.0.0\" described=\"4\"/>",
		  "error ENOSPC" },
		{ "<typedef name=\"name16\"",
		  "<feature name=\"late_bit\" bit=\"5\" since=\"1.1.0\" described=\"2\"/>\n  <typedef name=\"name16\"",
		  "feature late_bit" },
	};
	size_t i, brk;
	int line = 0, gens[] = { 2, 4, 2 };

	for (i = 0; i < 3; i++) {
		char *xml = edit(adds[i][0], adds[i][1]);
		struct pvabi_spec *s = xml ? spec_of(xml) : NULL;

		CU_ASSERT_PTR_NOT_NULL(s);
		if (s)
			CU_ASSERT_EQUAL(pvabi_spec_generation(s), gens[i]);
		pvabi_spec_free(s);
		CU_ASSERT_EQUAL(check(xml, "", "DESCRIPTION_EXTENDED", &brk, &line), 1);
		CU_ASSERT_EQUAL(brk, 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(last_msg, adds[i][2]));
		free(xml);
	}
}

/* <described> children survive a write and a load. */
static void test_generation_round_trip(void)
{
	char *xml = edit("</abi>", NEW_OP), *text = NULL;
	struct pvabi_registry *r, *back = NULL;
	struct pvabi_diags d = { 0 };
	size_t len = 0;
	FILE *f;

	CU_ASSERT_EQUAL_FATAL(gen2_setup(xml), 0);
	r = registry("");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(pvabi_registry_generation(r), 2);
	CU_ASSERT_STRING_EQUAL(pvabi_registry_fingerprint(r, 1, 2), fp2[1]);
	CU_ASSERT_STRING_EQUAL(pvabi_registry_fingerprint(r, 1, 1), fp[1]);
	CU_ASSERT_PTR_NULL(pvabi_registry_fingerprint(r, 1, 3));
	CU_ASSERT_EQUAL(pvabi_registry_next_generation(r, 1), 2);
	CU_ASSERT_EQUAL(pvabi_registry_next_generation(r, 2), 0);
	f = open_memstream(&text, &len);
	CU_ASSERT_EQUAL(pvabi_registry_write(r, f), 0);
	fclose(f);
	back = pvabi_registry_load_mem(text, len, "back.xml", &d);
	CU_ASSERT_PTR_NOT_NULL(back);
	if (back) {
		CU_ASSERT_EQUAL(back->revs[0].ngens, 1);
		CU_ASSERT_EQUAL(back->revs[0].gens[0].generation, 2);
		CU_ASSERT_STRING_EQUAL(back->revs[0].gens[0].fingerprint, fp2[0]);
	}
	pvabi_diag_free(&d);
	pvabi_registry_free(back);
	pvabi_registry_free(r);
	free(text);
	free(xml);
	inner[0] = inner[1] = "";
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
	test_generation_held();
	test_generation_next();
	test_generation_missing();
	test_extended_kinds();
	test_generation_round_trip();
	free(base);
	base = NULL;
}

const struct pvabi_test_case described_cases[] = {
	{ "generations", test_all },
	{ NULL, NULL },
};
