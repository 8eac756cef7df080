/* Spec loader: declared limits (<limit>), the arguments that name them
 * (limit="NAME") and the base calls of their probes (<probe-base>).
 * A limit the dispatch could not enforce, or a probe the generator could
 * not derive, is refused here rather than in a generated platform.
 * (Struct size limits are load_limits.c's.) */
#include "abi/load_internal.h"
#include "abi/limit.h"
#include "abi/vector.h"

#include <string.h>

/* A limit's value: not negative, and at least one valid value above min. */
static void limit_number(struct loader *L, xmlNode *n, const struct pvabi_limit *l,
			 const char *name, uint64_t *out)
{
	struct wide w;
	uint64_t top;
	int none;

	if (wide_attr(L, n, name, &w))
		return;
	if (w.neg && w.mag) {
		LERR(L, n, "LIMIT_INVALID", "limit %s: %s %s is negative", l->name, name, w.text);
		return;
	}
	*out = w.mag;
	if (!strcmp(name, "min"))
		return;
	top = pvabi_limit_top(l, w.mag, &none);
	if (none || top < l->min)
		LERR(L, n, "LIMIT_INVALID",
		     "limit %s: value %s leaves no valid value (kind %s allows min %llu to %s)",
		     l->name, w.text, l->kind == PVABI_LIMIT_COUNT ? "count" : "max",
		     (unsigned long long)l->min,
		     l->kind == PVABI_LIMIT_COUNT ? "value - 1" : "value");
}

static int limit_error(struct loader *L, xmlNode *n, const struct pvabi_limit *l,
		       const char *name)
{
	int e = pvabi_spec_error(L->s, name);

	if (e < 0)
		LERR(L, n, "UNKNOWN_ERROR", "limit %s: error '%s' is not defined in <errors>",
		     l->name, name ? name : "");
	return e;
}

static void load_case(struct loader *L, xmlNode *c, struct pvabi_limit *l)
{
	struct pvabi_limit_case *k = &l->cases[l->ncases++];
	const char *f = attr(L, c, "feature");

	k->feature = PVABI_NONE;
	k->loc.file = L->file;
	k->loc.line = pvabi_xml_line(c);
	life_of(L, c, &l->life, &k->life);
	limit_number(L, c, l, "value", &k->value);
	if (f && (k->feature = pvabi_spec_feature(L->s, f)) < 0)
		LERR(L, c, "UNKNOWN_FEATURE", "limit %s: feature '%s' is not defined", l->name, f);
	if (k->life.since < l->life.since ||
	    (l->life.removed >= 0 && (k->life.removed < 0 || k->life.removed > l->life.removed)))
		LERR(L, c, "LIMIT_INVALID", "limit %s: a case lies outside the limit's life",
		     l->name);
}

static void load_limit(struct loader *L, xmlNode *n, struct pvabi_limit *l)
{
	const char *kind = attr(L, n, "kind"), *me = attr(L, n, "min-error");
	const char *counts = attr(L, n, "counts");
	xmlNode *c;

	l->name = attr(L, n, "name");
	l->kind = kind && !strcmp(kind, "count") ? PVABI_LIMIT_COUNT : PVABI_LIMIT_MAX;
	l->platform = bool_attr(L, n, "platform");
	l->counts_vcpus = counts && !strcmp(counts, "vcpus");
	life_of(L, n, NULL, &l->life);
	l->doc = doc_of(L, n);
	l->loc.file = L->file;
	l->loc.line = pvabi_xml_line(n);
	limit_number(L, n, l, "min", &l->min);
	limit_number(L, n, l, "value", &l->value);
	l->error = limit_error(L, n, l, attr(L, n, "error"));
	l->min_error = me ? limit_error(L, n, l, me) : l->error;
	/* Judged against the vCPUs the guest runs, numbered from 0: only the
	 * platform's own count of them can be. */
	if (l->counts_vcpus && (!l->platform || l->kind != PVABI_LIMIT_COUNT || l->min))
		LERR(L, n, "LIMIT_INVALID",
		     "limit %s: counts=\"vcpus\" needs platform=\"true\", kind=\"count\" and min 0 (vCPUs are the platform's, numbered from 0)",
		     l->name);
	l->cases = pvabi_arena_array(L->a, count_children(n, "case"), sizeof(*l->cases));
	if (!l->cases) {
		L->failed = 1;
		return;
	}
	for (c = n->children; c; c = c->next)
		if (is_elem(c, "case"))
			load_case(L, c, l);
}

void load_declared_limits(struct loader *L, xmlNode *root)
{
	struct pvabi_spec *s = L->s;
	xmlNode *c;
	size_t t;

	(void)root;
	s->nlimits = L->top[TOP_LIMIT].n;
	if (!s->nlimits)
		return;
	s->limits = pvabi_arena_array(L->a, s->nlimits, sizeof(*s->limits));
	if (!s->limits) {
		L->failed = 1;
		return;
	}
	s->nlimits = 0;
	FOR_TOP(L, TOP_LIMIT, t, c) {
		int prev;

		load_limit(L, c, &s->limits[s->nlimits]);
		prev = pvabi_spec_limit(s, s->limits[s->nlimits].name);
		if (prev >= 0 && prev < (int)s->nlimits)
			LERR(L, c, "DUPLICATE_NAME", "limit '%s' already defined at line %d",
			     s->limits[prev].name, s->limits[prev].loc.line);
		s->nlimits++;
	}
}

void load_arg_limit(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		    struct pvabi_arg *a)
{
	const char *name = attr(L, c, "limit");
	const char *own = attr(L, c, "handler-limit");
	int li;

	a->limit = PVABI_NONE;
	a->handler_limit = 0;
	if (name && (a->limit = pvabi_spec_limit(L->s, name)) < 0)
		LERR(L, c, "UNKNOWN_LIMIT", "op %s: arg '%s' names limit '%s', which no <limit> defines",
		     op->name, a->name, name);
	if (!own)
		return;
	if ((li = pvabi_spec_limit(L->s, own)) < 0)
		LERR(L, c, "UNKNOWN_LIMIT", "op %s: arg '%s' names handler-limit '%s', which no <limit> defines",
		     op->name, a->name, own);
	else if (name || a->dir != PVABI_BY_VALUE || a->type.kind != PVABI_T_PRIM)
		LERR(L, c, "LIMIT_REF_INVALID", "op %s: arg '%s': handler-limit is for an integer passed by value without limit=",
		     op->name, a->name);
	else
		a->handler_limit = li + 1;
}

void load_ret_limit(struct loader *L, xmlNode *c, struct pvabi_op *op)
{
	const char *name = attr(L, c, "limit"), *full = attr(L, c, "full");
	int li = name ? pvabi_spec_limit(L->s, name) : -1;

	op->ret_limit = 0;
	op->ret_full = PVABI_NONE;
	if (!name && !full)
		return;
	if (name && li < 0)
		LERR(L, c, "UNKNOWN_LIMIT", "op %s: ret names limit '%s', which no <limit> defines",
		     op->name, name);
	else if (!name || !full || (op->ret_full = pvabi_spec_error(L->s, full)) < 0 ||
		 L->s->limits[li].kind != PVABI_LIMIT_COUNT || op->ret.kind != PVABI_T_PRIM)
		LERR(L, c, "LIMIT_REF_INVALID",
		     "op %s: ret limit= needs full= an error, a count limit and an integer result",
		     op->name);
	else
		op->ret_limit = li + 1;
}

/* The first revision of the argument's life in which the reference
 * cannot be enforced, with why; -1 when it always can. */
static int ref_broken(const struct pvabi_spec *s, const struct pvabi_op *op,
		      const struct pvabi_arg *a, const char **why)
{
	const struct pvabi_limit *l = &s->limits[a->limit];
	uint64_t hi = UINT64_MAX >> (64 - 8 * pvabi_prim_size(a->type.prim) +
				     (pvabi_prim_signed(a->type.prim) ? 1 : 0));
	int r, none;

	*why = "the argument is not an integer passed by value";
	if (a->dir != PVABI_BY_VALUE || a->type.kind != PVABI_T_PRIM)
		return a->life.since;
	*why = "the op's <raises> does not list the limit's error in this revision";
	r = load_raise_gap(s, &LOAD_OP_RAISES(op), l->error, &a->life, &l->life);
	if (r < 0 && l->min)
		r = load_raise_gap(s, &LOAD_OP_RAISES(op), l->min_error, &a->life, &l->life);
	if (r >= 0)
		return r;
	*why = "the limit does not fit the argument's type";
	if (l->min > hi || pvabi_limit_top(l, pvabi_limit_ceiling(s, a->limit), &none) > hi)
		return a->life.since;
	*why = "the limit does not exist in this revision";
	for (r = 0; r < (int)s->nrevs; r++)
		if (pvabi_life_has(&op->life, r) && pvabi_life_has(&a->life, r) &&
		    !pvabi_life_has(&l->life, r))
			return r;
	return -1;
}

static void check_probe_base(struct loader *L, const struct pvabi_op *op)
{
	struct pvabi_vec_arg given[PVABI_MAX_ARGS];
	int have[PVABI_MAX_ARGS], r;
	char err[256];

	for (r = 0; r < (int)L->s->nrevs; r++) {
		if (!pvabi_life_has(&op->life, r))
			continue;
		memset(have, 0, sizeof(have));
		if (pvabi_vec_parse_some(L->s, op, op->probe_base, r, given, have, err,
					 sizeof(err)) == 0)
			continue;
		pvabi_diag_add(L->d, "PROBE_BASE_INVALID", L->file, op->probe_base_loc.line,
			       "op %s, revision %s: %s", op->name, L->s->revs[r].id, err);
		L->failed = 1;
		return;
	}
}

void check_declared_limits(struct loader *L)
{
	const char *why;
	size_t i, j;
	int r;

	for (i = 0; i < L->s->nops; i++) {
		const struct pvabi_op *op = &L->s->ops[i];

		for (j = 0; j < op->nargs; j++) {
			const struct pvabi_arg *a = &op->args[j];

			if (a->limit < 0 || (r = ref_broken(L->s, op, a, &why)) < 0)
				continue;
			pvabi_diag_add(L->d, "LIMIT_REF_INVALID", L->file, a->loc.line,
				       "op %s, arg %s, revision %s: limit %s cannot be enforced: %s",
				       op->name, a->name, L->s->revs[r].id,
				       L->s->limits[a->limit].name, why);
			L->failed = 1;
		}
		if (op->probe_base)
			check_probe_base(L, op);
	}
}
