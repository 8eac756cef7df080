#include "emit/emit_ctable.h"
#include "emit/emit_escape.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


void sb_add(struct sbuf *b, const char *fmt, ...)
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

const char *sb_str(const struct sbuf *b)
{
	return b->p ? b->p : "";
}

void c_string(struct sbuf *b, const char *s, size_t n)
{
	char buf[8];
	size_t i;

	sb_add(b, "\"");
	for (i = 0; i < n; i++)
		sb_add(b, "%s", emit_c_string_byte(s, i, buf));
	sb_add(b, "\"");
}

/* x as a compound literal: a program in .rodata the check points at, so
 * equal expressions render as equal strings. */
void render_expr(struct sbuf *b, const struct pvabi_expr *x)
{
	static const char *const ops[] = { "END", "CONST", "VAR", "GRANT", "NEG", "NOT", "ADD",
					   "SUB", "MUL", "DIV", "MOD", "AND", "OR", "XOR",
					   "SHL", "SHR" };
	char num[48];
	size_t i;

	sb_add(b, "(const struct pvabi_cexpr[]){");
	for (i = 0; i <= x->n && i < PVABI_EXPR_MAX; i++)
		sb_add(b, " { %s, PVABI_X_%s },", emit_c_int64(num, sizeof(num), x->code[i].value),
		       ops[x->code[i].op < sizeof(ops) / sizeof(ops[0]) ? x->code[i].op : 0]);
	sb_add(b, " }");
}

/* One pool element per line, so equal runs are equal strings. */
void render_arg(struct sbuf *b, const struct pvabi_gen *g, const struct pvabi_op *op,
		       const struct pvabi_vec_arg *va, int rev, int keeps)
{
	const struct pvabi_arg *a = &op->args[va->arg];
	size_t al, size = 0;
	uint64_t out;
	int guarded = 0;

	if (va->kind == PVABI_VA_EXPR) {
		sb_add(b, "\t{ .expr = ");
		render_expr(b, &va->x);
		sb_add(b, ", .kind = PVABI_CARG_EXPR },\n");
		return;
	}
	if (va->kind == PVABI_VA_VAR) {
		sb_add(b, "\t{ .value = %llu, .kind = PVABI_CARG_VAR },\n",
		       (unsigned long long)va->value);
		return;
	}
	if (va->kind == PVABI_VA_VALUE) {
		sb_add(b, "\t{ .value = UINT64_C(0x%llx), .kind = PVABI_CARG_VALUE },\n",
		       (unsigned long long)va->value);
		return;
	}
	if (va->kind == PVABI_VA_BYTES) {
		sb_add(b, "\t{ .bytes = ");
		c_string(b, va->bytes, va->nbytes);
		sb_add(b, ", .size = %zu, .kind = PVABI_CARG_BYTES", va->nbytes);
		if (va->edge)
			sb_add(b, ", .edge = %u%s", (unsigned)va->edge, va->split ? ", .split = 1" : "");
		sb_add(b, " },\n");
		return;
	}
	if (a->type.kind == PVABI_T_STRUCT) {
		size = pvabi_struct_layout(g->spec, a->type.index, rev, NULL, &al);
		guarded = g->spec->structs[a->type.index].size_guarded;
	} else {
		size = pvabi_prim_size(a->type.prim);
	}
	/* "[N]": a guest's own buffer size; below the first layout's, the
	 * guard refuses it and writes nothing */
	if (va->nbytes)
		size = va->nbytes;
	out = emit_out_map(g, a, rev, size,
			   keeps || (guarded && size < pvabi_struct_layout(g->spec, a->type.index,
								 g->spec->structs[a->type.index].life.since,
								 NULL, &al)));
	sb_add(b, "\t{ .out = UINT64_C(0x%llx), .size = %zu, .kind = PVABI_CARG_SCRATCH, .size_field = %d",
	       (unsigned long long)out, size, guarded);
	if (va->edge)
		sb_add(b, ", .edge = %u%s", (unsigned)va->edge, va->split ? ", .split = 1" : "");
	sb_add(b, " },\n");
}

static size_t check_slot(const struct pvabi_vec *v, int arg)
{
	size_t k, slot = 0;

	for (k = 0; k < v->nargs; k++)
		if (v->args[k].arg == arg)
			slot = k;
	return slot;
}

/* struct pvabi_ccheck's from (guest/rt/conformance.h): what the guest
 * compares with, a constant or what it negotiated or bound. */
static const char *check_from(const struct pvabi_vec_check *c)
{
	switch (c->from) {
	case PVABI_FROM_GRANT:
		return "PVABI_CFROM_GRANT";
	case PVABI_FROM_FEATURE:
		return "PVABI_CFROM_FEATURE";
	case PVABI_FROM_VAR:
		return "PVABI_CFROM_VAR";
	case PVABI_FROM_EXPR:
		return "PVABI_CFROM_EXPR";
	default:
		return "PVABI_CFROM_CONST";
	}
}

/* The end of a check's element: how it compares beyond = and >=, the
 * tolerance, its expressions (0: none). */
void render_check_tail(struct sbuf *b, const struct pvabi_vec_check *c)
{
	static const char *const cmps[] = { "PLAIN", "PLAIN", "LE", "NEAR_PCT", "NEAR_ABS",
					    "RANGE" };

	sb_add(b, ", PVABI_CCMP_%s, %llu, ", cmps[c->cmp <= PVABI_CMP_RANGE ? c->cmp : 0],
	       (unsigned long long)c->tol);
	if (c->from == PVABI_FROM_EXPR || c->cmp == PVABI_CMP_RANGE)
		render_expr(b, &c->x);
	else
		sb_add(b, "0");
	sb_add(b, ", ");
	if (c->cmp == PVABI_CMP_RANGE)
		render_expr(b, &c->hi);
	else
		sb_add(b, "0");
	sb_add(b, " },\n");
}

/* A pass="out" scalar: the whole buffer, at offset 0. */
static void render_scalar_check(struct sbuf *b, const struct pvabi_op *op,
				const struct pvabi_vec *v, const struct pvabi_vec_check *c)
{
	const struct pvabi_arg *a = &op->args[c->arg];
	char num[48];

	sb_add(b, "\t{ %s, \"%s\", 0, %zu, %u, %d, %d, %s",
	       emit_c_int64(num, sizeof(num), c->value), a->name, check_slot(v, c->arg),
	       pvabi_prim_size(a->type.prim), pvabi_prim_signed(a->type.prim),
	       c->cmp == PVABI_CMP_GE, check_from(c));
	render_check_tail(b, c);
}

int render_checks(struct sbuf *b, const struct pvabi_gen *g, const struct pvabi_op *op,
		  const struct pvabi_vec *v, int rev)
{
	char num[48];
	size_t i;

	for (i = 0; i < v->nchecks; i++) {
		const struct pvabi_vec_check *c = &v->checks[i];
		const struct pvabi_struct *st;
		const struct pvabi_field *fl;
		long *off;

		if (c->field == PVABI_NONE) {
			render_scalar_check(b, op, v, c);
			continue;
		}
		st = &g->spec->structs[op->args[c->arg].type.index];
		fl = &st->fields[c->field];
		off = calloc(st->nfields + 1, sizeof(long));
		if (!off)
			return -1;
		pvabi_struct_layout(g->spec, op->args[c->arg].type.index, rev, off, NULL);
		if (off[c->field] < 0 || off[c->field] > 0xffff) {
			free(off);
			return -1;
		}
		sb_add(b, "\t{ %s, \"%s\", %ld, %zu, %u, %d, %d, %s",
		       emit_c_int64(num, sizeof(num), c->value), fl->name, off[c->field],
		       check_slot(v, c->arg), pvabi_prim_size(fl->type.prim),
		       pvabi_prim_signed(fl->type.prim), c->cmp == PVABI_CMP_GE, check_from(c));
		render_check_tail(b, c);
		free(off);
	}
	return 0;
}

void ctable_free(struct ctable *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->e[i].args.p);
		free(t->e[i].checks.p);
		free(t->e[i].extra.p);
		free(t->e[i].label.p);
	}
	free(t->e);
}

int centry_same(const struct centry *a, const struct centry *b)
{
	return a->nargs == b->nargs && a->nchecks == b->nchecks && a->value == b->value &&
	       !strcmp(a->expect, b->expect) && !strcmp(sb_str(&a->args), sb_str(&b->args)) &&
	       !strcmp(sb_str(&a->checks), sb_str(&b->checks)) &&
	       !strcmp(sb_str(&a->extra), sb_str(&b->extra));
}

/* Lays the runs out in their pools, one copy of each distinct run, and
 * prints the pool. Returns its length. */
size_t emit_pool(FILE *f, struct ctable *t, const char *type, const char *name,
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

long ctable_push(struct ctable *t, struct centry *e)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct centry *p = realloc(t->e, cap * sizeof(*p));

		if (!p) {
			free(e->args.p);
			free(e->checks.p);
			free(e->extra.p);
			return -1;
		}
		t->e = p;
		t->cap = cap;
	}
	t->e[t->n] = *e;
	return (long)t->n++;
}
