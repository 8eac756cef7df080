/* The feature axis in the reports: the sub-cells of an (image, platform)
 * cell share its place in the grid, which shows the most severe of them
 * (the cell itself when all agree) and how many sub-cells it holds, and
 * each report lists them under their cell instead of as more columns. */
#include "conformance/oracle.h"
#include "conformance/report.h"
#include "util/xml.h"

#include <string.h>

void pvabi_report_group(const struct pvabi_cell_result *r, size_t n,
			const struct pvabi_report_axes *ax, size_t i, size_t j,
			struct pvabi_report_group *g)
{
	size_t k;

	memset(g, 0, sizeof(*g));
	g->show = g->base = n;
	for (k = 0; k < n; k++) {
		if (ax->row[k] != i || ax->col[k] != j)
			continue;
		if (!r[k].cell.feat.label[0]) {
			g->base = k;
		} else {
			g->nsub++;
			g->subgreen += pvabi_cell_green(&r[k]) != 0;
		}
		if (g->show == n || r[k].verdict > r[g->show].verdict ||
		    (r[k].verdict == r[g->show].verdict && !r[k].cell.feat.label[0]))
			g->show = k;
	}
}

const char *pvabi_report_group_word(const struct pvabi_cell_result *r,
				    const struct pvabi_report_group *g, char *buf, size_t len)
{
	char w[32];
	size_t k;

	pvabi_report_word(&r[g->show], w, sizeof(w));
	k = (size_t)snprintf(buf, len, "%s", w);
	if (g->nsub && g->subgreen == g->nsub && k < len)
		snprintf(buf + k, len - k, " +%zu", g->nsub);
	else if (g->nsub && k < len)
		snprintf(buf + k, len - k, " +%zu/%zu", g->subgreen, g->nsub);
	return buf;
}

/* Whether any result is a sub-cell. */
static int any_sub(const struct pvabi_cell_result *r, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (r[k].cell.feat.label[0])
			return 1;
	return 0;
}

void pvabi_report_feature_text(FILE *f, const struct pvabi_cell_result *r, size_t n,
			       const struct pvabi_report_axes *ax)
{
	size_t i, j, k, col;
	char w[32];

	if (!any_sub(r, n))
		return;
	fprintf(f, "feature axis (+N in the grid: sub-cells of that cell; offer-M: the platform "
		   "offers only M; want-M: the image asks for only M, required):\n");
	for (i = 0; i < ax->nrows; i++)
		for (j = 0; j < ax->ncols; j++) {
			col = 0;
			for (k = 0; k < n; k++) {
				if (ax->row[k] != i || ax->col[k] != j || !r[k].cell.feat.label[0])
					continue;
				if (!col)
					col = (size_t)fprintf(f, "  %s on %s:", ax->rows[i], ax->cols[j]);
				if (col > 80)
					col = (size_t)fprintf(f, "\n   ");
				col += (size_t)fprintf(f, " %s %s", r[k].cell.feat.label,
						       pvabi_report_word(&r[k], w, sizeof(w)));
			}
			if (col)
				fputc('\n', f);
		}
}

void pvabi_report_feature_html(FILE *f, const struct pvabi_cell_result *r, size_t n,
			       const struct pvabi_report_axes *ax)
{
	size_t i, j, k, open;
	char w[32];

	if (!any_sub(r, n))
		return;
	fprintf(f, "<h2>Feature axis</h2>\n<p class=\"axes\">Sub-cells of a grid cell (its "
		   "<b>+N</b>): <b>offer-M</b> the platform offers only the features in M, "
		   "<b>want-M</b> the image asks for only M, required.</p>\n<table class=\"grid\">\n");
	for (i = 0; i < ax->nrows; i++)
		for (j = 0; j < ax->ncols; j++) {
			open = 0;
			for (k = 0; k < n; k++) {
				if (ax->row[k] != i || ax->col[k] != j || !r[k].cell.feat.label[0])
					continue;
				if (!open++) {
					fprintf(f, "<tr><th>");
					pvabi_xml_str(f, ax->rows[i], 0);
					fprintf(f, " on ");
					pvabi_xml_str(f, ax->cols[j], 0);
					fprintf(f, "</th>");
				}
				pvabi_report_word(&r[k], w, sizeof(w));
				fprintf(f, "<td class=\"v-%s\"><a href=\"#c%zu\">",
					strncmp(w, "PASS", 4) ? w : "PASS", k);
				pvabi_xml_str(f, r[k].cell.feat.label, 0);
				fprintf(f, "<br>%s</a></td>", w);
			}
			if (open)
				fprintf(f, "</tr>\n");
		}
	fprintf(f, "</table>\n");
}
