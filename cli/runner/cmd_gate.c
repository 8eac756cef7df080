/* pvabi gate: the release verdict. The checker on the spec and registry,
 * then the full matrix on the candidate platform; clean only when both
 * are, and a short verdict naming each broken rule and cell with its
 * first failing check. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/runner/runner.h"
#include "conformance/oracle.h"
#include "conformance/report.h"
#include "conformance/result_io.h"
#include "abi/check.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One line per cell that is not green: its reason, then its first
 * failed check as the reports show it (stable name, expected and got)
 * when the reason does not say it already. */
static size_t gate_cells(const struct pvabi_cell_result *res, size_t n, size_t *skipped,
			 size_t *stopped)
{
	struct pvabi_report_check rc;
	const struct pvabi_check *c;
	size_t i, broken = 0;

	*skipped = *stopped = 0;
	for (i = 0; i < n; i++) {
		if (res[i].verdict == PVABI_V_PASS)
			continue;
		if (pvabi_cell_stopped(&res[i])) { /* said once, below */
			(*stopped)++;
			continue;
		}
		if (res[i].verdict == PVABI_V_SKIP)
			(*skipped)++;
		else
			broken++;
		printf("  cell %s: %s: %s", res[i].cell.id, pvabi_verdict_name(res[i].verdict),
		       res[i].reason);
		if ((c = pvabi_report_first_failure(&res[i], NULL))) {
			pvabi_report_check(c, &rc);
			if (!strstr(res[i].reason, c->name))
				printf("; first failing check: %s", rc.name);
			if (!strstr(res[i].reason, rc.diag))
				printf(" (%s)", rc.diag);
		}
		putchar('\n');
	}
	if (*stopped)
		printf("  partial matrix: %zu of %zu cells run, stopped at the first red cell "
		       "(--stop-at-red)\n", n - *stopped, n);
	return broken;
}

int pvabi_cmd_gate(int argc, char **argv)
{
	struct pvabi_cell_result *res = NULL;
	struct pvabi_matrix_cli c;
	struct pvabi_matrix m;
	struct pvabi_gate_spec g;
	size_t rules, cells, skipped, stopped;
	char err[512];
	int rc, invalid, i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--xen") || !strncmp(argv[i], "--xen=", 6))
			return pvabi_gate_xen(argc, argv);
	if (pvabi_matrix_parse(argc, argv, &c) || (c.list && !c.help)) {
		pvabi_help_usage_cmd(stderr, "gate");
		return PVABI_MATRIX_EXIT_USAGE;
	}
	c.out_name = "gate";
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
	rules = pvabi_gate_check(c.o.spec, c.o.registry, &g);
	invalid = g.invalid;
	cells = gate_cells(res, m.n, &skipped, &stopped);
	/* the report files carry the spec check too: a CI page that reads
	 * only junit.xml must see a broken rule */
	if (!invalid && pvabi_report_write_all_with(c.o.out, res, m.n, &g.f, err, sizeof(err))) {
		fprintf(stderr, "%s: cannot write the gate's reports: %s\n", pvabi_progname, err);
		invalid = 1;
	}
	pvabi_gate_spec_free(&g);
	if (invalid)
		rc = PVABI_MATRIX_EXIT_USAGE;
	else if (rules || cells || skipped || stopped)
		rc = PVABI_MATRIX_EXIT_RED;
	printf("gate: %s: %zu breaking rule%s, %zu of %zu cells not green%s%zu skipped",
	       rc == 0 ? "PASS" : invalid ? "ERROR" : cells || rules ? "FAIL" : "INCOMPLETE",
	       rules, rules == 1 ? "" : "s", cells, m.n, ", ", skipped);
	if (stopped)
		printf(", %zu not run (stopped at the first red cell)", stopped);
	printf("; reports in %s\n", c.o.out);
	pvabi_results_free(res, m.n);
	pvabi_matrix_free(&m);
	return rc;
}
