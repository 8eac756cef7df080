/* Spec loader: size-error= on a size-guarded struct, the error a guest
 * size below the struct's first layout gets (docs/spec-language.md#
 * types-and-layout). Conformance data, not in the fingerprint: every
 * image probes the sizes the guard tells apart (emit/emit_sizes.c) and
 * expects this error below the minimum, so a declaration no call could
 * answer is refused here: SIZE_ERROR_INVALID. */
#include "abi/load_internal.h"

void load_size_error(struct loader *L, xmlNode *n, struct pvabi_struct *st)
{
	const char *e = attr(L, n, "size-error");
	int k;

	if (!e)
		return;
	if (!st->size_guarded) {
		LERR(L, n, "SIZE_ERROR_INVALID",
		     "struct %s: size-error= needs a size-guarded struct: no other takes the guest's size",
		     st->name);
		return;
	}
	k = pvabi_spec_error(L->s, e);
	if (k < 0) {
		LERR(L, n, "SIZE_ERROR_INVALID", "struct %s: size-error=%s is not a defined error",
		     st->name, e);
		return;
	}
	st->size_error = k + 1;
}

/* Each op passing a struct with size-error= out raises that error in
 * every revision it passes it. */
void load_size_errors_check(struct loader *L)
{
	const struct pvabi_spec *s = L->s;
	size_t i, j;
	int r;

	for (i = 0; i < s->nops; i++)
		for (j = 0; j < s->ops[i].nargs; j++) {
			const struct pvabi_arg *a = &s->ops[i].args[j];
			const struct pvabi_struct *st;

			if (a->type.kind != PVABI_T_STRUCT || a->dir != PVABI_PTR_OUT)
				continue;
			st = &s->structs[a->type.index];
			if (!st->size_error ||
			    (r = load_raise_gap(s, &LOAD_OP_RAISES(&s->ops[i]), st->size_error - 1,
						&a->life, NULL)) < 0)
				continue;
			pvabi_diag_add(L->d, "SIZE_ERROR_INVALID", st->loc.file, st->loc.line,
				       "struct %s: size-error=%s, but op %s, which passes it out, does not raise %s in revision %s",
				       st->name, s->errors[st->size_error - 1].name, s->ops[i].name,
				       s->errors[st->size_error - 1].name, s->revs[r].id);
			L->failed = 1;
		}
}
