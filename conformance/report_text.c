/* The terminal report: the matrix as a table of one-word cells, totals,
 * and one line per cell that is not green; the progress line printed
 * while a matrix runs. */
#include "conformance/oracle.h"
#include "conformance/report.h"
#include "negotiator/pvabi_neg.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *sgr(const struct pvabi_cell_result *r)
{
	static const char *const c[PVABI_V_COUNT] = { "32", "33", "35", "31", "1;31", "1;31" };

	return (unsigned int)r->verdict < PVABI_V_COUNT ? c[r->verdict] : "0";
}

static int want_colour(FILE *f, int colour)
{
	const char *nc = getenv("NO_COLOR");

	if (colour >= 0)
		return colour;
	return isatty(fileno(f)) && !(nc && *nc);
}

static void word_out(FILE *f, const struct pvabi_cell_result *r, const char *w, int width,
		     int colour)
{
	if (colour)
		fprintf(f, "\033[%sm%-*s\033[0m", sgr(r), width, w);
	else
		fprintf(f, "%-*s", width, w);
}

/* The word padded to width, coloured when asked. */
static void cell_word(FILE *f, const struct pvabi_cell_result *r, int width, int colour)
{
	char w[32];

	word_out(f, r, pvabi_report_word(r, w, sizeof(w)), width, colour);
}

/* --- the table ----------------------------------------------------------- */

static void print_grid(FILE *f, const struct pvabi_cell_result *r, size_t n,
		       const struct pvabi_report_axes *ax, int colour)
{
	struct pvabi_report_group *at = malloc((ax->nrows * ax->ncols + 1) * sizeof(*at));
	int w0 = (int)sizeof("image \\ platform"), w = 9;
	char word[48];
	size_t i, j;

	if (!at)
		return;
	for (i = 0; i < ax->nrows; i++)
		for (j = 0; j < ax->ncols; j++) {
			pvabi_report_group(r, n, ax, i, j, &at[i * ax->ncols + j]);
			if (at[i * ax->ncols + j].show < n)
				pvabi_report_group_word(r, &at[i * ax->ncols + j], word, sizeof(word));
			else
				word[0] = '\0';
			w = (int)strlen(word) + 1 > w ? (int)strlen(word) + 1 : w;
		}
	for (i = 0; i < ax->nrows; i++)
		w0 = (int)strlen(ax->rows[i]) + 1 > w0 ? (int)strlen(ax->rows[i]) + 1 : w0;
	for (j = 0; j < ax->ncols; j++)
		w = (int)strlen(ax->cols[j]) + 1 > w ? (int)strlen(ax->cols[j]) + 1 : w;
	fprintf(f, "%-*s", w0, "image \\ platform");
	for (j = 0; j < ax->ncols; j++)
		fprintf(f, " %-*s", w, ax->cols[j]);
	fputc('\n', f);
	for (i = 0; i < ax->nrows; i++) {
		fprintf(f, "%-*s", w0, ax->rows[i]);
		for (j = 0; j < ax->ncols; j++) {
			const struct pvabi_report_group *g = &at[i * ax->ncols + j];

			fputc(' ', f);
			if (g->show < n)
				word_out(f, &r[g->show], pvabi_report_group_word(r, g, word, sizeof(word)),
					 w, colour);
			else
				fprintf(f, "%-*s", w, "-");
		}
		fputc('\n', f);
	}
	free(at);
}

/* A run that stopped at its first red cell says so before its totals:
 * its SKIP count holds the cells it never ran. */
static void print_totals(FILE *f, const struct pvabi_cell_result *r, size_t n)
{
	struct pvabi_report_totals t;
	size_t i, stopped = 0;
	int v;

	for (i = 0; i < n; i++)
		stopped += pvabi_cell_stopped(&r[i]) != 0;
	if (stopped)
		fprintf(f, "partial matrix: %zu of %zu cells run, stopped at the first red cell "
			"(--stop-at-red); the other %zu did not run (counted as SKIP, shown as "
			"not-run)\n", n - stopped, n, stopped);
	pvabi_report_totals(r, n, &t);
	fprintf(f, "%zu cells, %zu green (%zu at a lower revision, %zu refused as predicted):",
		t.cells, t.green, t.lower, t.refused);
	for (v = 0; v < PVABI_V_COUNT; v++)
		fprintf(f, " %s %zu%s", pvabi_verdict_name((enum pvabi_verdict)v), t.by[v],
			v + 1 < PVABI_V_COUNT ? "," : "\n");
}

/* Red cells by cause first: 48 cells broken the same way are one line
 * before they are 48. */
static void print_causes(FILE *f, const struct pvabi_cell_result *r, size_t n)
{
	struct pvabi_report_cause *v;
	size_t k, nv = pvabi_report_causes(r, n, &v);

	if (nv)
		fprintf(f, "red cells by cause:\n");
	for (k = 0; k < nv; k++)
		fprintf(f, "  %zu cell%s: %s (first: %s)\n", v[k].count, v[k].count == 1 ? "" : "s",
			v[k].text, r[v[k].first].cell.id);
	free(v);
}

static void print_bad(FILE *f, const struct pvabi_cell_result *r, size_t n, int colour)
{
	const struct pvabi_check *c;
	struct pvabi_report_check rc;
	size_t i;

	for (i = 0; i < n; i++) {
		if (pvabi_cell_green(&r[i]) || pvabi_cell_stopped(&r[i]))
			continue;
		cell_word(f, &r[i], 8, colour);
		fprintf(f, " %s: %s: %s", r[i].cell.id, pvabi_report_outcome(&r[i]),
			r[i].reason[0] ? r[i].reason : "no reason given");
		if ((c = pvabi_report_first_failure(&r[i], NULL))) {
			pvabi_report_check(c, &rc);
			if (!strstr(r[i].reason, c->name))
				fprintf(f, "; first failing check: %s", rc.name);
			if (!strstr(r[i].reason, rc.diag))
				fprintf(f, " (%s)", rc.diag);
		}
		fputc('\n', f);
	}
}

void pvabi_report_table(FILE *f, const struct pvabi_cell_result *r, size_t n, int colour)
{
	struct pvabi_report_axes ax;

	colour = want_colour(f, colour);
	if (pvabi_report_axes(r, n, &ax) == 0) {
		print_grid(f, r, n, &ax, colour);
		pvabi_report_feature_text(f, r, n, &ax);
		pvabi_report_axes_free(&ax);
	}
	print_totals(f, r, n);
	print_causes(f, r, n);
	print_bad(f, r, n, colour);
}

void pvabi_report_progress(FILE *f, size_t done, size_t total,
			   const struct pvabi_cell_result *r, int colour)
{
	colour = want_colour(f, colour);
	fprintf(f, "[%zu/%zu] %s ", done, total, r->cell.id);
	cell_word(f, r, 0, colour);
	fprintf(f, " %.2fs", r->ms / 1e3);
	if (!pvabi_cell_green(r))
		fprintf(f, "  %s", r->reason);
	fputc('\n', f);
	fflush(f);
}
