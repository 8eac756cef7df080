/* Waivers against findings: which waiver covers which break (the rule,
 * the revision and the target, in either spelling; the first waiver when
 * several do), and at a size the old pairwise matching would not finish:
 * 200,000 waivers against 200,000 breaks were 2 * 10^10 comparisons. */
#include "abi/check.h"
#include "abi/finding.h"
#include "abi/tests/spec_tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct pvabi_rev revs[2] = { { "1.0", 1, 0, NULL, { "w.xml", 3 }, 0 },
				    { "1.1", 1, 1, NULL, { "w.xml", 4 }, 0 } };

static struct pvabi_spec spec_with(struct pvabi_waiver *w, size_t n)
{
	struct pvabi_spec s;

	memset(&s, 0, sizeof(s));
	s.file = "w.xml";
	s.revs = revs;
	s.nrevs = 2;
	s.waivers = w;
	s.nwaivers = n;
	return s;
}

static void brk(struct pvabi_findings *f, const char *rule, const char *rev, const char *target)
{
	static const struct pvabi_loc at = { "w.xml", 99 };

	finding_add(f, rule, PVABI_SEV_BREAKING, &at, rev, target, "a break of %s", target);
}

static void test_which_waiver(void)
{
	struct pvabi_waiver w[] = {
		{ "ARG_REMOVED", 1, "op:set.flags", "why", { "w.xml", 10 }, 0 },
		{ "ARG_REMOVED", 1, "op:set.arg:flags", "why", { "w.xml", 11 }, 0 },
		{ "ARG_REMOVED", 0, "op:get.flags", "why", { "w.xml", 12 }, 0 },
		{ "ARG_REMOVED", 1, "op:put.arg:mode", "why", { "w.xml", 13 }, 0 },
		{ "OP_REMOVED", 1, "op:gone", "why", { "w.xml", 14 }, 0 },
	};
	struct pvabi_spec s = spec_with(w, 5);
	struct pvabi_findings f = { 0 };

	brk(&f, "ARG_REMOVED", "1.1", "op:set.arg:flags"); /* both spellings: the first */
	brk(&f, "ARG_REMOVED", "1.1", "op:get.arg:flags"); /* waiver of 1.0 only */
	brk(&f, "ARG_REMOVED", "1.1", "op:put.field:mode"); /* another kind */
	brk(&f, "OP_REMOVED", "1.1", "op:gone");
	brk(&f, "OP_CHANGED", "1.1", "op:gone"); /* another rule */
	pvabi_check_waivers(&s, &f);
	CU_ASSERT_EQUAL_FATAL(f.n, 5 + 3); /* three waivers unused */
	CU_ASSERT_EQUAL(f.v[0].sev, PVABI_SEV_WAIVED);
	CU_ASSERT_EQUAL(f.v[0].waiver_line, 10);
	CU_ASSERT_EQUAL(f.v[1].sev, PVABI_SEV_BREAKING);
	CU_ASSERT_EQUAL(f.v[2].sev, PVABI_SEV_BREAKING);
	CU_ASSERT_EQUAL(f.v[3].sev, PVABI_SEV_WAIVED);
	CU_ASSERT_EQUAL(f.v[3].waiver_line, 14);
	CU_ASSERT_EQUAL(f.v[4].sev, PVABI_SEV_BREAKING);
	CU_ASSERT_STRING_EQUAL(f.v[5].rule, "WAIVER_UNUSED");
	CU_ASSERT_EQUAL(f.v[5].line, 11);
	CU_ASSERT_EQUAL(f.v[6].line, 12);
	CU_ASSERT_EQUAL(f.v[7].line, 13);
	pvabi_findings_free(&f);
}

#define MANY 200000

/* Every break waived by its own waiver (listed in reverse, so each is
 * found far from the start), one waiver left over. */
static void test_many(void)
{
	struct pvabi_waiver *w = calloc(MANY + 1, sizeof(*w));
	char (*names)[32] = malloc((MANY + 1) * sizeof(*names));
	struct pvabi_findings f = { 0 };
	struct pvabi_spec s;
	char t[48];
	size_t i, waived = 0, right = 0;

	CU_ASSERT_FATAL(w && names);
	for (i = 0; i <= MANY; i++) {
		snprintf(names[i], sizeof(names[i]), "op:op_%zu.a", MANY - i);
		w[i] = (struct pvabi_waiver){ "ARG_REMOVED", 1, names[i], "why",
					      { "w.xml", (int)(MANY - i) }, 0 };
	}
	s = spec_with(w, MANY + 1);
	for (i = 0; i < MANY; i++) {
		snprintf(t, sizeof(t), "op:op_%zu.arg:a", i);
		brk(&f, "ARG_REMOVED", "1.1", t);
	}
	pvabi_check_waivers(&s, &f);
	CU_ASSERT_EQUAL_FATAL(f.n, MANY + 1);
	for (i = 0; i < MANY; i++) {
		waived += f.v[i].sev == PVABI_SEV_WAIVED;
		right += f.v[i].waiver_line == (int)i;
	}
	CU_ASSERT_EQUAL(waived, MANY);
	CU_ASSERT_EQUAL(right, MANY);
	CU_ASSERT_STRING_EQUAL(f.v[MANY].rule, "WAIVER_UNUSED");
	CU_ASSERT_STRING_EQUAL(f.v[MANY].target, "op:op_200000.a");
	pvabi_findings_free(&f);
	free(w);
	free(names);
}

const struct pvabi_test_case waiver_cases[] = {
	{ "which_waiver", test_which_waiver },
	{ "many", test_many },
	{ NULL, NULL },
};
