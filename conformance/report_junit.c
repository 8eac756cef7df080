/* JUnit XML, as CI servers (GitLab, GitHub Actions, Jenkins) read it: one
 * <testsuite> per cell, one <testcase> per TAP check with its duration,
 * and a synthetic "prediction" testcase that carries the oracle's
 * verdict, so a cell whose checks all passed at the wrong revision still
 * shows red. */
#include "conformance/oracle.h"
#include "conformance/report.h"
#include "conformance/revname.h"
#include "conformance/result_io.h"
#include "negotiator/pvabi_neg.h"

#include <string.h>

static void xs(FILE *f, const char *s)
{
	pvabi_xml_str(f, s, 0);
}

static void xs_nl(FILE *f, const char *s)
{
	pvabi_xml_str(f, s, PVABI_XML_KEEP_NL);
}

static void attr(FILE *f, const char *name, const char *v)
{
	fprintf(f, " %s=\"", name);
	xs(f, v);
	fputc('"', f);
}

static int check_failed(const struct pvabi_check *c)
{
	return !c->ok && !c->skip && !c->todo;
}

static int prediction_error(enum pvabi_verdict v)
{
	return v == PVABI_V_ERROR || v == PVABI_V_CRASH || v == PVABI_V_TIMEOUT;
}

static void property(FILE *f, const char *name, const char *v)
{
	fprintf(f, "      <property");
	attr(f, "name", name);
	attr(f, "value", v);
	fprintf(f, "/>\n");
}

static void properties(FILE *f, const struct pvabi_cell_result *r)
{
	char rev[24];

	fprintf(f, "    <properties>\n");
	property(f, "image", r->cell.image);
	property(f, "image_rev", r->cell.image_rev);
	property(f, "platform", r->cell.platform);
	property(f, "engine", r->cell.engine);
	if (r->cell.feat.label[0])
		property(f, "features", r->cell.feat.label);
	property(f, "prediction", pvabi_pred_kind_name(r->cell.pred.kind));
	property(f, "outcome", pvabi_report_outcome(r));
	property(f, "verdict", pvabi_verdict_name(r->verdict));
	pvabi_revname(r->negotiated, rev, sizeof(rev));
	property(f, "negotiated", r->neg_status == ~0u ? "none" : rev);
	fprintf(f, "    </properties>\n");
}

static void prediction_case(FILE *f, const struct pvabi_cell_result *r)
{
	const char *tag = r->verdict == PVABI_V_FAIL ? "failure"
			  : prediction_error(r->verdict) ? "error" : NULL;

	fprintf(f, "    <testcase");
	attr(f, "classname", r->cell.id);
	fprintf(f, " name=\"prediction\" time=\"%.3f\">\n", r->ms / 1e3);
	if (r->verdict == PVABI_V_SKIP) {
		fprintf(f, "      <skipped");
		attr(f, "message", r->reason);
		fprintf(f, "/>\n");
	} else if (tag) {
		fprintf(f, "      <%s", tag);
		attr(f, "message", r->reason);
		attr(f, "type", pvabi_verdict_name(r->verdict));
		fprintf(f, ">predicted: ");
		xs(f, r->cell.pred.why);
		fprintf(f, "\noutcome: ");
		xs(f, pvabi_report_outcome(r));
		fprintf(f, "</%s>\n", tag);
	}
	fprintf(f, "      <system-out>predicted: ");
	xs(f, r->cell.pred.why);
	fprintf(f, "\noutcome: ");
	xs(f, pvabi_report_outcome(r));
	fprintf(f, " (exit %d)\nlog: ", r->exit_code);
	xs(f, r->log);
	fprintf(f, "\ntap: ");
	xs(f, r->tap);
	fprintf(f, "</system-out>\n    </testcase>\n");
}

/* The test name is the check's stable name: CI keeps a check's history
 * by it, so no run-time value may be in it. A name that repeats in one
 * cell gets its occurrence number. */
static void check_case(FILE *f, const struct pvabi_cell_result *r, const struct pvabi_check *c,
		       size_t i)
{
	struct pvabi_report_check rc, other;
	char name[230];
	size_t k, dup = 0;

	pvabi_report_check(c, &rc);
	for (k = 0; k < i; k++) {
		pvabi_report_check(&r->checks[k], &other);
		dup += !strcmp(other.name, rc.name);
	}
	if (dup)
		snprintf(name, sizeof(name), "%s #%zu", rc.name, dup + 1);
	else
		snprintf(name, sizeof(name), "%s", rc.name);
	fprintf(f, "    <testcase");
	attr(f, "classname", r->cell.id);
	attr(f, "name", name);
	fprintf(f, " time=\"%.3f\"", c->ms > 0 ? c->ms / 1e3 : 0.0);
	if (!check_failed(c) && !c->skip && !(c->todo && !c->ok)) {
		fprintf(f, "/>\n");
		return;
	}
	fprintf(f, ">\n      <%s", check_failed(c) ? "failure" : "skipped");
	attr(f, "message", check_failed(c) ? rc.diag : c->diag[0] ? c->diag : c->todo ? "TODO" : "SKIP");
	if (check_failed(c)) {
		fprintf(f, " type=\"not ok\">");
		xs_nl(f, c->name);
		fputc('\n', f);
		xs_nl(f, rc.diag);
		fprintf(f, "</failure>\n");
	} else {
		fprintf(f, "/>\n");
	}
	fprintf(f, "    </testcase>\n");
}

static void suite(FILE *f, const struct pvabi_cell_result *r)
{
	unsigned int fails = 0, skips = 0;
	size_t i;

	for (i = 0; r->checks && i < r->nchecks; i++) {
		fails += check_failed(&r->checks[i]);
		skips += r->checks[i].skip || (r->checks[i].todo && !r->checks[i].ok);
	}
	fails += r->verdict == PVABI_V_FAIL;
	skips += r->verdict == PVABI_V_SKIP;
	fprintf(f, "  <testsuite");
	attr(f, "name", r->cell.id);
	fprintf(f, " tests=\"%zu\" failures=\"%u\" errors=\"%d\" skipped=\"%u\" time=\"%.3f\">\n",
		r->nchecks + 1, fails, prediction_error(r->verdict), skips, r->ms / 1e3);
	properties(f, r);
	prediction_case(f, r);
	for (i = 0; r->checks && i < r->nchecks; i++)
		check_case(f, r, &r->checks[i], i);
	fprintf(f, "  </testsuite>\n");
}

void pvabi_report_junit(FILE *f, const struct pvabi_cell_result *r, size_t n)
{
	pvabi_report_junit_with(f, r, n, NULL);
}

void pvabi_report_junit_with(FILE *f, const struct pvabi_cell_result *r, size_t n,
			     const struct pvabi_findings *fd)
{
	size_t i, tests = 0, fails = 0, errors = 0, skips = 0, k;
	size_t brk = fd ? pvabi_findings_count(fd, PVABI_SEV_BREAKING) : 0;
	double secs = 0;

	for (i = 0; i < n; i++) {
		tests += r[i].nchecks + 1;
		secs += r[i].ms / 1e3;
		errors += prediction_error(r[i].verdict);
		fails += r[i].verdict == PVABI_V_FAIL;
		skips += r[i].verdict == PVABI_V_SKIP;
		for (k = 0; r[i].checks && k < r[i].nchecks; k++) {
			fails += check_failed(&r[i].checks[k]);
			skips += r[i].checks[k].skip || (r[i].checks[k].todo && !r[i].checks[k].ok);
		}
	}
	if (fd) {
		tests += brk ? brk : 1;
		fails += brk;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuites name=\"pvabi matrix\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
		   "skipped=\"%zu\" time=\"%.3f\">\n", tests, fails, errors, skips, secs);
	pvabi_report_findings_junit(f, fd);
	for (i = 0; i < n; i++)
		suite(f, &r[i]);
	fprintf(f, "</testsuites>\n");
}
