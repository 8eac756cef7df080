/* index.html: one self-contained page (inline CSS, no script, nothing
 * fetched), read top down by someone with a minute: the totals, the red
 * cells grouped by cause ("48 cells: check '...' got -1002"), the matrix
 * with labelled axes, then one section per cell, each reachable by its
 * anchor (#c<N>, linked from the grid and the causes) and opening with
 * its first failing check. Logs are folded; the page works from a CI
 * artifact store or a file:// URL. */
#include "conformance/oracle.h"
#include "conformance/report.h"
#include "conformance/revname.h"
#include "conformance/result_io.h"
#include "negotiator/pvabi_neg.h"
#include "util/file.h"

#include <stdlib.h>
#include <string.h>

static const char style[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
	"table.grid{border-collapse:collapse}"
	".grid th,.grid td{border:1px solid #bbb;padding:.3em .7em;text-align:center}"
	".grid td[data-cell]{cursor:pointer;font-weight:600}"
	".grid td.sel{outline:3px solid #333}"
	".v-PASS{background:#c8f0c8}.v-REFUSED{background:#b8e6d8}.v-SKIP{background:#f3e6a8}"
	".v-ERROR{background:#e8c8f0}.v-FAIL{background:#f4b0b0}"
	".v-TIMEOUT,.v-CRASH{background:#d04040;color:#fff}"
	"pre{background:#f6f6f6;padding:.6em;overflow:auto;max-height:30em;white-space:pre-wrap}"
	".grid td a{color:inherit;text-decoration:none;display:block}"
	"p.axes{color:#555;margin-bottom:.3em}"
	".grid th.axis{background:#eee;font-weight:400;color:#444}"
	"ol.causes li{margin:.3em 0}ol.causes .n{font-weight:700}"
	".ids{font-size:12px;color:#555}.ids a{margin-right:.4em}.ids summary{cursor:pointer}"
	"p.verdict{font-size:18px;font-weight:700;padding:.4em .6em;display:inline-block}"
	"p.verdict.red{background:#f4b0b0}p.verdict.green{background:#c8f0c8}"
	"section.cell{border-top:1px solid #ccc;margin-top:1em;padding-top:.3em}"
	"section.cell:target{outline:3px solid #333;outline-offset:4px}"
	"p.why{background:#fde8e8;border-left:4px solid #c33;padding:.4em .6em;margin:.4em 0}"
	"dt{font-weight:600;margin-top:.4em}";

static void hs(FILE *f, const char *s)
{
	pvabi_xml_str(f, s, PVABI_XML_KEEP_NL);
}

static void grid(FILE *f, const struct pvabi_cell_result *r, size_t n,
		 const struct pvabi_report_axes *ax)
{
	struct pvabi_report_group g;
	size_t i, j, k;
	char w[48], cls[32], cause[1100];

	fprintf(f, "<p class=\"axes\">Rows: the guest image, by the revision it "
		   "was built for. Columns: the platform it booted on (the current build, or "
		   "the build behaving as release R), and the engine when there are several. "
		   "Click a cell for its details.</p>\n<table class=\"grid\">\n"
		   "<tr><th class=\"axis\" rowspan=\"2\">guest image &#8595; / platform &#8594;</th>"
		   "<th class=\"axis\" colspan=\"%zu\">platform</th></tr>\n<tr>", ax->ncols);
	for (j = 0; j < ax->ncols; j++) {
		fprintf(f, "<th>");
		hs(f, ax->cols[j]);
		fprintf(f, "</th>");
	}
	for (i = 0; i < ax->nrows; i++) {
		fprintf(f, "</tr>\n<tr><th>");
		hs(f, ax->rows[i]);
		fprintf(f, "</th>");
		for (j = 0; j < ax->ncols; j++) {
			pvabi_report_group(r, n, ax, i, j, &g);
			if ((k = g.show) == n) {
				fprintf(f, "<td>-</td>");
				continue;
			}
			pvabi_report_group_word(r, &g, w, sizeof(w));
			pvabi_report_cause(&r[k], cause, sizeof(cause));
			pvabi_report_word(&r[k], cls, sizeof(cls));
			fprintf(f, "<td class=\"v-%s\" data-cell=\"c%zu\" title=\"",
				strncmp(cls, "PASS", 4) ? cls : "PASS", k);
			hs(f, r[k].cell.id);
			if (!pvabi_cell_green(&r[k])) {
				fputs(": ", f);
				hs(f, cause);
			}
			fprintf(f, "\"><a href=\"#c%zu\">%s</a></td>", k, w);
		}
	}
	fprintf(f, "</tr>\n</table>\n");
}

static void dd(FILE *f, const char *term, const char *text, int pre)
{
	fprintf(f, "<dt>%s</dt><dd>%s", term, pre ? "<pre>" : "");
	hs(f, text[0] ? text : "(none)");
	fprintf(f, "%s</dd>\n", pre ? "</pre>" : "");
}

/* Whether a path a result names lies inside the results directory: relative,
 * no ".." component. */
static int inside(const char *p)
{
	const char *c = p;

	if (p[0] == '/')
		return 0;
	while (c) {
		if (c[0] == '.' && c[1] == '.' && (c[2] == '/' || !c[2]))
			return 0;
		c = strchr(c, '/');
		c = c ? c + 1 : NULL;
	}
	return 1;
}

/* The log: DIR/cells/<id>.log (where this report lives), else the path
 * the result names when it lies inside DIR; at most PVABI_REPORT_LOG_CAP
 * bytes, with a note. A result file can come from a shard nobody checked
 * (report merge): a path outside DIR is named, never read, or a
 * "/proc/self/environ" would publish the merging job's secrets. */
static void log_text(FILE *f, const char *dir, const struct pvabi_cell_result *r)
{
	struct pvabi_file_buf b;
	char path[4096];
	int rc = -1;

	if (dir) {
		snprintf(path, sizeof(path), "%s/cells/%s.log", dir, r->cell.id);
		rc = pvabi_file_read(path, PVABI_REPORT_LOG_CAP, PVABI_FILE_TRUNCATE, &b, NULL, 0);
	}
	if (rc < 0 && r->log[0] && inside(r->log)) {
		snprintf(path, sizeof(path), "%s%s%s", dir ? dir : "", dir ? "/" : "", r->log);
		rc = pvabi_file_read(path, PVABI_REPORT_LOG_CAP, PVABI_FILE_TRUNCATE, &b, NULL, 0);
	}
	if (rc < 0 && r->log[0] && !inside(r->log)) {
		fprintf(f, "<p>The log is at <code>");
		hs(f, r->log);
		fprintf(f, "</code>, outside this report's directory: not included.</p>\n");
		return;
	}
	if (rc < 0) {
		fprintf(f, "<p>No log is available.</p>\n");
		return;
	}
	fprintf(f, "<pre>");
	pvabi_xml_write(f, b.data, b.len, PVABI_XML_KEEP_NL);
	fprintf(f, "</pre>\n");
	if (rc == 1)
		fprintf(f, "<p><em>Log cut at %d KiB of %llu bytes.</em></p>\n",
			PVABI_REPORT_LOG_CAP / 1024, (unsigned long long)b.size);
	free(b.data);
}

static void checks(FILE *f, const struct pvabi_cell_result *r)
{
	size_t i;

	fprintf(f, "<details%s><summary>Checks (%u passed, %u failed, %u skipped)</summary>\n<pre>",
		r->failed ? " open" : "", r->passed, r->failed, r->skipped);
	for (i = 0; r->checks && i < r->nchecks; i++) {
		const struct pvabi_check *c = &r->checks[i];

		fprintf(f, "%s %zu - ", c->ok ? "ok" : "not ok", i + 1);
		hs(f, c->name);
		fprintf(f, "%s%s (%.3f ms)", c->skip ? " # SKIP" : "", c->todo ? " # TODO" : "", c->ms);
		if (c->diag[0]) {
			fprintf(f, "\n    ");
			hs(f, c->diag);
		}
		fputc('\n', f);
	}
	fprintf(f, "</pre></details>\n");
}

/* What broke, first: the failed check with what it expected and got,
 * else the reason. */
static void why(FILE *f, const struct pvabi_cell_result *r)
{
	const struct pvabi_check *c;
	struct pvabi_report_check rc;
	size_t i = 0;

	if (pvabi_cell_green(r))
		return;
	fprintf(f, "<p class=\"why\">");
	if ((c = pvabi_report_first_failure(r, &i))) {
		pvabi_report_check(c, &rc);
		fprintf(f, "First failing check (%zu of %zu): <b>", i + 1, r->nchecks);
		hs(f, rc.name);
		fprintf(f, "</b><br>");
		hs(f, rc.diag);
	} else {
		hs(f, r->reason[0] ? r->reason : pvabi_report_outcome(r));
	}
	fprintf(f, "</p>\n");
}

static void detail(FILE *f, const char *dir, const struct pvabi_cell_result *r, size_t k)
{
	char line[400], rev[24], w[32];

	fprintf(f, "<section class=\"cell\" id=\"c%zu\">\n<h2>", k);
	hs(f, r->cell.id);
	fprintf(f, " &#8212; %s</h2>\n", pvabi_report_word(r, w, sizeof(w)));
	why(f, r);
	fprintf(f, "<dl>\n");
	pvabi_revname(r->cell.pred.rev, rev, sizeof(rev));
	snprintf(line, sizeof(line), "%s%s%s: %s", pvabi_pred_kind_name(r->cell.pred.kind),
		 r->cell.pred.kind == PVABI_PRED_REFUSED ? "" : " at ",
		 r->cell.pred.kind == PVABI_PRED_REFUSED ? "" : rev, r->cell.pred.why);
	dd(f, "Prediction", line, 0);
	snprintf(line, sizeof(line), "%s (exit %d, %.2f s)", pvabi_report_outcome(r), r->exit_code,
		 r->ms / 1e3);
	dd(f, "Outcome", line, 0);
	dd(f, "Reason", r->reason, 0);
	dd(f, "Image", r->cell.image_path, 0);
	dd(f, "Guest negotiation record", r->guest_record, 1);
	dd(f, "Platform negotiation record", r->platform_record, 1);
	fprintf(f, "</dl>\n");
	checks(f, r);
	fprintf(f, "<details><summary>Log</summary>\n");
	log_text(f, dir, r);
	fprintf(f, "</details>\n</section>\n");
}

/* The verdict first: the cells, and for a gate its spec check too (a
 * green grid under a broken rule is not a green gate). */
static void totals(FILE *f, const struct pvabi_cell_result *r, size_t n,
		   const struct pvabi_findings *fd)
{
	size_t brk = fd ? pvabi_findings_count(fd, PVABI_SEV_BREAKING) : 0;
	struct pvabi_report_totals t;
	int v;

	pvabi_report_totals(r, n, &t);
	fprintf(f, "<p class=\"verdict %s\">", t.green == t.cells && !brk ? "green" : "red");
	if (brk)
		fprintf(f, "%zu breaking spec finding%s; ", brk, brk == 1 ? "" : "s");
	if (t.green == t.cells)
		fprintf(f, "%s %zu cell%s green.</p>\n", brk ? "all" : "All", t.cells,
			t.cells == 1 ? "" : "s");
	else
		fprintf(f, "%zu of %zu cells not green.</p>\n", t.cells - t.green, t.cells);
	fprintf(f, "<p>%zu cells, %zu green (%zu at a lower revision, %zu refused as predicted):",
		t.cells, t.green, t.lower, t.refused);
	for (v = 0; v < PVABI_V_COUNT; v++)
		fprintf(f, " %s %zu%s", pvabi_verdict_name((enum pvabi_verdict)v), t.by[v],
			v + 1 < PVABI_V_COUNT ? "," : ".</p>\n");
}

/* The red cells by cause, most first, each cell linked. */
static void causes(FILE *f, const struct pvabi_cell_result *r, size_t n)
{
	struct pvabi_report_cause *v;
	size_t k, i, nv = pvabi_report_causes(r, n, &v);

	if (nv)
		fprintf(f, "<h2>Why cells are not green</h2>\n<ol class=\"causes\">\n");
	for (k = 0; k < nv; k++) {
		fprintf(f, "<li><span class=\"n\">%zu cell%s</span>: ", v[k].count,
			v[k].count == 1 ? "" : "s");
		hs(f, v[k].text);
		fprintf(f, "<details class=\"ids\"><summary>the cells</summary>");
		for (i = v[k].first; i < n; i++) {
			char c[1100];

			if (pvabi_cell_green(&r[i]))
				continue;
			pvabi_report_cause(&r[i], c, sizeof(c));
			if (strcmp(c, v[k].text))
				continue;
			fprintf(f, "<a href=\"#c%zu\">", i);
			hs(f, r[i].cell.id);
			fprintf(f, "</a> ");
		}
		fprintf(f, "</details></li>\n");
	}
	if (nv)
		fprintf(f, "</ol>\n");
	free(v);
}

void pvabi_report_html(FILE *f, const char *dir, const struct pvabi_cell_result *r, size_t n)
{
	pvabi_report_html_with(f, dir, r, n, NULL);
}

void pvabi_report_html_with(FILE *f, const char *dir, const struct pvabi_cell_result *r,
			    size_t n, const struct pvabi_findings *fd)
{
	struct pvabi_report_axes ax;
	size_t i;

	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<title>pvabi compatibility matrix</title>\n<style>%s</style>\n</head>\n<body>\n"
		   "<h1>pvabi compatibility matrix</h1>\n", style);
	totals(f, r, n, fd);
	pvabi_report_findings_html(f, fd);
	causes(f, r, n);
	if (pvabi_report_axes(r, n, &ax) == 0) {
		grid(f, r, n, &ax);
		pvabi_report_feature_html(f, r, n, &ax);
		pvabi_report_axes_free(&ax);
	}
	fprintf(f, "<h2>Cells</h2>\n");
	for (i = 0; i < n; i++)
		detail(f, dir, &r[i], i);
	fprintf(f, "</body>\n</html>\n");
}
