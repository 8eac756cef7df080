/* Manual section of the operations, their past: each op's history
 * across all revisions of the spec (state, argument count, what
 * changed), and the ops an older guest may still call that are gone by
 * the manual's revision. */
#include "emit/emit_docs.h"

static const char *state_at(const struct pvabi_op *op, int r)
{
	if (r < op->life.since)
		return "absent";
	if (op->life.removed >= 0 && r >= op->life.removed)
		return "removed";
	return pvabi_life_deprecated(&op->life, r) ? "deprecated" : "present";
}

/* Arguments are the only part of a signature with a history: "+flags
 * (default 0)" for one added in r, "-len" for one gone. */
static int arg_changes(struct docw *w, const struct pvabi_op *op, int r)
{
	size_t i;
	int n = 0, now, before;

	for (i = 0; i < op->nargs; i++) {
		now = pvabi_life_has(&op->args[i].life, r);
		before = pvabi_life_has(&op->args[i].life, r - 1);
		if (now == before)
			continue;
		dw_text(w, n++ ? ", " : "signature changed: ");
		dw_codef(w, "%c%s", now ? '+' : '-', op->args[i].name);
		if (now && op->args[i].has_default)
			dw_textf(w, " (default %lld)", (long long)op->args[i].default_value);
	}
	return n;
}

static void history_change(struct docw *w, const struct pvabi_gen *g,
			   const struct pvabi_op *op, int r)
{
	int n = 0;

	if (r == op->life.since) {
		dw_text(w, "added");
		n++;
	} else if (pvabi_life_has(&op->life, r) && arg_changes(w, op, r))
		n++;
	if (r == op->life.deprecated) {
		dw_text(w, n++ ? "; deprecated" : "deprecated");
		if (op->replaced_by >= 0) {
			dw_text(w, ", use ");
			dw_op_ref(w, g, op->replaced_by);
		}
	}
	if (r == op->life.removed)
		dw_text(w, n++ ? "; removed" : "removed");
	if (!n)
		dw_text(w, "-");
}

void docs_op_history(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = { "Revision", "State", "Arguments", "Change" };
	size_t i, nargs;
	int r;

	dw_subheading(w, "History");
	dw_table(w, heads, 4);
	for (r = 0; r < (int)g->spec->nrevs; r++) {
		w->ops->row(w);
		w->ops->cell(w);
		if (r == g->rev)
			dw_strong(w, g->spec->revs[r].id);
		else
			dw_text(w, g->spec->revs[r].id);
		dw_cell_text(w, state_at(op, r));
		for (i = 0, nargs = 0; i < op->nargs; i++)
			nargs += pvabi_life_has(&op->args[i].life, r);
		w->ops->cell(w);
		if (pvabi_life_has(&op->life, r))
			dw_textf(w, "%zu", nargs);
		else
			dw_text(w, "-");
		w->ops->cell(w);
		history_change(w, g, op, r);
		w->ops->row_end(w);
	}
	w->ops->table_end(w);
}

/* Ops that an older guest may still call but this revision no longer
 * has: named, so a reader upgrading a guest learns what went away. */
void docs_ops_removed(struct docw *w, const struct pvabi_gen *g,
		      const struct pvabi_op *const *ops, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		const struct pvabi_op *op = ops[i];

		if (op->life.removed < 0 || op->life.removed > g->rev)
			continue;
		if (!k++) {
			w->ops->para(w);
			dw_text(w, "Removed before or in this revision: ");
		} else {
			dw_text(w, "; ");
		}
		dw_code(w, op->name);
		dw_textf(w, " (id %u, removed in %s", op->id,
			 g->spec->revs[op->life.removed].id);
		if (op->replaced_by >= 0) {
			dw_text(w, ", replaced by ");
			dw_op_ref(w, g, op->replaced_by);
		}
		dw_text(w, ")");
	}
	if (k) {
		dw_text(w, ".");
		w->ops->para_end(w);
	}
}
