/* results.json: every cell with its coordinates, prediction, outcome,
 * verdict, both negotiation records, counts, checks, paths and times,
 * and a summary. Strings are written by the one JSON writer (util/json.h):
 * valid UTF-8 as it is, invalid bytes as U+FFFD, so the document is valid
 * whatever a guest printed. */
#include "conformance/oracle.h"
#include "conformance/report.h"
#include "conformance/revname.h"
#include "conformance/tapparse.h"
#include "negotiator/pvabi_neg.h"
#include "util/json.h"

#include <math.h>
#include <string.h>

static void js(FILE *f, const char *s)
{
	pvabi_json_str(f, s);
}

static void key(FILE *f, const char *k, const char *v)
{
	fprintf(f, "\"%s\":", k);
	js(f, v);
}

static double finite_or_0(double v)
{
	return isfinite(v) ? v : 0;
}

static int printable_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* A record parsed as a JSON object goes in as JSON; anything else (cut,
 * garbage) as a string, so the document stays valid either way. */
static void record(FILE *f, const char *k, const char *rec)
{
	fprintf(f, ",\"%s\":", k);
	if (!rec[0])
		fputs("null", f);
	else if (printable_ascii(rec) && pvabi_json_object_get(rec, strlen(rec), NULL, NULL, 0) >= 0)
		fputs(rec, f);
	else
		js(f, rec);
}

static void rev_or_null(FILE *f, const char *k, uint32_t rev, int has)
{
	char buf[24];

	fprintf(f, ",\"%s\":", k);
	if (!has) {
		fputs("null", f);
		return;
	}
	js(f, pvabi_revname(rev, buf, sizeof(buf)));
}

static void prediction(FILE *f, const struct pvabi_prediction *p)
{
	fprintf(f, ",\"prediction\":{");
	key(f, "kind", pvabi_pred_kind_name(p->kind));
	rev_or_null(f, "revision", p->rev, p->kind != PVABI_PRED_REFUSED);
	fprintf(f, ",");
	key(f, "status", pvabi_neg_status_name(p->neg_status));
	fprintf(f, ",\"granted\":\"0x%llx\",\"missing\":\"0x%llx\",",
		(unsigned long long)p->granted, (unsigned long long)p->missing);
	key(f, "why", p->why);
	fputc('}', f);
}

static void checks(FILE *f, const struct pvabi_cell_result *r)
{
	size_t i;

	fprintf(f, ",\"checks\":[");
	for (i = 0; r->checks && i < r->nchecks; i++) {
		const struct pvabi_check *c = &r->checks[i];

		struct pvabi_report_check rc;

		pvabi_report_check(c, &rc);
		fprintf(f, "%s{", i ? "," : "");
		key(f, "name", c->name);
		fputc(',', f);
		key(f, "check", rc.name);
		fprintf(f, ",\"ok\":%s,\"skip\":%s,\"todo\":%s,\"seconds\":%.6f,", c->ok ? "true" : "false",
			c->skip ? "true" : "false", c->todo ? "true" : "false", finite_or_0(c->ms) / 1e3);
		key(f, "diag", c->diag);
		fputc('}', f);
	}
	fputc(']', f);
}

/* The first failed check, split as the reports show it, and the cell's
 * cause as the HTML page groups cells by it; null for a cell without. */
static void first_failure(FILE *f, const struct pvabi_cell_result *r)
{
	const struct pvabi_check *c;
	struct pvabi_report_check rc;
	char cause[sizeof(r->reason) + 64];
	size_t i = 0;

	pvabi_report_cause(r, cause, sizeof(cause));
	fputc(',', f);
	key(f, "cause", pvabi_cell_green(r) ? "" : cause);
	if (!(c = pvabi_report_first_failure(r, &i))) {
		fprintf(f, ",\"first_failure\":null");
		return;
	}
	pvabi_report_check(c, &rc);
	fprintf(f, ",\"first_failure\":{\"index\":%zu,", i + 1);
	key(f, "check", rc.name);
	fputc(',', f);
	key(f, "expected", rc.expected);
	fputc(',', f);
	key(f, "got", rc.got);
	fputc(',', f);
	key(f, "diag", rc.diag);
	fputc('}', f);
}

/* The feature axis: "features" is "" for an (image, platform) cell, its
 * sub-cell's label otherwise, with what it changed. */
static void features(FILE *f, const struct pvabi_cell_features *ft)
{
	fputc(',', f);
	key(f, "features", ft->label);
	if (ft->want)
		fprintf(f, ",\"want\":{\"required\":\"0x%llx\",\"optional\":\"0x%llx\"}",
			(unsigned long long)ft->required, (unsigned long long)ft->optional);
	if (ft->offer)
		fprintf(f, ",\"offer\":\"0x%llx\"", (unsigned long long)ft->offered);
}

static void coordinates(FILE *f, const struct pvabi_cell *c)
{
	key(f, "id", c->id);
	fputc(',', f);
	key(f, "image", c->image);
	fputc(',', f);
	key(f, "image_path", c->image_path);
	fputc(',', f);
	key(f, "image_rev", c->image_rev);
	fprintf(f, ",\"image_frozen\":%s,", c->image_frozen ? "true" : "false");
	key(f, "platform", c->platform);
	fputc(',', f);
	key(f, "engine", c->engine);
	features(f, &c->feat);
}

static void cell(FILE *f, const struct pvabi_cell_result *r)
{
	fputc('{', f);
	coordinates(f, &r->cell);
	prediction(f, &r->cell.pred);
	fputc(',', f);
	key(f, "outcome", pvabi_report_outcome(r));
	fputc(',', f);
	key(f, "verdict", pvabi_verdict_name(r->verdict));
	fprintf(f, ",\"green\":%s,\"exit_code\":%d,", pvabi_cell_green(r) ? "true" : "false",
		r->exit_code);
	key(f, "reason", r->reason);
	first_failure(f, r);
	fprintf(f, ",\"negotiated\":{");
	fputs(r->neg_status == ~0u ? "\"status\":null" : "\"status\":", f);
	if (r->neg_status != ~0u)
		js(f, pvabi_neg_status_name(r->neg_status));
	rev_or_null(f, "revision", r->negotiated, r->negotiated != 0);
	fprintf(f, ",\"granted\":\"0x%llx\",\"missing\":\"0x%llx\"}",
		(unsigned long long)r->granted, (unsigned long long)r->missing);
	record(f, "guest_record", r->guest_record);
	record(f, "platform_record", r->platform_record);
	fprintf(f, ",\"counts\":{\"passed\":%u,\"failed\":%u,\"skipped\":%u,\"checks\":%zu}",
		r->passed, r->failed, r->skipped, r->nchecks);
	if (r->waited.waits)
		fprintf(f, ",\"waited\":{\"waits\":%llu,\"declared_ns\":%llu,\"event_ticks\":%llu,"
			"\"ticks\":%llu,\"tsc_khz\":%llu}", r->waited.waits, r->waited.declared_ns,
			r->waited.event_ticks, r->waited.ticks, r->waited.tsc_khz);
	checks(f, r);
	fputc(',', f);
	key(f, "log", r->log);
	fputc(',', f);
	key(f, "tap", r->tap);
	fprintf(f, ",\"seconds\":%.3f}", finite_or_0(r->ms) / 1e3);
}

static void summary(FILE *f, const struct pvabi_cell_result *r, size_t n)
{
	struct pvabi_report_totals t;
	double secs = 0;
	size_t i;
	int v;

	pvabi_report_totals(r, n, &t);
	for (i = 0; i < n; i++)
		secs += finite_or_0(r[i].ms) / 1e3;
	fprintf(f, "\"summary\":{\"cells\":%zu,\"green\":%zu,\"all_green\":%s,\"refused\":%zu,"
		   "\"pass_lower\":%zu,\"seconds\":%.3f,\"verdicts\":{", t.cells, t.green,
		t.green == t.cells ? "true" : "false", t.refused, t.lower, secs);
	for (v = 0; v < PVABI_V_COUNT; v++)
		fprintf(f, "%s\"%s\":%zu", v ? "," : "", pvabi_verdict_name((enum pvabi_verdict)v),
			t.by[v]);
	fprintf(f, "}}");
}

void pvabi_report_json(FILE *f, const struct pvabi_cell_result *r, size_t n)
{
	pvabi_report_json_with(f, r, n, NULL);
}

void pvabi_report_json_with(FILE *f, const struct pvabi_cell_result *r, size_t n,
			    const struct pvabi_findings *fd)
{
	size_t i;

	fprintf(f, "{\"format\":1,\"tool\":\"pvabi\",");
	summary(f, r, n);
	pvabi_report_findings_json(f, fd);
	fprintf(f, ",\"cells\":[");
	for (i = 0; i < n; i++) {
		fputs(i ? ",\n" : "\n", f);
		cell(f, &r[i]);
	}
	fprintf(f, "\n]}\n");
}
