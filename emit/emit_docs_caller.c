/* The manual's "Made again from vCPU 1" under an op: each vector a
 * conformance image also makes from vCPU 1 (abi/caller.h,
 * emit/emit_caller_scen.c), with the arguments vCPU 1 passes, and the
 * op's <by-caller> declarations. */
#include "emit/emit_docs.h"
#include "emit/emit_caller.h"
#include "abi/caller.h"

static void one_copy(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op,
		     size_t j)
{
	const struct pvabi_vector *v = &op->vectors[j];
	struct emit_derived *d;
	unsigned int relabel, ones;
	int rc = emit_caller_derive(g->spec, (int)(op - g->spec->ops), j, g->rev, &d);

	if (rc < 0 || !d) {
		w->oom |= rc < 0;
		return;
	}
	pvabi_caller_copies(g->spec, op, v, g->rev, &relabel, &ones);
	w->ops->row(w);
	dw_cell_code(w, v->args && *v->args ? v->args : "(none)");
	dw_cell_code(w, d->steps[0].args && *d->steps[0].args ? d->steps[0].args : "(none)");
	dw_cell_code(w, v->expect);
	dw_cell_text(w, relabel ? "names a vCPU: the caller's own stays the caller's"
				: "the op depends on its caller (by-caller)");
	w->ops->row_end(w);
	emit_derive_free(d);
}

void docs_by_caller(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = { "From vCPU 0", "From vCPU 1", "Expect", "Why" };
	unsigned int relabel, ones;
	size_t i, n = 0;

	for (i = 0; i < op->nvectors; i++)
		n += pvabi_life_has(&op->vectors[i].life, g->rev) &&
		     pvabi_caller_copies(g->spec, op, &op->vectors[i], g->rev, &relabel, &ones) == 1;
	if (!n)
		return;
	dw_subheading(w, "Made again from vCPU 1");
	dw_para_text(w, "What these calls do or answer depends on the vCPU that makes them, so "
		     "a conformance image makes each again from vCPU 1, with the same "
		     "expectation; an argument that names vCPU 0 or 1 names the other, so that "
		     "a call naming its caller still does. Where vCPU 1 does not start, each is "
		     "a skip that says so.");
	for (i = 0; i < op->nby_callers; i++)
		if (pvabi_life_has(&op->by_callers[i].life, g->rev) && op->by_callers[i].doc)
			dw_paras(w, op->by_callers[i].doc);
	dw_table(w, heads, 4);
	for (i = 0; i < op->nvectors; i++)
		if (pvabi_life_has(&op->vectors[i].life, g->rev))
			one_copy(w, g, op, i);
	w->ops->table_end(w);
}
