/* Spec loader, format 2: at most one handle of a kind per scope, on the
 * command that allocates it (<one-per field= in= scope= vcpu= handle=
 * freed-by= error= elsewhere=>). A real ABI names the kind and the vCPU
 * in fields of the command's data (Xen's EVTCHNOP_bind_virq: virq and
 * vcpu, the port written back), and its scope is the vCPU that field
 * names, whoever calls. The conformance generator holds one and asks
 * again from both vCPUs (emit/emit_conf2_uniq.c), so a declaration no
 * probe could honour is refused here, at its line (ONE_PER_INVALID).
 * Conformance data, not in the fingerprint
 * (docs/spec-language.md#at-most-one-per-scope-in-format-2). */
#include "abi/load_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* elsewhere= naming an error <errors> does not define. */
#define ONE_PER_UNKNOWN (-2)

void load_cmd_one_per(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		      struct pvabi_cmd *k)
{
	struct pvabi_one_per *o = load_children(L, c, "one-per", sizeof(*o), op, 0);
	size_t i = 0;
	xmlNode *x;

	if (!o)
		return;
	for (x = c->children; x; x = x->next) {
		if (!is_elem(x, "one-per"))
			continue;
		load_one_per_common(L, x, &k->life, &o[i]);
		o[i].field = attr(L, x, "field");
		o[i].vcpu = attr(L, x, "vcpu");
		o[i].handle = attr(L, x, "handle");
		o[i].freed_by = attr(L, x, "freed-by");
		o[i].elsewhere = o[i].free_cmd = PVABI_NONE;
		if (attr_view(L, x, "elsewhere")) /* an unknown name is refused, not dropped */
			o[i].elsewhere = pvabi_spec_error(L->s, attr_view(L, x, "elsewhere")) < 0
						 ? ONE_PER_UNKNOWN
						 : pvabi_spec_error(L->s, attr_view(L, x, "elsewhere"));
		i++;
	}
	k->ones = o;
	k->nones = i;
}

/* A top-level scalar field of struct si present in every mode, or
 * PVABI_NONE. */
static int scalar_field(const struct pvabi_spec *s, int si, const char *name)
{
	const struct pvabi_field *f;
	int j;

	if (!name || si < 0 || (j = pvabi_struct_field(&s->structs[si], name)) < 0)
		return PVABI_NONE;
	f = &s->structs[si].fields[j];
	if (f->handle || f->count != 1 || f->mode_mask ||
	    (f->type.kind != PVABI_T_PRIM && f->type.kind != PVABI_T_ENUM))
		return PVABI_NONE;
	return j;
}

/* Whether the command's <raises> lists e in every revision o lives in
 * (a command with no <raises> answers whatever its op does). */
static int cmd_raises(const struct pvabi_spec *s, const struct pvabi_op *op,
		      const struct pvabi_cmd *k, const struct pvabi_one_per *o, int e)
{
	struct pvabi_raise_list l = { k->errors, k->raises, k->nerrors, &k->life };

	return !k->nerrors || (e >= 0 && load_raise_gap(s, &l, e, &op->life, &o->life) < 0);
}

/* The values of in=: numbers, or names of the kind field's enum. */
static const char *values_of(const struct pvabi_spec *s, const struct pvabi_field *f,
			     struct pvabi_one_per *o)
{
	char buf[256], *save = NULL, *w, *end;

	o->nvalues = 0;
	if (!o->in || strlen(o->in) >= sizeof(buf))
		return "in= names no value, or is too long";
	memcpy(buf, o->in, strlen(o->in) + 1);
	for (w = strtok_r(buf, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		int v = f->type.kind == PVABI_T_ENUM ? pvabi_enum_value(&s->enums[f->type.index], w)
						      : PVABI_NONE;

		if (o->nvalues == PVABI_KIND_MAX)
			return "in= names more than 8 values";
		if (v >= 0)
			o->nums[o->nvalues] = (uint64_t)s->enums[f->type.index].values[v].value;
		else if (*w >= '0' && *w <= '9')
			o->nums[o->nvalues] = strtoull(w, &end, 0);
		else
			return "in= names a value that is neither a number nor one of the field's enum";
		if (v < 0 && *end)
			return "in= names a value that is not a number";
		o->nvalues++;
	}
	return o->nvalues ? NULL : "in= names no value";
}

/* freed-by="CMD.FIELD": a command of the same op taking the handle in a
 * scalar field of the struct it reads. */
static const char *freer_of(const struct pvabi_spec *s, const struct pvabi_op *op,
			    struct pvabi_one_per *o)
{
	const char *dot = o->freed_by ? strchr(o->freed_by, '.') : NULL;
	size_t j;

	for (j = 0; dot && j < op->ncmds; j++) {
		const struct pvabi_cmd *f = &op->cmds[j];

		if (strlen(f->name) != (size_t)(dot - o->freed_by) ||
		    strncmp(f->name, o->freed_by, (size_t)(dot - o->freed_by)))
			continue;
		if (!f->has_data || f->data.kind != PVABI_T_STRUCT || f->dir == PVABI_PTR_OUT ||
		    scalar_field(s, f->data.index, dot + 1) < 0)
			return "freed-by= names a command whose data holds no such scalar field";
		o->free_cmd = (int)j;
		o->free_field = dot + 1;
		return NULL;
	}
	return "freed-by= names no command of the op (COMMAND.FIELD)";
}

/* Why o on command k of op cannot derive its probes, or NULL. */
static const char *broken(const struct pvabi_spec *s, const struct pvabi_op *op,
			  const struct pvabi_cmd *k, struct pvabi_one_per *o)
{
	int si = k->has_data && k->data.kind == PVABI_T_STRUCT ? k->data.index : PVABI_NONE;
	int kf = scalar_field(s, si, o->field), vf = scalar_field(s, si, o->vcpu);
	int hf = scalar_field(s, si, o->handle);
	const char *why;

	if (si < 0 || k->dir != PVABI_PTR_INOUT)
		return "is on a command whose data is not a struct passed inout (kind in, handle out)";
	if (kf < 0)
		return "field= names no scalar field of the command's data";
	if (o->vcpu && (vf < 0 || vf == kf))
		return "vcpu= names no other scalar field of the command's data";
	if (o->scope == PVABI_SCOPE_VCPU && !o->vcpu)
		return "scope=\"vcpu\" needs vcpu=, the field naming the vCPU the handle is bound to";
	if (o->elsewhere != PVABI_NONE && (o->scope != PVABI_SCOPE_GUEST || !o->vcpu))
		return "elsewhere= is for scope=\"guest\" with vcpu= (the only vCPU it binds on is 0)";
	if (hf < 0 || hf == kf || hf == vf)
		return "handle= names no other scalar field of the command's data";
	if (o->error < 0 || o->elsewhere == ONE_PER_UNKNOWN || !cmd_raises(s, op, k, o, o->error) ||
	    (o->elsewhere >= 0 && !cmd_raises(s, op, k, o, o->elsewhere)))
		return "names an error <errors> does not define, or one the command's <raises> "
		       "leaves out in a revision the one-per lives in";
	if ((why = values_of(s, &s->structs[si].fields[kf], o)))
		return why;
	return freer_of(s, op, o);
}

void load_cmd_one_per_check(struct loader *L)
{
	const struct pvabi_spec *s = L->s;
	const char *why;
	size_t i, j, m;

	for (i = 0; i < s->nops; i++)
		for (j = 0; j < s->ops[i].ncmds; j++)
			for (m = 0; m < s->ops[i].cmds[j].nones; m++) {
				const struct pvabi_cmd *k = &s->ops[i].cmds[j];
				struct pvabi_one_per *o = (struct pvabi_one_per *)&k->ones[m];

				if (!(why = broken(s, &s->ops[i], k, o)))
					continue;
				pvabi_diag_add(L->d, "ONE_PER_INVALID", o->loc.file, o->loc.line,
					       "op %s: command %s: one-per %s", s->ops[i].name,
					       k->name, why);
				L->failed = 1;
			}
}
