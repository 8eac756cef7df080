/* The generated dispatch source: one static function per op and a switch
 * on the op id. The tables it validates against are <abi>_state.c's. */
#include "emit/emit_platform.h"
#include "emit/emit_limit.h"

#include <stdlib.h>
#include <string.h>

static void fixed(FILE *f, const struct emit_names *n)
{
	fprintf(f, "/* Where an op exists: window indices [since, until). One unsigned\n"
		   " * compare on the hot path; the slow path says why not. */\n"
		   "static inline int64_t avail(const struct %s_dispatch_state *st, int bootstrap,\n"
		   "\t\tint since, int until, int feature_bit)\n{\n"
		   "\tunsigned int k = (unsigned int)st->rev_index;\n\n"
		   "\tif (!st->negotiated)\n\t\treturn bootstrap ? 0 : %s_ENOTNEGOTIATED;\n"
		   "\tif (k - (unsigned int)since >= (unsigned int)(until - since)) {\n"
		   "\t\tif (k >= %s_WINDOW_NREVS)\n\t\t\treturn %s_EINVAL;\n"
		   "\t\treturn k < (unsigned int)since ? %s_EREVISION : %s_EREMOVED;\n\t}\n"
		   "\tif (feature_bit >= 0 && !((st->granted >> feature_bit) & 1))\n\t\treturn %s_ENOFEATURE;\n"
		   "\treturn 0;\n}\n\n", n->lo, n->up, n->up, n->up, n->up, n->up, n->up);
	fprintf(f, "static int64_t gptr(struct %s_ctx *ctx, uint64_t gpa, uint64_t elem,\n"
		   "\t\tuint64_t count, struct %s_gptr *out)\n{\n"
		   "\tif (elem == 0 || count > %s_MAX_GUEST_BUFFER / elem)\n\t\treturn %s_E2BIG;\n"
		   "\tout->gpa = gpa;\n\tout->size = elem * count;\n"
		   "\tif (out->size && %s_guest_check(ctx, gpa, out->size))\n\t\treturn %s_EFAULT;\n"
		   "\treturn 0;\n}\n\n", n->lo, n->lo, n->up, n->up, n->lo, n->up);
}

/* Window index of the first revision in which life holds, from `from`
 * on; w->n when none. Lifetimes are contiguous, so [since, removed) in
 * window indices describes them exactly. */
static int first_in(const struct window *w, const struct pvabi_life *l, int from)
{
	int k;

	for (k = from; k < w->n; k++)
		if (pvabi_life_has(l, w->rev[k]))
			return k;
	return w->n;
}

static int first_out(const struct window *w, const struct pvabi_life *l, int from)
{
	int k;

	for (k = from; k < w->n; k++)
		if (!pvabi_life_has(l, w->rev[k]))
			return k;
	return -1;
}

/* Validators for every enum an op takes by value: a value is valid when
 * the negotiated revision defines it. */
static void enum_validators(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
			    const struct window *w)
{
	size_t i, j;
	int k;

	for (i = 0; i < g->spec->nenums; i++) {
		const struct pvabi_enum *e = &g->spec->enums[i];

		fprintf(f, "static int valid_%s(uint64_t v, int rev_index)\n{\n", e->name);
		fputs("\tswitch (v) {\n", f);
		for (j = 0; j < e->nvalues; j++) {
			const struct pvabi_enum_value *x = &e->values[j];
			int since = first_in(w, &x->life, 0);

			if (since == w->n)
				continue;
			k = first_out(w, &x->life, since);
			/* slots carry signed values sign-extended, as the
			 * guest stubs pass them */
			fprintf(f, "\tcase UINT64_C(0x%llx): /* %s */\n\t\treturn rev_index >= %d",
				(unsigned long long)(uint64_t)x->value, x->name, since);
			if (k >= 0)
				fprintf(f, " && rev_index < %d", k);
			fputs(";\n", f);
		}
		fputs("\tdefault:\n\t\treturn 0;\n\t}\n}\n\n", f);
	}
	(void)n;
}

/* Bitmask of the op's args present in window revision k. */
static unsigned int layout_of(const struct pvabi_op *op, const struct window *w, int k)
{
	unsigned int m = 0;
	size_t i;

	for (i = 0; i < op->nargs; i++)
		if (pvabi_life_has(&op->args[i].life, w->rev[k]))
			m |= 1u << i;
	return m;
}

static int single_layout(const struct pvabi_op *op, const struct window *w,
			 int since, int until)
{
	int k;

	for (k = since + 1; k < until; k++)
		if (layout_of(op, w, k) != layout_of(op, w, since))
			return 0;
	return 1;
}

/* Copies the slots of layout m into v, filling defaults for the args
 * the revision lacks: the compat adapter. */
static void emit_layout_body(FILE *f, const struct emit_names *n, const struct pvabi_op *op,
			     unsigned int m, const char *ind)
{
	size_t i, pos;

	fprintf(f, "%sif (nargs != %d)\n%s\treturn %s_EINVAL;\n", ind,
		__builtin_popcount(m), ind, n->up);
	for (i = 0, pos = 0; i < op->nargs; i++) {
		if (m & (1u << i))
			fprintf(f, "%sv[%zu] = a[%zu];\n", ind, i, pos++);
		else
			fprintf(f, "%sv[%zu] = UINT64_C(0x%llx); /* default for this revision */\n",
				ind, i, (unsigned long long)(uint64_t)op->args[i].default_value);
	}
	fprintf(f, "%spresent = 0x%xu;\n", ind, m);
}

/* One case block per distinct argument layout: the compat adapter of the
 * revisions that share it. */
static void emit_layouts(FILE *f, const struct emit_names *n, const struct pvabi_op *op,
			 const struct window *w, int since, int until)
{
	unsigned int m, done = 0;
	int k, j;

	for (k = since; k < until; k++) {
		if (done & (1u << k))
			continue;
		m = layout_of(op, w, k);
		for (j = k; j < until; j++)
			if (!(done & (1u << j)) && layout_of(op, w, j) == m) {
				fprintf(f, "\tcase %d:\n", j);
				done |= 1u << j;
			}
		emit_layout_body(f, n, op, m, "\t\t");
		fputs("\t\tbreak;\n", f);
	}
	fprintf(f, "\tdefault:\n\t\treturn %s_EREVISION;\n\t}\n", n->up);
}

static void emit_scalar_check(FILE *f, const struct emit_names *n, const struct pvabi_arg *a,
			      size_t i)
{
	unsigned int bits = pvabi_prim_size(a->type.prim) * 8;

	if (a->type.kind == PVABI_T_ENUM) {
		fprintf(f, "\tif ((present & 0x%xu) && !valid_%s(v[%zu], st->negotiated ? st->rev_index : boot))\n"
			   "\t\treturn %s_EINVAL;\n", 1u << i, a->type.name, i, n->up);
		return;
	}
	if (bits == 64)
		return;
	if (pvabi_prim_signed(a->type.prim))
		fprintf(f, "\tif ((int64_t)v[%zu] < -(INT64_C(1) << %u) || (int64_t)v[%zu] >= (INT64_C(1) << %u))\n"
			   "\t\treturn %s_EINVAL;\n", i, bits - 1, i, bits - 1, n->up);
	else
		fprintf(f, "\tif (v[%zu] > UINT64_C(0x%llx))\n\t\treturn %s_EINVAL;\n", i,
			(unsigned long long)((1ull << bits) - 1), n->up);
}

static void emit_ptr_check(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
			   const struct pvabi_op *op, size_t i)
{
	const struct pvabi_arg *a = &op->args[i];
	char count[64] = "1";

	if (a->count_arg >= 0)
		snprintf(count, sizeof(count), "v[%d]", a->count_arg);
	fprintf(f, "\tif (present & 0x%xu) {\n", 1u << i);
	if (a->type.kind == PVABI_T_STRUCT)
		fprintf(f, "\t\te = gptr(ctx, v[%zu], %s[st->negotiated ? st->rev_index : boot].bytes, %s, &p%zu);\n",
			i, n->structs[a->type.index].platform, count, i);
	else
		fprintf(f, "\t\te = gptr(ctx, v[%zu], %u, %s, &p%zu);\n", i,
			pvabi_prim_size(a->type.prim), count, i);
	fputs("\t\tif (e)\n\t\t\treturn e;\n\t}\n", f);
	(void)g;
}

static void emit_call(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		      const struct pvabi_op *op)
{
	char ct[64];
	size_t i;

	fprintf(f, "\treturn %s(ctx", emit_op_name(n, g->spec, op)->platform);
	for (i = 0; i < op->nargs; i++) {
		if (op->args[i].dir != PVABI_BY_VALUE)
			fprintf(f, ", p%zu", i);
		else
			fprintf(f, ", (%s)v[%zu]", plain_ctype(g, &op->args[i].type, ct, sizeof(ct)), i);
	}
	fputs(");\n}\n\n", f);
}

static void emit_op_fn(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		       const struct window *w, const struct pvabi_op *op)
{
	int since = first_in(w, &op->life, 0), removed = first_out(w, &op->life, since);
	int until = removed >= 0 ? removed : w->n;
	int fbit = op->feature >= 0 ? (int)g->spec->features[op->feature].bit : -1;
	size_t i;

	fprintf(f, "/* %s (op %u): window revisions %d..%d */\n", op->name, op->id, since, until - 1);
	/* Out of line: the dispatch switch then tail-jumps to a small
	 * function per op instead of sharing one big frame among all. */
	fprintf(f, "static __attribute__((noinline)) int64_t d_%s(struct %s_ctx *ctx, const struct %s_dispatch_state *st,\n"
		   "\t\tuint32_t nargs, const uint64_t *a)\n{\n", op->name, n->lo, n->lo);
	fprintf(f, "\tconst int boot = %d;\n\tuint64_t v[%zu];\n\tunsigned int present;\n"
		   "\tint64_t e = avail(st, %d, %d, %d, %d);\n", since, op->nargs ? op->nargs : 1,
		op->frozen, since, until, fbit);
	for (i = 0; i < op->nargs; i++)
		if (op->args[i].dir != PVABI_BY_VALUE)
			fprintf(f, "\tstruct %s_gptr p%zu = { 0, 0 };\n", n->lo, i);
	fputs("\n\t(void)a;\n\t(void)boot;\n\tif (e)\n\t\treturn e;\n", f);
	if (single_layout(op, w, since, until)) {
		emit_layout_body(f, n, op, layout_of(op, w, since), "\t");
	} else {
		fputs("\tswitch (st->negotiated ? st->rev_index : boot) {\n", f);
		emit_layouts(f, n, op, w, since, until);
	}
	fputs("\t(void)present;\n\t(void)v;\n", f);
	for (i = 0; i < op->nargs; i++) {
		if (op->args[i].dir == PVABI_BY_VALUE)
			emit_scalar_check(f, n, &op->args[i], i);
		else
			emit_ptr_check(f, g, n, op, i);
	}
	emit_limit_checks(f, g, n, op);
	emit_call(f, g, n, op);
}

/* Which generated helpers are referenced depends on the spec; mark them
 * so a spec without enums or pointers still compiles with -Werror. */
static void unused_guard(FILE *f, const struct pvabi_gen *g)
{
	size_t i;

	fputs("static void unused_helpers(void) __attribute__((unused));\n"
	      "static void unused_helpers(void)\n{\n\t(void)gptr;\n", f);
	for (i = 0; i < g->spec->nenums; i++)
		fprintf(f, "\t(void)valid_%s;\n", g->spec->enums[i].name);
	fputs("}\n\n", f);
}

int emit_dispatch_c(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		    const struct window *w)
{
	const struct pvabi_op **ops;
	size_t i, nops = 0;

	ops = emit_ops_by_id(g->spec, &nops);
	if (!ops)
		return -1;
	emit_stamp(f, g, "platform dispatch", -1);
	fprintf(f, "#include \"%s_platform.h\"\n\n", n->lo);
	fixed(f, n);
	enum_validators(f, g, n, w);
	unused_guard(f, g);
	for (i = 0; i < nops; i++)
		if (op_in_window(g, w, ops[i]))
			emit_op_fn(f, g, n, w, ops[i]);
	fprintf(f, "int64_t %s_dispatch(struct %s_ctx *ctx, const struct %s_dispatch_state *st,\n"
		   "\t\tuint32_t op, uint32_t nargs, const uint64_t *args)\n{\n"
		   "\tif (nargs > %d)\n\t\treturn %s_EINVAL;\n\tswitch (op) {\n",
		n->lo, n->lo, n->lo, PVABI_MAX_ARGS, n->up);
	for (i = 0; i < nops; i++) {
		if (op_in_window(g, w, ops[i]))
			fprintf(f, "\tcase %uu:\n\t\treturn d_%s(ctx, st, nargs, args);\n", ops[i]->id,
				ops[i]->name);
		else
			fprintf(f, "\tcase %uu: /* %s: outside the support window */\n"
				   "\t\treturn st->negotiated ? %s_EREMOVED : %s_ENOTNEGOTIATED;\n",
				ops[i]->id, ops[i]->name, n->up, n->up);
	}
	fprintf(f, "\tdefault:\n\t\treturn %s_ENOSYS;\n\t}\n}\n\n", n->up);
	fprintf(f, "const char *%s_op_name(uint32_t op)\n{\n\tswitch (op) {\n", n->lo);
	for (i = 0; i < nops; i++)
		fprintf(f, "\tcase %uu:\n\t\treturn \"%s\";\n", ops[i]->id, ops[i]->name);
	fputs("\tdefault:\n\t\treturn (const char *)0;\n\t}\n}\n\n", f);
	free(ops);
	return ferror(f) ? -1 : 0;
}
