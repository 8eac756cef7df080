#include "emit/emit_names.h"
#include "abi/arena.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *upper(struct pvabi_arena *a, const char *s)
{
	char *u = pvabi_arena_strdup(a, s);
	size_t i;

	for (i = 0; u && u[i]; i++)
		u[i] = (char)toupper((unsigned char)u[i]);
	return u;
}

static const char *fmt(struct pvabi_arena *a, const char *f, ...)
	__attribute__((format(printf, 2, 3)));

static const char *fmt(struct pvabi_arena *a, const char *f, ...)
{
	va_list ap;
	char *p;
	int k;

	va_start(ap, f);
	k = vsnprintf(NULL, 0, f, ap);
	va_end(ap);
	if (k < 0 || !(p = pvabi_arena_alloc(a, (size_t)k + 1)))
		return NULL;
	va_start(ap, f);
	vsnprintf(p, (size_t)k + 1, f, ap);
	va_end(ap);
	return p;
}

/* What an item's C name looks like around "<abi>_<name>". */
struct c_form {
	const char *before, *after;
};

static const struct c_form C_NONE = { NULL, NULL }, C_FUNC = { "", "" },
			   C_STRUCT = { "struct ", "" }, C_TYPEDEF = { "", "_t" };

/* up, then macro = ABI_<kind><UP>, then c in the given form. */
static int name_of(const struct emit_names *n, struct emit_name *x, const char *name,
		   const char *kind, struct c_form form)
{
	x->up = upper(n->arena, name);
	x->macro = x->up ? fmt(n->arena, "%s_%s%s", n->up, kind, x->up) : NULL;
	x->c = form.before ? fmt(n->arena, "%s%s_%s%s", form.before, n->lo, name, form.after)
			   : NULL;
	return x->up && x->macro && (!form.before || x->c) ? 0 : -1;
}

static struct emit_name *names_array(const struct emit_names *n, size_t count)
{
	return pvabi_arena_array(n->arena, count ? count : 1, sizeof(struct emit_name));
}

static int enums_init(struct emit_names *n, const struct pvabi_spec *s)
{
	size_t i, j;
	int rc = 0;

	n->enums = names_array(n, s->nenums);
	n->values = pvabi_arena_array(n->arena, s->nenums + 1, sizeof(*n->values));
	if (!n->enums || !n->values)
		return -1;
	for (i = 0; i < s->nenums; i++) {
		const struct pvabi_enum *e = &s->enums[i];
		const char *kind;

		rc |= name_of(n, &n->enums[i], e->name, "", C_TYPEDEF);
		kind = n->enums[i].up ? fmt(n->arena, "%s_", n->enums[i].up) : NULL;
		if (!kind || !(n->values[i] = names_array(n, e->nvalues)))
			return -1;
		for (j = 0; j < e->nvalues; j++)
			rc |= name_of(n, &n->values[i][j], e->values[j].name, kind, C_NONE);
	}
	return rc;
}

int emit_names_init(struct emit_names *n, const struct pvabi_spec *s)
{
	size_t i;
	int rc = 0;

	memset(n, 0, sizeof(*n));
	if (!(n->arena = pvabi_arena_new()))
		return -1;
	n->lo = pvabi_arena_strdup(n->arena, s->name);
	n->up = upper(n->arena, s->name);
	n->ops = names_array(n, s->nops);
	n->errors = names_array(n, s->nerrors);
	n->features = names_array(n, s->nfeatures);
	n->structs = names_array(n, s->nstructs);
	if (!n->lo || !n->up || !n->ops || !n->errors || !n->features || !n->structs)
		goto fail;
	for (i = 0; i < s->nops; i++) {
		rc |= name_of(n, &n->ops[i], s->ops[i].name, "OP_", C_FUNC);
		n->ops[i].platform = fmt(n->arena, "%s_handle_%s", n->lo, s->ops[i].name);
		rc |= n->ops[i].platform ? 0 : -1;
	}
	for (i = 0; i < s->nerrors; i++)
		rc |= name_of(n, &n->errors[i], s->errors[i].name, "", C_NONE);
	for (i = 0; i < s->nfeatures; i++)
		rc |= name_of(n, &n->features[i], s->features[i].name, "FEATURE_", C_NONE);
	for (i = 0; i < s->nstructs; i++) {
		rc |= name_of(n, &n->structs[i], s->structs[i].name, "", C_STRUCT);
		n->structs[i].platform = fmt(n->arena, "%s_layout_%s", n->lo, s->structs[i].name);
		rc |= n->structs[i].platform ? 0 : -1;
	}
	if (!rc && !enums_init(n, s))
		return 0;
fail:
	emit_names_free(n);
	return -1;
}

void emit_names_free(struct emit_names *n)
{
	pvabi_arena_free(n->arena);
	memset(n, 0, sizeof(*n));
}
