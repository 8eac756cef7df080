/* Conformance target: the tables a guest image of revision R runs (see
 * guest/rt/conformance.h): every op the image knows with its revision
 * range, and every vector resolved for each revision up to R in which it
 * applies, so an image negotiated down to an older revision still runs
 * exactly that revision's checks. A vector that resolves to the same
 * arguments, expectation and field offsets in consecutive revisions is
 * one entry with a revision range; argument and check runs are pooled,
 * each distinct run once, so an image stays small however long its
 * history. */
#include "emit/emit.h"
#include "emit/emit_escape.h"
#include "emit/emit_names.h"
#include "abi/vector.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static uint64_t feature_mask(const struct pvabi_spec *s, const struct pvabi_op *op)
{
	return op->feature >= 0 ? UINT64_C(1) << s->features[op->feature].bit : 0;
}

/* Ops the image knows: present in some revision up to its own. */
static int known(const struct pvabi_gen *g, const struct pvabi_op *op)
{
	int r;

	for (r = 0; r <= g->rev; r++)
		if (pvabi_life_has(&op->life, r))
			return 1;
	return 0;
}

/* A growing string: the generator renders each resolved vector's parts
 * first, to compare them across revisions and share equal runs. */
struct sbuf {
	char *p;
	size_t n, cap;
	int oom;
};

static void sb_add(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (k < 0 || b->oom)
		return;
	if (b->n + (size_t)k + 1 > b->cap) {
		size_t cap = (b->n + (size_t)k + 1) * 2;
		char *p = realloc(b->p, cap);

		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
	va_end(ap);
	b->n += (size_t)k;
}

static const char *sb_str(const struct sbuf *b)
{
	return b->p ? b->p : "";
}

static void c_string(struct sbuf *b, const char *s, size_t n)
{
	char buf[8];
	size_t i;

	sb_add(b, "\"");
	for (i = 0; i < n; i++)
		sb_add(b, "%s", emit_c_string_byte(s, i, buf));
	sb_add(b, "\"");
}

/* One pool element per line, so equal runs are equal strings. */
static void render_arg(struct sbuf *b, const struct pvabi_gen *g, const struct pvabi_op *op,
		       const struct pvabi_vec_arg *va, int rev)
{
	const struct pvabi_arg *a = &op->args[va->arg];
	size_t al, size = 0;
	int guarded = 0;

	if (va->kind == PVABI_VA_VALUE) {
		sb_add(b, "\t{ .value = UINT64_C(0x%llx), .kind = PVABI_CARG_VALUE },\n",
		       (unsigned long long)va->value);
		return;
	}
	if (va->kind == PVABI_VA_BYTES) {
		sb_add(b, "\t{ .bytes = ");
		c_string(b, va->bytes, va->nbytes);
		sb_add(b, ", .size = %zu, .kind = PVABI_CARG_BYTES },\n", va->nbytes);
		return;
	}
	if (a->type.kind == PVABI_T_STRUCT) {
		size = pvabi_struct_layout(g->spec, a->type.index, rev, NULL, &al);
		guarded = g->spec->structs[a->type.index].size_guarded;
	} else {
		size = pvabi_prim_size(a->type.prim);
	}
	sb_add(b, "\t{ .size = %zu, .kind = PVABI_CARG_SCRATCH, .size_field = %d },\n", size,
	       guarded);
}

static int render_checks(struct sbuf *b, const struct pvabi_gen *g, const struct pvabi_op *op,
			 const struct pvabi_vec *v, int rev)
{
	char num[48];
	size_t i, k;

	for (i = 0; i < v->nchecks; i++) {
		const struct pvabi_vec_check *c = &v->checks[i];
		const struct pvabi_struct *st = &g->spec->structs[op->args[c->arg].type.index];
		const struct pvabi_field *fl = &st->fields[c->field];
		long *off = calloc(st->nfields + 1, sizeof(long));
		size_t slot = 0;

		if (!off)
			return -1;
		pvabi_struct_layout(g->spec, op->args[c->arg].type.index, rev, off, NULL);
		for (k = 0; k < v->nargs; k++)
			if (v->args[k].arg == c->arg)
				slot = k;
		if (off[c->field] < 0 || off[c->field] > 0xffff) {
			free(off);
			return -1;
		}
		sb_add(b, "\t{ %s, \"%s\", %ld, %zu, %u, %d, %d },\n",
		       emit_c_int64(num, sizeof(num), c->value),
		       fl->name, off[c->field], slot, pvabi_prim_size(fl->type.prim),
		       pvabi_prim_signed(fl->type.prim), c->cmp == PVABI_CMP_GE);
		free(off);
	}
	return 0;
}

/* One table entry: a vector resolved identically in revisions
 * [since, until). */
struct centry {
	size_t opi;               /* index in the emitted ops */
	const struct pvabi_vector *vec;
	int since, until;
	struct sbuf args, checks; /* rendered pool runs */
	size_t nargs, nchecks;
	const char *expect;
	long long value;
	size_t argoff, chkoff;    /* where the runs landed in the pools */
};

struct ctable {
	struct centry *e;
	size_t n, cap;
};

static void ctable_free(struct ctable *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->e[i].args.p);
		free(t->e[i].checks.p);
	}
	free(t->e);
}

static int same(const struct centry *a, const struct centry *b)
{
	return a->nargs == b->nargs && a->nchecks == b->nchecks && a->value == b->value &&
	       !strcmp(a->expect, b->expect) && !strcmp(sb_str(&a->args), sb_str(&b->args)) &&
	       !strcmp(sb_str(&a->checks), sb_str(&b->checks));
}

/* Resolves vec in rev into a new entry, or extends *last when it is the
 * same and covers the revision before. Returns 0, or -1 (diagnosed). */
static int add_vec(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op *op,
		   size_t opi, const struct pvabi_vector *vec, int rev, long *last)
{
	struct pvabi_vec v;
	struct centry e;
	char err[256];
	size_t i;

	if (pvabi_vec_resolve(g->spec, op, vec, rev, &v, err, sizeof(err))) {
		pvabi_diag_add(g->d, "VECTOR_INVALID", vec->loc.file, vec->loc.line, "%s", err);
		*last = -1;
		return -1;
	}
	memset(&e, 0, sizeof(e));
	e.opi = opi;
	e.vec = vec;
	e.since = rev;
	e.until = rev + 1;
	e.nargs = v.nargs;
	e.nchecks = v.nchecks;
	e.expect = v.is_error ? "PVABI_CEXP_ERROR"
		 : v.cmp == PVABI_CMP_GE ? "PVABI_CEXP_RET_GE" : "PVABI_CEXP_RET_EQ";
	e.value = v.is_error ? (long long)g->spec->errors[v.error].value : (long long)v.ret;
	for (i = 0; i < v.nargs; i++)
		render_arg(&e.args, g, op, &v.args[i], rev);
	if (render_checks(&e.checks, g, op, &v, rev) || e.args.oom || e.checks.oom) {
		free(e.args.p);
		free(e.checks.p);
		pvabi_diag_add(g->d, "GEN_UNSUPPORTED", vec->loc.file, vec->loc.line,
			       "vector does not fit the conformance tables");
		*last = -1;
		return -1;
	}
	if (*last >= 0 && t->e[*last].until == rev && same(&t->e[*last], &e)) {
		t->e[*last].until = rev + 1;
		free(e.args.p);
		free(e.checks.p);
		return 0;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct centry *p = realloc(t->e, cap * sizeof(*p));

		if (!p) {
			free(e.args.p);
			free(e.checks.p);
			return -1;
		}
		t->e = p;
		t->cap = cap;
	}
	t->e[t->n] = e;
	*last = (long)t->n++;
	return 0;
}

/* Lays the runs out in their pools, one copy of each distinct run, and
 * prints the pool. Returns its length. */
static size_t emit_pool(FILE *f, struct ctable *t, const char *type, const char *name,
			int checks)
{
	size_t i, k, len = 0;

	fprintf(f, "static const struct %s %s[] = {\n", type, name);
	for (i = 0; i < t->n; i++) {
		struct centry *e = &t->e[i];
		const struct sbuf *run = checks ? &e->checks : &e->args;
		size_t cnt = checks ? e->nchecks : e->nargs;
		size_t *off = checks ? &e->chkoff : &e->argoff;

		*off = 0;
		if (!cnt)
			continue;
		for (k = 0; k < i; k++) {
			const struct centry *o = &t->e[k];

			if ((checks ? o->nchecks : o->nargs) == cnt &&
			    !strcmp(sb_str(checks ? &o->checks : &o->args), sb_str(run)))
				break;
		}
		if (k < i) {
			*off = checks ? t->e[k].chkoff : t->e[k].argoff;
			continue;
		}
		*off = len;
		fprintf(f, "\t/* %zu */\n%s", len, sb_str(run));
		len += cnt;
	}
	if (!len)
		fputs("\t{ 0 }\n", f);
	fputs("};\n\n", f);
	return len;
}

static int emit_vecs(FILE *f, const struct pvabi_gen *g, const struct pvabi_op **ops,
		     size_t nops)
{
	struct ctable t = { 0 };
	size_t i, j, opi = 0, nargs, nchecks;
	int r, rc = 0;

	for (i = 0; i < nops; i++) {
		if (!known(g, ops[i]))
			continue;
		for (j = 0; j < ops[i]->nvectors; j++) {
			long last = -1;

			for (r = 0; r <= g->rev; r++) {
				if (!pvabi_life_has(&ops[i]->life, r) ||
				    !pvabi_life_has(&ops[i]->vectors[j].life, r)) {
					last = -1;
					continue;
				}
				rc |= add_vec(&t, g, ops[i], opi, &ops[i]->vectors[j], r, &last);
			}
		}
		opi++;
	}
	nargs = emit_pool(f, &t, "pvabi_carg", "args", 0);
	nchecks = emit_pool(f, &t, "pvabi_ccheck", "checks", 1);
	if (nargs > 0xffff || nchecks > 0xffff || opi > 0xffff || g->rev >= 0xffff) {
		pvabi_diag_add(g->d, "GEN_UNSUPPORTED", g->spec->file, 0,
			       "too many vectors for the conformance tables");
		rc = -1;
	}
	fputs("/* name, value, op (index in ops), revisions [since, until) (indices in revs),\n"
	      " * args, checks (pool offsets), nargs, nchecks, expect */\n", f);
	fputs("static const struct pvabi_cvec vecs[] = {\n", f);
	for (i = 0; i < t.n; i++) {
		const struct centry *e = &t.e[i];
		const struct pvabi_vector *vec = e->vec;
		struct sbuf name = { 0 };
		char num[48];

		sb_add(&name, "%s -> %s", vec->args[0] ? vec->args : "()", vec->expect);
		fputs("\t{ ", f);
		if (name.p) {
			struct sbuf q = { 0 };

			c_string(&q, name.p, name.n);
			fprintf(f, "%s", sb_str(&q));
			free(q.p);
		}
		fprintf(f, ", %s, %zu, %d, %d, %zu, %zu, %zu, %zu, %s },\n",
			emit_c_int64(num, sizeof(num), e->value),
			e->opi, e->since, e->until, e->argoff, e->chkoff, e->nargs, e->nchecks,
			e->expect);
		free(name.p);
	}
	if (!t.n)
		fputs("\t{ 0 }\n", f);
	fputs("};\n\n", f);
	fprintf(f, "#define NVECS %zuu\n\n", t.n);
	ctable_free(&t);
	return rc;
}

static void emit_ops(FILE *f, const struct pvabi_gen *g, const struct pvabi_op **ops,
		     size_t nops)
{
	size_t i;

	fputs("static const struct pvabi_cop ops[] = {\n", f);
	for (i = 0; i < nops; i++) {
		const struct pvabi_op *op = ops[i];
		uint32_t until = 0;

		if (!known(g, op))
			continue;
		if (op->life.removed >= 0 && op->life.removed <= g->rev)
			until = pvabi_rev_code(&g->spec->revs[op->life.removed]);
		fprintf(f, "\t{ %uu, \"%s\", 0x%08xu, 0x%08xu, UINT64_C(0x%llx) },\n", op->id,
			op->name, pvabi_rev_code(&g->spec->revs[op->life.since]), until,
			(unsigned long long)feature_mask(g->spec, op));
	}
	fputs("};\n\n", f);
}

static void emit_suite(FILE *f, const struct pvabi_gen *g, const char *up,
		       uint32_t negotiate, uint32_t unknown)
{
	const struct pvabi_conv *cv = &g->spec->convs[g->spec->default_conv];
	int r;

	fputs("static const uint32_t revs[] = {", f);
	for (r = 0; r <= g->rev; r++)
		fprintf(f, "%s0x%08xu", r ? ", " : " ", pvabi_rev_code(&g->spec->revs[r]));
	fputs(" };\n\n", f);
	fprintf(f, "const struct pvabi_csuite pvabi_conformance_suite = {\n"
		   "\t\"%s\", \"%s\", %s_OFFER_MIN, %s_OFFER_MAX, %s_FEATURES_DEFINED,\n"
		   "\trevs, %d, ops, sizeof(ops) / sizeof(ops[0]),\n"
		   "\tvecs, NVECS, args, checks,\n"
		   "\t%s_EREVISION, %s_EREMOVED, %s_ENOFEATURE, %s_ENOTNEGOTIATED, %s_ENOSYS,\n"
		   "\tUINT64_C(0x%llx), 0x%xu, %uu, %uu, 0x%08xu,\n};\n",
		g->spec->name, g->spec->revs[g->rev].id, up, up, up, g->rev + 1, up, up, up,
		up, up, (unsigned long long)cv->frame, cv->port, negotiate, unknown,
		PVABI_OP_ID_RESERVED_FIRST);
}

/* The op a guest negotiates with: "negotiate" if the spec has it, else
 * its frozen op of lowest id. */
static int bootstrap_op(const struct pvabi_gen *g, const struct pvabi_op **ops, size_t n,
			uint32_t *id)
{
	int i = pvabi_spec_op(g->spec, "negotiate");
	size_t k;

	if (i >= 0 && g->spec->ops[i].frozen) {
		*id = g->spec->ops[i].id;
		return 0;
	}
	for (k = 0; k < n; k++)
		if (ops[k]->frozen) {
			*id = ops[k]->id;
			return 0;
		}
	pvabi_diag_add(g->d, "GEN_NO_BOOTSTRAP", g->spec->file, 0,
		       "conformance images need a frozen op to negotiate with");
	return -1;
}

int pvabi_emit_conformance(const struct pvabi_gen *g)
{
	const struct pvabi_op **ops;
	struct pvabi_emit_file *ef;
	struct emit_names n;
	uint32_t negotiate = 0;
	size_t nops = 0;
	char name[96];
	FILE *f;
	int ok;

	if (g->spec->default_conv < 0 ||
	    g->spec->convs[g->spec->default_conv].kind != PVABI_CONV_CALL_FRAME) {
		pvabi_diag_add(g->d, "GEN_UNSUPPORTED", g->spec->file, 0,
			       "conformance images need a call-frame default convention");
		return -1;
	}
	ops = emit_ops_by_id(g->spec, &nops);
	if (!ops || emit_names_init(&n, g->spec)) {
		free(ops);
		return emit_oom(g);
	}
	snprintf(name, sizeof(name), "%s_conformance.c", n.lo);
	ef = emit_open(g, name);
	ok = ef != NULL;
	if (ok) {
		f = emit_fp(ef);
		emit_stamp(f, g, "conformance suite", g->rev);
		fprintf(f, "#include \"guest/rt/conformance.h\"\n#include \"%s_guest.h\"\n\n", n.lo);
		emit_ops(f, g, ops, nops);
		ok = emit_vecs(f, g, ops, nops) == 0;
		ok = ok && bootstrap_op(g, ops, nops, &negotiate) == 0;
		emit_suite(f, g, n.up, negotiate, nops ? ops[nops - 1]->id + 1 : 1);
		emit_close(ef);
	}
	emit_names_free(&n);
	free(ops);
	return emit_finish(&ef, 1, ok);
}
