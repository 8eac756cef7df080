/* Conformance target for a format 2 ABI (guest/rt/conformance2.h): the
 * vectors of revision R's ops and commands and its scenarios, each a
 * function that sets up the arguments, calls the typed stub of the guest
 * header of R (xen_event_channel_op_send(&p1)) and checks the result and
 * the fields the platform wrote. A guest of such an ABI is built for one
 * revision and never negotiates, so the suite holds R's view only. */
#include "emit/emit_conf2.h"
#include "emit/emit_guest2.h"
#include "abi/scenario.h"
#include "emit/emit_ctable.h"

#include <stdlib.h>
#include <string.h>

static const char *ctype(const struct c2 *c, const struct pvabi_type *t, char *buf, size_t n)
{
	return guest2_ctype(c->g, c->n, t, buf, n);
}

/* A value: a constant cast to the C type, a scenario variable, or the
 * local xname an expression was evaluated into. */
static void val(FILE *f, const char *type, const struct pvabi_v2_val *v, const char *xname)
{
	char num[48];

	if (v->is_expr)
		fprintf(f, "(%s)%s", type, xname);
	else if (v->var >= 0)
		fprintf(f, "(%s)v[%d]", type, v->var);
	else
		fprintf(f, "(%s)%s", type, emit_c_int64(num, sizeof(num), v->value));
}

/* An expression of the scenario's variables, evaluated into its local
 * before the call; one that divides by zero fails the step. */
static void eval_expr(FILE *f, const struct pvabi_v2_val *v, const char *xname,
		      unsigned int step)
{
	struct sbuf x = { 0 };

	if (!v->is_expr)
		return;
	render_expr(&x, &v->x);
	fprintf(f, "\t\tint64_t %s = 0;\n\t\tPVABI_C2_EXPECT(res, %uu, \"expression\", "
		   "pvabi_cexpr_eval(%s, v, 0, &%s) == 0, 1, 0);\n",
		xname, step, sb_str(&x), xname);
	free(x.p);
}

static void declare(FILE *f, const struct c2 *c, const struct pvabi_v2 *v, unsigned int step)
{
	char ct[128], xn[32];
	size_t i, j;

	for (i = 0; i < v->nparams; i++) {
		const struct pvabi_v2_param *p = &v->params[i];

		if (p->at)
			fprintf(f, "\t\t%s *p%zu = (%s *)pvabi_c2_unreadable(PVABI_C2_AT_%s);\n",
				ctype(c, &p->type, ct, sizeof(ct)), i, ct,
				p->at == PVABI_V2_AT_UNMAPPED ? "UNMAPPED" : "NONCANONICAL");
		else if (p->kind == PVABI_V2_STRUCT)
			fprintf(f, "\t\t%s p%zu;\n", ctype(c, &p->type, ct, sizeof(ct)), i);
		else if (p->kind == PVABI_V2_BYTES) {
			fprintf(f, "\t\t%s p%zu[%zu] = {", ctype(c, &p->type, ct, sizeof(ct)), i,
				p->count);
			for (j = 0; j < p->nbytes; j++)
				fprintf(f, "%s(%s)0x%02x", j ? ", " : " ", ct, (unsigned char)p->bytes[j]);
			fputs(p->nbytes ? " };\n" : " 0 };\n", f);
		}
	}
	fputs("\t\tlong rc;\n\n", f);
	for (i = 0; i < v->nparams; i++)
		if (v->params[i].at)
			fprintf(f, "\t\tif (!p%zu)\n\t\t\treturn PVABI_C2_NO_ADDRESS;\n", i);
	for (i = 0; i < v->nparams; i++) {
		snprintf(xn, sizeof(xn), "xp%zu", i);
		if (v->params[i].kind == PVABI_V2_VALUE)
			eval_expr(f, &v->params[i].v, xn, step);
	}
	for (i = 0; i < v->nsets; i++) {
		snprintf(xn, sizeof(xn), "xs%zu", i);
		eval_expr(f, &v->sets[i].v, xn, step);
	}
	for (i = 0; i < v->nparams; i++)
		if (v->params[i].kind == PVABI_V2_STRUCT && !v->params[i].at)
			fprintf(f, "\t\t__builtin_memset(&p%zu, %s, sizeof(p%zu));\n", i,
				c2_poisoned(v, i) ? "PVABI_C2_POISON" : "0", i);
	for (i = 0; i < v->nsets; i++) {
		const struct pvabi_v2_set *s = &v->sets[i];

		fprintf(f, "\t\tp%d.%s = ", s->at.param, s->at.path);
		snprintf(xn, sizeof(xn), "xs%zu", i);
		if (s->at.leaf->handle)
			val(f, "void *)(uintptr_t", &s->v, xn);
		else
			val(f, ctype(c, &s->at.leaf->type, ct, sizeof(ct)), &s->v, xn);
		fputs(";\n", f);
	}
}

int c2_written_struct(enum pvabi_arg_dir dir, const struct pvabi_type *t)
{
	return t->kind == PVABI_T_STRUCT && (dir == PVABI_PTR_OUT || dir == PVABI_PTR_INOUT);
}

int c2_poisoned(const struct pvabi_v2 *v, size_t i)
{
	const struct pvabi_v2_param *p = &v->params[i];

	return v->is_error && p->kind == PVABI_V2_STRUCT && !p->at &&
	       c2_written_struct(p->dir, &p->type);
}

/* How a call names parameter p's data: the address of its local struct,
 * or the local pointer itself (a buffer, an unreadable address). */
static const char *c2_by_address(const struct pvabi_v2_param *p)
{
	return p->kind == PVABI_V2_STRUCT && !p->at ? "&" : "";
}

/* The typed stub a call goes through. */
static void stub(FILE *f, const struct c2 *c, const struct pvabi_v2 *v)
{
	const struct pvabi_op *op = &c->g->spec->ops[v->op];

	/* an msr op's typed stubs are _write and _read: a call writes */
	fprintf(f, "%s_%s%s%s%s", c->n->lo, op->name, v->cmd >= 0 ? "_" : "",
		v->cmd >= 0 ? op->cmds[v->cmd].name : "",
		op->conv >= 0 && c->g->spec->convs[op->conv].kind == PVABI_CONV_MSR ? "_write" : "");
}

/* A call another vCPU makes runs there as a job (guest/rt/smp.h): a
 * function of its own, taking the call's parameters as 64-bit words
 * (values, and the addresses of the structs and buffers vCPU 0 set up). */
void c2_thunk(FILE *f, const struct c2 *c, const struct pvabi_v2 *v, const char *name)
{
	char ct[128];
	size_t i;

	fprintf(f, "static int64_t %s(void *a)\n{\n\tconst uint64_t *x = a;\n\n\t(void)x;\n"
		   "\treturn (int64_t)", name);
	stub(f, c, v);
	fputs("(", f);
	for (i = 0; i < v->nparams; i++) {
		const struct pvabi_v2_param *p = &v->params[i];

		ctype(c, &p->type, ct, sizeof(ct));
		if (p->kind == PVABI_V2_VALUE)
			fprintf(f, "%s(%s)x[%zu]", i ? ", " : "", ct, i);
		else
			fprintf(f, "%s(%s *)(uintptr_t)x[%zu]", i ? ", " : "", ct, i);
	}
	fputs(");\n}\n\n", f);
}

/* The call made on vCPU vcpu through its thunk. */
static void call_on(FILE *f, const struct c2 *c, const struct pvabi_v2 *v, unsigned int vcpu,
		    const char *thunk)
{
	char ct[128], xn[32];
	size_t i;

	fprintf(f, "\t\t{\n\t\t\tuint64_t x_[%zu] = {", v->nparams ? v->nparams : 1);
	for (i = 0; i < v->nparams; i++) {
		const struct pvabi_v2_param *p = &v->params[i];

		fputs(i ? ", " : " ", f);
		snprintf(xn, sizeof(xn), "xp%zu", i);
		if (p->kind == PVABI_V2_VALUE) {
			fputs("(uint64_t)", f);
			val(f, ctype(c, &p->type, ct, sizeof(ct)), &p->v, xn);
		} else
			fprintf(f, "(uint64_t)(uintptr_t)%sp%zu", c2_by_address(p), i);
	}
	fprintf(f, "%s };\n\n\t\t\trc = (long)pvabi_c2_on(%uu, %s, x_);\n\t\t}\n",
		v->nparams ? "" : " 0", vcpu, thunk);
}

static void call(FILE *f, const struct c2 *c, const struct pvabi_v2 *v)
{
	char ct[128], xn[32];
	size_t i;

	fputs("\t\trc = ", f);
	stub(f, c, v);
	fputs("(", f);
	for (i = 0; i < v->nparams; i++) {
		const struct pvabi_v2_param *p = &v->params[i];

		fputs(i ? ", " : "", f);
		snprintf(xn, sizeof(xn), "xp%zu", i);
		if (p->kind == PVABI_V2_VALUE)
			val(f, ctype(c, &p->type, ct, sizeof(ct)), &p->v, xn);
		else
			fprintf(f, "%sp%zu", c2_by_address(p), i);
	}
	fputs(");\n", f);
}

static const char *op_of(enum pvabi_vec_cmp cmp)
{
	return cmp == PVABI_CMP_GE ? ">=" : cmp == PVABI_CMP_LE ? "<=" : "==";
}

static void judged(FILE *f, unsigned int step, const char *what, const char *got,
		   const char *type, int is_signed, const struct pvabi_v2_check *k)
{
	struct c2_want w = { (int)k->cmp, &k->x, &k->hi, k->tol };

	c2_judge(f, step, what, got, type, is_signed, NULL, &w);
}

static void expect(FILE *f, const struct c2 *c, const struct pvabi_v2 *v, unsigned int step)
{
	const struct pvabi_op *op = &c->g->spec->ops[v->op];
	int64_t want = v->is_error ? c->g->spec->errors[v->error].value : v->ret;
	char num[48], ct[128], what[160], got[160];
	size_t i;

	emit_c_int64(num, sizeof(num), want);
	if (v->ret_is_expr && !v->is_error)
		judged(f, step, "ret", "rc", "long", 1, &v->retk);
	else
		fprintf(f, "\t\tPVABI_C2_EXPECT(res, %uu, \"%s\", rc %s (long)%s, rc, %s);\n", step,
			v->is_error ? "error" : "ret", v->is_error ? "==" : op_of(v->cmp), num, num);
	for (i = 0; i < v->nchecks; i++) {
		const struct pvabi_v2_check *k = &v->checks[i];

		snprintf(what, sizeof(what), "%s.%s", op->args[v->params[k->at.param].arg].name,
			 k->at.path);
		snprintf(got, sizeof(got), "p%d.%s", k->at.param, k->at.path);
		ctype(c, &k->at.leaf->type, ct, sizeof(ct));
		if (k->is_expr) {
			judged(f, step, what, got, ct, pvabi_prim_signed(k->at.leaf->type.prim), k);
			continue;
		}
		emit_c_int64(num, sizeof(num), k->value);
		fprintf(f, "\t\tPVABI_C2_EXPECT(res, %uu, \"%s\", %s %s (%s)%s, %s, %s);\n", step, what,
			got, op_of(k->cmp), ct, num, got, num);
	}
	for (i = 0; v->is_error && i < v->nparams; i++)
		if (c2_poisoned(v, i))
			c2_refused_kept(f, c, v, i, step);
	if (v->bind_var >= 0 && v->bound.param < 0)
		fprintf(f, "\t\tv[%d] = (uint64_t)rc;\n", v->bind_var);
	else if (v->bind_var >= 0)
		fprintf(f, "\t\tv[%d] = (uint64_t)p%d.%s;\n", v->bind_var, v->bound.param,
			v->bound.path);
}

void c2_call_bare(FILE *f, const struct c2 *c, const struct pvabi_v2 *v, const char *thunk,
		  const char *on)
{
	declare(f, c, v, 1);
	if (thunk) {
		fprintf(f, "\t\tif (%s)\n", on);
		call_on(f, c, v, 1, thunk);
		fputs("\t\telse\n\t", f);
	}
	call(f, c, v);
}

/* One call as a block of its own: its locals are the step's. */
void c2_call(FILE *f, const struct c2 *c, const struct pvabi_v2 *v, unsigned int step,
	     unsigned int vcpu, const char *thunk)
{
	fputs("\t{\n", f);
	declare(f, c, v, step);
	if (thunk)
		call_on(f, c, v, vcpu, thunk);
	else
		call(f, c, v);
	expect(f, c, v, step);
	fputs("\t}\n", f);
}

/* The test's name in TAP: what it calls and expects (expect NULL: what
 * alone). */
void c2_name(FILE *f, const char *what, const char *args, const char *expect)
{
	struct sbuf_lite {
		char b[1200];
	} s;
	size_t n = expect ? (size_t)snprintf(s.b, sizeof(s.b), "%s: %s -> %s", what,
					     args && *args ? args : "()", expect)
			  : (size_t)snprintf(s.b, sizeof(s.b), "%s", what);

	emit_c_string(f, s.b, n < sizeof(s.b) ? n : sizeof(s.b) - 1);
}
