/* What format 2 adds to a comparison of two views: renames and reserved
 * bytes reused (compatible when nothing moves), layouts in the 32-bit
 * guest mode, guest handles, and the commands an op multiplexes. */
#include "abi/compare_internal.h"
#include "abi/finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int compare_field_match(struct view v, const struct pvabi_struct *st, const char *name)
{
	int j = pvabi_struct_field(st, name);
	size_t i;

	if ((j >= 0 && HAS(v, st->fields[j].life)) || v.s->format < 2)
		return j;
	for (i = 0; i < st->nfields; i++)
		if (st->fields[i].old_name && !strcmp(st->fields[i].old_name, name) &&
		    HAS(v, st->fields[i].life))
			return (int)i;
	return j;
}

int compare_reserved_reused(struct view v, const struct pvabi_struct *st, const char *old)
{
	int j = pvabi_struct_field(st, old);
	size_t i;

	if (v.s->format < 2 || (j >= 0 && HAS(v, st->fields[j].life)))
		return 0;
	for (i = 0; i < st->nfields; i++)
		if (st->fields[i].replaces_name && !strcmp(st->fields[i].replaces_name, old) &&
		    HAS(v, st->fields[i].life))
			return 1;
	return 0;
}

static enum pvabi_severity evolve_sev(enum cmp_mode m)
{
	return m == CMP_SAME ? PVABI_SEV_BREAKING : PVABI_SEV_COMPAT;
}

/* The same field in both views: its name in each, its handle-ness, and
 * its x86_32 place when the x86_64 one did not already differ. */
static void cmp_field2(struct view a, const struct pvabi_field *x, const long *oa,
		       struct view b, const struct pvabi_struct *sb, const struct pvabi_field *y,
		       const long *ob, enum cmp_mode m, struct pvabi_findings *f)
{
	const char *na = pvabi_field_name(x, a.rev), *nb = pvabi_field_name(y, b.rev);
	size_t al, xs, ys;
	char tgt[256];

	snprintf(tgt, sizeof(tgt), "struct:%s.field:%s", sb->name, y->name);
	if (strcmp(na, nb))
		finding_add(f, "FIELD_RENAMED", evolve_sev(m), &y->loc, REV(b), tgt,
			    "struct %s: field '%s' renamed to '%s'; every byte stays", sb->name, na,
			    nb);
	if (x->handle != y->handle)
		finding_add(f, "STRUCT_FIELD_RETYPED", PVABI_SEV_BREAKING, &y->loc, REV(b), tgt,
			    "struct %s: field '%s' %s a guest handle", sb->name, nb,
			    y->handle ? "became" : "is no longer");
	if (!oa || !ob || oa[0] != ob[0] || oa[2] != ob[2])
		return; /* x86_64 differences are reported already */
	xs = pvabi_field_size_mode(a.s, x, a.rev, PVABI_MODE_X86_32, &al) * x->count;
	ys = pvabi_field_size_mode(b.s, y, b.rev, PVABI_MODE_X86_32, &al) * y->count;
	if (oa[1] != ob[1])
		finding_add(f, "STRUCT_FIELD_MOVED", PVABI_SEV_BREAKING, &y->loc, REV(b), tgt,
			    "struct %s: field '%s' moved from offset %ld to %ld on x86_32",
			    sb->name, nb, oa[1], ob[1]);
	else if (xs != ys)
		finding_add(f, "STRUCT_FIELD_RESIZED", PVABI_SEV_BREAKING, &y->loc, REV(b), tgt,
			    "struct %s: field '%s' resized from %zu to %zu bytes on x86_32",
			    sb->name, nb, xs, ys);
}

/* off[3 * i + k]: field i's x86_64 offset, x86_32 offset, x86_64 size. */
static long *offsets(struct view v, int si)
{
	const struct pvabi_struct *st = &v.s->structs[si];
	size_t n = st->nfields ? st->nfields : 1, i, al;
	long *o64 = malloc(n * sizeof(long)), *o32 = malloc(n * sizeof(long)),
	     *out = malloc(3 * n * sizeof(long));

	if (o64 && o32 && out) {
		pvabi_struct_layout_mode(v.s, si, v.rev, PVABI_MODE_X86_64, o64, &al);
		pvabi_struct_layout_mode(v.s, si, v.rev, PVABI_MODE_X86_32, o32, &al);
		for (i = 0; i < st->nfields; i++) {
			out[3 * i] = o64[i];
			out[3 * i + 1] = o32[i];
			out[3 * i + 2] = (long)(pvabi_field_size_mode(v.s, &st->fields[i], v.rev,
							       PVABI_MODE_X86_64, &al) *
					      st->fields[i].count);
		}
	} else {
		free(out);
		out = NULL;
	}
	free(o64);
	free(o32);
	return out;
}

static void reused(struct view a, const struct pvabi_struct *sa, struct view b,
		   const struct pvabi_struct *sb, const struct pvabi_field *y, enum cmp_mode m,
		   struct pvabi_findings *f)
{
	int j = pvabi_struct_field(sa, y->replaces_name);
	char tgt[256];

	if (j < 0 || !HAS(a, sa->fields[j].life) || !compare_reserved_reused(b, sb, y->replaces_name))
		return;
	snprintf(tgt, sizeof(tgt), "struct:%s.field:%s", sb->name, y->name);
	finding_add(f, "RESERVED_REUSED", evolve_sev(m), &y->loc, REV(b), tgt,
		    "struct %s: field '%s' takes bytes of reserved field '%s'", sb->name, y->name,
		    y->replaces_name);
}

/* A member added to a union changes nothing a reader of the old revision
 * sees when the union keeps its size in every mode and the member comes
 * with a discriminant value no old member had: old readers never get
 * that value. 1 when y was classified here (compatible or breaking). */
int compare_union_added(struct view a, int ia, struct view b, int ib,
			const struct pvabi_field *y, enum cmp_mode m, struct pvabi_findings *f)
{
	const struct pvabi_struct *sa = &a.s->structs[ia], *sb = &b.s->structs[ib];
	size_t al, i, m2;
	char tgt[256];

	if (b.s->format < 2 || !sb->is_union || m != CMP_EVOLVE)
		return 0;
	snprintf(tgt, sizeof(tgt), "struct:%s.field:%s", sb->name, y->name);
	for (m2 = 0; m2 < PVABI_MODE_COUNT; m2++) {
		size_t sz_a = pvabi_struct_layout_mode(a.s, ia, a.rev, (enum pvabi_mode)m2, NULL, &al),
		       sz_b = pvabi_struct_layout_mode(b.s, ib, b.rev, (enum pvabi_mode)m2, NULL, &al);

		if (sz_a != sz_b) {
			finding_add(f, "STRUCT_FIELD_INSERTED", PVABI_SEV_BREAKING, &y->loc, REV(b),
				    tgt, "union %s: member '%s' added grows the union from %zu to %zu "
				    "bytes on %s", sb->name, y->name, sz_a, sz_b,
				    pvabi_mode_name((enum pvabi_mode)m2));
			return 1;
		}
	}
	for (i = 0; y->when && i < sa->nfields; i++)
		if (HAS(a, sa->fields[i].life) && sa->fields[i].when &&
		    !strcmp(sa->fields[i].when, y->when)) {
			finding_add(f, "STRUCT_FIELD_INSERTED", PVABI_SEV_BREAKING, &y->loc, REV(b),
				    tgt, "union %s: member '%s' added for discriminant value %s, which "
				    "member '%s' already has", sb->name, y->name, y->when,
				    sa->fields[i].name);
			return 1;
		}
	finding_add(f, "UNION_MEMBER_ADDED", PVABI_SEV_COMPAT, &y->loc, REV(b), tgt,
		    "union %s: member '%s' added%s%s%s; the union keeps its size", sb->name, y->name,
		    y->when ? " for the new discriminant value " : "", y->when ? y->when : "",
		    y->when ? "" : " (no discriminant value)");
	return 1;
}

static void cmp_struct2(struct view a, int ia, struct view b, int ib, enum cmp_mode m,
			struct pvabi_findings *f)
{
	const struct pvabi_struct *sa = &a.s->structs[ia], *sb = &b.s->structs[ib];
	long *oa = offsets(a, ia), *ob = offsets(b, ib);
	size_t i;

	if (!oa || !ob)
		f->oom = 1;
	for (i = 0; oa && ob && i < sb->nfields; i++) {
		const struct pvabi_field *y = &sb->fields[i];
		int j;

		if (!HAS(b, y->life))
			continue;
		j = compare_field_match(a, sa, y->name);
		if (j < 0 && y->old_name)
			j = compare_field_match(a, sa, y->old_name);
		if (j >= 0 && HAS(a, sa->fields[j].life))
			cmp_field2(a, &sa->fields[j], &oa[3 * j], b, sb, y, &ob[3 * i], m, f);
		else if (y->replaces_name)
			reused(a, sa, b, sb, y, m, f);
	}
	free(oa);
	free(ob);
}

void compare_fmt2(struct view a, struct view b, enum cmp_mode m, struct pvabi_findings *f)
{
	size_t i;

	for (i = 0; i < a.s->nstructs; i++) {
		int j = pvabi_spec_struct(b.s, a.s->structs[i].name);

		if (HAS(a, a.s->structs[i].life) && j >= 0 && HAS(b, b.s->structs[j].life))
			cmp_struct2(a, (int)i, b, j, m, f);
	}
	compare_cmds(a, b, m, f);
}
