/* Spec loader: an op's batch semantics (<batch>, abi/batch.h). A
 * declaration no probe could be derived from is refused here
 * (BATCH_INVALID) with the offending value, so a batch is never left
 * unprobed by a typo. */
#include "abi/load_internal.h"
#include "abi/batch.h"

#include <errno.h>
#include <stdlib.h>

static int arg_named(const struct pvabi_op *op, const char *name)
{
	size_t i;

	for (i = 0; name && i < op->nargs; i++)
		if (op->args[i].name && !strcmp(op->args[i].name, name))
			return (int)i;
	return -1;
}

static int is_int(const struct pvabi_type *t)
{
	return t->kind == PVABI_T_PRIM || t->kind == PVABI_T_ENUM;
}

/* The field of the array's struct that <writes> names in attribute an:
 * its index, or -1 (reported). */
static int writes_field(struct loader *L, xmlNode *w, const struct pvabi_op *op,
			const struct pvabi_struct *st, const char *an)
{
	const char *fn = attr_view(L, w, an);
	int f = fn ? pvabi_struct_field(st, fn) : -1;

	if (f < 0 || !is_int(&st->fields[f].type) || st->fields[f].count != 1) {
		LERR(L, w, "BATCH_INVALID", "op %s: <writes %s='%s'>: name an integer field of %s",
		     op->name, an, fn ? fn : "", st->name);
		return -1;
	}
	return f;
}

/* values=: PVABI_BATCH_N numbers, distinct and not 0 (an entry no
 * request wrote reads 0), each fitting width bytes. */
static int writes_values(struct loader *L, xmlNode *w, const struct pvabi_op *op,
			 struct pvabi_batch *b)
{
	const char *v = attr_view(L, w, "values"), *p = v;
	uint64_t top = b->width >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * b->width)) - 1;
	char *end;
	int i, k;

	for (i = 0; p && i < PVABI_BATCH_N; i++, p = end) {
		errno = 0;
		b->values[i] = strtoull(p, &end, 0);
		if (end == p || errno || (*end && *end != ' ') || !b->values[i] ||
		    b->values[i] > top)
			break;
		for (k = 0; k < i && b->values[k] != b->values[i]; k++)
			;
		if (k < i)
			break;
	}
	if (i < PVABI_BATCH_N || !p || *p) {
		LERR(L, w, "BATCH_INVALID",
		     "op %s: <writes values='%s'>: give %d distinct numbers, none 0, each fitting %u bytes",
		     op->name, v ? v : "", PVABI_BATCH_N, b->width);
		return -1;
	}
	return 0;
}

static int load_writes(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		       struct pvabi_batch *b)
{
	const struct pvabi_struct *st = &L->s->structs[op->args[b->array].type.index];
	int64_t width = 8;
	xmlNode *w;

	for (w = c->children; w && !is_elem(w, "writes"); w = w->next)
		;
	if (!w)
		return 0;
	if (num_attr(L, w, "width", &width) < 0)
		return -1;
	b->width = (unsigned int)width;
	if ((b->w_page = writes_field(L, w, op, st, "page")) < 0 ||
	    (b->w_entry = writes_field(L, w, op, st, "entry")) < 0 ||
	    (b->w_value = writes_field(L, w, op, st, "value")) < 0)
		return -1;
	if ((width != 1 && width != 2 && width != 4 && width != 8) ||
	    pvabi_prim_size(st->fields[b->w_page].type.prim) != 8 ||
	    pvabi_prim_size(st->fields[b->w_value].type.prim) < b->width) {
		LERR(L, w, "BATCH_INVALID",
		     "op %s: <writes>: width %lld must be 1, 2, 4 or 8 and fit field '%s'; page field '%s' must be 64-bit",
		     op->name, (long long)width, st->fields[b->w_value].name,
		     st->fields[b->w_page].name);
		return -1;
	}
	return writes_values(L, w, op, b);
}

/* <refuses field= value= error=>: a field the each= op has no argument
 * for, refused whatever the request's other fields hold. */
static int load_refuses(struct loader *L, xmlNode *c, const struct pvabi_op *op,
			struct pvabi_batch *b)
{
	const struct pvabi_struct *st = &L->s->structs[op->args[b->array].type.index];
	struct pvabi_batch_refuse *v = load_children(L, c, "refuses", sizeof(*v), op, 1);
	const char *fn, *en;
	struct wide w;
	int64_t lo;
	uint64_t hi;
	xmlNode *r;

	if (!v)
		return 0;
	b->refuses = v;
	for (r = c->children; r; r = r->next) {
		if (!is_elem(r, "refuses"))
			continue;
		fn = attr_view(L, r, "field");
		en = attr_view(L, r, "error");
		v->field = fn ? pvabi_struct_field(st, fn) : -1;
		v->error = en ? pvabi_spec_error(L->s, en) : -1;
		if (v->field < 0 || st->fields[v->field].type.kind != PVABI_T_PRIM ||
		    st->fields[v->field].count != 1 || v->error < 0 ||
		    wide_attr(L, r, "value", &w)) {
			LERR(L, r, "BATCH_INVALID",
			     "op %s: <refuses field='%s' error='%s'>: name an integer field of %s, a defined error and a value",
			     op->name, fn ? fn : "", en ? en : "", st->name);
			return -1;
		}
		prim_range(st->fields[v->field].type.prim, &lo, &hi);
		if (!wide_in(&w, lo, hi)) {
			LERR(L, r, "BATCH_INVALID", "op %s: <refuses value='%s'>: does not fit field %s",
			     op->name, w.text, fn);
			return -1;
		}
		v->value = (uint64_t)wide_value(&w);
		v->doc = doc_of(L, r);
		v->loc.file = L->file;
		v->loc.line = pvabi_xml_line(r);
		v++, b->nrefuses++;
	}
	return 0;
}

/* done=: "ret", or a pass="out" integer argument. */
static int load_done(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		     struct pvabi_batch *b)
{
	const char *dn = attr_view(L, c, "done");
	const struct pvabi_arg *d;

	b->done = PVABI_NONE;
	if (dn && !strcmp(dn, "ret") && !op->ret_void)
		return 0;
	if ((b->done = arg_named(op, dn)) >= 0) {
		d = &op->args[b->done];
		if (d->dir == PVABI_PTR_OUT && d->type.kind == PVABI_T_PRIM && d->count_arg < 0 &&
		    pvabi_prim_size(d->type.prim) >= 4)
			return 0;
	}
	LERR(L, c, "BATCH_INVALID",
	     "op %s: <batch done='%s'>: name a pass=\"out\" u32 or u64 argument, or ret (the op returns a value)",
	     op->name, dn ? dn : "");
	return -1;
}

static int load_one(struct loader *L, xmlNode *c, struct pvabi_op *op, struct pvabi_batch *b,
		    size_t before)
{
	const char *an = attr_view(L, c, "array"), *af = attr_view(L, c, "at-failure");
	const char *ea = attr_view(L, c, "earlier");
	const struct pvabi_arg *a;
	size_t i;

	b->doc = doc_of(L, c);
	b->loc.file = L->file;
	b->loc.line = pvabi_xml_line(c);
	b->w_page = b->w_entry = b->w_value = -1;
	b->each = PVABI_NONE;
	b->each_name = attr(L, c, "each");
	life_of(L, c, &op->life, &b->life);
	b->array = arg_named(op, an);
	a = b->array >= 0 ? &op->args[b->array] : NULL;
	if (!a || a->dir != PVABI_PTR_IN || a->type.kind != PVABI_T_STRUCT || a->count_arg < 0) {
		LERR(L, c, "BATCH_INVALID",
		     "op %s: <batch array='%s'>: name a pass=\"in\" struct argument with count-arg=",
		     op->name, an ? an : "");
		return -1;
	}
	if (!af || !ea || (strcmp(af, "stop") && strcmp(af, "skip")) ||
	    (strcmp(ea, "kept") && strcmp(ea, "undone"))) {
		LERR(L, c, "BATCH_INVALID",
		     "op %s: <batch at-failure='%s' earlier='%s'>: at-failure is stop or skip, earlier kept or undone",
		     op->name, af ? af : "", ea ? ea : "");
		return -1;
	}
	b->at_failure = strcmp(af, "stop") ? PVABI_BATCH_SKIP : PVABI_BATCH_STOP;
	b->undone = !strcmp(ea, "undone");
	for (i = 0; i < before; i++)
		if ((op->batches[i].life.removed < 0 || b->life.since < op->batches[i].life.removed) &&
		    (b->life.removed < 0 || op->batches[i].life.since < b->life.removed)) {
			LERR(L, c, "BATCH_INVALID",
			     "op %s: a <batch> at line %d already declares some of the same revisions",
			     op->name, op->batches[i].loc.line);
			return -1;
		}
	if (load_done(L, c, op, b) || load_writes(L, c, op, b))
		return -1;
	return load_refuses(L, c, op, b);
}

void load_batches(struct loader *L, xmlNode *n, struct pvabi_op *op)
{
	struct pvabi_batch *b = load_children(L, n, "batch", sizeof(*b), op, 1);
	size_t i = 0;
	xmlNode *c;

	if (!b)
		return;
	op->batches = b;
	for (c = n->children; c; c = c->next)
		if (is_elem(c, "batch") && !load_one(L, c, op, &b[i], i))
			op->nbatches = ++i;
}

/* each=: an op alive wherever the batch is, with a by-value argument
 * named like a field of the request; it needs <writes> (the good
 * requests the refused one follows). */
static int check_each(struct loader *L, const struct pvabi_op *op, struct pvabi_batch *b, int r)
{
	const struct pvabi_struct *st = &L->s->structs[op->args[b->array].type.index];
	const struct pvabi_op *e;
	size_t i, j;

	if (!b->each_name)
		return 0;
	b->each = pvabi_spec_op(L->s, b->each_name);
	e = b->each >= 0 ? &L->s->ops[b->each] : NULL;
	for (i = 0; e && i < st->nfields; i++)
		for (j = 0; j < e->nargs; j++)
			if (!strcmp(st->fields[i].name, e->args[j].name) &&
			    e->args[j].dir == PVABI_BY_VALUE && pvabi_life_has(&e->args[j].life, r))
				goto named;
	pvabi_diag_add(L->d, "BATCH_INVALID", L->file, b->loc.line,
		       "op %s, revision %s: <batch each='%s'>: name an op alive there with an argument named like a field of %s",
		       op->name, L->s->revs[r].id, b->each_name, st->name);
	return -1;
named:
	if (!pvabi_life_has(&e->life, r) || e == op || b->w_page < 0) {
		pvabi_diag_add(L->d, "BATCH_INVALID", L->file, b->loc.line,
			       "op %s, revision %s: <batch each='%s'>: the op must be another one alive there, and the batch needs <writes>",
			       op->name, L->s->revs[r].id, b->each_name);
		return -1;
	}
	return 0;
}

/* In every revision a batch is declared for, a vector of its op refuses
 * a one-request batch (the failing request of the probes) and the
 * fields <writes> names are in the request's layout. */
static int check_one(struct loader *L, const struct pvabi_op *op, struct pvabi_batch *b,
		     int r)
{
	const struct pvabi_arg *a = &op->args[b->array];
	struct pvabi_batch_refusal rf[PVABI_BATCH_MAX_REFUSALS];
	long off[64];
	char err[256];

	if (check_each(L, op, b, r))
		return -1;
	if (pvabi_batch_refusals(L->s, op, b, r, rf, PVABI_BATCH_MAX_REFUSALS, err, sizeof(err)) < 0) {
		pvabi_diag_add(L->d, "BATCH_INVALID", L->file, b->loc.line, "op %s, revision %s: %s",
			       op->name, L->s->revs[r].id, err);
		return -1;
	}
	if (b->w_page < 0)
		return 0;
	if (L->s->structs[a->type.index].nfields > 64) {
		pvabi_diag_add(L->d, "BATCH_INVALID", L->file, b->loc.line,
			       "op %s: a request of more than 64 fields", op->name);
		return -1;
	}
	pvabi_struct_layout(L->s, a->type.index, r, off, NULL);
	if (off[b->w_page] < 0 || off[b->w_entry] < 0 || off[b->w_value] < 0) {
		pvabi_diag_add(L->d, "BATCH_INVALID", L->file, b->loc.line,
			       "op %s, revision %s: a field <writes> names is not in %s there",
			       op->name, L->s->revs[r].id, L->s->structs[a->type.index].name);
		return -1;
	}
	return 0;
}

void check_batches(struct loader *L)
{
	size_t i, j;
	int r;

	for (i = 0; i < L->s->nops; i++)
		for (j = 0; j < L->s->ops[i].nbatches; j++)
			for (r = 0; r < (int)L->s->nrevs; r++)
				if (pvabi_life_has(&L->s->ops[i].life, r) &&
				    pvabi_life_has(&L->s->ops[i].batches[j].life, r) &&
				    check_one(L, &L->s->ops[i], &L->s->ops[i].batches[j], r)) {
					L->failed = 1;
					break;
				}
}
