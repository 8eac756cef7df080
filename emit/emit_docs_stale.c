/* The manual's table of the pairs of calls each output is read after
 * (abi/stale.c): per op, in the manual's revision, the two calls
 * of each pair, what their expectations tell apart, so a reader sees
 * which values a platform must not carry from one call to the next. */
#include "emit/emit_docs.h"
#include "abi/stale.h"
#include "emit/emit_ctable.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void docs_stale(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = { "First call", "Second call", "Outputs told apart" };
	struct pvabi_stale *at = malloc(sizeof(*at));
	char a[200], b[200], keys[400];
	size_t k;

	if (!at) {
		w->oom = 1;
		return;
	}
	if (g->spec->format != 1 ||
	    !pvabi_stale_init(at, g->spec, (int)(op - g->spec->ops), g->rev) || !at->npairs) {
		free(at);
		return;
	}
	dw_subheading(w, "Read after another value");
	dw_para_text(w, "Each image makes these calls back to back, the first, the second, the "
			"first again, each judged on every output it expects, right after the other "
			"left another value there (first|second below). A call on a handle brings a "
			"new handle into the state the steps named bring it; the images free it "
			"after. The output buffers are poisoned before each call.");
	dw_table(w, heads, 3);
	for (k = 0; k < at->npairs; k++) {
		pvabi_stale_obs_text(at, at->pairs[k].a, a, sizeof(a));
		pvabi_stale_obs_text(at, at->pairs[k].b, b, sizeof(b));
		pvabi_stale_keys_text(at, k, keys, sizeof(keys));
		w->ops->row(w);
		dw_cell_code(w, a);
		dw_cell_code(w, b);
		dw_cell_text(w, keys);
		w->ops->row_end(w);
	}
	w->ops->table_end(w);
	free(at);
}

/* What fell due, delivered by one call of op (emit/emit_tick_scen.c). */
void docs_tick(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = { "Template", "The one call", "Expected",
					     "Then, no call and no doorbell" };
	const struct pvabi_vector *v;
	const char *tmpl;
	char within[48];

	if (!emit_tick_call(g->spec, (int)(op - g->spec->ops), g->rev, &tmpl, &v))
		return;
	dw_subheading(w, "Delivers what fell due");
	dw_para_text(w, "A deadline that passed while the guest made no call has fired before "
			"its next call of any op. Each image runs the template with this one call "
			"right after its idle, then waits with interrupts enabled, making no call "
			"and ringing no doorbell, for the template's upcall.");
	dw_table(w, heads, 4);
	w->ops->row(w);
	dw_cell_code(w, tmpl);
	dw_cell_code(w, v->args && *v->args ? v->args : "(no arguments)");
	dw_cell_code(w, v->expect ? v->expect : "");
	snprintf(within, sizeof(within), "its upcalls within %u ns", EMIT_TICK_QUIET_NS);
	dw_cell_text(w, within);
	w->ops->row_end(w);
	w->ops->table_end(w);
}
