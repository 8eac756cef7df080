/* Queries over a loaded model: lookups and revision views, and the
 * model's release. The primitives and the C layout of structs are
 * abi/layout.c, below this file: it frees the layouts it owns, and
 * layout.c calls nothing here. */
#include "abi/model.h"
#include "abi/arena.h"
#include "abi/names.h"

#include <stdlib.h>
#include <string.h>

/* Models built by the loader carry name maps; one built by hand (tests)
 * may not, and is searched. */
int pvabi_spec_rev(const struct pvabi_spec *spec, const char *id)
{
	size_t i;

	if (spec->rev_names)
		return pvabi_names_get(spec->rev_names, id);
	for (i = 0; i < spec->nrevs; i++)
		if (!strcmp(spec->revs[i].id, id))
			return (int)i;
	return PVABI_NONE;
}

int pvabi_spec_op(const struct pvabi_spec *spec, const char *name)
{
	return pvabi_names_get(spec->op_names, name);
}

int pvabi_spec_struct(const struct pvabi_spec *spec, const char *name)
{
	return pvabi_names_get(spec->struct_names, name);
}

int pvabi_spec_enum(const struct pvabi_spec *spec, const char *name)
{
	return pvabi_names_get(spec->enum_names, name);
}

int pvabi_spec_feature(const struct pvabi_spec *spec, const char *name)
{
	return pvabi_names_get(spec->feature_names, name);
}

int pvabi_spec_error(const struct pvabi_spec *spec, const char *name)
{
	return pvabi_names_get(spec->error_names, name);
}

int pvabi_enum_value(const struct pvabi_enum *e, const char *name)
{
	size_t i;

	if (e->value_names)
		return pvabi_names_get(e->value_names, name);
	for (i = 0; i < e->nvalues; i++)
		if (!strcmp(e->values[i].name, name))
			return (int)i;
	return PVABI_NONE;
}

int pvabi_struct_field(const struct pvabi_struct *st, const char *name)
{
	size_t i;

	if (st->field_names)
		return pvabi_names_get(st->field_names, name);
	for (i = 0; i < st->nfields; i++)
		if (!strcmp(st->fields[i].name, name))
			return (int)i;
	return PVABI_NONE;
}

uint64_t pvabi_spec_feature_mask(const struct pvabi_spec *spec, int rev)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < spec->nfeatures; i++)
		if (pvabi_life_has(&spec->features[i].life, rev) &&
		    spec->features[i].bit < PVABI_MAX_FEATURE_BITS)
			m |= 1ull << spec->features[i].bit;
	return m;
}

const char *pvabi_field_name(const struct pvabi_field *f, int rev)
{
	return f->old_name && f->renamed >= 0 && rev < f->renamed ? f->old_name : f->name;
}

void pvabi_spec_free(struct pvabi_spec *spec)
{
	if (!spec)
		return;
	pvabi_layouts_free(spec->layouts);
	free(spec->canon_ranks);
	pvabi_arena_free(spec->arena);
}
