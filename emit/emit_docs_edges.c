/* The manual's word on an argument's range edges (<edge>, abi/edge.h),
 * on what it means against the platform's now (<now>, abi/now.h) and on
 * the op that reads back what it writes (restore-from=):
 * after its description, each declaration alive in the revision, its
 * mode and what it promises, then its own prose, so a reader sees what
 * the conformance images probe. */
#include "emit/emit_docs.h"
#include "abi/edge.h"
#include "abi/now.h"
#include "abi/limit.h"
#include "emit/emit_derive.h"

/* The grids its lateness is probed at (emit_late_scen.c): "Its
 * lateness is judged on the least of several tries, at moments 1 ns past
 * a step of 1000000, 524288 and 4000000 ns, ..." */
static void arg_now_grids(struct docw *w, const struct pvabi_now *n)
{
	uint64_t steps[3];
	size_t k = emit_late_grids(n, steps), i;

	if (!k)
		return;
	dw_text(w, " Its lateness is judged on the least of several tries, at moments 1 ns past"
		   " a step of ");
	for (i = 0; i < k; i++)
		dw_textf(w, "%s%llu", !i ? "" : i + 1 < k ? ", " : " and ",
			 (unsigned long long)steps[i]);
	dw_textf(w, " ns%s, where a deadline rounded up to such a grid is late by nearly a step:"
		    " at most %llu ns more than promised.",
		 n->is == PVABI_NOW_RELATIVE ? " and after a delay shorter than each" : "",
		 (unsigned long long)EMIT_LATE_SLACK_NS);
}

/* One <now>: "With flags=0x3: relative to get_time; 0 cancels; seen no
 * sooner than the deadline, at most 1000000 ns after it." */
static void arg_now(struct docw *w, const struct pvabi_now *n)
{
	dw_text(w, n->when ? " With " : " Without a mode");
	if (n->when)
		dw_code(w, n->when);
	dw_textf(w, ": %s, on ", pvabi_now_is_name(n->is));
	/* format 2: the clock is a pvclock record, the effect a bit */
	dw_code(w, n->record ? n->record : n->clock);
	if (n->record) {
		dw_text(w, " (observed by ");
		dw_code(w, n->observe);
		dw_text(w, ", effect: bit of ");
		dw_code(w, n->seen);
		dw_text(w, ")");
	}
	if (n->past) {
		dw_text(w, "; at or before now ");
		dw_code(w, n->past);
	}
	if (n->cancels)
		dw_text(w, "; 0 cancels");
	dw_textf(w, "; seen no sooner than %llu ns before its moment, at most %llu ns after it.",
		 (unsigned long long)n->early, (unsigned long long)n->late);
	arg_now_grids(w, n);
	if (n->doc) {
		dw_text(w, " ");
		dw_text(w, n->doc);
	}
}

/* One <ignored-bits> (emit/emit_ignored.c): "With `index=0xc0000080`:
 * a write ignores `0x400` (read back as it was) and stores `0x901` as
 * written; ..." so a reader sees the writes the images read back. */
static void arg_ignored(struct docw *w, const struct pvabi_ignored_bits *b)
{
	dw_text(w, b->when ? " With " : " In every mode");
	if (b->when)
		dw_code(w, b->when);
	dw_text(w, ": a write ignores ");
	dw_codef(w, "0x%llx", (unsigned long long)b->mask);
	dw_text(w, " (read back as it was, whatever the value holds there) and stores ");
	dw_codef(w, "0x%llx", (unsigned long long)b->writable);
	dw_text(w, " as written; the conformance images write the value read with each of"
		   " those bits set, then clear, then all clear, then the ignored bits set and"
		   " clear, read back after each, then write back the value read.");
	if (b->doc) {
		dw_text(w, " ");
		dw_text(w, b->doc);
	}
}

void emit_docs_arg_edges(struct docw *w, const struct pvabi_gen *g, const struct pvabi_arg *a)
{
	char pts[64];
	size_t i;

	for (i = 0; i < a->nedges; i++) {
		const struct pvabi_edge *e = &a->edges[i];

		if (!pvabi_life_has(&e->life, g->rev))
			continue;
		dw_text(w, " At ");
		dw_code(w, pvabi_edge_points(e->at, pts, sizeof(pts)));
		if (e->when) {
			dw_text(w, " with ");
			dw_code(w, e->when);
		}
		dw_textf(w, ": %s", pvabi_edge_is_name(e->is));
		if (e->adds) {
			dw_text(w, " (added to ");
			dw_code(w, e->adds);
			dw_text(w, ")");
		}
		if (e->is == PVABI_EDGE_REFUSED) {
			dw_text(w, ", ");
			dw_code(w, e->error);
		} else if (e->expect) {
			dw_text(w, ", ");
			dw_code(w, e->expect);
		}
		dw_text(w, ".");
		if (e->doc) {
			dw_text(w, " ");
			dw_text(w, e->doc);
		}
	}
	for (i = 0; i < a->nnows; i++)
		if (pvabi_life_has(&a->nows[i].life, g->rev))
			arg_now(w, &a->nows[i]);
	for (i = 0; i < a->nibits; i++)
		if (pvabi_life_has(&a->ibits[i].life, g->rev))
			arg_ignored(w, &a->ibits[i]);
	if (a->restore_from) { /* emit/emit_readback.c */
		const struct pvabi_op *rd = &g->spec->ops[a->restore_from - 1];

		dw_text(w, " Read back by ");
		dw_code(w, rd->name);
		dw_text(w, " (");
		dw_code(w, rd->args[a->restore_out].name);
		dw_text(w, "): each value an edge or partition says the call accepts is written, read back and compared.");
	}
}
