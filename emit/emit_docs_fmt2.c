/* The manual's format 2 parts: the commands an op multiplexes (number,
 * data, direction, result, errors, handles' directions, vectors, values
 * against the platform's now), what a
 * field is beyond its type (a guest handle, a union member selected by a
 * discriminant, a field of one guest mode), a union's and a per-mode
 * layout, and a register convention's registers per guest mode and how
 * the guest installs its entry. */
#include "abi/runend.h"
#include "emit/emit_docs.h"
#include "abi/now.h"

#include <stdlib.h>

#define HAS(life) pvabi_life_has(&(life), g->rev)

static const char *const pass_names[] = {
	"value", "in", "out", "in/out",
};

static void data_cell(struct docw *w, const struct pvabi_gen *g, const struct pvabi_cmd *k)
{
	if (!k->has_data)
		dw_text(w, "-");
	else if (k->data_tdef >= 0 && g->spec->typedefs[k->data_tdef].c_name)
		dw_codef(w, "%s (%s[%u], %s)", g->spec->typedefs[k->data_tdef].name,
			 pvabi_prim_name(k->data.prim), g->spec->typedefs[k->data_tdef].count,
			 g->spec->typedefs[k->data_tdef].c_name);
	else if (k->data_tdef >= 0)
		dw_codef(w, "%s (%s[%u])", g->spec->typedefs[k->data_tdef].name,
			 pvabi_prim_name(k->data.prim), g->spec->typedefs[k->data_tdef].count);
	else
		dw_type(w, &k->data);
	w->ops->cell(w);
	dw_text(w, k->has_data ? pass_names[k->dir] : "-");
}

static void errors_handles_cell(struct docw *w, const struct pvabi_gen *g,
				const struct pvabi_cmd *k)
{
	size_t i, n = 0;

	for (i = 0; i < k->nerrors; i++)
		if (HAS(g->spec->errors[k->errors[i]].life) && HAS(k->raises[i].life)) {
			dw_text(w, n++ ? ", " : "");
			dw_code(w, g->spec->errors[k->errors[i]].name);
		}
	for (i = 0; i < k->nhandles; i++) {
		dw_text(w, n++ ? "; " : "");
		dw_text(w, "handle ");
		dw_code(w, k->handles[i].path);
		dw_textf(w, " %s", pass_names[k->handles[i].dir]);
	}
	if (!n)
		dw_text(w, "-");
}

static void cmd_row(struct docw *w, const struct pvabi_gen *g, const struct pvabi_cmd *k)
{
	w->ops->row(w);
	dw_cell_code(w, k->name);
	w->ops->cell(w);
	dw_textf(w, "%lld", (long long)k->value);
	if (k->c_name) {
		dw_text(w, " (");
		dw_code(w, k->c_name);
		dw_text(w, ")");
	}
	w->ops->cell(w);
	data_cell(w, g, k);
	w->ops->cell(w);
	if (k->ret_void)
		dw_text(w, "0");
	else
		dw_type(w, &k->ret);
	w->ops->cell(w);
	errors_handles_cell(w, g, k);
	w->ops->cell(w);
	dw_life(w, g, &k->life);
	dw_cell_doc(w, k->doc);
	w->ops->row_end(w);
}

static void cmd_vectors(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = { "Command", "Arguments", "Expect", "Since" };
	size_t i, j, n = 0;

	for (i = 0; i < op->ncmds; i++)
		for (j = 0; HAS(op->cmds[i].life) && j < op->cmds[i].nvectors; j++) {
			const struct pvabi_vector *v = &op->cmds[i].vectors[j];

			if (!HAS(v->life))
				continue;
			if (!n++) {
				dw_subheading(w, "Conformance vectors of the commands");
				dw_table(w, heads, 4);
			}
			w->ops->row(w);
			dw_cell_code(w, op->cmds[i].name);
			dw_cell_code(w, *v->args ? v->args : "(none)");
			dw_cell_code(w, v->expect ? v->expect : "-");
			w->ops->cell(w);
			dw_life(w, g, &v->life);
			w->ops->row_end(w);
		}
	if (n)
		w->ops->table_end(w);
}

/* The command a guest stops with in this revision (ends-run=), where it
 * is one of op's. */
static void cmd_ends_run(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	const struct pvabi_cmd *k;
	int o, i;

	if (pvabi_runend_cmd(g->spec, g->rev, &o, &i) == 0 && &g->spec->ops[o] == op) {
		k = &op->cmds[i];
		w->ops->para(w);
		dw_text(w, "A guest ends its run with command ");
		dw_code(w, k->name);
		dw_text(w, ", ");
		if (k->ends_run == PVABI_ENDS_DATA)
			dw_code(w, op->args[op->data_arg].name);
		else
			dw_code(w, pvabi_field_name(&g->spec->structs[k->data.index]
							.fields[k->ends_run - PVABI_ENDS_FIELD],
						    g->rev));
		dw_text(w, " saying why; the hypervisor records that reason for whoever runs the "
			"guest.");
		w->ops->para_end(w);
	}
}

/* A command's <now>: the field, its mode, what a past value answers (by
 * release), the promise, the clock and what observes the effect. */
static void cmd_now_row(struct docw *w, const struct pvabi_gen *g, const struct pvabi_cmd *k,
			const struct pvabi_now *n)
{
	w->ops->row(w);
	dw_cell_code(w, k->name);
	dw_cell_code(w, n->field);
	dw_cell_code(w, n->when ? n->when : "(any)");
	w->ops->cell(w);
	dw_text(w, pvabi_now_is_name(n->is));
	w->ops->cell(w);
	if (n->past)
		dw_code(w, n->past);
	else
		dw_text(w, "-");
	w->ops->cell(w);
	dw_textf(w, "%llu ns early, %llu ns late%s", (unsigned long long)n->early,
		 (unsigned long long)n->late, n->cancels ? "; 0 cancels" : "");
	w->ops->cell(w);
	dw_code(w, n->record);
	dw_text(w, " of ");
	dw_code(w, n->observe);
	dw_text(w, ", effect: bit of ");
	dw_code(w, n->seen);
	w->ops->cell(w);
	dw_life(w, g, &n->life);
	dw_cell_doc(w, n->doc);
	w->ops->row_end(w);
}

static void cmd_nows(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = {
		"Command", "Field", "Mode", "Is", "A past value", "Promise", "Clock, observed by",
		"Since", "Description",
	};
	size_t i, j, n = 0;

	for (i = 0; i < op->ncmds; i++)
		for (j = 0; HAS(op->cmds[i].life) && j < op->cmds[i].nnows; j++) {
			if (!HAS(op->cmds[i].nows[j].life))
				continue;
			if (!n++) {
				dw_subheading(w, "Values against the platform's now");
				w->ops->para(w);
				dw_text(w, "Each fresh conformance suite probes each mode at points in "
					   "its terms, reading now from the record, and judges the "
					   "answer (a past value's by the registry's release it runs on) "
					   "and when the effect is seen.");
				w->ops->para_end(w);
				dw_table(w, heads, 9);
			}
			cmd_now_row(w, g, &op->cmds[i], &op->cmds[i].nows[j]);
		}
	if (n)
		w->ops->table_end(w);
}

void docs_commands(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = {
		"Command", "Number", "Data", "Passed", "Returns", "Errors, handles", "Since",
		"Description",
	};
	size_t i;

	if (!op->ncmds)
		return;
	dw_subheading(w, "Commands");
	w->ops->para(w);
	dw_text(w, "Argument ");
	dw_code(w, op->args[op->cmd_arg].name);
	dw_text(w, " selects the command");
	if (op->data_arg >= 0) {
		dw_text(w, "; ");
		dw_code(w, op->args[op->data_arg].name);
		dw_text(w, " carries its data, by address unless passed by value");
	}
	dw_text(w, ". A handle's direction says who fills what it points at.");
	w->ops->para_end(w);
	dw_table(w, heads, 8);
	for (i = 0; i < op->ncmds; i++)
		if (HAS(op->cmds[i].life))
			cmd_row(w, g, &op->cmds[i]);
	w->ops->table_end(w);
	cmd_ends_run(w, g, op);
	cmd_vectors(w, g, op);
	cmd_nows(w, g, op);
}

/* What a field is besides its type, then its doc, in its description
 * cell ("-" when there is neither). */
void docs_field_notes(struct docw *w, const struct pvabi_gen *g, const struct pvabi_struct *st,
		      const struct pvabi_field *x)
{
	const char *sep = "";

	if (x->handle) {
		dw_text(w, "Guest handle: a guest-virtual pointer, 8 bytes on x86_64 and 4 on "
			   "x86_32.");
		sep = " ";
	}
	if (x->discriminant >= 0) {
		dw_textf(w, "%sUnion whose member field ", sep);
		dw_code(w, pvabi_field_name(&st->fields[x->discriminant], g->rev));
		dw_text(w, " selects.");
		sep = " ";
	}
	if (x->when) {
		dw_textf(w, "%sMember when the discriminant is ", sep);
		dw_code(w, x->when);
		dw_text(w, ".");
		sep = " ";
	}
	if (x->mode_mask) {
		dw_textf(w, "%sOnly in %s guests.", sep,
			 pvabi_mode_name(x->mode_mask & (1u << PVABI_MODE_X86_32) ? PVABI_MODE_X86_32
										: PVABI_MODE_X86_64));
		sep = " ";
	}
	if (x->c_name) {
		dw_textf(w, "%sIn C: ", sep);
		dw_code(w, x->c_name);
		dw_text(w, ".");
		sep = " ";
	}
	if (x->replaces_name) {
		dw_textf(w, "%sIn bytes of the reserved field ", sep);
		dw_code(w, x->replaces_name);
		dw_text(w, " of earlier revisions.");
		sep = " ";
	}
	if (x->old_name && x->renamed >= 0) {
		/* the same bytes under another name: a source that used the
		 * old name breaks, a binary does not */
		int before = g->rev < x->renamed;

		dw_textf(w, "%s%s ", sep, before ? "Renamed" : "Named");
		dw_code(w, before ? x->name : x->old_name);
		dw_textf(w, " %s %s.", before ? "in" : "before", g->spec->revs[x->renamed].id);
		sep = " ";
	}
	if (x->written_on) {
		/* the refusals the suites judge are listed under the op */
		dw_textf(w, "%sWritten also when the call fails with ", sep);
		dw_errors(w, g, x->written_on);
		dw_text(w, "; any other refusal leaves it as the guest had it.");
		sep = " ";
	}
	if (x->doc && *x->doc)
		dw_textf(w, "%s%s", sep, x->doc);
	else if (!*sep)
		dw_text(w, "-");
}

/* A union's members all start at 0; a format 2 layout differs by mode. */
void docs_struct_notes(struct docw *w, const struct pvabi_gen *g, int si)
{
	const struct pvabi_struct *st = &g->spec->structs[si];
	size_t al, s64, s32;

	if (st->is_union) {
		w->ops->para(w);
		dw_text(w, "A union: every member is at offset 0 and it is as large as its "
			   "largest member.");
		w->ops->para_end(w);
	}
	if (st->c_name) {
		w->ops->para(w);
		dw_text(w, "In C: ");
		dw_codef(w, "struct %s", st->c_name);
		dw_text(w, ".");
		w->ops->para_end(w);
	}
	if (st->tail_growth) {
		w->ops->para(w);
		dw_textf(w, "Grows at its tail only, up to %u bytes: later revisions append "
			    "fields and never move one, so a reader of an older revision keeps "
			    "its offsets.", st->max_size);
		w->ops->para_end(w);
	}
	if (!g->spec->modes)
		return;
	s64 = pvabi_struct_layout_mode(g->spec, si, g->rev, PVABI_MODE_X86_64, NULL, &al);
	s32 = pvabi_struct_layout_mode(g->spec, si, g->rev, PVABI_MODE_X86_32, NULL, &al);
	w->ops->para(w);
	dw_textf(w, "Offsets and sizes below are x86_64's; on x86_32 it is %zu bytes%s.", s32,
		 s32 == s64 ? ", the same" : "");
	w->ops->para_end(w);
}

static void row2(struct docw *w, const char *label)
{
	w->ops->row(w);
	dw_cell_text(w, label);
	w->ops->cell(w);
}

/* A format 2 convention: its registers per mode and its installation. */
void docs_conv_fmt2(struct docw *w, const struct pvabi_conv *cv)
{
	size_t m, i;
	char label[64];

	for (m = 0; m < 2; m++) {
		const struct pvabi_conv_mode *r = &cv->modes[m];

		if (!r->present)
			continue;
		snprintf(label, sizeof(label), "Argument registers (%s)",
			 pvabi_mode_name((enum pvabi_mode)m));
		row2(w, label);
		for (i = 0; i < r->nregs; i++) {
			dw_text(w, i ? ", " : "");
			dw_code(w, r->regs[i]);
		}
		w->ops->row_end(w);
		snprintf(label, sizeof(label), "Result register (%s)",
			 pvabi_mode_name((enum pvabi_mode)m));
		row2(w, label);
		dw_code(w, r->ret_reg ? r->ret_reg : "-");
		w->ops->row_end(w);
	}
	if (cv->install && cv->signature) {
		row2(w, "Installation");
		dw_textf(w, "%s: the signature ", cv->install);
		dw_code(w, cv->signature);
		dw_textf(w, " at CPUID 0x%x + n * 0x%x (n < %u); the MSR index in EBX of leaf "
			    "base + %u; the guest writes the page's guest-physical address to it",
			 cv->cpuid_base, cv->cpuid_step, cv->cpuid_tries, cv->msr_leaf);
		w->ops->row_end(w);
		docs_conv_grows(w, cv);
	}
}

/* The description cell of an error, a feature or an enum value: what
 * format 2 says of it beyond its doc (its C constant, an error name that
 * aliases another's value, a feature bit only the VMM serves), then the
 * doc; "-" for none of them. */
void docs_cell_fmt2(struct docw *w, const struct pvabi_gen *g, const char *c_name,
		    int alias_of, const char *served_by, const char *doc)
{
	if (alias_of < 0 && !served_by && !c_name) {
		dw_cell_doc(w, doc);
		return;
	}
	w->ops->cell(w);
	if (c_name) {
		dw_text(w, "In C: ");
		dw_code(w, c_name);
		dw_text(w, alias_of >= 0 || served_by ? ". " : ".");
	}
	if (alias_of >= 0) {
		dw_text(w, "Another name of ");
		dw_code(w, g->spec->errors[alias_of].name);
		dw_text(w, ", the same value.");
	}
	if (served_by) {
		dw_text(w, alias_of >= 0 ? " Served by " : "Served by ");
		dw_code(w, served_by);
		dw_text(w, ": a host kernel never offers the bit itself; the VMM does where "
			   "it implements the feature.");
	}
	if (doc && *doc)
		dw_textf(w, " %s", doc);
}

/* Format 2's <negotiation>: how a guest picks its revision without a
 * negotiate call, and the query that answers its features. */
void docs_nego(struct docw *w, const struct pvabi_gen *g)
{
	const struct pvabi_nego *n = &g->spec->nego;

	if (!g->spec->has_nego)
		return;
	w->ops->para(w);
	if (n->compile_time) {
		dw_text(w, "A guest picks its revision when it is built");
		if (n->macro) {
			dw_text(w, ", through ");
			dw_code(w, n->macro);
		}
		dw_text(w, ", and never tells the platform.");
	}
	if (n->query_op >= 0) {
		dw_text(w, n->compile_time ? " It reads the features from " :
					     "A guest reads the features from ");
		dw_op_ref(w, g, n->query_op);
		if (n->query_cmd >= 0) {
			dw_text(w, " command ");
			dw_code(w, g->spec->ops[n->query_op].cmds[n->query_cmd].name);
		}
		if (n->submap_bits)
			dw_textf(w, ", %u bits per submap", n->submap_bits);
		dw_text(w, ".");
	}
	w->ops->para_end(w);
	dw_paras(w, n->doc);
}
