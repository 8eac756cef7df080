/* pvabi report: join the per-cell results of matrix shards run on
 * different machines (`merge`), or re-render the reports of one result
 * directory (`render`). The work is conformance/report_merge.c's; this
 * file parses the arguments, prints the table and the exit code. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/runner/runner.h"
#include "conformance/oracle.h"
#include "conformance/report.h"
#include "conformance/result_io.h"
#include "conformance/report_merge.h"

#include <string.h>

/* Writes dir's reports from its cells, prints the table: the exit code.
 * A skipped cell (engine unavailable here) does not fail the report, as
 * it does not fail `pvabi matrix`; `pvabi gate` is the stricter one. */
static int render(const char *dir)
{
	struct pvabi_cell_result *res;
	char err[4400];
	size_t i, n, green = 0;

	if (pvabi_report_render(dir, &res, &n, err, sizeof(err))) {
		fprintf(stderr, "%s report: %s\n", pvabi_progname, err);
		return PVABI_EXIT_USAGE;
	}
	pvabi_report_table(stdout, res, n, -1);
	for (i = 0; i < n; i++)
		green += pvabi_cell_green(&res[i]) || res[i].verdict == PVABI_V_SKIP;
	if (!n)
		fprintf(stderr, "%s report: %s: no cells\n", pvabi_progname, dir);
	pvabi_results_free(res, n);
	return n && green == n ? PVABI_EXIT_OK : PVABI_EXIT_BREAKING;
}

static int merge(int n, char **dirs, const char *out)
{
	char err[4400];

	if (pvabi_report_merge(out, dirs, (size_t)n, err, sizeof(err))) {
		fprintf(stderr, "%s report: %s\n", pvabi_progname, err);
		return PVABI_EXIT_USAGE;
	}
	return render(out);
}

int pvabi_cmd_report(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		pvabi_help_cmd(stdout, "report");
		return PVABI_EXIT_OK;
	}
	if (argc >= 4 && !strcmp(argv[1], "merge"))
		return merge(argc - 3, argv + 3, argv[2]);
	if (argc == 3 && !strcmp(argv[1], "render"))
		return render(argv[2]);
	fprintf(stderr, "%s report: %s\n", pvabi_progname,
		argc < 2 ? "missing subcommand" : "bad arguments");
	pvabi_help_usage_cmd(stderr, "report");
	return PVABI_EXIT_USAGE;
}
