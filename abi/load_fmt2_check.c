/* Format 2 cross-references, checked once every element is loaded:
 * unions and their discriminants, reserved fields reused, tail growth
 * within its maximum. */
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

void check_fmt2(struct loader *L)
{
	size_t i, j;

	if (L->s->format < 2)
		return;
	for (i = 0; i < L->s->nstructs; i++) {
		struct pvabi_struct *st = &L->s->structs[i];

		for (j = 0; j < st->nfields; j++) {
			check_union_field(L, st, &st->fields[j]);
			check_replaces(L, (int)i, &st->fields[j]);
		}
		check_growth_max(L, (int)i);
	}
}
