/* The spec check's findings in a gate's report files: the verdict has
 * two halves (the checker and the matrix) and every report shows both,
 * so a CI page that reads only junit.xml or results.json still sees a
 * broken rule. Breaking findings only: they are what fails the gate. */
#include "conformance/report.h"
#include "util/json.h"
#include "util/xml.h"

#include <string.h>

static size_t breaking(const struct pvabi_findings *fd)
{
	return fd ? pvabi_findings_count(fd, PVABI_SEV_BREAKING) : 0;
}

void pvabi_report_findings_text(FILE *f, const struct pvabi_findings *fd)
{
	size_t i, b = breaking(fd);

	if (!fd)
		return;
	fprintf(f, "spec check: %zu breaking finding%s\n", b, b == 1 ? "" : "s");
	for (i = 0; i < fd->n; i++)
		if (fd->v[i].sev == PVABI_SEV_BREAKING)
			fprintf(f, "  %s: %s:%d: %s%s%s%s\n", fd->v[i].rule, fd->v[i].file,
				fd->v[i].line, fd->v[i].msg, fd->v[i].rev ? " [" : "",
				fd->v[i].rev ? fd->v[i].rev : "", fd->v[i].rev ? "]" : "");
}

static void xattr(FILE *f, const char *name, const char *v)
{
	fprintf(f, " %s=\"", name);
	pvabi_xml_str(f, v ? v : "", 0);
	fputc('"', f);
}

/* One testcase per breaking finding, named by rule and element (the
 * same in every run); one passing testcase when there is none. */
void pvabi_report_findings_junit(FILE *f, const struct pvabi_findings *fd)
{
	size_t i, b = breaking(fd);
	char name[400];

	if (!fd)
		return;
	fprintf(f, "  <testsuite name=\"spec check\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
		   "skipped=\"0\">\n", b ? b : 1, b);
	if (!b)
		fprintf(f, "    <testcase classname=\"spec check\" name=\"no breaking finding\"/>\n");
	for (i = 0; i < fd->n; i++) {
		const struct pvabi_finding *x = &fd->v[i];

		if (x->sev != PVABI_SEV_BREAKING)
			continue;
		snprintf(name, sizeof(name), "%s %s%s%s", x->rule, x->target[0] ? x->target : "",
			 x->rev ? " @" : "", x->rev ? x->rev : "");
		fprintf(f, "    <testcase classname=\"spec check\"");
		xattr(f, "name", name);
		fprintf(f, ">\n      <failure");
		xattr(f, "message", x->msg);
		xattr(f, "type", x->rule);
		fputc('>', f);
		pvabi_xml_str(f, x->file, 0);
		fprintf(f, ":%d: ", x->line);
		pvabi_xml_str(f, x->msg, PVABI_XML_KEEP_NL);
		fprintf(f, "</failure>\n    </testcase>\n");
	}
	fprintf(f, "  </testsuite>\n");
}

/* ,"spec_check":{...} inside results.json's top object. */
void pvabi_report_findings_json(FILE *f, const struct pvabi_findings *fd)
{
	size_t i, k = 0;

	if (!fd)
		return;
	fprintf(f, ",\"spec_check\":{\"breaking\":%zu,\"findings\":[", breaking(fd));
	for (i = 0; i < fd->n; i++) {
		const struct pvabi_finding *x = &fd->v[i];

		if (x->sev != PVABI_SEV_BREAKING)
			continue;
		fputs(k++ ? ",{\"rule\":" : "{\"rule\":", f);
		pvabi_json_str(f, x->rule);
		fputs(",\"file\":", f);
		pvabi_json_str(f, x->file ? x->file : "");
		fprintf(f, ",\"line\":%d,\"revision\":", x->line);
		if (x->rev)
			pvabi_json_str(f, x->rev);
		else
			fputs("null", f);
		fputs(",\"target\":", f);
		pvabi_json_str(f, x->target);
		fputs(",\"message\":", f);
		pvabi_json_str(f, x->msg);
		fputc('}', f);
	}
	fputs("]}", f);
}

void pvabi_report_findings_html(FILE *f, const struct pvabi_findings *fd)
{
	size_t i, b = breaking(fd);

	if (!fd)
		return;
	fprintf(f, "<h2>Spec check: %zu breaking finding%s</h2>\n", b, b == 1 ? "" : "s");
	if (!b)
		return;
	fprintf(f, "<ol class=\"causes\">\n");
	for (i = 0; i < fd->n; i++) {
		const struct pvabi_finding *x = &fd->v[i];

		if (x->sev != PVABI_SEV_BREAKING)
			continue;
		fprintf(f, "<li><span class=\"n\">");
		pvabi_xml_str(f, x->rule, 0);
		fprintf(f, "</span> ");
		pvabi_xml_str(f, x->file ? x->file : "", 0);
		fprintf(f, ":%d: ", x->line);
		pvabi_xml_str(f, x->msg, 0);
		fprintf(f, "</li>\n");
	}
	fprintf(f, "</ol>\n");
}
