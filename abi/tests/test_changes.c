/* The spec-change cases of fixtures/spec-changes, one CUnit test each,
 * run through the loader and checker in-process:
 *
 *   CASE/old.xml + CASE/new.xml   what `pvabi diff old new` reports
 *   CASE/spec.xml [+ registry.xml] what `pvabi check` reports; without a
 *                                 registry.xml of its own a case uses
 *                                 fixtures/spec-changes/registry.xml
 *
 * CASE/expect lists "RULE [FILE:]LINE [SEVERITY]". The breaking, waived
 * and warning findings must be exactly those listed (as a multiset of
 * rule, file, line, severity); compatible ones listed must be among the
 * findings (others may be there too). The exit status `pvabi` would give
 * (1 with a breaking finding, else 0) must follow. */
#include "abi/check.h"
#include "abi/coverage.h"
#include "abi/load.h"
#include "tests/fixtures.h"
#include "abi/tests/spec_tests.h"


#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHANGES "fixtures/spec-changes"

static const char *base_name(const char *p)
{
	const char *s = p ? strrchr(p, '/') : NULL;

	return s ? s + 1 : p ? p : "-";
}

static int sev_of(const char *name)
{
	enum pvabi_severity s;

	for (s = PVABI_SEV_BREAKING; s <= PVABI_SEV_COMPAT; s++)
		if (!strcmp(pvabi_severity_name(s), name))
			return (int)s;
	return -1;
}

static struct pvabi_spec *load(const char *path)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = pvabi_spec_load(path, &d);

	if (!s) {
		printf("\n  case %s: %s does not load:\n", fx_current_test(), path);
		pvabi_diag_print(&d, stdout);
	}
	pvabi_diag_free(&d);
	return s;
}

static void show(const char *what, const struct fx_expect *e, size_t n,
		 const char *only_unmatched)
{
	size_t i;

	printf("    %s:\n", what);
	for (i = 0; i < n; i++)
		if (!only_unmatched || only_unmatched[i])
			printf("      %s %s:%d %s\n", e[i].rule, e[i].file, e[i].line, e[i].sev);
}

static int same_entry(const struct fx_expect *e, const struct pvabi_finding *x)
{
	return !strcmp(e->rule, x->rule) && !strcmp(e->file, base_name(x->file)) &&
	       e->line == x->line && sev_of(e->sev) == (int)x->sev;
}

/* Compares the findings with the expectations; prints both sides and
 * fails the case when they differ. */
static void compare(const char *name, const struct pvabi_findings *f,
		    const struct fx_expect *exp, size_t nexp)
{
	char *used = calloc(f->n + 1, 1), *unmatched = calloc(nexp + 1, 1);
	struct fx_expect *extra = calloc(f->n + 1, sizeof(*extra));
	size_t i, j, nextra = 0, nmiss = 0, brk_exp = 0;

	CU_ASSERT_FATAL(used && unmatched && extra);
	for (i = 0; i < nexp; i++) {
		brk_exp += sev_of(exp[i].sev) == PVABI_SEV_BREAKING;
		for (j = 0; j < f->n; j++)
			if (!used[j] && same_entry(&exp[i], &f->v[j]))
				break;
		if (j < f->n)
			used[j] = 1;
		else
			unmatched[i] = 1, nmiss++;
	}
	for (j = 0; j < f->n; j++) {
		const struct pvabi_finding *x = &f->v[j];

		if (used[j] || x->sev == PVABI_SEV_COMPAT)
			continue;
		snprintf(extra[nextra].rule, sizeof(extra->rule), "%s", x->rule);
		snprintf(extra[nextra].file, sizeof(extra->file), "%s", base_name(x->file));
		snprintf(extra[nextra].sev, sizeof(extra->sev), "%s", pvabi_severity_name(x->sev));
		extra[nextra++].line = x->line;
	}
	if (nmiss || nextra) {
		printf("\n  case %s: findings differ from expect\n", name);
		show("expected, not found", exp, nexp, unmatched);
		show("found, not expected", extra, nextra, NULL);
		FX_FAIL("spec-changes/%s: %zu expected finding(s) missing, %zu unexpected",
			name, nmiss, nextra);
	}
	if ((pvabi_findings_count(f, PVABI_SEV_BREAKING) > 0) != (brk_exp > 0))
		FX_FAIL("spec-changes/%s: exit status would be %d, expect says %d", name,
			pvabi_findings_count(f, PVABI_SEV_BREAKING) > 0, brk_exp > 0);
	free(used);
	free(unmatched);
	free(extra);
}

/* Every finding can be printed in both formats and names a place. */
static void outputs(const char *name, const struct pvabi_findings *f)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *m = open_memstream(&buf, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	pvabi_findings_print(f, m, 1);
	pvabi_findings_json(f, m);
	fclose(m);
	CU_ASSERT(len > 0);
	free(buf);
	for (i = 0; i < f->n; i++)
		if (!f->v[i].file || f->v[i].line <= 0 || !f->v[i].msg || !*f->v[i].msg)
			FX_FAIL("spec-changes/%s: %s has no file:line or message", name,
				f->v[i].rule);
}

static void run_case(void)
{
	const char *name = fx_current_test();
	char dir[4096], a[4200], b[4200], r[4200], err[512];
	struct pvabi_findings f = { 0 };
	struct pvabi_spec *old_s = NULL, *new_s = NULL;
	struct pvabi_registry *reg = NULL;
	struct fx_expect *exp = NULL;
	struct pvabi_diags d = { 0 };
	int diff, nexp;

	snprintf(dir, sizeof(dir), "%s/" CHANGES "/%s", pvabi_test_srcdir(), name);
	diff = fx_is_file(pvabi_test_path(dir, "new.xml"));
	nexp = fx_parse_expect(pvabi_test_path(dir, "expect"), diff ? "new.xml" : "spec.xml",
			       &exp, err, sizeof(err));
	if (nexp < 0) {
		FX_FAIL("spec-changes/%s: %s", name, err);
		return;
	}
	if (diff) {
		snprintf(a, sizeof(a), "%s/old.xml", dir);
		snprintf(b, sizeof(b), "%s/new.xml", dir);
		old_s = load(a);
		new_s = load(b);
		if (old_s && new_s) {
			pvabi_check_diff(old_s, new_s, &f);
			pvabi_check_waivers(new_s, &f);
		}
	} else {
		snprintf(a, sizeof(a), "%s/spec.xml", dir);
		snprintf(r, sizeof(r), "%s/registry.xml", dir);
		if (!fx_is_file(r))
			snprintf(r, sizeof(r), "%s/" CHANGES "/registry.xml", pvabi_test_srcdir());
		new_s = load(a);
		reg = pvabi_registry_load(r, &d);
		if (!reg)
			pvabi_diag_print(&d, stdout);
		if (new_s && reg) {
			pvabi_check_history(new_s, &f);
			pvabi_check_registry(new_s, reg, &f);
			/* Coverage (and what it runs: FEATURE_BEHAVIOUR_UNCHECKED,
			 * FEATURE_UPCALLS_UNCOUNTED, PARTITION_UNPROBED, BYTES_UNDECLARED,
			 * EDGE_UNDECLARED, BATCH_UNDECLARED,
			 * NOW_UNDECLARED, MONOTONIC_UNDECLARED, EXCLUDES_UNDECLARED,
			 * FIXED_UNDECLARED, BY_CALLER_UNDECLARED, IGNORED_BITS_UNDECLARED, TIED_UNDECLARED,
			 * FIXED_UNLESS_UNDECLARED) only
			 * where it is the subject:
			 * base.xml, like many a partial spec, checks few
			 * outputs. */
			if (!strncmp(name, "OUTPUT_UNCHECKED", 16) ||
			    !strncmp(name, "FULL_STATE_UNPROBED", 19) || /* run by the coverage pass */
			    !strncmp(name, "FEATURE_BEHAVIOUR_UNCHECKED", 27) ||
			    !strncmp(name, "FEATURE_UPCALLS_UNCOUNTED", 25) ||
			    !strncmp(name, "PARTITION_UNPROBED", 18) ||
			    !strncmp(name, "BYTES_UNDECLARED", 16) ||
			    !strncmp(name, "EDGE_UNDECLARED", 15) ||
			    !strncmp(name, "BATCH_UNDECLARED", 16) ||
			    !strncmp(name, "NOW_UNDECLARED", 14) ||
			    !strncmp(name, "MONOTONIC_UNDECLARED", 20) ||
			    !strncmp(name, "EXCLUDES_UNDECLARED", 19) ||
			    !strncmp(name, "FIXED_UNDECLARED", 16) ||
			    !strncmp(name, "BY_CALLER_UNDECLARED", 20) ||
			    !strncmp(name, "IGNORED_BITS_UNDECLARED", 23) ||
			    !strncmp(name, "TIED_UNDECLARED", 15) ||
			    !strncmp(name, "FIXED_UNLESS_UNDECLARED", 23))
				pvabi_check_coverage(new_s, &f);
			pvabi_check_waivers(new_s, &f);
		}
	}
	if (!new_s || (diff && !old_s) || (!diff && !reg)) {
		FX_FAIL("spec-changes/%s: an input does not load", name);
	} else {
		CU_ASSERT_FALSE(f.oom);
		pvabi_findings_sort(&f);
		compare(name, &f, exp, (size_t)nexp);
		outputs(name, &f);
	}
	pvabi_findings_free(&f);
	pvabi_diag_free(&d);
	pvabi_registry_free(reg);
	pvabi_spec_free(old_s);
	pvabi_spec_free(new_s);
	free(exp);
}

/* --- the case set as a whole ------------------------------------------ */

/* Rules that must each have a directory with a case that triggers them
 * and (for all but the compatible ones) an ok/ case that must not. */
static const char *const breaking_rules[] = {
	"OP_ID_REUSED", "OP_ID_CHANGED", "REMOVED_WITHOUT_DEPRECATION", "ARG_ADDED",
	"ARG_REMOVED", "ARG_TYPE_CHANGED", "ARG_MOVED", "RET_TYPE_CHANGED",
	"STRUCT_FIELD_MOVED", "STRUCT_FIELD_RESIZED", "STRUCT_FIELD_RETYPED",
	"STRUCT_FIELD_REMOVED", "STRUCT_FIELD_INSERTED", "ENUM_VALUE_CHANGED",
	"ENUM_TYPE_CHANGED", "ENUM_VALUE_REUSED", "ENUM_VALUE_REMOVED",
	"FEATURE_BIT_REUSED", "FEATURE_BIT_MOVED", "FEATURE_REMOVED",
	"HISTORY_NOT_MONOTONIC", "UNKNOWN_REVISION", "RELEASED_REVISION_MODIFIED",
	"FROZEN_OP_CHANGED", "ADDED_TO_RELEASED", "OP_FEATURE_CHANGED",
	"OP_CONVENTION_CHANGED", "ERROR_VALUE_CHANGED", "ERROR_VALUE_REUSED",
	"ERROR_REMOVED", "TYPE_NOT_IN_REVISION", "FEATURE_NOT_IN_REVISION",
	"REVISION_NOT_REGISTERED", "REVISION_ORDER", "REVISION_REMOVED",
	"DRAFT_NOT_LAST", "FINGERPRINT_MISSING", "RELEASED_REVISION_WITHDRAWN",
	"WINDOW_INVALID", "SERVES_UNKNOWN", "REGISTRY_ABI_MISMATCH", NULL,
};
static const char *const compatible_rules[] = {
	"OP_ADDED", "OP_DEPRECATED", "OP_REMOVED", "ARG_ADDED_WITH_DEFAULT",
	"STRUCT_FIELD_APPENDED", "STRUCT_REMOVED", "ENUM_VALUE_ADDED", "FEATURE_ADDED",
	NULL,
};

/* Does the expect file of case rel list rule with severity sev? */
static int expects(const char *rel, const char *rule, const char *sev)
{
	char path[4096], err[256];
	struct fx_expect *e;
	int n, i, hit = 0;

	snprintf(path, sizeof(path), "%s/" CHANGES "/%s/expect", pvabi_test_srcdir(), rel);
	n = fx_parse_expect(path, "-", &e, err, sizeof(err));
	for (i = 0; i < n; i++)
		hit |= !strcmp(e[i].rule, rule) && (!sev || !strcmp(e[i].sev, sev));
	free(e);
	return hit;
}

static int is_ok_case(const char *rel)
{
	size_t n = strlen(rel);

	return !strcmp(rel, "ok") || (n >= 3 && !strcmp(rel + n - 3, "/ok"));
}

static void rule_dirs(const char *const *rules, const char *sev, int want_ok)
{
	char root[4096], **cases = NULL;
	size_t n, i, r;

	snprintf(root, sizeof(root), "%s/" CHANGES, pvabi_test_srcdir());
	n = fx_find_cases(root, "expect", "golden", &cases);
	for (r = 0; rules[r]; r++) {
		size_t len = strlen(rules[r]);
		int trig = 0, ok = 0;

		for (i = 0; i < n; i++) {
			if (strncmp(cases[i], rules[r], len) ||
			    (cases[i][len] != '\0' && cases[i][len] != '/'))
				continue;
			if (is_ok_case(cases[i]))
				ok |= !expects(cases[i], rules[r], "breaking");
			else
				trig |= expects(cases[i], rules[r], sev);
		}
		if (!trig)
			FX_FAIL("spec-changes/%s/: no case that expects %s as %s", rules[r],
				rules[r], sev);
		if (want_ok && !ok)
			FX_FAIL("spec-changes/%s/: no ok/ case (a near miss that must not trigger it)",
				rules[r]);
	}
	fx_free_list(cases, n);
}

static void test_every_breaking_rule_has_cases(void)
{
	rule_dirs(breaking_rules, "breaking", 1);
}

static void test_every_compatible_rule_has_a_case(void)
{
	rule_dirs(compatible_rules, "compatible", 0);
}

/* Waivers: a matching one hides the break (exit 0); one for another
 * revision, target or rule hides nothing and is itself reported. */
static void test_waiver_cases(void)
{
	CU_ASSERT(expects("waiver", "REMOVED_WITHOUT_DEPRECATION", "waived"));
	CU_ASSERT(!expects("waiver", "REMOVED_WITHOUT_DEPRECATION", "breaking"));
	CU_ASSERT(expects("waiver/other-revision", "REMOVED_WITHOUT_DEPRECATION", "breaking"));
	CU_ASSERT(expects("waiver/other-revision", "WAIVER_UNUSED", "warning"));
	CU_ASSERT(expects("waiver/other-target", "REMOVED_WITHOUT_DEPRECATION", "breaking"));
	CU_ASSERT(expects("waiver/other-target", "WAIVER_UNUSED", "warning"));
	CU_ASSERT(expects("WAIVER_UNUSED", "WAIVER_UNUSED", "warning"));
}

/* Every rule the checker can report (its rule-id literals) has at least
 * one case expecting it. */
static void test_every_checker_rule_is_exercised(void)
{
	static const char *const files[] = {
		"abi/check.c", "abi/compare.c", "abi/compare_ops.c",
		"abi/compare_structs.c",
		"abi/check_registry.c", NULL,
	};
	char root[4096], **cases = NULL, **rules = NULL;
	size_t n, nr = 0, i, j;

	for (i = 0; files[i]; i++) {
		char *src = fx_read(pvabi_test_path(pvabi_test_srcdir(), files[i]), NULL);

		CU_ASSERT_PTR_NOT_NULL_FATAL(src);
		nr = fx_rule_literals(src, NULL, &rules, nr);
		free(src);
	}
	CU_ASSERT(nr >= 40);
	snprintf(root, sizeof(root), "%s/" CHANGES, pvabi_test_srcdir());
	n = fx_find_cases(root, "expect", "golden", &cases);
	for (j = 0; j < nr; j++) {
		for (i = 0; i < n && !expects(cases[i], rules[j], NULL); i++)
			;
		if (i == n)
			FX_FAIL("checker rule %s: no case under " CHANGES " expects it", rules[j]);
	}
	fx_free_list(cases, n);
	fx_free_list(rules, nr);
}

static const struct pvabi_test_case fixed[] = {
	{ "every_breaking_rule_has_cases", test_every_breaking_rule_has_cases },
	{ "every_compatible_rule_has_a_case", test_every_compatible_rule_has_a_case },
	{ "waiver_cases", test_waiver_cases },
	{ "every_checker_rule_is_exercised", test_every_checker_rule_is_exercised },
	{ NULL, NULL },
};

struct pvabi_test_case *change_cases_build(void)
{
	char root[4096], **cases = NULL;
	struct pvabi_test_case *v;
	size_t n, i, k = 0, nf = sizeof(fixed) / sizeof(fixed[0]) - 1;

	snprintf(root, sizeof(root), "%s/" CHANGES, pvabi_test_srcdir());
	n = fx_find_cases(root, "expect", "golden", &cases);
	v = calloc(n + nf + 1, sizeof(*v));
	if (!v) {
		fx_free_list(cases, n);
		return NULL;
	}
	for (i = 0; i < nf; i++, k++) {
		v[k].name = strdup(fixed[i].name);
		v[k].fn = fixed[i].fn;
	}
	for (i = 0; i < n; i++, k++) {
		v[k].name = cases[i];
		v[k].fn = run_case;
	}
	free(cases);
	return v;
}
