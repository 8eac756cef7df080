/* The kinds of refusal of a batch's request (abi/batch.h), read from
 * the declarations of the single op whose checks each request gets
 * (<batch each="OP">) and from the batch's own <refuses>: for each field
 * of the request that stands for an argument of OP, each refusal OP
 * declares on that argument alone (its limit, its partitions whose
 * result is an error, its refused edges without a mode, its <addr>
 * refused), the first value of each error. A probe puts that value
 * into a good request that differs from the one before it in this
 * field only, so a platform that checks a run of requests on one
 * table, or of one value class, by its first request meets it. */
#include "abi/batch.h"
#include "abi/addr.h"
#include "abi/edge.h"
#include "abi/limit.h"
#include "abi/partition.h"

#include <stdio.h>
#include <string.h>

struct kinds {
	struct pvabi_batch_kind *v;
	size_t n, max;
	int field, page_field;
	unsigned int fsize; /* the field's bytes: a value must fit them */
	uint64_t align; /* the page field's argument's <addr align=>, or 1 */
};

/* Kind (field, error) once: the first declaration read gives it. */
static void add(struct kinds *k, uint64_t value, int error, const char *from, const char *name)
{
	struct pvabi_batch_kind *o;
	size_t i;

	if (error < 0 || k->n == k->max || (k->fsize < 8 && value >> (8 * k->fsize)))
		return;
	for (i = 0; i < k->n; i++)
		if (k->v[i].field == k->field && k->v[i].error == error)
			return;
	o = &k->v[k->n++];
	memset(o, 0, sizeof(*o)); /* compared as bytes by the emitter */
	o->field = k->field;
	o->error = error;
	/* the page field keeps the good page: only the bits below the
	 * alignment the doc adopts differ, when those are what refuse it */
	o->page_low = k->field == k->page_field && k->align > 1 && (value & (k->align - 1));
	o->value = o->page_low ? value & (k->align - 1) : value;
	snprintf(o->from, sizeof(o->from), "%s%s", from, name ? name : "");
}

static void from_limit(const struct pvabi_spec *s, const struct pvabi_arg *a, struct kinds *k)
{
	const struct pvabi_limit *l = pvabi_arg_limit(s, a);
	uint64_t top;
	int none = 0;

	if (!l)
		return;
	/* above the largest value any revision and grant allows */
	top = pvabi_limit_top(l, pvabi_limit_ceiling(s, a->limit), &none);
	if (!none && top < UINT64_MAX)
		add(k, top + 1, l->error, "limit ", l->name);
	if (l->min > 0)
		add(k, l->min - 1, l->min_error, "limit ", l->name);
}

static void from_parts(const struct pvabi_spec *s, const struct pvabi_op *e, int ai, int rev,
		       struct kinds *k)
{
	struct pvabi_part_probe pr;
	size_t i, j;

	for (i = 0; i < e->nparts; i++) {
		if (!pvabi_part_refuses(s, e, &e->parts[i], ai, rev, 0, &pr))
			continue;
		for (j = 0; j < pr.v.nargs; j++)
			if (pr.v.args[j].arg == ai && pr.v.args[j].kind == PVABI_VA_VALUE)
				add(k, pr.v.args[j].value, pr.v.error, "case ", e->parts[i].name);
	}
}

static void from_edges(const struct pvabi_spec *s, const struct pvabi_arg *a, int rev,
		       struct kinds *k)
{
	unsigned int size = pvabi_prim_size(a->type.prim), bit;
	size_t i;

	for (i = 0; i < a->nedges; i++) {
		const struct pvabi_edge *ed = &a->edges[i];

		if (!pvabi_edge_refuses_alone(ed, rev)) /* "this field only" */
			continue;
		for (bit = 1; bit <= PVABI_EDGE_MAX; bit <<= 1)
			if (ed->at & bit) {
				add(k, pvabi_edge_value(bit, size), pvabi_spec_error(s, ed->error),
				    "edge", "");
				break;
			}
	}
}

static void from_addrs(const struct pvabi_spec *s, const struct pvabi_arg *a, int rev,
		       struct kinds *k)
{
	struct pvabi_addr_probe pr[16];
	size_t i;

	for (i = 0; i < a->naddrs; i++) {
		const struct pvabi_addr *ad = &a->addrs[i];

		if (!pvabi_life_has(&ad->life, rev) || (ad->when && *ad->when) || !ad->expect ||
		    strncmp(ad->expect, "error=", 6) ||
		    !pvabi_addr_probes(ad, pvabi_prim_size(a->type.prim), pr, 16))
			continue;
		add(k, pr[0].value, pvabi_spec_error(s, ad->expect + 6), "addr ",
		    pvabi_addr_form_name(ad->form));
	}
}

/* The <addr align=> of the page field's argument, or 1. */
static uint64_t align_of(const struct pvabi_arg *a, int rev)
{
	size_t i;

	for (i = 0; a && i < a->naddrs; i++)
		if (pvabi_life_has(&a->addrs[i].life, rev) && a->addrs[i].align > 1)
			return a->addrs[i].align;
	return 1;
}

static int arg_of(const struct pvabi_op *e, int rev, const char *name)
{
	size_t i;

	for (i = 0; i < e->nargs; i++)
		if (pvabi_life_has(&e->args[i].life, rev) && !strcmp(e->args[i].name, name) &&
		    e->args[i].dir == PVABI_BY_VALUE)
			return (int)i;
	return -1;
}

size_t pvabi_batch_kinds(const struct pvabi_spec *s, const struct pvabi_batch *b,
			 const struct pvabi_op *op, int rev, struct pvabi_batch_kind *out,
			 size_t max)
{
	const struct pvabi_struct *st = &s->structs[op->args[b->array].type.index];
	const struct pvabi_op *e = b->each >= 0 ? &s->ops[b->each] : NULL;
	struct kinds k = { out, 0, max, 0, b->w_page, 8, 1 };
	long off[64];
	size_t i;
	int ai;

	if (!e || b->w_page < 0 || st->nfields > 64 || !pvabi_life_has(&e->life, rev))
		return 0;
	pvabi_struct_layout(s, op->args[b->array].type.index, rev, off, NULL);
	ai = arg_of(e, rev, st->fields[b->w_page].name);
	k.align = align_of(ai >= 0 ? &e->args[ai] : NULL, rev);
	for (k.field = 0; k.field < (int)st->nfields; k.field++) {
		if (off[k.field] < 0 || st->fields[k.field].count != 1 ||
		    st->fields[k.field].type.kind != PVABI_T_PRIM)
			continue;
		k.fsize = pvabi_prim_size(st->fields[k.field].type.prim);
		if ((ai = arg_of(e, rev, st->fields[k.field].name)) >= 0) {
			from_limit(s, &e->args[ai], &k);
			from_parts(s, e, ai, rev, &k);
			from_edges(s, &e->args[ai], rev, &k);
			from_addrs(s, &e->args[ai], rev, &k);
		}
		for (i = 0; i < b->nrefuses; i++)
			if (b->refuses[i].field == k.field)
				add(&k, b->refuses[i].value, b->refuses[i].error, "refuses", "");
	}
	return k.n;
}
