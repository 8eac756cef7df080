/* Spec loader: at most one handle of a kind per scope (<one-per> on the
 * kind argument of an op that allocates handles). The conformance
 * generator holds such a handle on one vCPU and asks for another from a
 * second vCPU and from the first (emit/emit_uniq_scen.c), so a
 * declaration no probe could honour is refused here, at its line
 * (ONE_PER_INVALID). Conformance data, not in the fingerprint
 * (docs/spec-language.md#at-most-one-per-scope). */
#include "abi/load_internal.h"

#include <string.h>

/* What a <one-per> says in both formats: its scope, the values it
 * holds for, the error a second one answers, its life within parent's,
 * doc and place. */
void load_one_per_common(struct loader *L, xmlNode *c, const struct pvabi_life *parent,
			 struct pvabi_one_per *k)
{
	const char *scope = attr_view(L, c, "scope");

	k->scope = scope && !strcmp(scope, "vcpu") ? PVABI_SCOPE_VCPU : PVABI_SCOPE_GUEST;
	k->in = attr(L, c, "in");
	k->error = PVABI_NONE;
	if (attr_view(L, c, "error"))
		k->error = pvabi_spec_error(L->s, attr_view(L, c, "error"));
	life_of(L, c, parent, &k->life);
	k->doc = doc_of(L, c);
	k->loc.file = L->file;
	k->loc.line = pvabi_xml_line(c);
}

void load_one_per(struct loader *L, xmlNode *n, const struct pvabi_op *op, struct pvabi_arg *a)
{
	struct pvabi_one_per *k = load_children(L, n, "one-per", sizeof(*k), op, 1);
	size_t i = 0;
	xmlNode *c;

	if (!k)
		return;
	for (c = n->children; c; c = c->next)
		if (is_elem(c, "one-per"))
			load_one_per_common(L, c, &a->life, &k[i++]);
	a->ones = k;
	a->nones = i;
}

/* Why k on argument a of op cannot derive its probes, or NULL. */
static const char *one_per_broken(const struct pvabi_spec *s, const struct pvabi_op *op,
				  const struct pvabi_arg *a, struct pvabi_one_per *k)
{
	if (!op->ret_limit || !op->ret_freed_by)
		return "is on an op that hands out no handle (<ret limit= freed-by=>)";
	if (op->feature != PVABI_NONE)
		return "is on an op a feature gates (the probes run in every cell)";
	if (a->dir != PVABI_BY_VALUE || a->type.kind != PVABI_T_ENUM)
		return "is on an argument that is not an enum taken by value (the handle's kind)";
	if (k->error < 0 || load_raise_gap(s, &LOAD_OP_RAISES(op), k->error, &a->life, &k->life) >= 0)
		return "names an error the op's <raises> does not list in every revision the "
		       "one-per lives in";
	return load_enum_names(&s->enums[a->type.index], k->in, k->values, &k->nvalues);
}

void load_one_per_check(struct loader *L)
{
	const struct pvabi_spec *s = L->s;
	const char *why;
	size_t i, j, m;

	for (i = 0; i < s->nops; i++)
		for (j = 0; j < s->ops[i].nargs; j++)
			for (m = 0; m < s->ops[i].args[j].nones; m++) {
				struct pvabi_one_per *k =
					(struct pvabi_one_per *)&s->ops[i].args[j].ones[m];

				if (!(why = one_per_broken(s, &s->ops[i], &s->ops[i].args[j], k)))
					continue;
				pvabi_diag_add(L->d, "ONE_PER_INVALID", k->loc.file, k->loc.line,
					       "op %s: arg '%s': one-per %s", s->ops[i].name,
					       s->ops[i].args[j].name, why);
				L->failed = 1;
			}
}
