/* Spec loader: structs, ops and waivers. Names of every kind are
 * registered before anything refers to them, so the order of elements in
 * a file never matters. */
#include "abi/load_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void loc_set(struct loader *L, struct pvabi_loc *loc, xmlNode *n)
{
	loc->file = L->file;
	loc->line = pvabi_xml_line(n);
}

static void load_field(struct loader *L, xmlNode *c, struct pvabi_struct *st,
		       struct pvabi_field *f)
{
	struct wide count;

	const char *type = attr(L, c, "type");

	f->name = attr(L, c, "name");
	load_check_name(L, c, "field", f->name, 0);
	f->count = 1;
	if (typedef_find(L->s, type) < 0)
		type_of(L, c, type, 1, &f->type);
	if (wide_attr(L, c, "count", &count) == 0) {
		if (!wide_in(&count, 1, 65536))
			LERR(L, c, "BAD_NUMBER", "field %s.%s count %s outside 1..65536",
			     st->name, f->name, count.text);
		else
			f->count = (unsigned int)count.mag;
	}
	field_typedef(L, c, st, f, type);
	load_field_fmt2(L, c, st, f);
	life_of(L, c, &st->life, &f->life);
	f->doc = doc_of(L, c);
	loc_set(L, &f->loc, c);
}

static void check_size_field(struct loader *L, xmlNode *n,
			     struct pvabi_struct *st)
{
	const struct pvabi_field *f0 = st->nfields ? &st->fields[0] : NULL;

	if (!st->size_guarded) {
		if (st->size_field)
			LERR(L, n, "SIZE_GUARD_INVALID",
			     "struct %s names a size-field but is not size-guarded",
			     st->name);
		return;
	}
	if (!st->size_field)
		st->size_field = "size";
	if (!f0 || strcmp(f0->name, st->size_field) ||
	    f0->type.kind != PVABI_T_PRIM || f0->type.prim != PVABI_U32 ||
	    f0->count != 1 || f0->life.since != st->life.since)
		LERR(L, n, "SIZE_GUARD_INVALID",
		     "size-guarded struct %s must start with its u32 size field '%s' present since the struct's first revision",
		     st->name, st->size_field);
}

static void load_struct(struct loader *L, xmlNode *n, struct pvabi_struct *st)
{
	size_t i = 0;
	xmlNode *c;

	life_of(L, n, NULL, &st->life);
	st->size_guarded = bool_attr(L, n, "size-guarded");
	st->size_field = attr(L, n, "size-field");
	load_struct_fmt2(L, n, st);
	st->doc = doc_of(L, n);
	st->nfields = count_children(n, "field");
	st->fields = pvabi_arena_array(L->a, st->nfields, sizeof(*st->fields));
	st->field_names = names_build(L, st->nfields);
	if (!st->fields || !st->field_names) {
		L->failed = 1;
		return;
	}
	for (c = n->children; c; c = c->next) {
		int prev;

		if (!is_elem(c, "field"))
			continue;
		load_field(L, c, st, &st->fields[i]);
		prev = names_add(L, st->field_names, st->fields[i].name, (int)i);
		if (prev >= 0)
			LERR(L, c, "DUPLICATE_NAME",
			     "struct %s: field '%s' already defined at line %d",
			     st->name, st->fields[i].name, st->fields[prev].loc.line);
		i++;
	}
	check_size_field(L, n, st);
	load_size_error(L, n, st);
}

/* A struct that contains itself has no size: one report per cycle, at
 * the struct where it closes (its last struct in the file). The order
 * found on the way is kept for the layouts (abi/layout.c). */
static void check_cycles(struct loader *L)
{
	struct pvabi_spec *s = L->s;
	int *order = pvabi_arena_array(L->a, s->nstructs + 1, sizeof(int));
	unsigned char *cyc = calloc(s->nstructs + 1, 1);
	size_t i;
	int bad = 0;

	if (!order || !cyc || pvabi_struct_order(s, order, cyc)) {
		L->failed = 1;
		free(cyc);
		return;
	}
	for (i = 0; i < s->nstructs; i++) {
		bad |= cyc[i];
		if (cyc[i] == 2) {
			pvabi_diag_add(L->d, "STRUCT_CYCLE", L->file, s->structs[i].loc.line,
				       "struct %s contains itself", s->structs[i].name);
			L->failed = 1;
		}
	}
	if (!bad)
		s->struct_order = order;
	free(cyc);
}

void load_structs(struct loader *L, xmlNode *root)
{
	struct pvabi_spec *s = L->s;
	size_t i = 0, t;
	xmlNode *c;

	(void)root;
	s->nstructs = L->top[TOP_STRUCT].n;
	s->structs = pvabi_arena_array(L->a, s->nstructs, sizeof(*s->structs));
	s->struct_names = names_build(L, s->nstructs);
	if (!s->structs)
		return;
	FOR_TOP(L, TOP_STRUCT, t, c) {
		struct pvabi_struct *st = &s->structs[i];
		int prev;

		st->name = attr(L, c, "name");
		loc_set(L, &st->loc, c);
		if (pvabi_prim_parse(st->name) >= 0 || pvabi_spec_enum(s, st->name) >= 0)
			LERR(L, c, "DUPLICATE_NAME",
			     "struct '%s' clashes with a primitive or enum type", st->name);
		prev = names_add(L, s->struct_names, st->name, (int)i);
		if (prev >= 0)
			LERR(L, c, "DUPLICATE_NAME", "struct '%s' already defined at line %d",
			     st->name, s->structs[prev].loc.line);
		i++;
	}
	i = 0;
	FOR_TOP(L, TOP_STRUCT, t, c) {
		load_struct(L, c, &s->structs[i]);
		i++;
	}
	check_cycles(L);
}

static enum pvabi_arg_dir arg_dir(const char *p)
{
	if (!p || !strcmp(p, "value"))
		return PVABI_BY_VALUE;
	if (!strcmp(p, "in"))
		return PVABI_PTR_IN;
	if (!strcmp(p, "out"))
		return PVABI_PTR_OUT;
	return PVABI_PTR_INOUT;
}

static void arg_count(struct loader *L, xmlNode *c, struct pvabi_op *op,
		      size_t i)
{
	struct pvabi_arg *a = &op->args[i];
	const char *ca = attr(L, c, "count-arg");
	size_t j;

	a->count_arg = PVABI_NONE;
	if (!ca)
		return;
	if (a->dir == PVABI_BY_VALUE) {
		LERR(L, c, "BAD_COUNT_ARG",
		     "op %s: arg '%s' has a count-arg but is passed by value",
		     op->name, a->name);
		return;
	}
	for (j = 0; j < i; j++)
		if (!strcmp(op->args[j].name, ca))
			break;
	if (j == i || op->args[j].dir != PVABI_BY_VALUE ||
	    op->args[j].type.kind != PVABI_T_PRIM)
		LERR(L, c, "BAD_COUNT_ARG",
		     "op %s: count-arg '%s' of '%s' must name an earlier integer argument",
		     op->name, ca, a->name);
	else
		a->count_arg = (int)j;
}

/* A default is what a compat adapter passes: it must fit the argument. */
static void arg_default(struct loader *L, xmlNode *c, const struct pvabi_op *op,
			struct pvabi_arg *a)
{
	struct wide w;
	uint64_t hi;
	int64_t lo;

	a->has_default = wide_attr(L, c, "default", &w) == 0;
	if (!a->has_default)
		return;
	a->default_value = wide_value(&w);
	prim_range(a->type.prim, &lo, &hi);
	if (a->dir != PVABI_BY_VALUE)
		LERR(L, c, "BAD_DEFAULT",
		     "op %s: pointer arg '%s' cannot have a default", op->name, a->name);
	else if (!wide_in(&w, lo, hi))
		LERR(L, c, "BAD_DEFAULT",
		     "op %s: default %s of arg '%s' does not fit its type %s (%lld..%llu)",
		     op->name, w.text, a->name, pvabi_prim_name(a->type.prim),
		     (long long)lo, (unsigned long long)hi);
}

static void load_arg(struct loader *L, xmlNode *c, struct pvabi_op *op,
		     size_t i)
{
	struct pvabi_arg *a = &op->args[i];
	size_t j;

	a->name = attr(L, c, "name");
	load_check_name(L, c, "argument", a->name, 1);
	a->dir = arg_dir(attr(L, c, "pass"));
	type_of(L, c, attr(L, c, "type"), a->dir != PVABI_BY_VALUE, &a->type);
	arg_count(L, c, op, i);
	arg_default(L, c, op, a);
	life_of(L, c, &op->life, &a->life);
	load_arg_limit(L, c, op, a);
	load_guest_bits(L, c, op, a);
	load_ignored_bits(L, c, op, a);
	load_edges(L, c, op, a);
	load_spans(L, c, op, a);
	load_addrs(L, c, op, a);
	if (L->s->format >= 2) /* its clock is a pvclock record, not an op */
		load_arg_nows2(L, c, op, a);
	else
		load_nows(L, c, op, a);
	load_kind_refusals(L, c, op, a);
	load_one_per(L, c, op, a);
	load_arg_release(L, c, op, a);
	a->doc = doc_of(L, c);
	loc_set(L, &a->loc, c);
	for (j = 0; j < i; j++)
		if (!strcmp(op->args[j].name, a->name))
			LERR(L, c, "DUPLICATE_NAME",
			     "op %s: arg '%s' already defined at line %d", op->name,
			     a->name, op->args[j].loc.line);
}

static void load_ret(struct loader *L, xmlNode *c, struct pvabi_op *op)
{
	if (type_of(L, c, attr(L, c, "type"), 0, &op->ret) == 0)
		op->ret_void = 0;
	op->ret_doc = doc_of(L, c);
	load_ret_limit(L, c, op);
	load_ret_handle(L, c, op);
}

static void load_raises(struct loader *L, xmlNode *c, struct pvabi_op *op)
{
	const char *e = attr(L, c, "error");
	int idx = pvabi_spec_error(L->s, e);

	if (idx < 0) {
		LERR(L, c, "UNKNOWN_ERROR", "op %s raises '%s', which <errors> does not define",
		     op->name, e);
		return;
	}
	raise_of(L, c, &op->life, &op->raises[op->nerrors]);
	op->errors[op->nerrors++] = idx;
}

static void load_vector(struct loader *L, xmlNode *c, struct pvabi_op *op)
{
	struct pvabi_vector *v = &op->vectors[op->nvectors++];

	v->args = attr(L, c, "args");
	if (!v->args)
		v->args = "";
	v->expect = attr(L, c, "expect");
	life_of(L, c, &op->life, &v->life);
	v->doc = doc_of(L, c);
	loc_set(L, &v->loc, c);
}

static void load_grows(struct loader *L, xmlNode *c, struct pvabi_op *op)
{
	struct pvabi_grows *g = &op->grows[op->ngrows++];

	g->value = attr(L, c, "value");
	g->when = attr(L, c, "when");
	if (!g->when)
		g->when = "";
	g->doc = doc_of(L, c);
	loc_set(L, &g->loc, c);
	load_grows_fmt2(L, c, g);
}

static void op_refs(struct loader *L, xmlNode *n, struct pvabi_op *op)
{
	const char *f = attr(L, n, "feature"), *cv = attr(L, n, "convention");

	op->feature = PVABI_NONE;
	if (f && (op->feature = pvabi_spec_feature(L->s, f)) < 0)
		LERR(L, n, "UNKNOWN_FEATURE", "op %s: feature '%s' is not defined",
		     op->name, f);
	op->conv = L->s->default_conv;
	if (cv && (op->conv = pvabi_names_get(L->s->conv_names, cv)) < 0)
		LERR(L, n, "UNKNOWN_CONVENTION", "op %s: convention '%s' is not defined",
		     op->name, cv);
	else if (!cv && op->conv < 0)
		LERR(L, n, "UNKNOWN_CONVENTION",
		     "op %s has no convention and the spec sets no default-convention",
		     op->name);
}

/* The args, raises, vectors and grows of an op, counted in one pass:
 * a spec of 100,000 ops spent a tenth of its load walking them four
 * times. */
static void count_op_children(const xmlNode *n, size_t k[4])
{
	static const char *const kinds[4] = { "arg", "raises", "vector", "grows" };
	const xmlNode *c;
	int i;

	k[0] = k[1] = k[2] = k[3] = 0;
	for (c = n->children; c; c = c->next)
		for (i = 0; c->type == XML_ELEMENT_NODE && i < 4; i++)
			if (!strcmp((const char *)c->name, kinds[i])) {
				k[i]++;
				break;
			}
}

static void load_op(struct loader *L, xmlNode *n, struct pvabi_op *op)
{
	struct wide id = { 0, 0, NULL };
	size_t na = 0, k[4];
	xmlNode *c;

	if (wide_attr(L, n, "id", &id) == 0 && !wide_in(&id, 0, UINT32_MAX))
		LERR(L, n, "BAD_NUMBER", "op %s: id %s outside 0..4294967295",
		     op->name, id.text);
	else if (id.text && id.mag >= PVABI_OP_ID_RESERVED_FIRST)
		LERR(L, n, "OP_ID_RESERVED",
		     "op %s: id %s is in 0x%08x..0xffffffff, reserved forever so that every "
		     "platform answers it ENOSYS", op->name, id.text, PVABI_OP_ID_RESERVED_FIRST);
	op->id = (uint32_t)id.mag;
	life_of(L, n, NULL, &op->life);
	op->frozen = bool_attr(L, n, "frozen");
	op->doc = doc_of(L, n);
	op->ret_void = 1;
	op_refs(L, n, op);
	count_op_children(n, k);
	op->nargs = k[0];
	if (op->nargs > PVABI_MAX_ARGS)
		LERR(L, n, "TOO_MANY_ARGS", "op %s has %zu arguments; at most %d fit a call",
		     op->name, op->nargs, PVABI_MAX_ARGS);
	op->args = pvabi_arena_array(L->a, op->nargs, sizeof(*op->args));
	op->errors = pvabi_arena_array(L->a, k[1], sizeof(int));
	op->raises = pvabi_arena_array(L->a, k[1], sizeof(*op->raises));
	op->vectors = pvabi_arena_array(L->a, k[2], sizeof(*op->vectors));
	op->grows = pvabi_arena_array(L->a, k[3], sizeof(*op->grows));
	if (!op->args || !op->errors || !op->raises || !op->vectors || !op->grows) {
		L->failed = 1;
		return;
	}
	for (c = n->children; c; c = c->next) {
		/* Past the limit (already reported) the args are not read: their
		 * pairwise checks would be quadratic in a hostile count. */
		if (is_elem(c, "arg") && na < PVABI_MAX_ARGS)
			load_arg(L, c, op, na++);
		else if (is_elem(c, "ret"))
			load_ret(L, c, op);
		else if (is_elem(c, "raises"))
			load_raises(L, c, op);
		else if (is_elem(c, "vector"))
			load_vector(L, c, op);
		else if (is_elem(c, "grows"))
			load_grows(L, c, op);
		else if (is_elem(c, "probe-base")) {
			op->probe_base = attr(L, c, "args");
			loc_set(L, &op->probe_base_loc, c);
		}
	}
	load_ends_run(L, n, op);
	load_written_on(L, n, op);
	load_partitions(L, n, op);
	load_batches(L, n, op);
	load_monos(L, n, op);
	load_fixeds(L, n, op);
	load_by_callers(L, n, op);
	load_cmds(L, n, op);
}

static void op_replaced_by(struct loader *L, xmlNode *n, struct pvabi_op *op)
{
	const char *r = attr(L, n, "replaced-by");

	op->replaced_by = PVABI_NONE;
	if (r && (op->replaced_by = pvabi_spec_op(L->s, r)) < 0)
		LERR(L, n, "UNKNOWN_OP", "op %s: replaced-by '%s' names no op",
		     op->name, r);
}

void load_ops(struct loader *L, xmlNode *root)
{
	struct pvabi_spec *s = L->s;
	size_t i = 0, t;
	xmlNode *c;

	(void)root;
	s->nops = L->top[TOP_OP].n;
	s->ops = pvabi_arena_array(L->a, s->nops, sizeof(*s->ops));
	s->op_names = names_build(L, s->nops);
	if (!s->ops)
		return;
	FOR_TOP(L, TOP_OP, t, c) {
		int prev;

		s->ops[i].name = attr(L, c, "name");
		loc_set(L, &s->ops[i].loc, c);
		prev = names_add(L, s->op_names, s->ops[i].name, (int)i);
		if (prev >= 0)
			LERR(L, c, "DUPLICATE_NAME", "op '%s' already defined at line %d",
			     s->ops[i].name, s->ops[prev].loc.line);
		i++;
	}
	i = 0;
	FOR_TOP(L, TOP_OP, t, c) {
		load_op(L, c, &s->ops[i]);
		op_replaced_by(L, c, &s->ops[i]);
		i++;
	}
}

void load_waivers(struct loader *L, xmlNode *root)
{
	struct pvabi_spec *s = L->s;
	size_t i = 0, k;
	xmlNode *c, *j;

	(void)root;
	s->nwaivers = L->top[TOP_WAIVER].n;
	s->waivers = pvabi_arena_array(L->a, s->nwaivers, sizeof(*s->waivers));
	if (!s->waivers)
		return;
	FOR_TOP(L, TOP_WAIVER, k, c) {
		struct pvabi_waiver *w = &s->waivers[i];

		w->rule = attr(L, c, "rule");
		w->rev = rev_attr(L, c, "revision", 0);
		w->target = attr(L, c, "target");
		for (j = c->children; j; j = j->next)
			if (is_elem(j, "justification")) {
				xmlChar *t = xmlNodeGetContent(j);

				w->justification = pvabi_arena_strdup(L->a, t ? (const char *)t : "");
				xmlFree(t);
			}
		loc_set(L, &w->loc, c);
		i++;
	}
}
