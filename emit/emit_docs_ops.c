/* Manual section of the operations: a summary, then every op of the
 * revision in id order with its signature, arguments, errors and
 * conformance vectors; its history and the ops gone before the revision
 * are in emit_docs_history.c. */
#include "emit/emit_docs.h"
#include "abi/limit.h"

#include <stdlib.h>
#include <string.h>

#define HAS(life) pvabi_life_has(&(life), g->rev)

static const char *const pass_names[] = {
	"value", "pointer, in", "pointer, out", "pointer, in/out",
};

/* Appends to a fixed buffer; a signature that does not fit is cut, the
 * argument table below it still has everything. */
static void cat(char *buf, size_t n, const char *a, const char *b, const char *c)
{
	size_t len = strlen(buf);

	if (len < n)
		snprintf(buf + len, n - len, "%s%s%s", a, b, c);
}

static void sig_arg(const struct pvabi_op *op, const struct pvabi_arg *a,
		    char *buf, size_t n)
{
	static const char *const dir[] = { "", "in ", "out ", "inout " };
	char num[32];

	cat(buf, n, dir[a->dir], a->type.name,
	    a->dir == PVABI_BY_VALUE || a->count_arg >= 0 ? " " : " *");
	cat(buf, n, a->name, "", "");
	if (a->count_arg >= 0)
		cat(buf, n, "[", op->args[a->count_arg].name, "]");
	if (a->has_default) {
		snprintf(num, sizeof(num), "%lld", (long long)a->default_value);
		cat(buf, n, " = ", num, "");
	}
}

/* "s64 set_timer(u64 deadline, u32 flags = 0)"; "status" when the op
 * returns only 0 or an error. */
static void signature(const struct pvabi_op *op, int rev, char *buf, size_t n)
{
	size_t i, k = 0;

	buf[0] = '\0';
	cat(buf, n, op->ret_void ? "status" : op->ret.name, " ", op->name);
	cat(buf, n, "(", "", "");
	for (i = 0; i < op->nargs; i++) {
		if (!pvabi_life_has(&op->args[i].life, rev))
			continue;
		cat(buf, n, k++ ? ", " : "", "", "");
		sig_arg(op, &op->args[i], buf, n);
	}
	cat(buf, n, k ? "" : "void", ")", "");
}

/* --- summary ---------------------------------------------------------- */

/* The first sentence of the first paragraph, for the summary table. */
static void first_sentence(struct docw *w, const char *doc)
{
	const char *end = doc ? strstr(doc, ". ") : NULL;
	const char *para = doc ? strstr(doc, "\n\n") : NULL;
	size_t n;

	if (!doc || !*doc) {
		dw_text(w, "-");
		return;
	}
	n = end ? (size_t)(end - doc) + 1 : strlen(doc);
	if (para && (size_t)(para - doc) < n)
		n = (size_t)(para - doc);
	w->ops->span(w, DOCW_TEXT, doc, n);
}

static void summary(struct docw *w, const struct pvabi_gen *g,
		    const struct pvabi_op *const *ops, size_t n)
{
	static const char *const heads[] = { "Id", "Name", "Since", "Summary" };
	size_t i;

	dw_table(w, heads, 4);
	for (i = 0; i < n; i++) {
		if (!HAS(ops[i]->life))
			continue;
		w->ops->row(w);
		w->ops->cell(w);
		dw_textf(w, "%u", ops[i]->id);
		w->ops->cell(w);
		dw_ref(w, "op", ops[i]->name);
		w->ops->cell(w);
		dw_life(w, g, &ops[i]->life);
		w->ops->cell(w);
		first_sentence(w, ops[i]->doc);
		w->ops->row_end(w);
	}
	w->ops->table_end(w);
}

/* --- one op ----------------------------------------------------------- */

static void facts(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	const struct pvabi_spec *s = g->spec;

	w->ops->list(w);
	dw_item(w, "Since");
	dw_life(w, g, &op->life);
	w->ops->item_end(w);
	if (op->replaced_by >= 0) {
		dw_item(w, "Replaced by");
		dw_op_ref(w, g, op->replaced_by);
		w->ops->item_end(w);
	}
	if (op->feature >= 0) {
		dw_item(w, "Feature");
		dw_code(w, s->features[op->feature].name);
		dw_textf(w, " (bit %u): callable only when negotiation granted it",
			 s->features[op->feature].bit);
		w->ops->item_end(w);
	}
	if (op->c_name) {
		dw_item(w, "In C");
		dw_code(w, op->c_name);
		w->ops->item_end(w);
	}
	if (op->conv >= 0) {
		dw_item(w, "Calling convention");
		dw_ref(w, "conv", s->convs[op->conv].name);
		w->ops->item_end(w);
	}
	if (op->ends_run) {
		dw_item(w, "Ends the run");
		dw_text(w, "a guest stops with it, its argument ");
		dw_code(w, op->args[op->ends_run - 1].name);
		dw_text(w, " saying why; the platform records that reason for whoever runs the "
			"guest");
		w->ops->item_end(w);
	}
	if (op->frozen) {
		dw_item(w, "Frozen");
		dw_text(w, "its id, calling convention and layout never change");
		w->ops->item_end(w);
	}
	if (op->probe_base) {
		dw_item(w, "Probe base");
		dw_code(w, op->probe_base);
		dw_text(w, ": what the derived probes (limits, range edges, full tables) pass "
			   "for the arguments they do not probe");
		w->ops->item_end(w);
	}
	w->ops->list_end(w);
}

/* A default that is an enum value is shown with its name too. */
static void arg_default(struct docw *w, const struct pvabi_gen *g,
			const struct pvabi_arg *a)
{
	const struct pvabi_enum *e;
	size_t i;

	if (!a->has_default) {
		dw_text(w, "-");
		return;
	}
	dw_codef(w, "%lld", (long long)a->default_value);
	if (a->type.kind != PVABI_T_ENUM)
		return;
	e = &g->spec->enums[a->type.index];
	for (i = 0; i < e->nvalues; i++)
		if (e->values[i].value == a->default_value && HAS(e->values[i].life)) {
			dw_text(w, " (");
			dw_code(w, e->values[i].name);
			dw_text(w, ")");
		}
}

/* The bits the guest owns (<guest-bits>), after the description: the
 * platform looks at none of them. */
static void arg_guest_bits(struct docw *w, const struct pvabi_gen *g, const struct pvabi_arg *a)
{
	size_t i;

	for (i = 0; i < a->ngbits; i++) {
		const struct pvabi_guest_bits *b = &a->gbits[i];

		if (!pvabi_life_has(&b->life, g->rev))
			continue;
		dw_text(w, " The guest's bits, ignored by the platform: ");
		dw_codef(w, "0x%llx", (unsigned long long)b->mask);
		if (b->when_set) {
			dw_text(w, " when ");
			dw_codef(w, "0x%llx", (unsigned long long)b->when_set);
			dw_text(w, " is set");
		}
		if (b->when_clear) {
			dw_text(w, b->when_set ? " and " : " when ");
			dw_codef(w, "0x%llx", (unsigned long long)b->when_clear);
			dw_text(w, " is clear");
		}
		dw_text(w, ".");
	}
}

/* What a refusal leaves of an output (written-on=, docs/
 * spec-language.md#what-a-refused-call-writes): every conformance image
 * judges each refusal's out-buffers against the guest's poison. */
static void arg_refused(struct docw *w, const struct pvabi_gen *g, const struct pvabi_arg *a)
{
	if (a->dir != PVABI_PTR_OUT && a->dir != PVABI_PTR_INOUT)
		return;
	if (!a->written_on) {
		dw_text(w, " A refused call leaves it as the guest had it, byte for byte (judged "
			   "after every refusal).");
		return;
	}
	dw_text(w, " Written also when the call fails with ");
	dw_errors(w, g, a->written_on);
	dw_text(w, "; any other refusal leaves it as the guest had it, byte for byte (judged "
		   "after every such refusal).");
}

static void arg_row(struct docw *w, const struct pvabi_gen *g,
		    const struct pvabi_op *op, const struct pvabi_arg *a, size_t slot)
{
	w->ops->row(w);
	w->ops->cell(w);
	dw_textf(w, "%zu", slot);
	dw_cell_code(w, a->name);
	w->ops->cell(w);
	dw_type(w, &a->type);
	dw_cell_text(w, pass_names[a->dir]);
	w->ops->cell(w);
	if (a->count_arg >= 0) {
		dw_text(w, "elements in ");
		dw_code(w, op->args[a->count_arg].name);
	} else {
		dw_text(w, a->dir == PVABI_BY_VALUE ? "-" : "1");
	}
	w->ops->cell(w);
	arg_default(w, g, a);
	w->ops->cell(w);
	dw_life(w, g, &a->life);
	dw_cell_doc(w, a->doc);
	arg_guest_bits(w, g, a);
	arg_refused(w, g, a);
	docs_arg_state(w, g, op, a);
	emit_docs_arg_edges(w, g, a);
	w->ops->row_end(w);
}

static void args(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = {
		"Slot", "Name", "Type", "Pass", "Count", "Default", "Since", "Description",
	};
	size_t i, slot = 0;

	dw_subheading(w, "Arguments");
	for (i = 0; i < op->nargs; i++)
		slot += HAS(op->args[i].life);
	if (!slot) {
		dw_para_text(w, "None.");
		return;
	}
	dw_table(w, heads, 8);
	for (i = 0, slot = 0; i < op->nargs; i++)
		if (HAS(op->args[i].life))
			arg_row(w, g, op, &op->args[i], slot++);
	w->ops->table_end(w);
	for (i = 0; i < op->nargs; i++)
		if (HAS(op->args[i].life) && op->args[i].has_default &&
		    op->args[i].life.since > op->life.since)
			break;
	if (i < op->nargs)
		dw_para_text(w, "A caller built for a revision before an argument's own "
			     "revision does not pass it; the platform uses its default.");
}

static void returns(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	dw_subheading(w, "Returns");
	w->ops->para(w);
	if (op->ret_void) {
		dw_text(w, "0 on success, or a negative error.");
	} else {
		dw_type(w, &op->ret);
		dw_text(w, " on success, or a negative error.");
	}
	w->ops->para_end(w);
	docs_ret_state(w, g, op);
}

static void errors(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = { "Error", "Value", "Description" };
	size_t i, n = 0;

	dw_subheading(w, "Errors");
	for (i = 0; i < op->nerrors; i++) {
		const struct pvabi_error *e = &g->spec->errors[op->errors[i]];

		if (!HAS(e->life) || !HAS(op->raises[i].life))
			continue;
		if (!n++)
			dw_table(w, heads, 3);
		w->ops->row(w);
		dw_cell_code(w, e->name);
		w->ops->cell(w);
		dw_textf(w, "%lld", (long long)e->value);
		dw_cell_doc(w, e->doc);
		w->ops->row_end(w);
	}
	if (n)
		w->ops->table_end(w);
	else
		dw_para_text(w, "No op-specific errors.");
}

static void vectors(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = { "Arguments", "Expect", "Since", "Description" };
	size_t i, n = 0;

	dw_subheading(w, "Conformance vectors");
	for (i = 0; i < op->nvectors; i++) {
		const struct pvabi_vector *v = &op->vectors[i];

		if (!HAS(v->life))
			continue;
		if (!n++)
			dw_table(w, heads, 4);
		w->ops->row(w);
		dw_cell_code(w, *v->args ? v->args : "(none)");
		dw_cell_code(w, v->expect ? v->expect : "-");
		w->ops->cell(w);
		dw_life(w, g, &v->life);
		dw_cell_doc(w, v->doc);
		w->ops->row_end(w);
	}
	if (n)
		w->ops->table_end(w);
	else
		dw_para_text(w, "None in this revision.");
}

static void one_op(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op,
		   const uint64_t *classes)
{
	char a[160], sig[1024], title[64];

	snprintf(title, sizeof(title), " (op %u)", op->id);
	dw_heading(w, 3, dw_anchor(a, sizeof(a), "op", op->name), op->name, title);
	if (pvabi_life_deprecated(&op->life, g->rev))
		dw_para_text(w, "Deprecated: new guests should not call it. Guests of the "
			     "revisions that have it may still do so.");
	facts(w, g, op);
	signature(op, g->rev, sig, sizeof(sig));
	w->ops->pre(w, sig);
	dw_paras(w, op->doc);
	args(w, g, op);
	docs_commands(w, g, op);
	returns(w, g, op);
	errors(w, g, op);
	vectors(w, g, op);
	docs_partitions(w, g, op);
	docs_kinds(w, g, op);
	docs_one_per(w, g, op);
	docs_refout(w, g, op);
	docs_stale(w, g, op);
	docs_tick(w, g, op);
	docs_spans(w, g, op);
	docs_keeps(w, g, op);
	docs_batch(w, g, op);
	docs_monotonic(w, g, op);
	docs_fixed(w, g, op);
	docs_by_caller(w, g, op);
	docs_refused(w, g, op);
	docs_grows(w, g, op);
	if (classes)
		docs_classes(w, g, *classes);
	docs_op_history(w, g, op);
}

void docs_ops(struct docw *w, const struct pvabi_gen *g)
{
	const struct pvabi_op **ops;
	uint64_t *classes;
	size_t i, n = 0, shown = 0;

	w->ops->heading(w, 2, "ops");
	dw_text(w, "Operations");
	w->ops->heading_end(w, 2);
	ops = emit_ops_by_id(g->spec, &n);
	if (!ops) {
		w->oom = 1;
		return;
	}
	for (i = 0; i < n; i++)
		shown += HAS(ops[i]->life);
	w->ops->para(w);
	dw_textf(w, "%zu operation%s in revision %s, in id order.", shown,
		 shown == 1 ? "" : "s", g->spec->revs[g->rev].id);
	w->ops->para_end(w);
	if (shown)
		summary(w, g, ops, n);
	docs_ops_removed(w, g, ops, n);
	classes = docs_classes_new(g, ops, n);
	for (i = 0; i < n; i++)
		if (HAS(ops[i]->life))
			one_op(w, g, ops[i], classes ? &classes[i] : NULL);
	free(classes);
	free(ops);
}
