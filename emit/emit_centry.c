/* The entries of a conformance table that the emitters of each class
 * add: which ops an image knows and where each sits in its table, and
 * one resolved vector's entry. Below the table (emit_conformance.c) and
 * every emitter it calls, which call these and nothing above them. */
#include "emit/emit.h"
#include "emit/emit_ctable.h"
#include "abi/vector.h"

#include <stdlib.h>
#include <string.h>

/* Ops the image knows: present in some revision up to its own. */
int emit_known(const struct pvabi_gen *g, const struct pvabi_op *op)
{
	int r;

	for (r = 0; r <= g->rev; r++)
		if (pvabi_life_has(&op->life, r))
			return 1;
	return 0;
}

size_t emit_known_index(const struct pvabi_gen *g, const struct pvabi_op **ops, size_t nops,
			int opi)
{
	size_t i, k = 0;

	for (i = 0; i < nops && ops[i] != &g->spec->ops[opi]; i++)
		k += (size_t)emit_known(g, ops[i]);
	return k;
}

int emit_vec_entry(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op *op,
		   size_t opi, const struct pvabi_vector *vec, const char *label,
		   const struct pvabi_vec *v, int rev, long *last, const struct pvabi_loc *loc)
{
	struct centry e;
	size_t i;

	memset(&e, 0, sizeof(e));
	e.opi = opi;
	e.vec = vec;
	e.since = rev;
	e.until = rev + 1;
	e.nargs = v->nargs;
	e.nchecks = v->nchecks;
	e.expect = v->is_error ? "PVABI_CEXP_ERROR"
		 : v->cmp == PVABI_CMP_GE ? "PVABI_CEXP_RET_GE" : "PVABI_CEXP_RET_EQ";
	e.value = v->is_error ? (long long)g->spec->errors[v->error].value : (long long)v->ret;
	if (label)
		sb_add(&e.label, "%s", label);
	for (i = 0; i < v->nargs; i++)
		render_arg(&e.args, g, op, &v->args[i], rev,
			   emit_refusal_keeps(op, v->args[i].arg, v->is_error ? v->error : -1));
	if (render_checks(&e.checks, g, op, v, rev) || e.args.oom || e.checks.oom || e.label.oom) {
		free(e.args.p);
		free(e.checks.p);
		free(e.label.p);
		pvabi_diag_add(g->d, "GEN_UNSUPPORTED", loc->file, loc->line,
			       "vector does not fit the conformance tables");
		*last = -1;
		return -1;
	}
	if (*last >= 0 && t->e[*last].until == rev && centry_same(&t->e[*last], &e) &&
	    !strcmp(sb_str(&t->e[*last].label), sb_str(&e.label))) {
		t->e[*last].until = rev + 1;
		free(e.args.p);
		free(e.checks.p);
		free(e.label.p);
		return 0;
	}
	*last = ctable_push(t, &e);
	return *last < 0 ? -1 : 0;
}
