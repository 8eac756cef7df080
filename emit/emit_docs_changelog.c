/* The manual's changelog: each revision up to the documented one with
 * its changes from the revision before, as the checker classifies them. */
#include "abi/compare.h"
#include "emit/emit_docs.h"

#include <stdlib.h>
#include <string.h>

/* Marks the breaks the spec waives, on a copy of its waiver list: the
 * checker records use in the list, and the spec we were given is const. */
static void waive(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	struct pvabi_spec copy = *s;
	struct pvabi_waiver *v;

	if (!s->nwaivers)
		return;
	v = malloc(s->nwaivers * sizeof(*v));
	if (!v) {
		f->oom = 1;
		return;
	}
	memcpy(v, s->waivers, s->nwaivers * sizeof(*v));
	copy.waivers = v;
	pvabi_check_waivers(&copy, f);
	free(v);
}

static const char *justification(const struct pvabi_spec *s,
				 const struct pvabi_finding *x)
{
	size_t i;

	for (i = 0; i < s->nwaivers; i++)
		if (s->waivers[i].loc.line == x->waiver_line &&
		    !strcmp(s->waivers[i].rule, x->rule))
			return s->waivers[i].justification;
	return NULL;
}

/* Unused-waiver warnings are about other revisions' waivers, not about
 * a change: the changelog leaves them to `pvabi check`. */
static int is_change(const struct pvabi_finding *x)
{
	return strcmp(x->rule, "WAIVER_UNUSED") != 0;
}

static void change_rows(struct docw *w, const struct pvabi_gen *g,
			const struct pvabi_findings *f)
{
	static const char *const heads[] = { "Rule", "Class", "Target", "Change" };
	const char *why;
	size_t i;

	dw_table(w, heads, 4);
	for (i = 0; i < f->n; i++) {
		const struct pvabi_finding *x = &f->v[i];

		if (!is_change(x))
			continue;
		w->ops->row(w);
		dw_cell_code(w, x->rule);
		dw_cell_text(w, pvabi_severity_name(x->sev));
		dw_cell_code(w, x->target);
		dw_cell_text(w, x->msg);
		if (x->sev == PVABI_SEV_WAIVED && (why = justification(g->spec, x))) {
			dw_text(w, " (waived: ");
			dw_text(w, why);
			dw_text(w, ")");
		}
		w->ops->row_end(w);
	}
	w->ops->table_end(w);
}

/* Findings that describe a change, of one class. */
static size_t count_changes(const struct pvabi_findings *f, int sev)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += is_change(&f->v[i]) && (sev < 0 || f->v[i].sev == (enum pvabi_severity)sev);
	return n;
}

static void change_summary(struct docw *w, const struct pvabi_gen *g, int rev,
			   const struct pvabi_findings *f)
{
	static const enum pvabi_severity sev[] = {
		PVABI_SEV_COMPAT, PVABI_SEV_WARNING, PVABI_SEV_WAIVED, PVABI_SEV_BREAKING,
	};
	size_t i, k, n = count_changes(f, -1);
	int first = 1;

	w->ops->para(w);
	if (!n)
		dw_textf(w, "No ABI change from %s.", g->spec->revs[rev - 1].id);
	else
		dw_textf(w, "%zu change%s from %s:", n, n == 1 ? "" : "s",
			 g->spec->revs[rev - 1].id);
	for (i = 0; n && i < sizeof(sev) / sizeof(sev[0]); i++) {
		if (!(k = count_changes(f, (int)sev[i])))
			continue;
		dw_textf(w, "%s %zu %s", first ? "" : ",", k, pvabi_severity_name(sev[i]));
		first = 0;
	}
	dw_text(w, n ? "." : "");
	w->ops->para_end(w);
}

/* The changes from rev - 1 to rev, classified by the checker itself so
 * the manual and `pvabi check` can never disagree. */
static void changes(struct docw *w, const struct pvabi_gen *g, int rev)
{
	struct view a = { g->spec, rev - 1 }, b = { g->spec, rev };
	struct pvabi_findings f = { 0 };

	compare_views(a, b, CMP_EVOLVE, &f);
	waive(g->spec, &f);
	pvabi_findings_sort(&f);
	if (f.oom)
		w->oom = 1;
	change_summary(w, g, rev, &f);
	if (count_changes(&f, -1))
		change_rows(w, g, &f);
	pvabi_findings_free(&f);
}

void docs_changelog(struct docw *w, const struct pvabi_gen *g)
{
	const struct pvabi_reg_rev *rr;
	char a[160];
	int i;

	w->ops->heading(w, 2, "changelog");
	dw_text(w, "Changelog");
	w->ops->heading_end(w, 2);
	for (i = g->rev; i >= 0; i--) {
		rr = dw_reg_rev(g, i);
		w->ops->heading(w, 3, dw_anchor(a, sizeof(a), "rev", g->spec->revs[i].id));
		dw_textf(w, "Revision %s", g->spec->revs[i].id);
		w->ops->heading_end(w, 3);
		w->ops->para(w);
		dw_textf(w, "Status %s, date %s.", dw_status(g, i),
			 rr && rr->date ? rr->date : "not recorded");
		w->ops->para_end(w);
		dw_paras(w, g->spec->revs[i].doc);
		if (i > 0)
			changes(w, g, i);
		else
			dw_paras(w, "The first revision of this ABI.");
	}
}
