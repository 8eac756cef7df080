/* Structs between two revision views: fields matched by name and
 * compared by type, size and offset; appends against size guards. */
#include "abi/compare_internal.h"
#include "abi/finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- structs --------------------------------------------------------- */

struct layout {
	long *off;
	size_t size, align;
	size_t end; /* end of the last present field, before tail padding */
};

static int layout_of(struct view v, int si, struct layout *l)
{
	size_t n = v.s->structs[si].nfields, i;

	l->off = malloc((n ? n : 1) * sizeof(long));
	if (!l->off)
		return -1;
	l->size = pvabi_struct_layout(v.s, si, v.rev, l->off, &l->align);
	l->end = 0;
	for (i = 0; i < n; i++) {
		const struct pvabi_field *fl = &v.s->structs[si].fields[i];
		size_t al, e;

		if (l->off[i] < 0)
			continue;
		e = (size_t)l->off[i] +
		    pvabi_type_size(v.s, &fl->type, v.rev, &al) * fl->count;
		if (e > l->end)
			l->end = e;
	}
	return 0;
}

static void cmp_field(struct view a, const struct pvabi_field *x, long xo,
		      struct view b, const struct pvabi_struct *sb,
		      const struct pvabi_field *y, long yo,
		      struct pvabi_findings *f)
{
	size_t al, xs = pvabi_type_size(a.s, &x->type, a.rev, &al) * x->count;
	size_t ys = pvabi_type_size(b.s, &y->type, b.rev, &al) * y->count;
	char tgt[256];

	snprintf(tgt, sizeof(tgt), "struct:%s.field:%s", sb->name, y->name);
	if (strcmp(tname(&x->type), tname(&y->type)))
		finding_add(f, "STRUCT_FIELD_RETYPED", PVABI_SEV_BREAKING, &y->loc,
			    REV(b), tgt, "struct %s: field '%s' changed type from %s to %s",
			    sb->name, y->name, tname(&x->type), tname(&y->type));
	else if (xs != ys)
		finding_add(f, "STRUCT_FIELD_RESIZED", PVABI_SEV_BREAKING, &y->loc,
			    REV(b), tgt, "struct %s: field '%s' resized from %zu to %zu bytes",
			    sb->name, y->name, xs, ys);
	if (xo != yo)
		finding_add(f, "STRUCT_FIELD_MOVED", PVABI_SEV_BREAKING, &y->loc, REV(b),
			    tgt, "struct %s: field '%s' moved from offset %ld to %ld",
			    sb->name, y->name, xo, yo);
}

/* Appending is compatible only past the old last field's end and only
 * when the struct grows: the size field is how readers tell versions
 * apart. */
static void field_added(struct view b, const struct pvabi_struct *sb,
			const struct pvabi_field *y, long yo, size_t old_end,
			size_t old_size, size_t new_size, enum cmp_mode m,
			struct pvabi_findings *f)
{
	char tgt[256];

	snprintf(tgt, sizeof(tgt), "struct:%s.field:%s", sb->name, y->name);
	if (b.s->format >= 2 && y->replaces >= 0)
		return; /* RESERVED_REUSED, compare_fmt2.c */
	if (m == CMP_EVOLVE && sb->tail_growth && yo >= (long)old_end)
		finding_add(f, "STRUCT_FIELD_APPENDED", PVABI_SEV_COMPAT, &y->loc,
			    REV(b), tgt,
			    "struct %s: field '%s' appended at offset %ld within its max-size %u",
			    sb->name, y->name, yo, sb->max_size);
	else if (m == CMP_EVOLVE && sb->size_guarded && yo >= (long)old_end &&
	    new_size == old_size)
		finding_add(f, "STRUCT_FIELD_INSERTED", PVABI_SEV_BREAKING, &y->loc,
			    REV(b), tgt,
			    "struct %s: field '%s' fills tail padding at offset %ld; the struct stays %zu bytes, so its size guard cannot tell the revisions apart",
			    sb->name, y->name, yo, new_size);
	else if (m == CMP_EVOLVE && sb->size_guarded && yo >= (long)old_end)
		finding_add(f, "STRUCT_FIELD_APPENDED", PVABI_SEV_COMPAT, &y->loc,
			    REV(b), tgt,
			    "struct %s: field '%s' appended at offset %ld; size-guarded readers accept both sizes",
			    sb->name, y->name, yo);
	else
		finding_add(f, "STRUCT_FIELD_INSERTED", PVABI_SEV_BREAKING, &y->loc,
			    REV(b), tgt, "struct %s: field '%s' added %s", sb->name, y->name,
			    m == CMP_SAME ? "to a revision already defined"
			    : !sb->size_guarded ? "to a struct that is not size-guarded"
						: "before the end of the struct");
}

static void cmp_struct(struct view a, int ia, struct view b, int ib,
		       enum cmp_mode m, struct pvabi_findings *f)
{
	const struct pvabi_struct *sa = &a.s->structs[ia], *sb = &b.s->structs[ib];
	/* Two revisions of one format 1 struct (the history): a field is
	 * itself in both, without a lookup per field and revision, which on a
	 * struct of a million fields is a cache miss each. Format 2 matches
	 * renamed fields by name. */
	int same_fields = sa == sb && a.s->format < 2;
	struct layout la, lb;
	size_t i;

	if (layout_of(a, ia, &la) || layout_of(b, ib, &lb)) {
		f->oom = 1;
		free(la.off);
		return;
	}
	for (i = 0; i < sa->nfields; i++) {
		const struct pvabi_field *x = &sa->fields[i];
		int j = same_fields ? (int)i : compare_field_match(b, sb, x->name);
		char tgt[256];

		if (!HAS(a, x->life) || compare_reserved_reused(b, sb, x->name))
			continue;
		snprintf(tgt, sizeof(tgt), "struct:%s.field:%s", sb->name, x->name);
		if (j < 0 || !HAS(b, sb->fields[j].life))
			finding_add(f, "STRUCT_FIELD_REMOVED", PVABI_SEV_BREAKING,
				    j < 0 ? &sb->loc : &sb->fields[j].loc, REV(b), tgt,
				    "struct %s: field '%s' removed", sb->name, x->name);
		else
			cmp_field(a, x, la.off[i], b, sb, &sb->fields[j], lb.off[j], f);
	}
	for (i = 0; i < sb->nfields; i++) {
		int j = same_fields ? (int)i : compare_field_match(a, sa, sb->fields[i].name);

		if (j < 0 && b.s->format >= 2 && sb->fields[i].old_name)
			j = compare_field_match(a, sa, sb->fields[i].old_name);

		if (HAS(b, sb->fields[i].life) && (j < 0 || !HAS(a, sa->fields[j].life)) &&
		    !compare_union_added(a, ia, b, ib, &sb->fields[i], m, f))
			field_added(b, sb, &sb->fields[i], lb.off[i], la.end, la.size,
				    lb.size, m, f);
	}
	free(la.off);
	free(lb.off);
}

void compare_structs(struct view a, struct view b, enum cmp_mode m,
			struct pvabi_findings *f)
{
	size_t i;

	for (i = 0; i < a.s->nstructs; i++) {
		const struct pvabi_struct *sa = &a.s->structs[i];
		int j;
		char tgt[160];

		if (!HAS(a, sa->life))
			continue;
		j = pvabi_spec_struct(b.s, sa->name);
		snprintf(tgt, sizeof(tgt), "struct:%s", sa->name);
		if (j >= 0 && HAS(b, b.s->structs[j].life))
			cmp_struct(a, (int)i, b, j, m, f);
		else if (m == CMP_EVOLVE && pvabi_life_deprecated(&sa->life, a.rev))
			finding_add(f, "STRUCT_REMOVED", PVABI_SEV_COMPAT,
				    j >= 0 ? &b.s->structs[j].loc : &sa->loc, REV(b), tgt,
				    "struct %s removed after deprecation", sa->name);
		else
			finding_add(f, "REMOVED_WITHOUT_DEPRECATION", PVABI_SEV_BREAKING,
				    j >= 0 ? &b.s->structs[j].loc : &sa->loc, REV(b), tgt,
				    "struct %s removed without deprecation", sa->name);
	}
}
