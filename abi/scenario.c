/* A scenario's steps resolved in one revision: each call's vector and
 * what it binds, the page a <page> binds and a <read> or <wait> reads (a
 * <check> is scen_check.c). Format 2's steps that call nothing build on
 * it (scen_mem2.c); the walk over a whole scenario, which picks the
 * resolver of each step's kind and format, is scen_steps.c, above both. */
#include "abi/scenario.h"
#include "abi/layout.h"

#include <stdio.h>
#include <string.h>

#define FAIL(...)                                                             \
	do {                                                                  \
		snprintf(err, errlen, __VA_ARGS__);                           \
		return -1;                                                    \
	} while (0)

/* The source of "NAME=ARG.FIELD" / "NAME=ARG": an out arg, and a field
 * of its struct or the scalar itself. */
static int bind_source(const struct pvabi_spec *s, const struct pvabi_op *op, int rev,
		       const char *src, struct pvabi_rstep *out, char *err, size_t errlen)
{
	char buf[160], *dot;
	const struct pvabi_arg *a;
	int i;

	snprintf(buf, sizeof(buf), "%s", src);
	dot = strchr(buf, '.');
	if (dot)
		*dot = '\0';
	i = pvabi_vec_find_arg(op, rev, buf);
	if (i < 0 || op->args[i].dir == PVABI_BY_VALUE || op->args[i].dir == PVABI_PTR_IN)
		FAIL("bind: '%s' is not an argument the platform writes", buf);
	a = &op->args[i];
	out->bind_arg = i;
	if (!dot) {
		if (a->type.kind == PVABI_T_STRUCT)
			FAIL("bind: %s is a struct: bind one of its fields", buf);
		return 0;
	}
	if (a->type.kind != PVABI_T_STRUCT)
		FAIL("bind: %s has no fields", buf);
	out->bind_field = pvabi_struct_field(&s->structs[a->type.index], dot + 1);
	if (out->bind_field < 0 ||
	    !pvabi_life_has(&s->structs[a->type.index].fields[out->bind_field].life, rev) ||
	    s->structs[a->type.index].fields[out->bind_field].type.kind == PVABI_T_STRUCT ||
	    s->structs[a->type.index].fields[out->bind_field].count != 1)
		FAIL("bind: struct %s has no scalar field '%s' in this revision",
		     s->structs[a->type.index].name, dot + 1);
	return 0;
}

static int given_address(const struct pvabi_vec *v, int arg)
{
	size_t k;

	for (k = 0; k < v->nargs; k++)
		if (v->args[k].arg == arg)
			return v->args[k].kind != PVABI_VA_SCRATCH;
	return 0;
}

static int parse_bind(const struct pvabi_spec *s, const struct pvabi_op *op, int rev,
		      const char *bind, struct pvabi_vars *vars, struct pvabi_rstep *out,
		      char *err, size_t errlen)
{
	const char *eq = strchr(bind, '=');
	size_t n = eq ? (size_t)(eq - bind) : strlen(bind), i;

	if (!n || n > 63)
		FAIL("bind '%s': no variable name", bind);
	if (eq && bind_source(s, op, rev, eq + 1, out, err, errlen))
		return -1;
	if (!eq && op->ret_void)
		FAIL("bind '%s': op %s returns no value", bind, op->name);
	for (i = 0; i < vars->n; i++)
		if (strcspn(vars->name[i], "=") == n && !strncmp(vars->name[i], bind, n))
			break;
	if (i == vars->n && vars->n == PVABI_SCEN_MAX_VARS)
		FAIL("bind '%s': more than %d variables", bind, PVABI_SCEN_MAX_VARS);
	out->bind_var = (int)i;
	return 0;
}

static int var_find(const struct pvabi_vars *vars, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < vars->n; i++)
		if (strcspn(vars->name[i], "=") == n && !strncmp(vars->name[i], name, n))
			return (int)i;
	return PVABI_NONE;
}

/* <page bind="NAME">: a fresh page, its address in NAME. */
static int resolve_page(const struct pvabi_step *step, struct pvabi_vars *vars,
			struct pvabi_rstep *out, char *err, size_t errlen)
{
	size_t n = step->bind ? strlen(step->bind) : 0;
	int i;

	if (!n || n > 63 || strchr(step->bind, '='))
		FAIL("<page>: bind needs a variable name, not '%s'", step->bind ? step->bind : "");
	if (vars->npages == PVABI_SCEN_MAX_PAGES)
		FAIL("<page>: more than %d pages in one scenario", PVABI_SCEN_MAX_PAGES);
	i = var_find(vars, step->bind, n);
	if (i < 0 && vars->n == PVABI_SCEN_MAX_VARS)
		FAIL("bind '%s': more than %d variables", step->bind, PVABI_SCEN_MAX_VARS);
	if (i < 0) {
		i = (int)vars->n;
		vars->name[vars->n++] = step->bind;
	}
	vars->npages++;
	vars->pages |= 1u << i;
	vars->wide |= 1u << i; /* an address */
	out->bind_var = i;
	return 0;
}

/* <read at="$NAME">: only inside a page the scenario owns, naturally
 * aligned, so the read is one access of its width and its value does not
 * depend on where the image happens to lie. */
/* A count that is an expression (count="1+2*granted.evtchn_fifo"): what
 * a feature changes, counted by this guest's own grant; compiled as a
 * <check>'s value, a constant folded into the count. */
static int resolve_wait(const struct pvabi_spec *s, const struct pvabi_step *step, int rev,
			const struct pvabi_vars *vars, struct pvabi_rstep *out, char *err,
			size_t errlen)
{
	struct pvabi_expr_env env = { s, rev, vars, s->format < 2 };

	if (!step->args)
		return 0;
	if (s->format >= 2)
		FAIL("<wait> count=\"%s\": an expression is format 1's", step->args);
	if (pvabi_expr_compile(&env, step->args, strlen(step->args), &out->x, err, errlen))
		return -1;
	if (!out->x.runtime && (out->x.value < (step->exact ? 0 : 1) ||
				out->x.value > PVABI_SCEN_MAX_UPCALLS))
		FAIL("<wait> count=\"%s\" is %lld, outside %d..%d", step->args,
		     (long long)out->x.value, step->exact ? 0 : 1, (int)PVABI_SCEN_MAX_UPCALLS);
	return 0;
}

/* A repeated call's count (emit/emit_cap_scen.c), an expression of the
 * grant the image evaluates: a call made at most PVABI_SCEN_MAX_REPEAT
 * times. */
static int resolve_repeat(const struct pvabi_spec *s, const struct pvabi_step *step, int rev,
			  struct pvabi_rstep *out, char *err, size_t errlen)
{
	struct pvabi_expr_env env = { s, rev, NULL, s->format < 2 };

	if (pvabi_expr_compile(&env, step->repeat, strlen(step->repeat), &out->x, err, errlen))
		return -1;
	if (!out->x.runtime && (out->x.value < 0 || out->x.value > PVABI_SCEN_MAX_REPEAT))
		FAIL("a call repeated %lld times, outside 0..%d", (long long)out->x.value,
		     (int)PVABI_SCEN_MAX_REPEAT);
	return 0;
}

static int resolve_read(const struct pvabi_step *step, struct pvabi_vars *vars,
			struct pvabi_rstep *out, char *err, size_t errlen)
{
	const char *at = step->at ? step->at : "";
	int i = at[0] == '$' ? var_find(vars, at + 1, strlen(at + 1)) : PVABI_NONE;

	if (at[0] != '$')
		FAIL("<read>: at=\"%s\" is not a $NAME bound by a <page>", at);
	if (i < 0)
		FAIL("<read>: variable %s is not bound by an earlier step", at);
	if (!(vars->pages & (1u << i)))
		FAIL("<read>: %s holds no <page>'s address: a scenario reads only its own pages",
		     at);
	if (step->offset % step->width || step->offset + step->width > PVABI_SCEN_PAGE)
		FAIL("<read>: offset %u width %u is not an aligned access inside the page",
		     step->offset, step->width);
	out->at_var = i;
	return 0;
}

/* Whether what out binds is an unsigned 64-bit value. The return value
 * is signed whatever <ret> declares: an op answers a non-negative result
 * or a negative error (docs/spec-language.md, "Signed and unsigned"). */
static int bound_wide(const struct pvabi_spec *s, const struct pvabi_op *op,
		      const struct pvabi_rstep *out)
{
	const struct pvabi_type *t;

	if (out->bind_arg < 0)
		return 0;
	t = &op->args[out->bind_arg].type;
	if (out->bind_field != PVABI_NONE)
		t = &s->structs[t->index].fields[out->bind_field].type;
	return !pvabi_prim_signed(t->prim) && pvabi_prim_size(t->prim) == 8;
}

int pvabi_step_resolve(const struct pvabi_spec *s, const struct pvabi_step *step, int rev,
		       struct pvabi_vars *vars, struct pvabi_rstep *out, char *err,
		       size_t errlen)
{
	const struct pvabi_op *op;

	memset(out, 0, sizeof(*out));
	out->kind = step->kind;
	out->bind_var = out->bind_arg = out->bind_field = out->at_var = PVABI_NONE;
	if (step->kind == PVABI_STEP_PAGE)
		return resolve_page(step, vars, out, err, errlen);
	if (step->kind == PVABI_STEP_READ)
		return resolve_read(step, vars, out, err, errlen);
	if (step->kind == PVABI_STEP_WAIT)
		return resolve_wait(s, step, rev, vars, out, err, errlen);
	if (step->kind == PVABI_STEP_CHECK)
		return pvabi_step_check_resolve(s, step, rev, vars, out, err, errlen);
	op = &s->ops[step->op];
	if (!pvabi_life_has(&op->life, rev))
		FAIL("op %s does not exist in this revision", op->name);
	if (pvabi_vec_resolve_text(s, op, step->args, step->expect, rev, vars, &out->v, err,
				   errlen))
		return -1;
	if (step->repeat && resolve_repeat(s, step, rev, out, err, errlen))
		return -1;
	if (step->bind && parse_bind(s, op, rev, step->bind, vars, out, err, errlen))
		return -1;
	if (out->bind_var >= 0 && out->v.is_error)
		FAIL("bind '%s': a step that expects an error binds nothing", step->bind);
	if (out->bind_arg >= 0 && given_address(&out->v, out->bind_arg))
		FAIL("bind '%s': %s is given as an address, not read back", step->bind,
		     op->args[out->bind_arg].name);
	if (out->bind_var == (int)vars->n)
		vars->name[vars->n++] = step->bind; /* up to '=', compared by length */
	if (out->bind_var >= 0) {
		vars->pages &= ~(1u << out->bind_var); /* rebound: no longer a page */
		vars->wide &= ~(1u << out->bind_var);
		vars->wide |= (unsigned int)bound_wide(s, op, out) << out->bind_var;
	}
	return 0;
}
