/* pvabi gate: the release verdict. The checker on the spec and registry,
 * then the full matrix on the candidate platform; clean only when both
 * are, and a short verdict naming each broken rule and cell with its
 * first failing check. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/load.h"
#include "cli/runner/runner.h"
#include "conformance/report.h"
#include "conformance/result_io.h"
#include "abi/check.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Breaking findings, one line each; returns how many. */
static size_t gate_check(const char *spec, const char *registry, int *invalid)
{
	struct pvabi_findings f = { 0 };
	struct pvabi_registry *r;
	struct pvabi_spec *s;
	size_t i, brk = 0;

	s = cli_load_spec(spec);
	r = s ? cli_load_registry(registry) : NULL;
	*invalid = !s || !r;
	if (!*invalid) {
		pvabi_check_history(s, &f);
		pvabi_check_registry(s, r, &f);
		pvabi_check_waivers(s, &f);
		pvabi_findings_sort(&f);
		for (i = 0; i < f.n; i++) {
			if (f.v[i].sev != PVABI_SEV_BREAKING)
				continue;
			printf("  rule %s: %s:%d: %s%s%s\n", f.v[i].rule, f.v[i].file, f.v[i].line,
			       f.v[i].msg, f.v[i].rev ? " [" : "", f.v[i].rev ? f.v[i].rev : "");
			brk++;
		}
		*invalid = f.oom;
	}
	pvabi_findings_free(&f);
	pvabi_registry_free(r);
	pvabi_spec_free(s);
	return brk;
}

/* The first failing check of a cell, or its reason. */
static const char *first_failure(const struct pvabi_cell_result *r)
{
	size_t i;

	for (i = 0; i < r->nchecks; i++)
		if (!r->checks[i].ok && !r->checks[i].skip && !r->checks[i].todo)
			return r->checks[i].name;
	return NULL;
}

static size_t gate_cells(const struct pvabi_cell_result *res, size_t n, size_t *skipped)
{
	size_t i, broken = 0;

	*skipped = 0;
	for (i = 0; i < n; i++) {
		const char *ff;

		if (res[i].verdict == PVABI_V_PASS)
			continue;
		if (res[i].verdict == PVABI_V_SKIP)
			(*skipped)++;
		else
			broken++;
		ff = first_failure(&res[i]);
		if (ff && strstr(res[i].reason, ff))
			ff = NULL; /* the reason names it already */
		printf("  cell %s: %s: %s%s%s\n", res[i].cell.id, pvabi_verdict_name(res[i].verdict),
		       res[i].reason, ff ? "; first failing check: " : "", ff ? ff : "");
	}
	return broken;
}

int pvabi_cmd_gate(int argc, char **argv)
{
	struct pvabi_cell_result *res = NULL;
	struct pvabi_matrix_cli c;
	struct pvabi_matrix m;
	size_t rules, cells, skipped;
	int rc, invalid;

	if (pvabi_matrix_parse(argc, argv, &c) || (c.list && !c.help)) {
		pvabi_help_usage_cmd(stderr, "gate");
		return PVABI_MATRIX_EXIT_USAGE;
	}
	if (c.help)
		return pvabi_help_cmd(stdout, "gate") ? PVABI_MATRIX_EXIT_USAGE : 0;
	if ((rc = pvabi_matrix_prepare(&c, &m, stdout)))
		return rc;
	rc = pvabi_matrix_execute(&c, &m, &res);
	if (rc) {
		pvabi_results_free(res, m.n);
		pvabi_matrix_free(&m);
		return rc;
	}
	pvabi_report_table(stdout, res, m.n, -1);
	printf("\ngate verdict:\n");
	rules = gate_check(c.o.spec, c.o.registry, &invalid);
	cells = gate_cells(res, m.n, &skipped);
	if (invalid)
		rc = PVABI_MATRIX_EXIT_USAGE;
	else if (rules || cells || skipped)
		rc = PVABI_MATRIX_EXIT_RED;
	printf("gate: %s: %zu breaking rule%s, %zu of %zu cells not green%s%zu skipped; reports in %s\n",
	       rc == 0 ? "PASS" : invalid ? "ERROR" : cells || rules ? "FAIL" : "INCOMPLETE",
	       rules, rules == 1 ? "" : "s", cells, m.n, ", ", skipped, c.o.out);
	pvabi_results_free(res, m.n);
	pvabi_matrix_free(&m);
	return rc;
}
