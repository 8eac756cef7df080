/* Size-guard probes of a conformance image: for each op that passes a
 * size-guarded struct out and each revision up to the image's own, the
 * op's first successful vector again with every guest size the guard
 * tells apart (docs/spec-language.md#types-and-layout): one below the
 * first layout (refused with the struct's size-error=, nothing
 * written), one that cuts the revision's last field, the revision's own
 * layout, each later revision's layout and one past every layout (newer
 * guests on an older agreement, the case the guard exists for). What a
 * successful one must write, report in the size field and leave alone
 * is the buffer's output map (emit_out.c), judged by the guest from a
 * poisoned buffer (guest/rt/suite_out.c). */
#include "emit/emit_ctable.h"
#include "guest/rt/conformance.h"

#include <stdio.h>
#include <string.h>

#define SIZES_MAX 8

/* The op's first vector in rev that succeeds with arg `arg` a scratch
 * buffer of the struct's own size: 0 with *v, or 1 (none). */
static int base_of(const struct pvabi_gen *g, const struct pvabi_op *op, size_t arg, int rev,
		   struct pvabi_vec *v, size_t *slot)
{
	char err[256];
	size_t j, k;

	for (j = 0; j < op->nvectors; j++) {
		if (!pvabi_life_has(&op->vectors[j].life, rev) ||
		    pvabi_vec_resolve(g->spec, op, &op->vectors[j], rev, v, err, sizeof(err)) ||
		    v->is_error)
			continue;
		for (k = 0; k < v->nargs; k++)
			if ((size_t)v->args[k].arg == arg && v->args[k].kind == PVABI_VA_SCRATCH &&
			    !v->args[k].nbytes) {
				*slot = k;
				return 0;
			}
	}
	return 1;
}

/* The sizes probed in rev and what each is ("below the first layout"),
 * at most SIZES_MAX; how many. Each at its fixed index, 0 when absent,
 * so consecutive revisions' probes of one kind can share an entry. */
static void sizes_of(const struct pvabi_gen *g, int sidx, int rev, size_t *sz, const char **why)
{
	const struct pvabi_struct *st = &g->spec->structs[sidx];
	size_t own = pvabi_struct_layout(g->spec, sidx, rev, NULL, NULL);
	size_t min = pvabi_struct_layout(g->spec, sidx, st->life.since, NULL, NULL), l, top = own;
	int r, k = 4;

	memset(sz, 0, SIZES_MAX * sizeof(*sz));
	sz[0] = st->size_error && min > 4 ? min - 1 : 0;
	why[0] = "below the first layout";
	sz[1] = own > min ? own - 1 : 0;
	why[1] = "cuts the last field";
	sz[2] = own;
	why[2] = "the layout's own";
	for (r = rev + 1; r < (int)g->spec->nrevs; r++) {
		if (!pvabi_life_has(&st->life, r))
			continue;
		l = pvabi_struct_layout(g->spec, sidx, r, NULL, NULL);
		if (l > top && k < SIZES_MAX) {
			why[k] = "a later revision's layout";
			sz[k++] = top = l;
		}
	}
	sz[3] = top + 4;
	why[3] = "past every layout";
}

static int probe(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op *op,
		 size_t opi, const struct pvabi_vec *base, size_t slot, size_t size,
		 const char *why, int rev, long *last)
{
	const struct pvabi_arg *a = &op->args[base->args[slot].arg];
	const struct pvabi_struct *st = &g->spec->structs[a->type.index];
	uint64_t out = emit_out_map(g, a, rev, size, 0);
	struct pvabi_vec v = *base;
	char label[160];

	v.nchecks = 0;
	v.args[slot].nbytes = size;
	if (size < pvabi_struct_layout(g->spec, a->type.index, st->life.since, NULL, NULL)) {
		v.is_error = 1;
		v.error = st->size_error - 1;
		snprintf(label, sizeof(label), "size guard: %s=[%zu] (%s) -> error=%s, nothing written",
			 a->name, size, why, g->spec->errors[v.error].name);
	} else {
		snprintf(label, sizeof(label), "size guard: %s=[%zu] (%s) -> %s%lld, %s.%s=%u",
			 a->name, size, why, v.cmp == PVABI_CMP_GE ? "ret>=" : "ret=",
			 (long long)v.ret, a->name, st->fields[0].name,
			 (unsigned)(out >> PVABI_COUT_END_SHIFT));
	}
	return emit_vec_entry(t, g, op, opi, NULL, label, &v, rev, last, &op->loc);
}

static int op_sizes(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op *op,
		    size_t opi, size_t arg)
{
	long last[SIZES_MAX];
	const char *why[SIZES_MAX];
	struct pvabi_vec v;
	size_t sz[SIZES_MAX], slot = 0;
	int r, k, rc = 0;

	for (k = 0; k < SIZES_MAX; k++)
		last[k] = -1;
	for (r = 0; r <= g->rev; r++) {
		if (!pvabi_life_has(&op->life, r) || !pvabi_life_has(&op->args[arg].life, r) ||
		    base_of(g, op, arg, r, &v, &slot)) {
			for (k = 0; k < SIZES_MAX; k++)
				last[k] = -1;
			continue;
		}
		sizes_of(g, op->args[arg].type.index, r, sz, why);
		for (k = 0; k < SIZES_MAX; k++) {
			if (!sz[k]) {
				last[k] = -1;
				continue;
			}
			rc |= probe(t, g, op, opi, &v, slot, sz[k], why[k], r, &last[k]);
		}
	}
	return rc;
}

int emit_sizes_collect(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op **ops,
		       size_t nops)
{
	size_t i, j, opi = 0;
	int rc = 0;

	for (i = 0; i < nops; i++) {
		if (!emit_known(g, ops[i]))
			continue;
		for (j = 0; j < ops[i]->nargs; j++) {
			const struct pvabi_arg *a = &ops[i]->args[j];

			if (a->dir == PVABI_PTR_OUT && a->type.kind == PVABI_T_STRUCT &&
			    g->spec->structs[a->type.index].size_guarded)
				rc |= op_sizes(t, g, ops[i], opi, j);
		}
		opi++;
	}
	return rc;
}
