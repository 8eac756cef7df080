/* The terminal report: the matrix as a table of one-word cells, totals,
 * and one line per cell that is not green; the progress line printed
 * while a matrix runs; and the writer of every report file. */
#include "conformance/oracle.h"
#include "conformance/report.h"
#include "conformance/result_io.h"
#include "negotiator/pvabi_neg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- axes ------------------------------------------------------------- */

struct key {
	uint32_t order; /* revision code; "current" sorts first as 0 */
	char a[48], b[32];
};

static uint32_t rev_key(const char *s)
{
	uint32_t rev;

	return pvabi_neg_parse_rev(s, strlen(s), &rev) ? 0xffffffffu : rev;
}

static int cmp_key(const void *x, const void *y)
{
	const struct key *a = x, *b = y;
	int c;

	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	c = strcmp(a->a, b->a);
	return c ? c : strcmp(a->b, b->b);
}

static size_t find_key(const struct key *k, size_t n, const struct key *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(k[i].a, want->a) && !strcmp(k[i].b, want->b))
			return i;
	return n;
}

static void row_key(const struct pvabi_cell_result *r, struct key *k)
{
	memset(k, 0, sizeof(*k));
	k->order = rev_key(r->cell.image_rev);
	snprintf(k->a, sizeof(k->a), "%s", r->cell.image[0] ? r->cell.image : r->cell.image_rev);
}

static void col_key(const struct pvabi_cell_result *r, struct key *k)
{
	memset(k, 0, sizeof(*k));
	k->order = strcmp(r->cell.platform, "current") ? rev_key(r->cell.platform) : 0;
	snprintf(k->a, sizeof(k->a), "%s", r->cell.platform);
	snprintf(k->b, sizeof(k->b), "%s", r->cell.engine);
}

/* The distinct keys of every result, sorted. */
static size_t unique(const struct pvabi_cell_result *r, size_t n, struct key *out,
		     void (*key)(const struct pvabi_cell_result *, struct key *))
{
	struct key k;
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		key(&r[i], &k);
		if (find_key(out, m, &k) == m)
			out[m++] = k;
	}
	qsort(out, m, sizeof(*out), cmp_key);
	return m;
}

static void place(const struct pvabi_cell_result *r, size_t n, struct pvabi_report_axes *ax,
		  const struct key *rk, const struct key *ck)
{
	struct key k;
	size_t i, engines = 1;

	for (i = 1; i < ax->ncols; i++)
		engines += strcmp(ck[i].b, ck[0].b) != 0;
	for (i = 0; i < ax->nrows; i++)
		snprintf(ax->rows[i], sizeof(ax->rows[i]), "%s", rk[i].a);
	for (i = 0; i < ax->ncols; i++)
		snprintf(ax->cols[i], sizeof(ax->cols[i]), engines > 1 ? "%s %s" : "%s", ck[i].a,
			 ck[i].b);
	for (i = 0; i < n; i++) {
		row_key(&r[i], &k);
		ax->row[i] = find_key(rk, ax->nrows, &k);
		col_key(&r[i], &k);
		ax->col[i] = find_key(ck, ax->ncols, &k);
	}
}

int pvabi_report_axes(const struct pvabi_cell_result *r, size_t n, struct pvabi_report_axes *ax)
{
	struct key *rk = calloc(n + 1, sizeof(*rk)), *ck = calloc(n + 1, sizeof(*ck));

	memset(ax, 0, sizeof(*ax));
	if (rk && ck) {
		ax->nrows = unique(r, n, rk, row_key);
		ax->ncols = unique(r, n, ck, col_key);
		ax->rows = calloc(ax->nrows + 1, sizeof(*ax->rows));
		ax->cols = calloc(ax->ncols + 1, sizeof(*ax->cols));
		ax->row = calloc(n + 1, sizeof(*ax->row));
		ax->col = calloc(n + 1, sizeof(*ax->col));
	}
	if (!rk || !ck || !ax->rows || !ax->cols || !ax->row || !ax->col) {
		free(rk);
		free(ck);
		pvabi_report_axes_free(ax);
		return -1;
	}
	place(r, n, ax, rk, ck);
	free(rk);
	free(ck);
	return 0;
}

void pvabi_report_axes_free(struct pvabi_report_axes *ax)
{
	free(ax->rows);
	free(ax->cols);
	free(ax->row);
	free(ax->col);
	memset(ax, 0, sizeof(*ax));
}

/* --- words and totals ---------------------------------------------------- */

void pvabi_report_totals(const struct pvabi_cell_result *r, size_t n,
			 struct pvabi_report_totals *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	t->cells = n;
	for (i = 0; i < n; i++) {
		if ((unsigned int)r[i].verdict < PVABI_V_COUNT)
			t->by[r[i].verdict]++;
		if (!pvabi_cell_green(&r[i]))
			continue;
		t->green++;
		t->refused += !strcmp(r[i].outcome, "refused");
		t->lower += !strcmp(r[i].outcome, "pass-lower");
	}
}

const char *pvabi_report_word(const struct pvabi_cell_result *r, char *buf, size_t n)
{
	char rev[16];

	if (r->verdict == PVABI_V_PASS && !strcmp(r->outcome, "refused")) {
		snprintf(buf, n, "REFUSED");
	} else if (r->verdict == PVABI_V_PASS && !strcmp(r->outcome, "pass-lower")) {
		pvabi_neg_rev_format(r->negotiated, rev, sizeof(rev));
		snprintf(buf, n, "PASS@%s", rev);
	} else {
		snprintf(buf, n, "%s", pvabi_verdict_name(r->verdict));
	}
	return buf;
}

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

/* The word padded to width, coloured when asked. */
static void cell_word(FILE *f, const struct pvabi_cell_result *r, int width, int colour)
{
	char w[32];

	pvabi_report_word(r, w, sizeof(w));
	if (colour)
		fprintf(f, "\033[%sm%-*s\033[0m", sgr(r), width, w);
	else
		fprintf(f, "%-*s", width, w);
}

/* --- the table ----------------------------------------------------------- */

static void print_grid(FILE *f, const struct pvabi_cell_result *r, size_t n,
		       const struct pvabi_report_axes *ax, int colour)
{
	size_t i, j, k, *at = malloc((ax->nrows * ax->ncols + 1) * sizeof(*at));
	int w0 = 6, w = 9;

	if (!at)
		return;
	for (i = 0; i < ax->nrows * ax->ncols; i++)
		at[i] = n;
	for (i = 0; i < n; i++)
		at[ax->row[i] * ax->ncols + ax->col[i]] = i;
	for (i = 0; i < ax->nrows; i++)
		w0 = (int)strlen(ax->rows[i]) + 1 > w0 ? (int)strlen(ax->rows[i]) + 1 : w0;
	for (j = 0; j < ax->ncols; j++)
		w = (int)strlen(ax->cols[j]) + 1 > w ? (int)strlen(ax->cols[j]) + 1 : w;
	fprintf(f, "%-*s", w0, "image");
	for (j = 0; j < ax->ncols; j++)
		fprintf(f, " %-*s", w, ax->cols[j]);
	fputc('\n', f);
	for (i = 0; i < ax->nrows; i++) {
		fprintf(f, "%-*s", w0, ax->rows[i]);
		for (j = 0; j < ax->ncols; j++) {
			fputc(' ', f);
			k = at[i * ax->ncols + j];
			if (k < n)
				cell_word(f, &r[k], w, colour);
			else
				fprintf(f, "%-*s", w, "-");
		}
		fputc('\n', f);
	}
	free(at);
}

static void print_totals(FILE *f, const struct pvabi_cell_result *r, size_t n)
{
	struct pvabi_report_totals t;
	int v;

	pvabi_report_totals(r, n, &t);
	fprintf(f, "%zu cells, %zu green (%zu at a lower revision, %zu refused as predicted):",
		t.cells, t.green, t.lower, t.refused);
	for (v = 0; v < PVABI_V_COUNT; v++)
		fprintf(f, " %s %zu%s", pvabi_verdict_name((enum pvabi_verdict)v), t.by[v],
			v + 1 < PVABI_V_COUNT ? "," : "\n");
}

static const struct pvabi_check *failing(const struct pvabi_cell_result *r)
{
	size_t i;

	for (i = 0; r->checks && i < r->nchecks; i++)
		if (!r->checks[i].ok && !r->checks[i].todo && !r->checks[i].skip)
			return &r->checks[i];
	return NULL;
}

static void print_bad(FILE *f, const struct pvabi_cell_result *r, size_t n, int colour)
{
	const struct pvabi_check *c;
	size_t i;

	for (i = 0; i < n; i++) {
		if (pvabi_cell_green(&r[i]))
			continue;
		cell_word(f, &r[i], 8, colour);
		fprintf(f, " %s: %s", r[i].cell.id, r[i].reason[0] ? r[i].reason : "no reason given");
		if ((c = failing(&r[i])) && !strstr(r[i].reason, c->name))
			fprintf(f, " (first failing check: %s)", c->name);
		fputc('\n', f);
	}
}

void pvabi_report_table(FILE *f, const struct pvabi_cell_result *r, size_t n, int colour)
{
	struct pvabi_report_axes ax;

	colour = want_colour(f, colour);
	if (pvabi_report_axes(r, n, &ax) == 0) {
		print_grid(f, r, n, &ax, colour);
		pvabi_report_axes_free(&ax);
	}
	print_totals(f, r, n);
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

/* --- every report ------------------------------------------------------- */

static int one(const char *dir, const char *name, const struct pvabi_cell_result *r, size_t n,
	       char *err, size_t errlen)
{
	struct pvabi_afile a;
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (pvabi_afile_open(&a, path, err, errlen))
		return -1;
	if (!strcmp(name, "matrix.txt"))
		pvabi_report_table(a.f, r, n, 0);
	else if (!strcmp(name, "junit.xml"))
		pvabi_report_junit(a.f, r, n);
	else if (!strcmp(name, "results.json"))
		pvabi_report_json(a.f, r, n);
	else
		pvabi_report_html(a.f, dir, r, n);
	return pvabi_afile_commit(&a, err, errlen);
}

int pvabi_report_write_all(const char *dir, const struct pvabi_cell_result *r, size_t n,
			   char *err, size_t errlen)
{
	static const char *const names[] = { "matrix.txt", "junit.xml", "results.json",
					      "index.html" };
	size_t i;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (one(dir, names[i], r, n, err, errlen))
			return -1;
	return 0;
}
