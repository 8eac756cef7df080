/* The manual's word on an argument's range edges (<edge>, abi/edge.h):
 * after its description, each edge alive in the revision, its points,
 * mode, kind and answer, then its own prose, so a reader sees what the
 * conformance images probe. */
#include "emit/emit_docs.h"
#include "abi/edge.h"

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
}
