/* Spec loader: what an argument's declarations per mode (<edge>,
 * <now>) share once every op and scenario has loaded: the mode (when=)
 * that sets the other arguments, the ops named as state or clock that
 * take no argument, and the walk over each revision a declaration lives
 * in, whose first problem is reported at the declaration's line. */
#include "abi/load_internal.h"
#include "abi/vector.h"

#include <stdio.h>

size_t load_decl_nargs(const struct pvabi_op *op, int r)
{
	size_t i, n = 0;

	for (i = 0; i < op->nargs; i++)
		n += pvabi_life_has(&op->args[i].life, r) != 0;
	return n;
}

const char *load_decl_mode(struct loader *L, const struct pvabi_op *op, size_t ai,
			   const char *when, int r, const char *self, char *err, size_t len)
{
	struct pvabi_vec_arg given[PVABI_MAX_ARGS];
	int have[PVABI_MAX_ARGS] = { 0 };

	memset(given, 0, sizeof(given));
	if (!when)
		return NULL;
	if (pvabi_vec_parse_some(L->s, op, when, r, given, have, err, len))
		return err;
	if (!have[ai])
		return NULL;
	snprintf(err, len, "when= sets the argument %s", self);
	return err;
}

void load_decl_resolve(struct loader *L, const struct load_decl *k, const struct pvabi_op *op,
		       size_t ai, void *decl, const struct pvabi_life *life, int line)
{
	const char *why = NULL;
	char err[256];
	int r;

	for (r = life->since; r < (int)L->s->nrevs && !why; r++)
		if (pvabi_life_has(life, r) && pvabi_life_has(&op->life, r))
			why = k->resolve(L, op, ai, decl, r, err, sizeof(err));
	if (!why)
		return;
	pvabi_diag_add(L->d, k->rule, L->file, line, "op %s: arg '%s': %s, revision %s: %s",
		       op->name, op->args[ai].name, k->what, L->s->revs[r - 1].id, why);
	L->failed = 1;
}
