/* Spec loader: what puts back the state a call changed, for the guest
 * runtime to release when a scenario fails half-way (reset= and
 * restore-from= on an argument; docs/spec-language.md#release-after-a-
 * failed-scenario). Handles have their own declaration (<ret
 * freed-by=>, load_handle.c). Conformance data, not in the fingerprint:
 * the generator derives each scenario's release table from them, so a
 * declaration no release call could honour is refused here. */
#include "abi/load_internal.h"

#include <string.h>

static int int_by_value(const struct pvabi_arg *a)
{
	return a->dir == PVABI_BY_VALUE && a->type.kind == PVABI_T_PRIM &&
	       pvabi_prim_size(a->type.prim) > 0;
}

/* reset="V": V must be a value of the argument's type. */
static void arg_reset(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		      struct pvabi_arg *a)
{
	struct wide w;
	uint64_t hi;
	int64_t lo;

	if (wide_attr(L, c, "reset", &w) != 0)
		return;
	prim_range(a->type.prim, &lo, &hi);
	if (!wide_in(&w, lo, hi)) {
		LERR(L, c, "RELEASE_DECL_INVALID", "op %s: arg '%s': reset %s does not fit its type %s",
		     op->name, a->name, w.text, pvabi_prim_name(a->type.prim));
		return;
	}
	a->has_reset = 1;
	a->reset_value = (uint64_t)wide_value(&w);
}

void load_arg_release(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		      struct pvabi_arg *a)
{
	const char *from = attr_view(L, c, "restore-from");
	int k;

	if (!from && !attr_view(L, c, "reset"))
		return;
	a->release_loc.file = L->file;
	a->release_loc.line = pvabi_xml_line(c);
	if (!int_by_value(a)) {
		LERR(L, c, "RELEASE_DECL_INVALID",
		     "op %s: arg '%s': reset= and restore-from= put back an integer passed by value",
		     op->name, a->name);
		return;
	}
	if (from && attr_view(L, c, "reset")) {
		LERR(L, c, "RELEASE_DECL_INVALID",
		     "op %s: arg '%s': reset= and restore-from= are two ways to put one state back: give one",
		     op->name, a->name);
		return;
	}
	if (!from) {
		arg_reset(L, c, op, a);
		return;
	}
	if ((k = pvabi_spec_op(L->s, from)) < 0)
		LERR(L, c, "RELEASE_DECL_INVALID", "op %s: arg '%s': restore-from '%s' names no op",
		     op->name, a->name, from);
	else
		a->restore_from = k + 1;
}

/* The by-value argument of op named name in rev, or NULL. */
static const struct pvabi_arg *value_arg(const struct pvabi_op *op, const char *name, int rev)
{
	size_t i;

	for (i = 0; i < op->nargs; i++)
		if (!strcmp(op->args[i].name, name) && pvabi_life_has(&op->args[i].life, rev) &&
		    int_by_value(&op->args[i]))
			return &op->args[i];
	return NULL;
}

/* Why rd cannot read back what a writes in rev, or NULL; *out its out
 * argument. It must exist there, be gated by no other feature, take
 * by-value arguments the writing op has too (same name) and one
 * pass="out" integer of a's size, nothing else. */
static const char *reader_broken(const struct pvabi_op *op, const struct pvabi_arg *a,
				 const struct pvabi_op *rd, int rev, int *out)
{
	size_t i, nout = 0;

	if (!pvabi_life_has(&rd->life, rev))
		return "does not exist";
	if (rd->feature != PVABI_NONE && rd->feature != op->feature)
		return "is gated by a feature the writing op is not";
	for (i = 0; i < rd->nargs; i++) {
		const struct pvabi_arg *b = &rd->args[i];

		if (!pvabi_life_has(&b->life, rev))
			continue;
		if (b->dir == PVABI_PTR_OUT && b->type.kind == PVABI_T_PRIM &&
		    pvabi_prim_size(b->type.prim) == pvabi_prim_size(a->type.prim)) {
			nout++;
			*out = (int)i;
		} else if (!int_by_value(b) || !value_arg(op, b->name, rev) ||
			   !strcmp(b->name, a->name))
			return "takes an argument the writing op does not pass by value (by name), or the restored one";
	}
	return nout == 1 ? NULL : "has not exactly one pass=\"out\" integer of the restored argument's size";
}

/* An op's one release: at most one argument declares it, and an op
 * whose result is a handle, or that frees one, is released by freed-by. */
static const struct pvabi_arg *op_release(struct loader *L, const struct pvabi_op *op,
					  int frees)
{
	const struct pvabi_arg *r = NULL;
	size_t i;

	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_arg *a = &op->args[i];

		if (!a->has_reset && !a->restore_from)
			continue;
		if (r || op->ret_freed_by || frees) {
			pvabi_diag_add(L->d, "RELEASE_DECL_INVALID", a->release_loc.file,
				       a->release_loc.line,
				       "op %s: arg '%s': %s", op->name, a->name,
				       r ? "one argument of an op declares its release" :
				       "the op allocates or frees a handle: freed-by= releases it");
			L->failed = 1;
			return NULL;
		}
		r = a;
	}
	for (i = 0; r && i < op->nargs; i++)
		if (op->args[i].dir != PVABI_BY_VALUE) {
			/* the release repeats the call's arguments: an address
			 * into the guest's scratch memory would not survive */
			pvabi_diag_add(L->d, "RELEASE_DECL_INVALID", r->release_loc.file,
				       r->release_loc.line,
				       "op %s: arg '%s': the release repeats the call, whose arguments must all be passed by value ('%s' is not)",
				       op->name, r->name, op->args[i].name);
			L->failed = 1;
			return NULL;
		}
	return r;
}

static int frees_handles(const struct pvabi_spec *s, size_t k)
{
	size_t i;

	for (i = 0; i < s->nops; i++)
		if (s->ops[i].ret_freed_by == (int)k + 1)
			return 1;
	return 0;
}

/* After every op is loaded: each restore-from op reads back, in every
 * revision of the restored argument. */
void load_release_check(struct loader *L)
{
	const struct pvabi_spec *s = L->s;
	size_t i;
	int r;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];
		struct pvabi_arg *a = (struct pvabi_arg *)op_release(L, op, frees_handles(s, i));
		const char *why = NULL;

		if (!a || !a->restore_from)
			continue;
		for (r = 0; r < (int)s->nrevs && !why; r++)
			if (pvabi_life_has(&a->life, r))
				why = reader_broken(op, a, &s->ops[a->restore_from - 1], r,
						    &a->restore_out);
		if (why) {
			pvabi_diag_add(L->d, "RELEASE_DECL_INVALID", a->release_loc.file,
				       a->release_loc.line,
				       "op %s: arg '%s': restore-from op %s %s in revision %s", op->name,
				       a->name, s->ops[a->restore_from - 1].name, why, s->revs[r - 1].id);
			L->failed = 1;
		}
	}
}
