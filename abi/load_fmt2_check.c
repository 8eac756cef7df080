/* Format 2 cross-references, checked once every element is loaded:
 * unions and their discriminants, reserved fields reused, tail growth
 * within its maximum, arguments within a register convention's
 * registers, entries within a hypercall page. */
#include "abi/load_internal.h"

#include <string.h>

static void diag(struct loader *L, const struct pvabi_loc *loc, const char *rule,
		 const char *what, const char *a, const char *b, const char *why)
{
	pvabi_diag_add(L->d, rule, L->file, loc->line, "%s %s.%s: %s", what, a, b, why);
	L->failed = 1;
}

/* Every member of a discriminated union names a value of the
 * discriminant's enum. */
static void check_union_field(struct loader *L, const struct pvabi_struct *st,
			      const struct pvabi_field *f)
{
	const struct pvabi_struct *u;
	const struct pvabi_type *dt;
	size_t i;

	if (f->discriminant < 0)
		return;
	if (f->type.kind != PVABI_T_STRUCT || !L->s->structs[f->type.index].is_union) {
		diag(L, &f->loc, "UNION_INVALID", "field", st->name, f->name,
		     "discriminant= is for fields whose type is a <union>");
		return;
	}
	u = &L->s->structs[f->type.index];
	dt = &st->fields[f->discriminant].type;
	for (i = 0; i < u->nfields; i++) {
		const struct pvabi_field *m = &u->fields[i];

		if (!m->when || dt->kind != PVABI_T_ENUM)
			continue;
		if (pvabi_enum_value(&L->s->enums[dt->index], m->when) < 0)
			diag(L, &m->loc, "UNION_INVALID", "union member", u->name, m->name,
			     "when= names no value of the discriminant's enum");
	}
}

/* replaces-reserved names a field of the same struct that this revision
 * drops, and the new field lies within its bytes in every mode. */
static void check_replaces(struct loader *L, int si, struct pvabi_field *f)
{
	struct pvabi_struct *st = &L->s->structs[si];
	long off_old, off_new;
	size_t al, sz_old, sz_new;
	int r, m, old;

	if (!f->replaces_name)
		return;
	old = pvabi_struct_field(st, f->replaces_name);
	r = f->life.since;
	if (old < 0 || st->fields[old].life.removed != r || r == 0) {
		diag(L, &f->loc, "RESERVED_REUSE_INVALID", "field", st->name, f->name,
		     "replaces-reserved names no field of the struct removed in this field's since revision");
		return;
	}
	f->replaces = old;
	for (m = 0; m < PVABI_MODE_COUNT; m++) {
		long offs[512];

		if (st->nfields > 512)
			return;
		pvabi_struct_layout_mode(L->s, si, r - 1, (enum pvabi_mode)m, offs, &al);
		off_old = offs[old];
		pvabi_struct_layout_mode(L->s, si, r, (enum pvabi_mode)m, offs, &al);
		off_new = offs[f - st->fields];
		sz_old = pvabi_field_size_mode(L->s, &st->fields[old], r - 1, (enum pvabi_mode)m,
					       &al) * st->fields[old].count;
		sz_new = pvabi_field_size_mode(L->s, f, r, (enum pvabi_mode)m, &al) * f->count;
		if (off_new < off_old || (size_t)off_new + sz_new > (size_t)off_old + sz_old) {
			diag(L, &f->loc, "RESERVED_REUSE_INVALID", "field", st->name, f->name,
			     "does not lie within the bytes of the reserved field it replaces");
			return;
		}
	}
}

static void check_growth_max(struct loader *L, int si)
{
	const struct pvabi_struct *st = &L->s->structs[si];
	size_t r, al;
	int m;

	if (!st->tail_growth)
		return;
	for (r = 0; r < L->s->nrevs; r++)
		for (m = 0; m < PVABI_MODE_COUNT; m++)
			if (pvabi_struct_layout_mode(L->s, si, (int)r, (enum pvabi_mode)m, NULL,
						     &al) > st->max_size) {
				pvabi_diag_add(L->d, "GROWTH_INVALID", L->file, st->loc.line,
					       "struct %s grows past its max-size %u in revision %s (%s)",
					       st->name, st->max_size, L->s->revs[r].id,
					       pvabi_mode_name((enum pvabi_mode)m));
				L->failed = 1;
				return;
			}
}

/* Registers op needs in revision r on mode m: one per argument, two for
 * a 64-bit value on x86_32 (low half first, as Xen passes set_timer_op's
 * timeout); the data argument as wide as its widest command's data. */
static size_t regs_needed(const struct pvabi_op *op, int r, int m)
{
	size_t i, k, n = 0;

	for (i = 0; i < op->nargs; i++) {
		int w = 0;

		if (!pvabi_life_has(&op->args[i].life, r))
			continue;
		if ((int)i == op->data_arg)
			for (k = 0; k < op->ncmds; k++)
				w |= pvabi_life_has(&op->cmds[k].life, r) && op->cmds[k].has_data &&
				     pvabi_type_wide_scalar(&op->cmds[k].data, op->cmds[k].dir);
		else
			w = pvabi_type_wide_scalar(&op->args[i].type, op->args[i].dir);
		n += 1 + (size_t)(w && m == PVABI_MODE_X86_32);
	}
	return n;
}

/* WIDE_ARG_UNDESCRIBED: a 64-bit value by value on a convention with
 * 32-bit registers, which does not say how it travels. */
static int wide_undescribed(struct loader *L, const struct pvabi_op *op,
			    const struct pvabi_conv *cv)
{
	size_t i, k;

	if (cv->wide_args || !cv->modes[PVABI_MODE_X86_32].present)
		return 0;
	for (i = 0; i < op->nargs; i++) {
		const char *what = NULL;

		if ((int)i == op->data_arg) {
			for (k = 0; k < op->ncmds && !what; k++)
				if (op->cmds[k].has_data &&
				    pvabi_type_wide_scalar(&op->cmds[k].data, op->cmds[k].dir))
					what = op->cmds[k].name;
		} else if (pvabi_type_wide_scalar(&op->args[i].type, op->args[i].dir))
			what = op->args[i].name;
		if (!what)
			continue;
		pvabi_diag_add(L->d, "WIDE_ARG_UNDESCRIBED", L->file, op->loc.line,
			       "op %s: %s %s passes 64 bits by value, and convention %s does not "
			       "say how on x86_32 (wide-args=\"pair\" or \"register\")", op->name,
			       (int)i == op->data_arg ? "command" : "argument", what, cv->name);
		L->failed = 1;
		return 1;
	}
	return 0;
}

/* ARGS_EXCEED_REGISTERS: every call of a register convention fits the
 * registers its guest mode has. */
static void check_op_regs(struct loader *L, const struct pvabi_op *op)
{
	const struct pvabi_conv *cv = op->conv >= 0 ? &L->s->convs[op->conv] : NULL;
	int m, r;

	if (!cv || (cv->kind != PVABI_CONV_REGISTERS && cv->kind != PVABI_CONV_HYPERCALL_PAGE) ||
	    wide_undescribed(L, op, cv))
		return;
	for (m = 0; m < PVABI_MODE_COUNT; m++)
		for (r = op->life.since; cv->modes[m].present && r < (int)L->s->nrevs; r++) {
			size_t need;

			if (!pvabi_life_has(&op->life, r))
				continue;
			/* only a pair widens a call; "register" keeps one each */
			need = regs_needed(op, r, strcmp(cv->wide_args ? cv->wide_args : "", "pair")
							  ? PVABI_MODE_X86_64 : m);
			if (need <= cv->modes[m].nregs)
				continue;
			pvabi_diag_add(L->d, "ARGS_EXCEED_REGISTERS", L->file, op->loc.line,
				       "op %s needs %zu argument registers on %s in revision %s "
				       "(a 64-bit value takes two there); convention %s has %zu",
				       op->name, need, pvabi_mode_name((enum pvabi_mode)m),
				       L->s->revs[r].id, cv->name, cv->modes[m].nregs);
			L->failed = 1;
			return;
		}
}

/* An op called through a hypercall page has its entry inside the page:
 * the generated stub jumps to page + id * stride. */
static void check_op_entry(struct loader *L, const struct pvabi_op *op)
{
	const struct pvabi_conv *cv = op->conv >= 0 ? &L->s->convs[op->conv] : NULL;

	if (!cv || cv->kind != PVABI_CONV_HYPERCALL_PAGE || !cv->stride ||
	    ((uint64_t)op->id + 1) * cv->stride <= 4096)
		return;
	pvabi_diag_add(L->d, "CONVENTION_INVALID", L->file, op->loc.line,
		       "op %s: id %u times stride %u is past the 4096-byte hypercall page of "
		       "convention %s", op->name, op->id, cv->stride, cv->name);
	L->failed = 1;
}

/* not-offered= names an error the spec declares. */
static void check_not_offered(struct loader *L, const struct pvabi_conv *cv)
{
	if (cv->not_offered && pvabi_spec_error(L->s, cv->not_offered) < 0) {
		pvabi_diag_add(L->d, "CONVENTION_INVALID", L->file, cv->loc.line,
			       "convention '%s': not-offered=\"%s\" names no declared error",
			       cv->name, cv->not_offered);
		L->failed = 1;
	}
}

void check_fmt2(struct loader *L)
{
	size_t i, j;

	if (L->s->format < 2)
		return;
	for (i = 0; i < L->s->nconvs; i++)
		check_not_offered(L, &L->s->convs[i]);
	check_leaves(L);
	for (i = 0; i < L->s->nstructs; i++) {
		struct pvabi_struct *st = &L->s->structs[i];

		for (j = 0; j < st->nfields; j++) {
			check_union_field(L, st, &st->fields[j]);
			check_replaces(L, (int)i, &st->fields[j]);
		}
		check_growth_max(L, (int)i);
	}
	for (i = 0; i < L->s->nops; i++) {
		check_op_regs(L, &L->s->ops[i]);
		check_op_entry(L, &L->s->ops[i]);
	}
}
