/* Spec loader: the lifecycle of the handles an op returns (<ret
 * freed-by= order=>) and the bits of an argument that belong to the
 * guest (<guest-bits>). Both are conformance data, not in the
 * fingerprint: the generator derives probes from them, so a declaration
 * no probe could honour is refused here (docs/spec-language.md). */
#include "abi/load_internal.h"
#include "abi/layout.h"
#include "abi/limit.h"

#include <string.h>

static void here(struct loader *L, struct pvabi_loc *loc, xmlNode *n)
{
	loc->file = L->file;
	loc->line = pvabi_xml_line(n);
}

void load_ret_handle(struct loader *L, xmlNode *c, struct pvabi_op *op)
{
	const char *by = attr_view(L, c, "freed-by"), *order = attr_view(L, c, "order");
	int k;

	here(L, &op->ret_loc, c);
	op->ret_lowest = order && !strcmp(order, "lowest");
	if ((by || order) && !op->ret_limit) {
		LERR(L, c, "HANDLE_DECL_INVALID",
		     "op %s: freed-by= and order= describe handles: the ret needs limit= and full=",
		     op->name);
		return;
	}
	if (!by)
		return;
	if ((k = pvabi_spec_op(L->s, by)) < 0)
		LERR(L, c, "UNKNOWN_OP", "op %s: ret freed-by '%s' names no op", op->name, by);
	else
		op->ret_freed_by = k + 1;
}

/* Why free cannot free op's handles in rev, or NULL: it must exist
 * there and take exactly one argument, the handle, under op's limit. */
static const char *free_broken(const struct pvabi_op *op, const struct pvabi_op *free, int rev)
{
	size_t i, n = 0, lim = 0;

	if (!pvabi_life_has(&free->life, rev))
		return "does not exist";
	if (free->feature != PVABI_NONE && free->feature != op->feature)
		return "is gated by a feature the allocating op is not";
	for (i = 0; i < free->nargs; i++)
		if (pvabi_life_has(&free->args[i].life, rev)) {
			n++;
			lim += free->args[i].dir == PVABI_BY_VALUE &&
			       free->args[i].limit == op->ret_limit - 1;
		}
	return n == 1 && lim == 1 ? NULL : "does not take the handle as its one argument (limit= the same limit)";
}

/* After every op is loaded: the freeing op of each handle, in every
 * revision of the allocating op's life. */
void load_handles_check(struct loader *L)
{
	const struct pvabi_spec *s = L->s;
	size_t i;
	int r;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];
		const char *why;

		if (!op->ret_freed_by)
			continue;
		for (r = 0; r < (int)s->nrevs; r++) {
			if (!pvabi_life_has(&op->life, r) ||
			    !(why = free_broken(op, &s->ops[op->ret_freed_by - 1], r)))
				continue;
			pvabi_diag_add(L->d, "HANDLE_DECL_INVALID", op->ret_loc.file, op->ret_loc.line,
				       "op %s: freed-by op %s %s in revision %s", op->name,
				       s->ops[op->ret_freed_by - 1].name, why, s->revs[r].id);
			L->failed = 1;
			break;
		}
	}
}

/* One <guest-bits>: which bits, under which condition; 0, or -1 when
 * refused (reported). */
static int guest_bits_one(struct loader *L, xmlNode *c, const struct pvabi_op *op,
			  const struct pvabi_arg *a, struct pvabi_guest_bits *g)
{
	uint64_t width = ~UINT64_C(0) >> (64 - 8 * pvabi_prim_size(a->type.prim));
	struct wide w[3] = { 0 };
	const char *names[3] = { "mask", "when-set", "when-clear" };
	int i;

	for (i = 0; i < 3; i++)
		if (wide_attr(L, c, names[i], &w[i]) < 0)
			return -1;
	g->mask = w[0].mag;
	g->when_set = w[1].mag;
	g->when_clear = w[2].mag;
	life_of(L, c, &a->life, &g->life);
	g->doc = doc_of(L, c);
	here(L, &g->loc, c);
	if (w[0].neg || w[1].neg || w[2].neg || !g->mask ||
	    ((g->mask | g->when_set | g->when_clear) & ~width)) {
		LERR(L, c, "GUEST_BITS_INVALID",
		     "op %s: arg '%s': guest-bits mask, when-set and when-clear are bits of its %u-byte type, and mask is not 0",
		     op->name, a->name, pvabi_prim_size(a->type.prim));
		return -1;
	}
	if ((g->mask & (g->when_set | g->when_clear)) || (g->when_set & g->when_clear)) {
		LERR(L, c, "GUEST_BITS_INVALID",
		     "op %s: arg '%s': guest-bits mask, when-set and when-clear must not share a bit",
		     op->name, a->name);
		return -1;
	}
	return 0;
}

/* The <guest-bits> children of an argument: only an integer passed by
 * value can carry them (its probes set the bits in the frame slot). */
void load_guest_bits(struct loader *L, xmlNode *n, const struct pvabi_op *op,
		     struct pvabi_arg *a)
{
	struct pvabi_guest_bits *g = load_children(L, n, "guest-bits", sizeof(*g), op, 0);
	size_t i = 0;
	xmlNode *c;

	if (!g)
		return;
	if (a->dir != PVABI_BY_VALUE || a->type.kind != PVABI_T_PRIM ||
	    pvabi_prim_size(a->type.prim) == 0) {
		LERR(L, n, "GUEST_BITS_INVALID",
		     "op %s: arg '%s': guest-bits are for an integer passed by value", op->name,
		     a->name);
		return;
	}
	for (c = n->children; c; c = c->next)
		if (is_elem(c, "guest-bits") && !guest_bits_one(L, c, op, a, &g[i]))
			i++;
	a->gbits = g;
	a->ngbits = i;
}
