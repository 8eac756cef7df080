/* Findings: counting, stable ordering, text and JSON output. */
#include "abi/check.h"
#include "util/json.h"

#include <stdlib.h>
#include <string.h>

static const char *const sev_names[] = {
	"breaking", "waived", "warning", "compatible",
};

const char *pvabi_severity_name(enum pvabi_severity s)
{
	return sev_names[s];
}

size_t pvabi_findings_count(const struct pvabi_findings *f,
			    enum pvabi_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += f->v[i].sev == sev;
	return n;
}

static int cmp_finding(const void *x, const void *y)
{
	const struct pvabi_finding *a = x, *b = y;
	int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	c = strcmp(a->rule, b->rule);
	if (c)
		return c;
	c = strcmp(a->rev ? a->rev : "", b->rev ? b->rev : "");
	return c ? c : strcmp(a->msg, b->msg);
}

void pvabi_findings_sort(struct pvabi_findings *f)
{
	if (f->n)
		qsort(f->v, f->n, sizeof(*f->v), cmp_finding);
}

void pvabi_findings_print(const struct pvabi_findings *f, FILE *out, int all)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		const struct pvabi_finding *x = &f->v[i];

		if (x->sev == PVABI_SEV_COMPAT && !all)
			continue;
		fprintf(out, "%s:%d: %s: %s: %s%s%s", x->file ? x->file : "-", x->line,
			x->rule, sev_names[x->sev], x->msg, x->rev ? " [" : "",
			x->rev ? x->rev : "");
		fputs(x->rev ? "]" : "", out);
		if (x->sev == PVABI_SEV_WAIVED)
			fprintf(out, " (waiver at %s:%d)", x->waiver_file, x->waiver_line);
		fputc('\n', out);
	}
}

void pvabi_findings_json(const struct pvabi_findings *f, FILE *out)
{
	size_t i;

	fputs("{\"findings\":[", out);
	for (i = 0; i < f->n; i++) {
		const struct pvabi_finding *x = &f->v[i];

		fputs(i ? ",\n  {" : "\n  {", out);
		fputs("\"rule\":", out);
		pvabi_json_str(out, x->rule);
		fprintf(out, ",\"severity\":\"%s\",\"file\":", sev_names[x->sev]);
		pvabi_json_str(out, x->file);
		fprintf(out, ",\"line\":%d,\"revision\":", x->line);
		if (x->rev)
			pvabi_json_str(out, x->rev);
		else
			fputs("null", out);
		fputs(",\"target\":", out);
		pvabi_json_str(out, x->target);
		fputs(",\"message\":", out);
		pvabi_json_str(out, x->msg);
		fputc('}', out);
	}
	fprintf(out, "\n],\"summary\":{\"breaking\":%zu,\"waived\":%zu,\"warning\":%zu,\"compatible\":%zu}}\n",
		pvabi_findings_count(f, PVABI_SEV_BREAKING),
		pvabi_findings_count(f, PVABI_SEV_WAIVED),
		pvabi_findings_count(f, PVABI_SEV_WARNING),
		pvabi_findings_count(f, PVABI_SEV_COMPAT));
}
