/* The manual's table of the probes of a refusal by what a handle is
 * (<refused-kind>, emit/emit_kind_scen.c): per value and state of the
 * handle, the calls the image makes, as it makes them in the manual's
 * revision, so a reader sees which states a platform is held to. */
#include "emit/emit_docs.h"
#include "emit/emit_kind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The steps of d as one line: calls with their arguments and what they
 * must answer, the quiet window. */
static void steps_text(const struct pvabi_spec *s, const struct emit_derived *d, struct sbuf *b)
{
	size_t i;

	for (i = 0; i < d->sc.nsteps; i++) {
		const struct pvabi_step *st = &d->steps[i];

		if (i)
			sb_add(b, "; ");
		if (st->kind == PVABI_STEP_WAIT) {
			sb_add(b, "no interrupt within %llu ms",
			       (unsigned long long)(st->within_ns / 1000000));
			continue;
		}
		sb_add(b, "%s(%s)", s->ops[st->op].name, st->args ? st->args : "");
		if (st->expect && !strncmp(st->expect, "error=", 6))
			sb_add(b, " -> %s", st->expect + 6);
		else if (st->bind)
			sb_add(b, " -> $%s", st->bind);
	}
}

static void one_row(struct docw *w, const struct emit_kind_at *at, int v, int st)
{
	const struct pvabi_op *al = &at->s->ops[at->k->alloc_op];
	const struct pvabi_enum *e = &at->s->enums[al->args[at->k->by_arg].type.index];
	struct emit_derived *d = emit_kind_derive(at, v, st, PVABI_NONE);
	struct sbuf b = { 0 };
	char state[160];

	if (!d) {
		w->oom = 1;
		return;
	}
	emit_kind_state_name(at, st, state, sizeof(state));
	steps_text(at->s, d, &b);
	w->ops->row(w);
	dw_cell_code(w, e->values[v].name);
	dw_cell_text(w, state);
	if (b.oom)
		w->oom = 1;
	else
		dw_cell_code(w, sb_str(&b));
	w->ops->row_end(w);
	free(b.p);
	emit_derive_free(d);
}

static void one_kind(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op,
		     const struct pvabi_arg *a, const struct pvabi_kind_refusal *k)
{
	static const char *const heads[] = { "Kind", "State", "Calls" };
	const struct pvabi_spec *s = g->spec;
	struct emit_kind_at at;
	char buf[320];
	size_t m;
	int st;

	if (!emit_kind_at_init(&at, s, (int)(op - s->ops), a, k, g->rev))
		return;
	snprintf(buf, sizeof(buf),
		 "%s is refused with %s when %s allocated it with %s one of: %s. The images "
		 "probe each of these in every state the handle passes through, each wanting %s "
		 "and no effect (no interrupt, also once the handle is bound):",
		 a->name, s->errors[k->error].name, s->ops[k->alloc_op].name,
		 s->ops[k->alloc_op].args[k->by_arg].name, k->in, s->errors[k->error].name);
	dw_para_text(w, buf);
	if (k->doc)
		dw_paras(w, k->doc);
	dw_table(w, heads, 3);
	for (m = 0; m < k->nvalues; m++)
		for (st = 0; emit_kind_value_alive(&at, m) && st < emit_kind_nstates(&at); st++)
			one_row(w, &at, k->values[m], st);
	w->ops->table_end(w);
}

void docs_kinds(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	size_t i, m, n = 0;

	for (i = 0; i < op->nargs; i++)
		for (m = 0; m < op->args[i].nkinds; m++)
			n += pvabi_life_has(&op->args[i].kinds[m].life, g->rev);
	if (!n)
		return;
	dw_subheading(w, "Refused for what a handle is");
	for (i = 0; i < op->nargs; i++)
		for (m = 0; m < op->args[i].nkinds; m++)
			one_kind(w, g, op, &op->args[i], &op->args[i].kinds[m]);
}
