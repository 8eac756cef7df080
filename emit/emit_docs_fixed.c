/* The manual's "Values fixed for the guest's life" under an op: each
 * <fixed> (abi/fixed.h) alive in the manual's revision, with the call
 * that reads it, its scope and grant, and where a conformance image
 * reads it again (guest/rt/suite_fixed.c); in format 2 those of the
 * op's commands (emit/emit_conf2_fixed.c reads them). */
#include "emit/emit_docs.h"
#include "abi/fixed.h"

static void one_fixed(struct docw *w, const struct pvabi_gen *g, const struct pvabi_fixed *f)
{
	static const char *const scopes[2][2] = {
		{ "the guest's, the same on every vCPU", "each vCPU's own" },
		{ "the guest's, the same on every vCPU; it moves only when the host's clock is "
		  "stepped, by the step",
		  "each vCPU's own; it moves only when the host's clock is stepped, by the step" },
	};

	w->ops->row(w);
	dw_cell_code(w, f->value ? f->value : "");
	dw_cell_code(w, f->args && *f->args ? f->args : "(none)");
	dw_cell_text(w, scopes[f->unless == PVABI_FIXED_UNLESS_HOST_CLOCK_STEP]
			      [f->scope != PVABI_SCOPE_GUEST]);
	if (f->feature >= 0)
		dw_cell_code(w, g->spec->features[f->feature].name);
	else
		dw_cell_text(w, "always");
	w->ops->cell(w);
	dw_life(w, g, &f->life);
	dw_cell_doc(w, f->doc);
	w->ops->row_end(w);
}

/* Format 2: the <fixed> of the op's commands, one table. */
static void cmd_fixeds(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = { "Command", "Values", "Read with", "Since",
					     "Description" };
	size_t i, j, n = 0;

	for (i = 0; i < op->ncmds; i++)
		for (j = 0; pvabi_life_has(&op->cmds[i].life, g->rev) && j < op->cmds[i].nfixeds;
		     j++) {
			const struct pvabi_fixed *f = &op->cmds[i].fixeds[j];

			if (!pvabi_life_has(&f->life, g->rev))
				continue;
			if (!n++) {
				dw_subheading(w, "Values fixed for the guest's life");
				dw_para_text(w, "A guest reads these once and caches them: every "
					     "later reading, from any vCPU, must answer the same, "
					     "byte for byte. A conformance suite reads each before "
					     "its first test and again as its last tests, from "
					     "vCPU 0 and from vCPU 1.");
				dw_table(w, heads, 5);
			}
			w->ops->row(w);
			dw_cell_code(w, op->cmds[i].name);
			dw_cell_code(w, f->value ? f->value : "");
			dw_cell_code(w, f->args && *f->args ? f->args : "(none)");
			w->ops->cell(w);
			dw_life(w, g, &f->life);
			dw_cell_doc(w, f->doc);
			w->ops->row_end(w);
		}
	if (n)
		w->ops->table_end(w);
}

void docs_fixed(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = { "Values", "Read with", "Scope", "While granted",
					     "Since", "Description" };
	size_t i, n = 0;

	cmd_fixeds(w, g, op);
	for (i = 0; i < op->nfixeds; i++)
		n += (size_t)pvabi_life_has(&op->fixeds[i].life, g->rev);
	if (!n)
		return;
	dw_subheading(w, "Values fixed for the guest's life");
	dw_para_text(w, "A guest reads these once and caches them: every later reading must "
		     "answer the same, bit for bit. A conformance image reads each right after "
		     "the agreement, again after the vectors, batches and scenarios (a second "
		     "negotiate and malformed offers made, vCPU 1 ran, timers fired), from "
		     "vCPU 1 where the value is the guest's, and at the end of the run with the "
		     "platform limits, after the handle tables filled.");
	dw_table(w, heads, 6);
	for (i = 0; i < op->nfixeds; i++)
		if (pvabi_life_has(&op->fixeds[i].life, g->rev))
			one_fixed(w, g, &op->fixeds[i]);
	w->ops->table_end(w);
}
