/* Manual sections of everything but the operations: calling conventions,
 * structures with their layout, enumerations, features and errors. */
#include "emit/emit_docs.h"

#include <stdlib.h>
#include <string.h>

#define HAS(life) pvabi_life_has(&(life), g->rev)

static void section(struct docw *w, const char *anchor, const char *title)
{
	w->ops->heading(w, 2, anchor);
	dw_text(w, title);
	w->ops->heading_end(w, 2);
}

static void none(struct docw *w, const char *what)
{
	w->ops->para(w);
	dw_textf(w, "No %s in this revision.", what);
	w->ops->para_end(w);
}

/* --- calling conventions ---------------------------------------------- */

/* What each kind means for a guest author, who may never have read the
 * platform's source. */
static const char *const conv_kinds[][2] = {
	{ "call-frame", "The guest writes the op id and its arguments into a call "
			"frame in guest memory and rings the platform with the "
			"instruction on the doorbell port; the platform writes the "
			"result back into the frame." },
	{ "registers", "Arguments travel in the listed registers; the instruction "
		       "traps to the platform, which returns the result in the "
		       "result register." },
	{ "hypercall-page", "The guest calls into a page the platform fills in, at "
			    "the op's number times the stride; arguments travel in "
			    "the listed registers." },
	{ "cpuid", "The op is a CPUID leaf: the guest executes cpuid and reads "
		   "the answer from the result registers." },
	{ "msr", "The op is a model-specific register the guest reads with rdmsr "
		 "or writes with wrmsr." },
};

static void conv_row(struct docw *w, const char *label)
{
	w->ops->row(w);
	dw_cell_text(w, label);
	w->ops->cell(w);
}

/* Kind, mode, and how the guest reaches the platform. */
static void conv_entry(struct docw *w, const struct pvabi_gen *g, int ci)
{
	const struct pvabi_conv *cv = &g->spec->convs[ci];

	conv_row(w, "Kind");
	dw_text(w, conv_kinds[cv->kind][0]);
	if (ci == g->spec->default_conv)
		dw_text(w, " (the default convention)");
	w->ops->row_end(w);
	if (cv->mode) {
		conv_row(w, "Guest mode");
		dw_text(w, cv->mode);
		w->ops->row_end(w);
	}
	if (cv->instruction) {
		conv_row(w, "Instruction");
		dw_code(w, cv->instruction);
		w->ops->row_end(w);
	}
	if (cv->kind == PVABI_CONV_CALL_FRAME || cv->port) {
		conv_row(w, "Doorbell port");
		dw_codef(w, "0x%x", cv->port);
		w->ops->row_end(w);
	}
	if (cv->kind == PVABI_CONV_CALL_FRAME) {
		conv_row(w, "Frame address (guest-physical)");
		dw_codef(w, "0x%llx", (unsigned long long)cv->frame);
		w->ops->row_end(w);
	}
	if (cv->kind == PVABI_CONV_HYPERCALL_PAGE) {
		conv_row(w, "Entry stride");
		dw_textf(w, "%u bytes", cv->stride);
		w->ops->row_end(w);
	}
}

/* Where the op id, the arguments and the result travel. */
static void conv_registers(struct docw *w, const struct pvabi_conv *cv)
{
	size_t i;

	if (cv->nregs) {
		conv_row(w, "Argument registers");
		for (i = 0; i < cv->nregs; i++) {
			dw_text(w, i ? ", " : "");
			dw_code(w, cv->regs[i]);
		}
		w->ops->row_end(w);
	}
	if (cv->op_reg) {
		conv_row(w, "Op register");
		dw_code(w, cv->op_reg);
		w->ops->row_end(w);
	}
	if (cv->ret_reg) {
		conv_row(w, "Result register");
		dw_code(w, cv->ret_reg);
		w->ops->row_end(w);
	}
}

static void conv_table(struct docw *w, const struct pvabi_gen *g, int ci)
{
	static const char *const heads[] = { "Property", "Value" };

	dw_table(w, heads, 2);
	conv_entry(w, g, ci);
	conv_registers(w, &g->spec->convs[ci]);
	docs_conv_fmt2(w, &g->spec->convs[ci]);
	w->ops->table_end(w);
}

/* Ops of this revision that use convention ci, as links; 0 if none. */
static size_t conv_users(struct docw *w, const struct pvabi_gen *g, int ci,
			 int write)
{
	size_t i, n = 0;

	for (i = 0; i < g->spec->nops; i++) {
		const struct pvabi_op *op = &g->spec->ops[i];

		if (!HAS(op->life) || op->conv != ci)
			continue;
		if (write) {
			dw_text(w, n ? ", " : "");
			dw_ref(w, "op", op->name);
		}
		n++;
	}
	return n;
}

void docs_convs(struct docw *w, const struct pvabi_gen *g)
{
	char a[160];
	size_t i, shown = 0;

	section(w, "conventions", "Calling conventions");
	for (i = 0; i < g->spec->nconvs; i++) {
		const struct pvabi_conv *cv = &g->spec->convs[i];

		if (!conv_users(w, g, (int)i, 0))
			continue;
		dw_heading(w, 3, dw_anchor(a, sizeof(a), "conv", cv->name), cv->name, NULL);
		w->ops->para(w);
		dw_text(w, conv_kinds[cv->kind][1]);
		w->ops->para_end(w);
		conv_table(w, g, (int)i);
		dw_paras(w, cv->doc);
		w->ops->para(w);
		dw_text(w, "Used by ");
		conv_users(w, g, (int)i, 1);
		dw_text(w, ".");
		w->ops->para_end(w);
		shown++;
	}
	if (!shown)
		none(w, "calling convention is used");
}

/* --- structures ------------------------------------------------------- */

static void field_row(struct docw *w, const struct pvabi_gen *g, const struct pvabi_struct *st,
		      const struct pvabi_field *x, long off)
{
	size_t al, size = g->spec->modes ? pvabi_field_size_mode(g->spec, x, g->rev,
								  PVABI_MODE_X86_64, &al)
					 : pvabi_type_size(g->spec, &x->type, g->rev, &al);

	w->ops->row(w);
	dw_cell_code(w, pvabi_field_name(x, g->rev)); /* as this revision's header spells it */
	w->ops->cell(w);
	dw_type(w, &x->type);
	w->ops->cell(w);
	dw_textf(w, "%u", x->count);
	w->ops->cell(w);
	if (off < 0)
		dw_text(w, "-"); /* a field of the other guest mode */
	else
		dw_textf(w, "%ld", off);
	w->ops->cell(w);
	dw_textf(w, "%zu", off < 0 ? 0 : size * x->count);
	w->ops->cell(w);
	dw_life(w, g, &x->life);
	if (g->spec->format >= 2) {
		w->ops->cell(w);
		docs_field_notes(w, g, st, x);
	} else
		dw_cell_doc(w, x->doc);
	w->ops->row_end(w);
}

static void struct_intro(struct docw *w, const struct pvabi_gen *g,
			 const struct pvabi_struct *st, size_t size, size_t al)
{
	w->ops->para(w);
	dw_text(w, "Since ");
	dw_life(w, g, &st->life);
	dw_textf(w, ". Size %zu bytes, alignment %zu, in this revision.", size, al);
	w->ops->para_end(w);
	if (!st->size_guarded)
		return;
	w->ops->para(w);
	dw_text(w, "Size-guarded: its first field ");
	dw_code(w, st->size_field ? st->size_field : "size");
	dw_text(w, " holds the size its writer knows. The structure only grows, and "
		   "only at its end, so a reader checks that size before it uses a "
		   "field added in a later revision, and old and new guests and "
		   "platforms keep working together.");
	if (st->size_error) {
		dw_textf(w, " A size below the first revision's layout (%zu bytes) is refused "
			    "with %s and nothing is written; every conformance image calls each "
			    "op that writes it with that size, one that cuts a field, each "
			    "layout's own and one past them all, and judges the size reported "
			    "and the bytes left as the guest had them.",
			 pvabi_struct_layout(g->spec, (int)(st - g->spec->structs), st->life.since,
					     NULL, NULL),
			 g->spec->errors[st->size_error - 1].name);
	}
	w->ops->para_end(w);
}

static void one_struct(struct docw *w, const struct pvabi_gen *g, int si)
{
	static const char *const heads[] = {
		"Field", "Type", "Count", "Offset", "Size", "Since", "Description",
	};
	const struct pvabi_struct *st = &g->spec->structs[si];
	long *off = calloc(st->nfields + 1, sizeof(*off));
	size_t i, size, al = 1;
	char a[160];

	if (!off) {
		w->oom = 1;
		return;
	}
	size = pvabi_struct_layout(g->spec, si, g->rev, off, &al);
	dw_heading(w, 3, dw_anchor(a, sizeof(a), "struct", st->name), st->name,
		   st->is_union ? " (union)" : " (struct)");
	struct_intro(w, g, st, size, al);
	docs_struct_notes(w, g, si);
	dw_paras(w, st->doc);
	dw_table(w, heads, 7);
	for (i = 0; i < st->nfields; i++)
		if (HAS(st->fields[i].life))
			field_row(w, g, st, &st->fields[i], off[i]);
	w->ops->table_end(w);
	free(off);
}

static void structs(struct docw *w, const struct pvabi_gen *g)
{
	size_t i, shown = 0;

	section(w, "structs", "Structures");
	for (i = 0; i < g->spec->nstructs; i++)
		if (HAS(g->spec->structs[i].life)) {
			one_struct(w, g, (int)i);
			shown++;
		}
	if (!shown)
		none(w, "structures");
}

/* --- enumerations, features, errors ---------------------------------- */

static void one_enum(struct docw *w, const struct pvabi_gen *g,
		     const struct pvabi_enum *e)
{
	static const char *const heads[] = { "Name", "Value", "Since", "Description" };
	char a[160];
	size_t i;

	dw_heading(w, 3, dw_anchor(a, sizeof(a), "enum", e->name), e->name, " (enum)");
	w->ops->para(w);
	dw_text(w, "Stored as ");
	dw_code(w, pvabi_prim_name(e->prim));
	dw_text(w, ". Since ");
	dw_life(w, g, &e->life);
	dw_text(w, ".");
	w->ops->para_end(w);
	dw_paras(w, e->doc);
	dw_table(w, heads, 4);
	for (i = 0; i < e->nvalues; i++) {
		const struct pvabi_enum_value *v = &e->values[i];

		if (!HAS(v->life))
			continue;
		w->ops->row(w);
		dw_cell_code(w, v->name);
		w->ops->cell(w);
		if (pvabi_prim_signed(e->prim))
			dw_textf(w, "%lld", (long long)v->value);
		else /* a u64 past INT64_MAX is stored negative */
			dw_textf(w, "%llu", (unsigned long long)(uint64_t)v->value);
		w->ops->cell(w);
		dw_life(w, g, &v->life);
		docs_cell_fmt2(w, g, v->c_name, PVABI_NONE, NULL, v->doc);
		w->ops->row_end(w);
	}
	w->ops->table_end(w);
}

static void enums(struct docw *w, const struct pvabi_gen *g)
{
	size_t i, shown = 0;

	section(w, "enums", "Enumerations");
	for (i = 0; i < g->spec->nenums; i++)
		if (HAS(g->spec->enums[i].life)) {
			one_enum(w, g, &g->spec->enums[i]);
			shown++;
		}
	if (!shown)
		none(w, "enumerations");
}

/* Ops of this revision gated by feature fi, or raising error ei. */
static void op_list(struct docw *w, const struct pvabi_gen *g, int fi, int ei)
{
	size_t i, j, n = 0;

	for (i = 0; i < g->spec->nops; i++) {
		const struct pvabi_op *op = &g->spec->ops[i];
		int hit = fi >= 0 && op->feature == fi;

		for (j = 0; ei >= 0 && j < op->nerrors; j++)
			hit |= op->errors[j] == ei && HAS(op->raises[j].life);
		if (!HAS(op->life) || !hit)
			continue;
		dw_text(w, n++ ? ", " : "");
		dw_ref(w, "op", op->name);
	}
	if (!n)
		dw_text(w, "-");
}

/* What each feature's grant changes in ops of this revision, from its
 * <changes>: a guest reads there what to expect with and without it. */
static void feature_changes(struct docw *w, const struct pvabi_gen *g)
{
	size_t i, k, n = 0;

	for (i = 0; i < g->spec->nfeatures; i++) {
		const struct pvabi_feature *x = &g->spec->features[i];

		for (k = 0; HAS(x->life) && k < x->nchanges; k++) {
			const struct pvabi_feature_change *c = &x->changes[k];

			if (!HAS(g->spec->ops[c->op].life))
				continue;
			if (!n++) {
				w->ops->para(w);
				dw_text(w, "What a feature's grant changes in the ops of this revision (its <changes>):");
				w->ops->para_end(w);
				w->ops->list(w);
			}
			w->ops->item(w);
			dw_code(w, x->name);
			dw_text(w, " changes ");
			dw_ref(w, "op", g->spec->ops[c->op].name);
			dw_text(w, ": ");
			dw_text(w, c->how && *c->how ? c->how : "(not described)");
			w->ops->item_end(w);
		}
	}
	if (n)
		w->ops->list_end(w);
}

static void features(struct docw *w, const struct pvabi_gen *g)
{
	static const char *const heads[] = {
		"Name", "Bit", "Mask", "Since", "Gates", "Description",
	};
	size_t i;

	section(w, "features", "Features");
	w->ops->para(w);
	dw_text(w, "A feature-gated op can be called only when negotiation granted "
		   "its feature.");
	w->ops->para_end(w);
	docs_nego(w, g);
	dw_table(w, heads, 6);
	for (i = 0; i < g->spec->nfeatures; i++) {
		const struct pvabi_feature *x = &g->spec->features[i];

		if (!HAS(x->life))
			continue;
		w->ops->row(w);
		dw_cell_code(w, x->name);
		w->ops->cell(w);
		dw_textf(w, "%u", x->bit);
		w->ops->cell(w);
		dw_codef(w, "0x%llx", 1ULL << x->bit);
		w->ops->cell(w);
		dw_life(w, g, &x->life);
		w->ops->cell(w);
		op_list(w, g, (int)i, -1);
		docs_cell_fmt2(w, g, x->c_name, PVABI_NONE, x->served_by, x->doc);
		w->ops->row_end(w);
	}
	w->ops->table_end(w);
	feature_changes(w, g);
}

static void errors(struct docw *w, const struct pvabi_gen *g)
{
	static const char *const heads[] = {
		"Name", "Value", "Since", "Raised by", "Description",
	};
	size_t i;

	section(w, "errors", "Errors");
	w->ops->para(w);
	dw_text(w, "An op that fails returns one of these negative values.");
	w->ops->para_end(w);
	dw_table(w, heads, 5);
	for (i = 0; i < g->spec->nerrors; i++) {
		const struct pvabi_error *x = &g->spec->errors[i];

		if (!HAS(x->life))
			continue;
		w->ops->row(w);
		dw_cell_code(w, x->name);
		w->ops->cell(w);
		dw_textf(w, "%lld", (long long)x->value);
		w->ops->cell(w);
		dw_life(w, g, &x->life);
		w->ops->cell(w);
		op_list(w, g, -1, (int)i);
		docs_cell_fmt2(w, g, x->c_name, x->alias_of, NULL, x->doc);
		w->ops->row_end(w);
	}
	w->ops->table_end(w);
}

void docs_types(struct docw *w, const struct pvabi_gen *g)
{
	structs(w, g);
	enums(w, g);
	features(w, g);
	errors(w, g);
}
