/* A run's results as the reports take them, and the order a run that
 * stops at its first red cell (--stop-at-red) runs its cells in.
 *
 * The order. Such a run wants a red cell early, so the cells that hold
 * the most checks go first: a fresh image (built today, with every class
 * of check the generator derives) before a frozen one (the checks of its
 * day); then every revision's own cell before any feature sub-cell (an
 * image that asks for every feature it knows runs every check, and a
 * break in one revision's path is seen only in that revision's row: one
 * cell per revision first, not every sub-cell of the newest); then the
 * newest revision first (it defines the most ops and features). A general
 * rule from what each cell runs, never from which break is looked for;
 * ties keep the plan's order (docs/matrix.md, The gate, has the figures
 * it was chosen by). */
#include "conformance/matrix.h"
#include "conformance/oracle.h"
#include "conformance/result_io.h"
#include "negotiator/pvabi_neg.h"

#include <stdlib.h>
#include <string.h>

static const struct pvabi_matrix *order_m; /* qsort's comparator has no context */

static uint32_t image_rev(const struct pvabi_cell *c)
{
	uint32_t rev;

	return pvabi_neg_parse_rev(c->image_rev, strlen(c->image_rev), &rev) ? 0 : rev;
}

static int cmp_cells(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	const struct pvabi_cell *a = &order_m->cells[i], *b = &order_m->cells[j];
	uint32_t ra = image_rev(a), rb = image_rev(b);
	int fa = a->feat.label[0] != '\0', fb = b->feat.label[0] != '\0';

	if (a->image_frozen != b->image_frozen)
		return a->image_frozen ? 1 : -1;
	if (fa != fb)
		return fa ? 1 : -1;
	if (ra != rb)
		return ra > rb ? -1 : 1;
	return i < j ? -1 : i > j;
}

void pvabi_matrix_run_order(const struct pvabi_matrix *m, size_t *todo, size_t n)
{
	order_m = m;
	qsort(todo, n, sizeof(*todo), cmp_cells);
	order_m = NULL;
}

/* A cell without a result file did not run: with --stop-at-red because
 * the run stopped before it, otherwise an error. */
int pvabi_matrix_collect(const struct pvabi_matrix_opts *o, const struct pvabi_matrix *m,
			 struct pvabi_cell_result **res, char *err, size_t errlen)
{
	char path[1200];
	size_t i;

	(void)err;
	(void)errlen;
	*res = calloc(m->n + 1, sizeof(**res));
	if (!*res)
		return -1;
	for (i = 0; i < m->n; i++) {
		struct pvabi_cell_result *r = &(*res)[i];
		char why[256];

		snprintf(path, sizeof(path), "%s/cells/%s.xml", o->out, m->cells[i].id);
		if (pvabi_result_read(path, r, why, sizeof(why)) == 0)
			continue;
		memset(r, 0, sizeof(*r));
		r->cell = m->cells[i];
		r->exit_code = -1;
		if (o->stop_at_red) {
			pvabi_cell_stop(r);
			continue;
		}
		r->verdict = PVABI_V_ERROR;
		snprintf(r->outcome, sizeof(r->outcome), "not-run");
		snprintf(r->reason, sizeof(r->reason), "no result: %s", why);
	}
	return 0;
}
