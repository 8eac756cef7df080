/* Spec loader, format 2 (docs/spec-language.md, "Format 2"): guest modes,
 * revision codes, typedefs of arrays, unions, guest handles, C names and
 * the evolution attributes. Each attribute is refused in a format 1 file
 * (FORMAT_FEATURE), so a format 1 spec loads, and fingerprints, exactly
 * as before. Commands and negotiation are in load_cmds.c. */
#include "abi/load_internal.h"

#include <stdio.h>
#include <string.h>

void load_modes(struct loader *L, xmlNode *root)
{
	const char *m = fmt2_attr(L, root, "modes");

	if (!m)
		return;
	if (strstr(m, "x86_64"))
		L->s->modes |= 1u << PVABI_MODE_X86_64;
	if (strstr(m, "x86_32"))
		L->s->modes |= 1u << PVABI_MODE_X86_32;
}

/* A revision's wire code is M << 16 | m unless written: Xen's interface
 * versions (0x00030205) are not two 16-bit parts of their names. */
void load_rev_code(struct loader *L, xmlNode *c, struct pvabi_rev *r)
{
	const char *code = attr(L, c, "code");
	unsigned int p3;
	struct wide w;
	char tail;

	if (!code) {
		if (r->id && sscanf(r->id, "%*u.%*u.%u%c", &p3, &tail) == 1)
			LERR(L, c, "REVISION_CODE",
			     "revision %s has three parts: give its wire number with code=",
			     r->id);
		return;
	}
	if (!fmt2_need(L, c, "a revision code=") || wide_attr(L, c, "code", &w))
		return;
	if (!wide_in(&w, 0, UINT32_MAX)) {
		LERR(L, c, "REVISION_CODE", "revision %s: code %s does not fit 32 bits",
		     r->id, w.text);
		return;
	}
	r->has_code = 1;
	r->major = (unsigned int)(w.mag >> 16);
	r->minor = (unsigned int)(w.mag & 0xffff);
}

static void load_typedef(struct loader *L, xmlNode *c, struct pvabi_typedef *t)
{
	struct wide count;

	t->name = attr(L, c, "name");
	t->c_name = attr(L, c, "c-name");
	t->count = 1;
	type_of(L, c, attr(L, c, "type"), 1, &t->type);
	if (wide_attr(L, c, "count", &count) == 0) {
		if (!wide_in(&count, 1, 65536))
			LERR(L, c, "BAD_NUMBER", "typedef %s count %s outside 1..65536", t->name,
			     count.text);
		else
			t->count = (unsigned int)count.mag;
	}
	life_of(L, c, NULL, &t->life);
	t->doc = doc_of(L, c);
	t->loc.file = L->file;
	t->loc.line = pvabi_xml_line(c);
}

void load_typedefs(struct loader *L, xmlNode *root)
{
	struct pvabi_spec *s = L->s;
	size_t i = 0, j, k;
	xmlNode *c;

	(void)root;
	s->ntypedefs = L->top[TOP_TYPEDEF].n;
	s->typedefs = pvabi_arena_array(L->a, s->ntypedefs, sizeof(*s->typedefs));
	if (!s->typedefs)
		return;
	FOR_TOP(L, TOP_TYPEDEF, k, c) {
		struct pvabi_typedef *t = &s->typedefs[i];

		if (!fmt2_need(L, c, "<typedef>"))
			continue;
		load_typedef(L, c, t);
		if (pvabi_prim_parse(t->name) >= 0 || pvabi_spec_enum(s, t->name) >= 0 ||
		    pvabi_spec_struct(s, t->name) >= 0)
			LERR(L, c, "DUPLICATE_NAME", "typedef '%s' clashes with another type",
			     t->name);
		for (j = 0; j < i; j++)
			if (!strcmp(s->typedefs[j].name, t->name))
				LERR(L, c, "DUPLICATE_NAME", "typedef '%s' already defined at line %d",
				     t->name, s->typedefs[j].loc.line);
		i++;
	}
	s->ntypedefs = i;
}

int typedef_find(const struct pvabi_spec *s, const char *name)
{
	size_t i;

	for (i = 0; name && i < s->ntypedefs; i++)
		if (!strcmp(s->typedefs[i].name, name))
			return (int)i;
	return PVABI_NONE;
}

void load_struct_fmt2(struct loader *L, xmlNode *n, struct pvabi_struct *st)
{
	const char *growth = fmt2_attr(L, n, "growth");
	struct wide w;

	st->is_union = is_elem(n, "union") && fmt2_need(L, n, "<union>");
	st->c_name = fmt2_attr(L, n, "c-name");
	if (!growth)
		return;
	st->tail_growth = 1;
	if (wide_attr(L, n, "max-size", &w) || !wide_in(&w, 1, UINT32_MAX)) {
		LERR(L, n, "GROWTH_INVALID",
		     "struct %s: growth=\"tail\" needs max-size=, the size it may grow to",
		     st->name);
		return;
	}
	st->max_size = (uint32_t)w.mag;
	if (st->size_guarded || st->is_union)
		LERR(L, n, "GROWTH_INVALID",
		     "struct %s: growth=\"tail\" is for structs without a size field, not %s",
		     st->name, st->is_union ? "unions" : "size-guarded structs");
}

/* The discriminant is an earlier scalar field of the same struct. */
static void field_discriminant(struct loader *L, xmlNode *c, const struct pvabi_struct *st,
			       struct pvabi_field *f)
{
	const char *d = fmt2_attr(L, c, "discriminant");
	size_t i, self = (size_t)(f - st->fields);

	if (!d)
		return;
	for (i = 0; i < self; i++)
		if (!strcmp(st->fields[i].name, d))
			break;
	if (i == self || st->fields[i].type.kind == PVABI_T_STRUCT || st->fields[i].handle) {
		LERR(L, c, "UNION_INVALID",
		     "field %s.%s: discriminant '%s' is not an earlier scalar field of %s",
		     st->name, f->name, d, st->name);
		return;
	}
	f->discriminant = (int)i;
}

/* Field attributes of format 2. The references (discriminant,
 * replaces-reserved) are resolved once all fields are loaded. */
void load_field_fmt2(struct loader *L, xmlNode *c, struct pvabi_struct *st,
		     struct pvabi_field *f)
{
	const char *h = fmt2_attr(L, c, "handle"), *mode = fmt2_attr(L, c, "mode");

	f->discriminant = f->replaces = f->renamed = f->tdef = PVABI_NONE;
	f->handle = h && (!strcmp(h, "true") || !strcmp(h, "1"));
	f->c_name = fmt2_attr(L, c, "c-name");
	if (mode)
		f->mode_mask = 1u << (strcmp(mode, "x86_32") ? PVABI_MODE_X86_64 : PVABI_MODE_X86_32);
	f->when = fmt2_attr(L, c, "when");
	f->replaces_name = fmt2_attr(L, c, "replaces-reserved");
	field_discriminant(L, c, st, f);
	load_field_written_on(L, c, st, f, fmt2_attr(L, c, "written-on"));
	f->old_name = fmt2_attr(L, c, "renamed-from");
	if (f->old_name)
		f->renamed = rev_attr(L, c, "renamed", PVABI_NONE);
	if (f->old_name && f->renamed < 0)
		LERR(L, c, "RENAME_INVALID",
		     "field %s.%s: renamed-from= needs renamed=, the revision of the rename",
		     st->name, f->name);
	if (f->when && !st->is_union)
		LERR(L, c, "UNION_INVALID", "field %s.%s: when= is for union members",
		     st->name, f->name);
	if (f->handle && f->count != 1)
		LERR(L, c, "HANDLE_INVALID", "field %s.%s: a guest handle is one pointer, not %u",
		     st->name, f->name, f->count);
}

/* A field declared with a typedef takes its base type and its count. */
void field_typedef(struct loader *L, xmlNode *c, const struct pvabi_struct *st,
		   struct pvabi_field *f, const char *type)
{
	int t = typedef_find(L->s, type);

	if (t < 0)
		return;
	f->tdef = t;
	f->type = L->s->typedefs[t].type;
	if (f->count != 1)
		LERR(L, c, "BAD_NUMBER",
		     "field %s.%s: an array of the array typedef %s; give the count in one place",
		     st->name, f->name, type);
	f->count = L->s->typedefs[t].count;
}
