/* Spec loader, top level: the document, revisions, conventions, errors,
 * enums and features. Structs, ops and waivers are in load_ops.c. The
 * loader records what the file says; judging the history is the
 * checker's job (check*.c), so a spec with a bad history still loads and
 * gets rule-tagged findings rather than a bare parse error. */
#include "abi/load.h"
#include "abi/load_internal.h"
#include "abi/vector.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void load_revisions(struct loader *L, xmlNode *root)
{
	xmlNode *list = NULL, *c;
	size_t i = 0;

	(void)root;
	list = load_top_first(L, TOP_REVISIONS);
	L->s->nrevs = count_children(list, "revision");
	L->s->revs = pvabi_arena_array(L->a, L->s->nrevs, sizeof(*L->s->revs));
	L->s->rev_names = names_build(L, L->s->nrevs);
	if (!L->s->revs || !L->s->rev_names) {
		L->failed = 1;
		return;
	}
	for (c = list->children; c; c = c->next) {
		struct pvabi_rev *r = &L->s->revs[i];
		const char *id;

		if (!is_elem(c, "revision"))
			continue;
		id = attr(L, c, "id");
		r->id = id;
		r->loc.file = L->file;
		r->loc.line = pvabi_xml_line(c);
		r->doc = doc_of(L, c);
		if (!id || sscanf(id, "%u.%u", &r->major, &r->minor) != 2)
			continue; /* the schema has reported it */
		load_rev_code(L, c, r);
		if (r->major > 0xffff || r->minor > 0xffff)
			LERR(L, c, "REVISION_RANGE",
			     "revision %s: each part must be at most 65535 (on the wire a revision is the 32-bit MAJOR << 16 | MINOR)",
			     id);
		if (names_add(L, L->s->rev_names, id, (int)i) >= 0)
			LERR(L, c, "DUPLICATE_NAME", "revision %s listed twice", id);
		else if (i > 0 && r->has_code != L->s->revs[i - 1].has_code)
			LERR(L, c, "REVISION_CODE",
			     "revision %s: give code= on every revision or on none", id);
		else if (i > 0 && (r->major < L->s->revs[i - 1].major ||
				   (r->major == L->s->revs[i - 1].major &&
				    r->minor <= L->s->revs[i - 1].minor)))
			LERR(L, c, "REVISION_ORDER",
			     "revision %s listed after %s: revisions must increase",
			     id, L->s->revs[i - 1].id);
		i++;
	}
}

static enum pvabi_conv_kind conv_kind(const char *k)
{
	static const char *const names[] = {
		"call-frame", "registers", "hypercall-page", "cpuid", "msr",
	};
	size_t i;

	for (i = 0; k && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(k, names[i]))
			return (enum pvabi_conv_kind)i;
	return PVABI_CONV_CALL_FRAME;
}

static void conv_regs(struct loader *L, xmlNode *n, struct pvabi_conv *cv)
{
	const char *regs = attr(L, n, "registers");
	char *copy, *tok, *save = NULL;

	if (!regs)
		return;
	copy = pvabi_arena_strdup(L->a, regs);
	for (tok = strtok_r(copy, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		if (cv->nregs == PVABI_MAX_REGS) {
			LERR(L, n, "TOO_MANY_REGISTERS",
			     "convention '%s' lists more than %d registers",
			     cv->name, PVABI_MAX_REGS);
			return;
		}
		cv->regs[cv->nregs++] = tok;
	}
}

static void load_convention(struct loader *L, xmlNode *c,
			    struct pvabi_conv *cv)
{
	struct wide v;

	cv->name = attr(L, c, "name");
	cv->kind = conv_kind(attr(L, c, "kind"));
	cv->mode = attr(L, c, "mode");
	if (!cv->mode)
		cv->mode = "any";
	cv->instruction = attr(L, c, "instruction");
	cv->op_reg = attr(L, c, "op-register");
	cv->ret_reg = attr(L, c, "return-register");
	if (wide_attr(L, c, "port", &v) == 0) {
		if (!wide_in(&v, 0, 0xffff))
			LERR(L, c, "BAD_NUMBER", "port %s is not an x86 I/O port (0..0xffff)",
			     v.text);
		cv->port = (unsigned int)(v.mag & 0xffff);
	}
	if (wide_attr(L, c, "frame", &v) == 0) {
		if (v.neg || (v.mag & 7))
			LERR(L, c, "BAD_NUMBER",
			     "frame address %s is not a non-negative 8-byte aligned address", v.text);
		cv->frame = v.mag;
	}
	if (wide_attr(L, c, "stride", &v) == 0) {
		if (!wide_in(&v, 0, UINT32_MAX))
			LERR(L, c, "BAD_NUMBER", "stride %s outside 0..4294967295", v.text);
		cv->stride = (unsigned int)v.mag;
	}
	conv_regs(L, c, cv);
	load_conv_fmt2(L, c, cv);
	cv->doc = doc_of(L, c);
	cv->loc.file = L->file;
	cv->loc.line = pvabi_xml_line(c);
}

static void load_conventions(struct loader *L, xmlNode *list)
{
	struct pvabi_spec *s = L->s;
	size_t i = 0;
	xmlNode *c;

	s->nconvs = list ? count_children(list, "convention") : 0;
	s->convs = pvabi_arena_array(L->a, s->nconvs, sizeof(*s->convs));
	s->conv_names = names_build(L, s->nconvs);
	if (!list || !s->convs)
		return;
	for (c = list->children; c; c = c->next) {
		int prev;

		if (!is_elem(c, "convention"))
			continue;
		load_convention(L, c, &s->convs[i]);
		prev = names_add(L, s->conv_names, s->convs[i].name, (int)i);
		if (prev >= 0)
			LERR(L, c, "DUPLICATE_NAME",
			     "convention '%s' already defined at line %d",
			     s->convs[i].name, s->convs[prev].loc.line);
		i++;
	}
}

static void load_errors(struct loader *L, xmlNode *list)
{
	struct pvabi_spec *s = L->s;
	size_t i = 0;
	xmlNode *c;

	s->nerrors = list ? count_children(list, "error") : 0;
	s->errors = pvabi_arena_array(L->a, s->nerrors, sizeof(*s->errors));
	s->error_names = names_build(L, s->nerrors);
	if (!list || !s->errors)
		return;
	for (c = list->children; c; c = c->next) {
		struct pvabi_error *e = &s->errors[i];
		struct wide w = { 0, 0, NULL };
		int prev;

		if (!is_elem(c, "error"))
			continue;
		e->name = attr(L, c, "name");
		life_of(L, c, NULL, &e->life);
		e->doc = doc_of(L, c);
		e->loc.file = L->file;
		e->loc.line = pvabi_xml_line(c);
		load_error_fmt2(L, c, e);
		/* written negative: a u64 bit pattern is not an error value */
		if (wide_attr(L, c, "value", &w) == 0 && (!w.neg || w.mag == 0))
			LERR(L, c, "ERROR_NOT_NEGATIVE",
			     "error %s = %s: error values are negative 64-bit numbers", e->name,
			     w.text);
		else if (w.text && e->alias_of < 0)
			e->value = wide_value(&w);
		else if (w.text && wide_value(&w) != e->value)
			LERR(L, c, "ERROR_ALIAS_INVALID",
			     "error %s = %s differs from the error it aliases", e->name, w.text);
		else if (!w.text && e->alias_of < 0)
			LERR(L, c, "ERROR_ALIAS_INVALID",
			     "error %s has neither value= nor alias-of=", e->name);
		prev = names_add(L, s->error_names, e->name, (int)i);
		if (prev >= 0)
			LERR(L, c, "DUPLICATE_NAME", "error '%s' already defined at line %d",
			     e->name, s->errors[prev].loc.line);
		i++;
	}
}

/* A value must fit the enum's type: it is stored and compared in it. */
static void enum_value(struct loader *L, xmlNode *c, const struct pvabi_enum *e,
		       struct pvabi_enum_value *v)
{
	struct wide w;
	uint64_t hi;
	int64_t lo;

	if (wide_attr(L, c, "value", &w))
		return;
	v->value = wide_value(&w);
	prim_range(e->prim, &lo, &hi);
	if (!wide_in(&w, lo, hi))
		LERR(L, c, "ENUM_VALUE_RANGE",
		     "enum %s: value '%s' = %s does not fit its type %s (%lld..%llu)", e->name,
		     v->name, w.text, pvabi_prim_name(e->prim), (long long)lo,
		     (unsigned long long)hi);
}

static void load_enum(struct loader *L, xmlNode *n, struct pvabi_enum *e)
{
	const char *t = attr(L, n, "type");
	size_t i = 0;
	xmlNode *c;

	e->name = attr(L, n, "name");
	e->prim = PVABI_U32;
	if (t) {
		int p = pvabi_prim_parse(t);

		if (p < 0)
			LERR(L, n, "UNKNOWN_TYPE",
			     "enum '%s' type '%s' is not an integer type", e->name, t);
		else
			e->prim = (enum pvabi_prim)p;
	}
	life_of(L, n, NULL, &e->life);
	e->doc = doc_of(L, n);
	e->loc.file = L->file;
	e->loc.line = pvabi_xml_line(n);
	e->nvalues = count_children(n, "value");
	e->values = pvabi_arena_array(L->a, e->nvalues, sizeof(*e->values));
	e->value_names = names_build(L, e->nvalues);
	if (!e->values || !e->value_names) {
		L->failed = 1;
		return;
	}
	for (c = n->children; c; c = c->next) {
		struct pvabi_enum_value *v = &e->values[i];
		int prev;

		if (!is_elem(c, "value"))
			continue;
		v->name = attr(L, c, "name");
		enum_value(L, c, e, v);
		v->c_name = fmt2_attr(L, c, "c-name");
		life_of(L, c, &e->life, &v->life);
		v->doc = doc_of(L, c);
		v->loc.file = L->file;
		v->loc.line = pvabi_xml_line(c);
		prev = names_add(L, e->value_names, v->name, (int)i);
		if (prev >= 0)
			LERR(L, c, "DUPLICATE_NAME",
			     "enum %s: value '%s' already defined at line %d",
			     e->name, v->name, e->values[prev].loc.line);
		i++;
	}
}

static void load_enums(struct loader *L, xmlNode *root)
{
	struct pvabi_spec *s = L->s;
	size_t i = 0, t;
	xmlNode *c;

	(void)root;
	s->nenums = L->top[TOP_ENUM].n;
	s->enums = pvabi_arena_array(L->a, s->nenums, sizeof(*s->enums));
	s->enum_names = names_build(L, s->nenums);
	if (!s->enums)
		return;
	FOR_TOP(L, TOP_ENUM, t, c) {
		int prev;

		load_enum(L, c, &s->enums[i]);
		if (pvabi_prim_parse(s->enums[i].name) >= 0)
			LERR(L, c, "DUPLICATE_NAME", "enum '%s' shadows a primitive type",
			     s->enums[i].name);
		prev = names_add(L, s->enum_names, s->enums[i].name, (int)i);
		if (prev >= 0)
			LERR(L, c, "DUPLICATE_NAME", "enum '%s' already defined at line %d",
			     s->enums[i].name, s->enums[prev].loc.line);
		i++;
	}
}

static void load_features(struct loader *L, xmlNode *root)
{
	struct pvabi_spec *s = L->s;
	size_t i = 0, t;
	xmlNode *c;

	(void)root;
	s->nfeatures = L->top[TOP_FEATURE].n;
	s->features = pvabi_arena_array(L->a, s->nfeatures, sizeof(*s->features));
	s->feature_names = names_build(L, s->nfeatures);
	if (!s->features)
		return;
	FOR_TOP(L, TOP_FEATURE, t, c) {
		struct pvabi_feature *f = &s->features[i];
		struct wide bit = { 0, 0, NULL };
		int prev;

		f->name = attr(L, c, "name");
		if (wide_attr(L, c, "bit", &bit) == 0 &&
		    !wide_in(&bit, 0, PVABI_MAX_FEATURE_BITS - 1))
			LERR(L, c, "FEATURE_BIT_RANGE",
			     "feature '%s' bit %s outside 0..%d", f->name,
			     bit.text, PVABI_MAX_FEATURE_BITS - 1);
		f->bit = (unsigned int)(bit.mag & (PVABI_MAX_FEATURE_BITS - 1));
		life_of(L, c, NULL, &f->life);
		f->c_name = fmt2_attr(L, c, "c-name");
		f->served_by = fmt2_attr(L, c, "served-by");
		f->doc = doc_of(L, c);
		f->loc.file = L->file;
		f->loc.line = pvabi_xml_line(c);
		prev = names_add(L, s->feature_names, f->name, (int)i);
		if (prev >= 0)
			LERR(L, c, "DUPLICATE_NAME", "feature '%s' already defined at line %d",
			     f->name, s->features[prev].loc.line);
		i++;
	}
}

/* The revisions where both lifetimes hold: [both_since, both_until). */
static int both_since(const struct pvabi_life *a, const struct pvabi_life *b)
{
	return a->since > b->since ? a->since : b->since;
}

static int both_until(const struct pvabi_life *a, const struct pvabi_life *b,
		      size_t nrevs)
{
	int until = (int)nrevs;

	if (a->removed >= 0 && a->removed < until)
		until = a->removed;
	if (b->removed >= 0 && b->removed < until)
		until = b->removed;
	return until;
}

/* Every vector must resolve in every revision where it and its op exist:
 * a vector that names a missing argument is a dangling reference, caught
 * here rather than by a guest years later. */
static void check_vectors(struct loader *L)
{
	struct pvabi_vec v;
	char err[256];
	size_t i, j;
	int r;

	for (i = 0; i < L->s->nops; i++) {
		const struct pvabi_op *op = &L->s->ops[i];

		for (j = 0; j < op->nvectors; j++)
			for (r = both_since(&op->life, &op->vectors[j].life);
			     r < both_until(&op->life, &op->vectors[j].life, L->s->nrevs); r++) {
				if (pvabi_vec_resolve(L->s, op, &op->vectors[j], r, &v, err,
						      sizeof(err)) == 0)
					continue;
				pvabi_diag_add(L->d,
					       pvabi_vec_err_is_expr(err) ? "EXPR_INVALID" : "VECTOR_INVALID",
					       L->file,
					       op->vectors[j].loc.line, "op %s, revision %s: %s",
					       op->name, L->s->revs[r].id, err);
				L->failed = 1;
				break;
			}
	}
}

static struct pvabi_spec *build(xmlDocPtr doc, const char *name,
				struct pvabi_diags *d)
{
	struct pvabi_arena *a = pvabi_arena_new();
	struct loader L = { NULL, a, d, NULL, 0, NULL, { { NULL, 0, 0 } } };
	xmlNode *root = xmlDocGetRootElement(doc);
	const char *dc;
	int64_t fmt = 0;

	if (!a || !(L.s = pvabi_arena_alloc(a, sizeof(*L.s))) || load_top_index(&L, root)) {
		pvabi_diag_add(d, "OUT_OF_MEMORY", name, 0, "out of memory");
		load_top_free(&L);
		pvabi_arena_free(a);
		return NULL;
	}
	L.s->arena = a;
	L.file = L.s->file = pvabi_arena_strdup(a, name);
	L.s->name = attr(&L, root, "name");
	load_check_name(&L, root, "abi", L.s->name, 0);
	num_attr(&L, root, "format", &fmt);
	L.s->format = (unsigned int)fmt;
	L.s->doc = doc_of(&L, root);
	load_modes(&L, root);
	load_revisions(&L, root);
	load_conventions(&L, load_top_first(&L, TOP_CONVENTIONS));
	load_errors(&L, load_top_first(&L, TOP_ERRORS));
	load_enums(&L, root);
	load_features(&L, root);
	load_typedefs(&L, root);
	load_structs(&L, root);
	L.s->default_conv = PVABI_NONE;
	dc = attr(&L, root, "default-convention");
	if (dc && (L.s->default_conv = pvabi_names_get(L.s->conv_names, dc)) < 0)
		LERR(&L, root, "UNKNOWN_CONVENTION",
		     "default-convention '%s' is not defined in <conventions>", dc);
	load_declared_limits(&L, root);
	load_ops(&L, root);
	load_feature_changes(&L);
	load_handles_check(&L);
	load_ends_run_check(&L);
	load_kinds_check(&L);
	load_one_per_check(&L);
	load_cmd_one_per_check(&L);
	load_release_check(&L);
	load_size_errors_check(&L);
	load_waivers(&L, root);
	load_scenarios(&L, root);
	load_feature_caps(&L);
	load_edges_resolve(&L);
	load_ignored_resolve(&L);
	load_spans_check(&L);
	load_addrs_resolve(&L);
	load_nows_resolve(&L);
	load_nego(&L, root);
	if (!L.failed)
		check_fmt2(&L);
	if (!L.failed)
		check_struct_sizes(&L);
	if (!L.failed && pvabi_layouts_init(L.s))
		L.failed = 1;
	if (!L.failed && L.s->format >= 2)
		check_vectors2(&L);
	if (!L.failed && L.s->format >= 2)
		check_nows2(&L);
	else if (!L.failed)
		check_vectors(&L);
	if (!L.failed)
		check_declared_limits(&L);
	if (!L.failed)
		check_partitions(&L);
	if (!L.failed)
		check_batches(&L);
	if (!L.failed)
		check_monos(&L);
	if (!L.failed) /* format 2 fixes a command's reply, format 1 an op's */
		(L.s->format >= 2 ? check_cmd_fixeds : check_fixeds)(&L);
	if (!L.failed)
		check_by_callers(&L);
	if (!L.failed)
		check_growth(&L);
	if (!L.failed)
		check_scenarios(&L);
	load_top_free(&L);
	if (L.failed) {
		if (!d->n)
			pvabi_diag_add(d, "OUT_OF_MEMORY", name, 0, "out of memory");
		pvabi_layouts_free(L.s->layouts);
		pvabi_arena_free(a);
		return NULL;
	}
	return L.s;
}

struct pvabi_spec *pvabi_spec_load_mem(const char *buf, size_t len,
				       const char *name, struct pvabi_diags *d)
{
	xmlDocPtr doc = pvabi_xml_load_mem(buf, len, name, PVABI_SCHEMA_SPEC, d);
	struct pvabi_spec *s;

	if (!doc)
		return NULL;
	s = build(doc, name, d);
	xmlFreeDoc(doc);
	return s;
}

struct pvabi_spec *pvabi_spec_load(const char *path, struct pvabi_diags *d)
{
	xmlDocPtr doc = pvabi_xml_load(path, PVABI_SCHEMA_SPEC, d);
	struct pvabi_spec *s;

	if (!doc)
		return NULL;
	s = build(doc, path, d);
	xmlFreeDoc(doc);
	return s;
}
