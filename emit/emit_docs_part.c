/* The manual's "Input cases" of an op: each case its doc tells apart
 * (<partition>), what puts an input in it, and the probes the
 * conformance images derive from it in this revision, with the result
 * each expects. */
#include "emit/emit_docs.h"
#include "abi/partition.h"

#include <stdio.h>

static void probes_cell(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op,
			const struct pvabi_partition *p)
{
	struct pvabi_part_probe pr;
	char err[256], line[700];
	size_t k;
	int d = 1;

	w->ops->cell(w);
	for (k = 0; k < pvabi_part_members(p); k++) {
		d = pvabi_part_derive(g->spec, op, p, g->rev, k, &pr, err, sizeof(err));
		if (d)
			break;
		if (k)
			w->ops->cell_break(w);
		snprintf(line, sizeof(line), "%s%s%s -> %s", pvabi_part_class(p, k) ? pvabi_part_class(p, k) : "",
			 pvabi_part_class(p, k) ? ": " : "", pr.args[0] ? pr.args : "()", pr.expect);
		dw_code(w, line);
	}
	if (d)
		dw_text(w, d > 0 ? "none: no call expecting success to derive one from" : err);
}

void docs_partitions(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = { "Case", "Input", "Result", "Probes", "Since", "Description" };
	char what[256];
	size_t i, n = 0;

	for (i = 0; i < op->nparts; i++) {
		const struct pvabi_partition *p = &op->parts[i];

		if (!pvabi_part_exists(op, p, g->rev))
			continue;
		if (!n++) {
			dw_subheading(w, "Input cases");
			dw_table(w, heads, 6);
		}
		w->ops->row(w);
		dw_cell_code(w, p->name);
		pvabi_part_describe(op, p, what, sizeof(what));
		dw_cell_text(w, what);
		if (p->expect)
			dw_cell_code(w, p->expect);
		else
			dw_cell_text(w, "as the call it is derived from");
		probes_cell(w, g, op, p);
		w->ops->cell(w);
		dw_life(w, g, &p->life);
		dw_cell_doc(w, p->doc);
		w->ops->row_end(w);
	}
	if (n)
		w->ops->table_end(w);
}
