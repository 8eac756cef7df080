/* The manual's "A failing request" of an op that takes a batch
 * (<batch>, abi/batch.h): what a failing request leaves behind in this
 * revision, where a request's effect shows, and the batches the
 * conformance images send to see it. */
#include "emit/emit_docs.h"
#include "abi/batch.h"

#include <stdio.h>

static void probes(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op,
		   const struct pvabi_batch *b)
{
	struct pvabi_batch_refusal rf[PVABI_BATCH_MAX_REFUSALS];
	char err[256];
	int n = pvabi_batch_refusals(g->spec, op, b, g->rev, rf, PVABI_BATCH_MAX_REFUSALS, err,
				     sizeof(err));
	unsigned int f;
	int k;

	w->ops->list(w);
	for (k = 0; k < n; k++)
		for (f = 0; f < PVABI_BATCH_N; f++) {
			w->ops->item(w);
			dw_textf(w, "request %u of %d fails (%s): ", f + 1, PVABI_BATCH_N,
				 g->spec->errors[rf[k].error].name);
			dw_codef(w, "%s=%u", b->done >= 0 ? op->args[b->done].name : "ret",
				 pvabi_batch_done(b, PVABI_BATCH_N, f));
			w->ops->item_end(w);
		}
	w->ops->list_end(w);
}

void docs_batch(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	const struct pvabi_batch *b = pvabi_batch_of(op, g->rev);
	const struct pvabi_struct *st;

	if (!b)
		return;
	st = &g->spec->structs[op->args[b->array].type.index];
	dw_subheading(w, "A failing request");
	w->ops->para(w);
	dw_textf(w, "When a request of %s fails, the call %s; ", op->args[b->array].name,
		 pvabi_batch_words(b));
	dw_textf(w, "%s counts the requests done. ",
		 b->done >= 0 ? op->args[b->done].name : "the return value");
	if (b->w_page >= 0)
		dw_textf(w, "A request's effect is its %s stored as entry %s (%u bytes each) of the page at %s. ",
			 st->fields[b->w_value].name, st->fields[b->w_entry].name, b->width,
			 st->fields[b->w_page].name);
	dw_textf(w, "The conformance images send batches of %d requests, one of them failing:",
		 PVABI_BATCH_N);
	w->ops->para_end(w);
	probes(w, g, op, b);
	dw_paras(w, b->doc);
}
