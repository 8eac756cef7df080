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
	return n + (sev == PVABI_SEV_COMPAT ? f->compat_counted : 0);
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

/* Findings that differ only by revision, the same place, rule, target
 * and message: one line for them all. */
static int same_but_rev(const struct pvabi_finding *a, const struct pvabi_finding *b)
{
	return a->line == b->line && a->sev == b->sev && !strcmp(a->rule, b->rule) &&
	       !strcmp(a->file ? a->file : "", b->file ? b->file : "") &&
	       !strcmp(a->target, b->target) && !strcmp(a->msg, b->msg);
}

/* Revision ids in the order of revisions ("1.9" before "1.10"). */
static int cmp_rev(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	unsigned long am = strtoul(a, NULL, 10), bm = strtoul(b, NULL, 10);

	if (am != bm)
		return am < bm ? -1 : 1;
	am = strtoul(strchr(a, '.') ? strchr(a, '.') + 1 : "0", NULL, 10);
	bm = strtoul(strchr(b, '.') ? strchr(b, '.') + 1 : "0", NULL, 10);
	return am < bm ? -1 : am > bm;
}

/* An unchecked output is one finding per revision (a waiver accepts one
 * revision), but one line of text per output with its revisions: a
 * partial spec's check stays readable. They are sorted by place and
 * rule, so the findings to fold follow x in the same (file, line, rule)
 * run. *folded marks those printed with x. */
static void print_revs(const struct pvabi_findings *f, size_t i, FILE *out, char *folded)
{
	const struct pvabi_finding *x = &f->v[i];
	const char **revs = NULL;
	size_t j, n = 1;

	for (j = i + 1; x->waivable && x->sev == PVABI_SEV_WARNING && j < f->n &&
			f->v[j].line == x->line && !strcmp(f->v[j].rule, x->rule); j++)
		n += f->v[j].rev && same_but_rev(x, &f->v[j]);
	if (n > 1)
		revs = malloc(n * sizeof(*revs));
	if (!revs) {
		fprintf(out, " [%s]", x->rev);
		return;
	}
	revs[0] = x->rev;
	for (j = i + 1, n = 1; j < f->n && f->v[j].line == x->line && !strcmp(f->v[j].rule, x->rule);
	     j++)
		if (f->v[j].rev && same_but_rev(x, &f->v[j])) {
			revs[n++] = f->v[j].rev;
			folded[j] = 1;
		}
	qsort(revs, n, sizeof(*revs), cmp_rev);
	for (j = 0; j < n; j++)
		fprintf(out, "%s%s", j ? ", " : " [", revs[j]);
	fputc(']', out);
	free(revs);
}

void pvabi_findings_print(const struct pvabi_findings *f, FILE *out, int all)
{
	char *folded = calloc(f->n + 1, 1);
	size_t i;

	for (i = 0; i < f->n; i++) {
		const struct pvabi_finding *x = &f->v[i];

		if ((x->sev == PVABI_SEV_COMPAT && !all) || (folded && folded[i]))
			continue;
		fprintf(out, "%s:%d: %s: %s: %s", x->file ? x->file : "-", x->line,
			x->rule, sev_names[x->sev], x->msg);
		if (x->rev && folded)
			print_revs(f, i, out, folded);
		else if (x->rev)
			fprintf(out, " [%s]", x->rev);
		if (x->sev == PVABI_SEV_WAIVED)
			fprintf(out, " (waiver at %s:%d)", x->waiver_file, x->waiver_line);
		fputc('\n', out);
	}
	free(folded);
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
