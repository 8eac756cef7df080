/* Each refusal that depends only on the written value, probed over each
 * state of what the write replaces (docs/spec-language.md#what-a-write-
 * replaces). A platform that reads the entry an update replaces (to drop
 * a shadow of it, or to skip the checks of bits that do not change) can
 * key a check on the old entry instead of the new one: a refused entry is
 * then stored over one state and an accepted one refused over another.
 * A probe with a table outside guest memory cannot see it (no entry is
 * there to read), so each probe here writes into a page of the image's
 * own, where every check on the path runs.
 *
 * Everything is read from the declarations. The target: an op whose
 * requests a <batch each="OP"> stores with <writes page= entry= value=>
 * (the request's fields standing for OP's arguments of the same names)
 * stores its argument `value` as entry `entry` of the page `page`. The
 * states: each <guest-bits> of that argument with when-set= or
 * when-clear= names a state of an entry (for a PTE: present, not
 * present), and the entry put there first is the first of <writes
 * values=> in that state. The refused values: the argument's partitions
 * whose result is an error (every member) and its refused edges without
 * a mode. The accepted ones: each refused value moved into another state
 * (its state bits set or cleared as that state wants) where the state's
 * <guest-bits> say every bit of it is the guest's. For each value and
 * each state, one scenario: a page, the old entry written and read back,
 * the value written (refused with the declared error, or accepted), the
 * entry read back (the old one kept, or the value stored).
 *
 * The same targets also derive the unnamed bits (emit_bits_scen_collect,
 * docs/checks.md): in each state, the bits no declaration of the
 * argument names (not the state's, not a <guest-bits> mask that applies
 * there, set in no refused partition member in that state) are the ones
 * the doc's checks leave alone, so each, toggled in the state's first
 * <writes> value, must be accepted and read back as written. */
#include "emit/emit_derive.h"
#include "abi/batch.h"
#include "abi/edge.h"
#include "abi/limit.h"
#include "abi/partition.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The entry probed: one with a neighbour on each side, so that a store
 * at a wrong index scale lands elsewhere. */
#define PRIOR_INDEX 1u
#define PRIOR_MAX 24 /* probes a target derives in one revision */

/* Where op stores: its arguments standing for the <writes> fields. */
struct prior_target {
	const struct pvabi_spec *s;
	const struct pvabi_gen *g;
	int opi, value;
	const char *page, *entry;
	const struct pvabi_batch *b;
};

struct prior_probe {
	uint64_t value, old;
	int error; /* index in spec->errors; -1: accepted */
	char from[96], state[48];
};

struct prior_list {
	struct prior_probe v[PRIOR_MAX];
	size_t n;
};

/* The states of guest-bits k: bits `bits` equal to `want`. */
static int state_of(const struct pvabi_guest_bits *gb, uint64_t *bits, uint64_t *want)
{
	*bits = gb->when_set | gb->when_clear;
	*want = gb->when_set;
	return *bits != 0;
}

static void state_name(const struct pvabi_guest_bits *gb, char *buf, size_t n)
{
	uint64_t bits = gb->when_set ? gb->when_set : gb->when_clear;
	const char *how = gb->when_set ? "set" : "clear";

	if (!(bits & (bits - 1)))
		snprintf(buf, n, "bit %d %s", __builtin_ctzll(bits), how);
	else
		snprintf(buf, n, "bits 0x%llx %s", (unsigned long long)bits, how);
}

static void add(struct prior_list *l, uint64_t value, uint64_t old, int error, const char *from,
		const char *state)
{
	struct prior_probe *p;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].value == value && l->v[i].old == old)
			return; /* a partition member and an edge of one value */
	if (l->n == PRIOR_MAX)
		return;
	p = &l->v[l->n++];
	p->value = value;
	p->old = old;
	p->error = error;
	snprintf(p->from, sizeof(p->from), "%s", from);
	snprintf(p->state, sizeof(p->state), "%s", state);
}

/* The old entry of the state of gb: the first <writes> value in it. */
static int old_of(const struct pvabi_batch *b, const struct pvabi_guest_bits *gb, uint64_t *old)
{
	uint64_t bits, want;
	size_t i;

	if (!state_of(gb, &bits, &want))
		return 0;
	for (i = 0; i < PVABI_BATCH_N; i++)
		if ((b->values[i] & bits) == want) {
			*old = b->values[i];
			return 1;
		}
	return 0;
}

/* Value v refused with error (read from `from`), over every state; and
 * v moved into each state whose guest-bits own all of it, accepted over
 * every state. */
static void add_value(struct prior_list *l, const struct prior_target *t, int rev, uint64_t v,
		      int error, const char *from)
{
	const struct pvabi_arg *a = &t->s->ops[t->opi].args[t->value];
	char st[48], fr[96];
	uint64_t bits, want, old, w;
	size_t i, j;

	for (i = 0; i < a->ngbits; i++)
		if (pvabi_life_has(&a->gbits[i].life, rev) && old_of(t->b, &a->gbits[i], &old)) {
			state_name(&a->gbits[i], st, sizeof(st));
			add(l, v, old, error, from, st);
		}
	for (j = 0; j < a->ngbits; j++) {
		if (!pvabi_life_has(&a->gbits[j].life, rev) || !state_of(&a->gbits[j], &bits, &want))
			continue;
		w = (v & ~bits) | want;
		if (w == v || (w & ~(a->gbits[j].mask | bits)))
			continue; /* in that state already, or bits the guest does not own */
		state_name(&a->gbits[j], st, sizeof(st));
		snprintf(fr, sizeof(fr), "%s with %s: the guest's bits", from, st);
		for (i = 0; i < a->ngbits; i++)
			if (pvabi_life_has(&a->gbits[i].life, rev) && old_of(t->b, &a->gbits[i], &old)) {
				state_name(&a->gbits[i], st, sizeof(st));
				add(l, w, old, -1, fr, st);
			}
	}
}

typedef void refusal_fn(void *ctx, const struct prior_target *t, int rev, uint64_t v, int error,
			const char *from);

/* fn(ctx, ...) for every member of the value argument's refusal
 * partitions alive in rev, with its error and "case NAME". */
static void each_refusal(const struct prior_target *t, int rev, refusal_fn *fn, void *ctx)
{
	const struct pvabi_op *op = &t->s->ops[t->opi];
	struct pvabi_part_probe pr;
	char from[96];
	size_t i, k, j;

	for (i = 0; i < op->nparts; i++) {
		const struct pvabi_partition *p = &op->parts[i];

		snprintf(from, sizeof(from), "case %s", p->name);
		for (k = 0; k < pvabi_part_members(p); k++) {
			if (!pvabi_part_refuses(t->s, op, p, t->value, rev, k, &pr))
				break; /* not a refusal of the value alone */
			for (j = 0; j < pr.v.nargs; j++)
				if (pr.v.args[j].arg == t->value && pr.v.args[j].kind == PVABI_VA_VALUE)
					fn(ctx, t, rev, pr.v.args[j].value, pr.v.error, from);
		}
	}
}

static void refusal_add(void *ctx, const struct prior_target *t, int rev, uint64_t v, int error,
			const char *from)
{
	add_value(ctx, t, rev, v, error, from);
}

/* The refusals declared on the value argument alone, in rev. */
static void probes(struct prior_list *l, const struct prior_target *t, int rev)
{
	const struct pvabi_arg *a = &t->s->ops[t->opi].args[t->value];
	unsigned int size = pvabi_prim_size(a->type.prim), bit;
	char from[96];
	size_t i;

	l->n = 0;
	each_refusal(t, rev, refusal_add, l);
	for (i = 0; i < a->nedges; i++) {
		const struct pvabi_edge *ed = &a->edges[i];

		if (!pvabi_edge_refuses_alone(ed, rev))
			continue;
		for (bit = 1; bit <= PVABI_EDGE_MAX; bit <<= 1)
			if (ed->at & bit) {
				pvabi_edge_points(bit, from + 5, sizeof(from) - 5);
				memcpy(from, "edge ", 5);
				add_value(l, t, rev, pvabi_edge_value(bit, size),
					  pvabi_spec_error(t->s, ed->error), from);
			}
	}
}

struct named {
	uint64_t bits, want, named;
};

/* A refused member in the state names every bit it sets. */
static void refusal_names(void *ctx, const struct prior_target *t, int rev, uint64_t v, int error,
			  const char *from)
{
	struct named *n = ctx;

	(void)t, (void)rev, (void)error, (void)from;
	if ((v & n->bits) == n->want)
		n->named |= v;
}

/* The bits of the value argument a declaration names in the state
 * `bits` equal to `want`, in rev: the state's own, the mask of each
 * <guest-bits> whose condition the state meets (the guest's, probed by
 * their patterns), and each bit a refused partition member in the state
 * sets (the bits a check reads). A refused edge names a point of the
 * range (all ones, min + 1), not a bit: not counted. */
static uint64_t named_bits(const struct prior_target *t, int rev, uint64_t bits, uint64_t want)
{
	const struct pvabi_arg *a = &t->s->ops[t->opi].args[t->value];
	struct named n = { bits, want, bits };
	size_t i;

	for (i = 0; i < a->ngbits; i++) {
		const struct pvabi_guest_bits *gb = &a->gbits[i];

		if (pvabi_life_has(&gb->life, rev) && !(gb->when_set & ~(bits & want)) &&
		    !(gb->when_clear & ~(bits & ~want)))
			n.named |= gb->mask;
	}
	each_refusal(t, rev, refusal_names, &n);
	return n.named;
}

/* The unnamed bits in rev: in each state some <guest-bits> names, each
 * bit no declaration names, toggled in the state's first <writes> value
 * (set where it is clear, cleared where set), over that value. */
static void bits_probes(struct prior_list *l, const struct prior_target *t, int rev)
{
	const struct pvabi_arg *a = &t->s->ops[t->opi].args[t->value];
	unsigned int size = pvabi_prim_size(a->type.prim), b;
	uint64_t all = size < 8 ? (UINT64_C(1) << 8 * size) - 1 : UINT64_MAX;
	uint64_t bits, want, base, free;
	char st[48], from[96];
	size_t i;

	l->n = 0;
	for (i = 0; i < a->ngbits; i++) {
		if (!pvabi_life_has(&a->gbits[i].life, rev) || !state_of(&a->gbits[i], &bits, &want) ||
		    !old_of(t->b, &a->gbits[i], &base))
			continue;
		free = all & ~named_bits(t, rev, bits, want);
		state_name(&a->gbits[i], st, sizeof(st));
		for (b = 0; b < 8 * size; b++)
			if (free >> b & 1) {
				snprintf(from, sizeof(from), "bit %u %s in 0x%llx: named by no check", b,
					 base >> b & 1 ? "clear" : "set", (unsigned long long)base);
				add(l, base ^ UINT64_C(1) << b, base, -1, from, st);
			}
	}
}

/* The call of the target op storing value v at the probed entry. */
static const char *call_args(struct emit_derived *d, const struct prior_target *t, uint64_t v)
{
	const struct pvabi_op *op = &t->s->ops[t->opi];
	char num[32], idx[16], *a, *b;

	snprintf(num, sizeof(num), "0x%llx", (unsigned long long)v);
	snprintf(idx, sizeof(idx), "%u", PRIOR_INDEX);
	a = emit_derive_args(op->probe_base, NULL, t->page, "$pt");
	b = a ? emit_derive_args(a, NULL, t->entry, idx) : NULL;
	free(a);
	a = b ? emit_derive_args(b, NULL, op->args[t->value].name, num) : NULL;
	free(b);
	return emit_derive_keep(d, a);
}

static struct pvabi_step *put(struct pvabi_step *st, const struct prior_target *t,
			      enum pvabi_step_kind kind, const char *args, const char *expect,
			      uint64_t read)
{
	const struct pvabi_loc *loc = &t->s->ops[t->opi].loc;

	if (kind == PVABI_STEP_CALL)
		return emit_derive_call(st, t->opi, args, expect, NULL, loc);
	st = emit_derive_fresh(st, kind, PVABI_NONE, loc) - 1;
	if (kind == PVABI_STEP_PAGE) {
		st->bind = "pt";
	} else {
		st->at = "$pt";
		st->offset = PRIOR_INDEX * t->b->width;
		st->width = t->b->width;
		st->mask = t->b->width < 8 ? (UINT64_C(1) << 8 * t->b->width) - 1 : UINT64_MAX;
		st->value = read;
	}
	return st + 1;
}

/* The scenario of probe p in rev: page, old entry written and read,
 * value written, entry read back. */
static struct emit_derived *derive_one(const struct prior_target *t, const struct prior_probe *p,
				       int rev)
{
	const struct pvabi_op *op = &t->s->ops[t->opi];
	struct emit_derived *d = emit_derive_new(5);
	const char *oa, *va, *ve, *nm;
	struct pvabi_step *st;
	char buf[384];

	if (!d)
		return NULL;
	oa = call_args(d, t, p->old);
	va = call_args(d, t, p->value);
	snprintf(buf, sizeof(buf), p->error < 0 ? "ret=0" : "error=%s",
		 p->error < 0 ? "" : t->s->errors[p->error].name);
	ve = emit_derive_keep(d, strdup(buf));
	snprintf(buf, sizeof(buf),
		 "%s: %s=0x%llx (%s) over entry 0x%llx (%s) of a table the image owns -> %s%s", op->name,
		 op->args[t->value].name, (unsigned long long)p->value, p->from,
		 (unsigned long long)p->old, p->state,
		 p->error < 0 ? "stored" : t->s->errors[p->error].name,
		 p->error < 0 ? "" : ", entry kept");
	nm = emit_derive_keep(d, strdup(buf));
	if (d->oom) {
		emit_derive_free(d);
		return NULL;
	}
	st = put(d->steps, t, PVABI_STEP_PAGE, NULL, NULL, 0);
	st = put(st, t, PVABI_STEP_CALL, oa, "ret=0", 0);
	st = put(st, t, PVABI_STEP_READ, NULL, NULL, p->old);
	st = put(st, t, PVABI_STEP_CALL, va, ve, 0);
	put(st, t, PVABI_STEP_READ, NULL, NULL, p->error < 0 ? p->value : p->old);
	emit_derive_finish_own(d, rev, PVABI_NONE, &op->loc, 5, nm);
	return d;
}

struct prior_ctx {
	const struct prior_target *t;
	size_t k;
	void (*probes)(struct prior_list *l, const struct prior_target *t, int rev);
};

static int derive_rev(void *ctx, int rev, struct emit_derived **d)
{
	const struct prior_ctx *c = ctx;
	const struct prior_target *t = c->t;
	struct prior_list l;

	*d = NULL;
	if (!pvabi_life_has(&t->s->ops[t->opi].life, rev) ||
	    !pvabi_life_has(&t->s->ops[t->opi].args[t->value].life, rev))
		return 0;
	c->probes(&l, t, rev);
	if (c->k >= l.n)
		return 0;
	return (*d = derive_one(t, &l.v[c->k], rev)) ? 0 : -1;
}

static int arg_named(const struct pvabi_op *op, const char *name)
{
	size_t i;

	for (i = 0; i < op->nargs; i++)
		if (op->args[i].dir == PVABI_BY_VALUE && !strcmp(op->args[i].name, name))
			return (int)i;
	return -1;
}

/* The target batch b of op bi declares for its each= op, or 0. */
static int target_of(const struct pvabi_spec *s, const struct pvabi_op *bo,
		     const struct pvabi_batch *b, struct prior_target *t)
{
	const struct pvabi_struct *rq;

	if (b->each < 0 || b->w_page < 0 || !b->width || b->width > 8)
		return 0;
	rq = &s->structs[bo->args[b->array].type.index];
	t->s = s;
	t->b = b;
	t->opi = b->each;
	t->page = rq->fields[b->w_page].name;
	t->entry = rq->fields[b->w_entry].name;
	t->value = arg_named(&s->ops[b->each], rq->fields[b->w_value].name);
	return t->value >= 0 && arg_named(&s->ops[b->each], t->page) >= 0 &&
	       arg_named(&s->ops[b->each], t->entry) >= 0;
}

/* Every target a <batch each> names, probed once, whichever batch names
 * it, with the probes fn derives. */
static int collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		   const struct pvabi_op **ops, size_t nops,
		   void (*fn)(struct prior_list *l, const struct prior_target *t, int rev))
{
	const struct pvabi_spec *s = g->spec;
	struct prior_target tg;
	struct prior_ctx c;
	int done[64] = { 0 };
	size_t i, j;

	c.probes = fn;
	for (i = 0; i < s->nops; i++)
		for (j = 0; j < s->ops[i].nbatches; j++) {
			if (!target_of(s, &s->ops[i], &s->ops[i].batches[j], &tg) ||
			    !emit_known(g, &s->ops[tg.opi]) || tg.opi >= 64 || done[tg.opi]++)
				continue; /* one target, probed once, whichever batch names it */
			tg.g = g;
			c.t = &tg;
			for (c.k = 0; c.k < PRIOR_MAX; c.k++)
				if (emit_derive_revs(t, sg, g, ops, nops, derive_rev, &c))
					return -1;
		}
	return 0;
}

int emit_prior_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			    const struct pvabi_op **ops, size_t nops)
{
	return collect(t, sg, g, ops, nops, probes);
}

int emit_bits_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops)
{
	return collect(t, sg, g, ops, nops, bits_probes);
}
