/* Spec loader: refusals that depend on what a handle is (<refused-kind>
 * on a handle argument). The conformance generator derives a probe for
 * every value named and every state the handle passes through
 * (emit/emit_kind_scen.c), so a declaration no probe could honour is
 * refused here, at its line (HANDLE_KIND_INVALID). Conformance data, not
 * in the fingerprint (docs/spec-language.md). */
#include "abi/load_internal.h"

#include <string.h>

void load_kind_refusals(struct loader *L, xmlNode *n, const struct pvabi_op *op,
			struct pvabi_arg *a)
{
	struct pvabi_kind_refusal *k = load_children(L, n, "refused-kind", sizeof(*k), op, 1);
	size_t i = 0;
	xmlNode *c;

	if (!k)
		return;
	for (c = n->children; c; c = c->next) {
		if (!is_elem(c, "refused-kind"))
			continue;
		k[i].by = attr(L, c, "by");
		k[i].in = attr(L, c, "in");
		k[i].alloc_op = PVABI_NONE;
		k[i].error = PVABI_NONE;
		if (attr_view(L, c, "error"))
			k[i].error = pvabi_spec_error(L->s, attr_view(L, c, "error"));
		life_of(L, c, &a->life, &k[i].life);
		k[i].doc = doc_of(L, c);
		k[i].loc.file = L->file;
		k[i].loc.line = pvabi_xml_line(c);
		i++;
	}
	a->kinds = k;
	a->nkinds = i;
}

/* The op whose <ret> hands out the handles of limit li (1 + index in
 * spec->ops), freed by an op: PVABI_NONE when none, -2 when several. */
static int allocator(const struct pvabi_spec *s, int li)
{
	size_t i;
	int found = PVABI_NONE;

	for (i = 0; i < s->nops; i++)
		if (s->ops[i].ret_limit == li + 1 && s->ops[i].ret_freed_by)
			found = found == PVABI_NONE ? (int)i : -2;
	return found;
}

int load_raise_named(const struct pvabi_raise_list *l, int error)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->errors[i] == error)
			return 1;
	return 0;
}

int load_raise_gap(const struct pvabi_spec *s, const struct pvabi_raise_list *l, int error,
		   const struct pvabi_life *a, const struct pvabi_life *b)
{
	int r;
	size_t i;

	for (r = 0; r < (int)s->nrevs; r++) {
		if (!pvabi_life_has(l->life, r) || (a && !pvabi_life_has(a, r)) ||
		    (b && !pvabi_life_has(b, r)))
			continue;
		for (i = 0; i < l->n && !(l->errors[i] == error && pvabi_raise_has(l->raises, i, r));
		     i++)
			;
		if (i == l->n)
			return r;
	}
	return -1;
}

const char *load_enum_names(const struct pvabi_enum *e, const char *in, int *values,
			    size_t *nvalues)
{
	const char *p = in;
	char name[64];
	int v;

	while (p && *p) {
		size_t n;

		p += strspn(p, " ");
		if (!(n = strcspn(p, " ")))
			break;
		if (n >= sizeof(name) || *nvalues == PVABI_KIND_MAX)
			return "names too many values, or a value too long";
		memcpy(name, p, n);
		name[n] = '\0';
		p += n;
		if ((v = pvabi_enum_value(e, name)) < 0)
			return "names a value the argument's enum does not define";
		values[(*nvalues)++] = v;
	}
	return *nvalues ? NULL : "names no value";
}

/* Resolves the values of k against the allocating op's argument; NULL,
 * or why they are refused. */
static const char *resolve_values(const struct pvabi_spec *s, struct pvabi_kind_refusal *k,
				  const struct pvabi_arg *by)
{
	if (by->dir != PVABI_BY_VALUE || by->type.kind != PVABI_T_ENUM)
		return "names no enum argument the allocating op takes by value";
	return load_enum_names(&s->enums[by->type.index], k->in, k->values, &k->nvalues);
}

/* Why k on argument a of op cannot derive its probes, or NULL. */
static const char *kind_broken(const struct pvabi_spec *s, const struct pvabi_op *op,
			       const struct pvabi_arg *a, struct pvabi_kind_refusal *k)
{
	const struct pvabi_op *al;
	int j;

	if (a->dir != PVABI_BY_VALUE || a->limit < 0)
		return "is on an argument that is not a handle (an integer by value with limit=)";
	if (k->error < 0 || load_raise_gap(s, &LOAD_OP_RAISES(op), k->error, &a->life, &k->life) >= 0)
		return "names an error the op's <raises> does not list in every revision the "
		       "refusal lives in";
	if ((k->alloc_op = allocator(s, a->limit)) < 0)
		return k->alloc_op == PVABI_NONE
			       ? "has no op whose <ret> hands out handles of the argument's limit (limit= full= freed-by=)"
			       : "has several ops handing out handles of the argument's limit";
	al = &s->ops[k->alloc_op];
	if ((int)(al - s->ops) == (int)(op - s->ops) || al->ret_freed_by - 1 == (int)(op - s->ops))
		return "is on the op that allocates or frees the handle";
	for (j = 0; j < (int)al->nargs && (!k->by || strcmp(al->args[j].name, k->by)); j++)
		;
	if (j == (int)al->nargs)
		return "by= names no argument of the allocating op";
	k->by_arg = j;
	return resolve_values(s, k, &al->args[j]);
}

/* After every op is loaded: each <refused-kind>'s allocating op, the
 * argument it names and its values. */
void load_kinds_check(struct loader *L)
{
	const struct pvabi_spec *s = L->s;
	const char *why;
	size_t i, j, m;

	for (i = 0; i < s->nops; i++)
		for (j = 0; j < s->ops[i].nargs; j++)
			for (m = 0; m < s->ops[i].args[j].nkinds; m++) {
				struct pvabi_kind_refusal *k =
					(struct pvabi_kind_refusal *)&s->ops[i].args[j].kinds[m];

				if (!(why = kind_broken(s, &s->ops[i], &s->ops[i].args[j], k)))
					continue;
				pvabi_diag_add(L->d, "HANDLE_KIND_INVALID", k->loc.file, k->loc.line,
					       "op %s: arg '%s': refused-kind %s", s->ops[i].name,
					       s->ops[i].args[j].name, why);
				L->failed = 1;
			}
}
