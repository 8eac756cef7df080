/* What every report shares: the matrix's axes (rows and columns, and
 * where each cell goes), the totals and a cell's one-word verdict. The
 * writers (report_text.c, report_junit.c, report_json.c, report_html.c)
 * call these; nothing here calls a writer. */
#include "conformance/oracle.h"
#include "conformance/report.h"
#include "conformance/revname.h"
#include "negotiator/pvabi_neg.h"

#include <stdlib.h>
#include <string.h>

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
	char rev[24];

	if (pvabi_cell_stopped(r)) {
		snprintf(buf, n, "not-run");
	} else if (r->verdict == PVABI_V_PASS && !strcmp(r->outcome, "refused")) {
		snprintf(buf, n, "REFUSED");
	} else if (r->verdict == PVABI_V_PASS && !strcmp(r->outcome, "pass-lower")) {
		snprintf(buf, n, "PASS@%s", pvabi_revname(r->negotiated, rev, sizeof(rev)));
	} else {
		snprintf(buf, n, "%s", pvabi_verdict_name(r->verdict));
	}
	return buf;
}
