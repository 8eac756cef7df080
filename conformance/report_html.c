/* index.html: one self-contained page (inline CSS and script, nothing
 * fetched) with the matrix as a coloured grid. Every cell's details,
 * its log included, are in the page as escaped text in hidden sections;
 * clicking a cell copies its section into the detail pane, so the page
 * works from a CI artifact store or a file:// URL. */
#include "conformance/oracle.h"
#include "conformance/report.h"
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
	"dt{font-weight:600;margin-top:.4em}#detail{margin-top:1.5em}";

static const char script[] =
	"(function(){var sel=null;"
	"function show(td){var s=document.getElementById(td.getAttribute('data-cell'));"
	"if(!s)return;if(sel)sel.className=sel.className.replace(' sel','');"
	"sel=td;td.className+=' sel';"
	"document.getElementById('detail').innerHTML=s.innerHTML;}"
	"var tds=document.querySelectorAll('td[data-cell]');"
	"for(var i=0;i<tds.length;i++){tds[i].onclick=function(){show(this);};"
	"tds[i].onkeydown=function(e){if(e.key==='Enter')show(this);};}})();";

static void hs(FILE *f, const char *s)
{
	pvabi_xml_str(f, s, PVABI_XML_KEEP_NL);
}

static void grid(FILE *f, const struct pvabi_cell_result *r, size_t n,
		 const struct pvabi_report_axes *ax)
{
	size_t i, j, k;
	char w[32];

	fprintf(f, "<table class=\"grid\">\n<tr><th>image</th>");
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
			for (k = n; k-- > 0;)
				if (ax->row[k] == i && ax->col[k] == j)
					break;
			if (k == (size_t)-1) {
				fprintf(f, "<td>-</td>");
				continue;
			}
			pvabi_report_word(&r[k], w, sizeof(w));
			fprintf(f, "<td class=\"v-%s\" data-cell=\"c%zu\" tabindex=\"0\" title=\"",
				strncmp(w, "PASS", 4) ? w : "PASS", k);
			hs(f, r[k].cell.id);
			fprintf(f, "\">%s</td>", w);
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

/* The log: DIR/cells/<id>.log (where this report lives), else the path
 * the result names (relative to DIR when relative); at most PVABI_REPORT_LOG_CAP bytes, with a note. */
static void log_text(FILE *f, const char *dir, const struct pvabi_cell_result *r)
{
	struct pvabi_file_buf b;
	char path[4096];
	int rc = -1;

	if (dir) {
		snprintf(path, sizeof(path), "%s/cells/%s.log", dir, r->cell.id);
		rc = pvabi_file_read(path, PVABI_REPORT_LOG_CAP, PVABI_FILE_TRUNCATE, &b, NULL, 0);
	}
	if (rc < 0 && r->log[0]) {
		snprintf(path, sizeof(path), "%s%s%s", dir && r->log[0] != '/' ? dir : "",
			 dir && r->log[0] != '/' ? "/" : "", r->log);
		rc = pvabi_file_read(path, PVABI_REPORT_LOG_CAP, PVABI_FILE_TRUNCATE, &b, NULL, 0);
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

	fprintf(f, "<h3>Checks (%u passed, %u failed, %u skipped)</h3>\n<pre>", r->passed,
		r->failed, r->skipped);
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
	fprintf(f, "</pre>\n");
}

static void detail(FILE *f, const char *dir, const struct pvabi_cell_result *r, size_t k)
{
	char line[400], rev[16], w[32];

	fprintf(f, "<section id=\"c%zu\">\n<h2>", k);
	hs(f, r->cell.id);
	fprintf(f, " &#8212; %s</h2>\n<dl>\n", pvabi_report_word(r, w, sizeof(w)));
	pvabi_neg_rev_format(r->cell.pred.rev, rev, sizeof(rev));
	snprintf(line, sizeof(line), "%s%s%s: %s", pvabi_pred_kind_name(r->cell.pred.kind),
		 r->cell.pred.kind == PVABI_PRED_REFUSED ? "" : " at ",
		 r->cell.pred.kind == PVABI_PRED_REFUSED ? "" : rev, r->cell.pred.why);
	dd(f, "Prediction", line, 0);
	snprintf(line, sizeof(line), "%s (exit %d, %.2f s)", r->outcome, r->exit_code, r->ms / 1e3);
	dd(f, "Outcome", line, 0);
	dd(f, "Reason", r->reason, 0);
	dd(f, "Image", r->cell.image_path, 0);
	dd(f, "Guest negotiation record", r->guest_record, 1);
	dd(f, "Platform negotiation record", r->platform_record, 1);
	fprintf(f, "</dl>\n");
	checks(f, r);
	fprintf(f, "<h3>Log</h3>\n");
	log_text(f, dir, r);
	fprintf(f, "</section>\n");
}

static void totals(FILE *f, const struct pvabi_cell_result *r, size_t n)
{
	struct pvabi_report_totals t;
	int v;

	pvabi_report_totals(r, n, &t);
	fprintf(f, "<p>%zu cells, %zu green (%zu at a lower revision, %zu refused as predicted):",
		t.cells, t.green, t.lower, t.refused);
	for (v = 0; v < PVABI_V_COUNT; v++)
		fprintf(f, " %s %zu%s", pvabi_verdict_name((enum pvabi_verdict)v), t.by[v],
			v + 1 < PVABI_V_COUNT ? "," : ".</p>\n");
}

void pvabi_report_html(FILE *f, const char *dir, const struct pvabi_cell_result *r, size_t n)
{
	struct pvabi_report_axes ax;
	size_t i;

	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<title>pvabi compatibility matrix</title>\n<style>%s</style>\n</head>\n<body>\n"
		   "<h1>pvabi compatibility matrix</h1>\n", style);
	totals(f, r, n);
	if (pvabi_report_axes(r, n, &ax) == 0) {
		grid(f, r, n, &ax);
		pvabi_report_axes_free(&ax);
	}
	fprintf(f, "<div id=\"detail\"><p>Click a cell for its prediction, outcome, "
		   "negotiation records and log.</p></div>\n<div hidden>\n");
	for (i = 0; i < n; i++)
		detail(f, dir, &r[i], i);
	fprintf(f, "</div>\n<script>%s</script>\n</body>\n</html>\n", script);
}
