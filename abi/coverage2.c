/* Output coverage of a format 2 ABI (coverage.h): a call through a
 * typed stub checks its op's result or an error of the op's own; a
 * value a scenario call binds from the op's outputs (its result, a field
 * of an out or inout struct argument of the op) is checked, as in format
 * 1, by a later <check> that judges it, alone or in an expression, and
 * by a later call that passes it and must succeed. A command's own
 * errors and the fields of its data are no output of the op (a gap
 * docs/spec-language.md names: "Not yet in format 2"). */
#include "abi/coverage_internal.h"
#include "abi/scen_mem2.h"
#include "abi/scenario.h"
#include "abi/vector2.h"

#include <errno.h>
#include <string.h>

static int mark_v2(struct pvabi_coverage *c, struct pvabi_cov_block b, const struct pvabi_v2 *v,
		   struct pvabi_cov_by by)
{
	struct pvabi_cov_out *o;

	if (v->is_error)
		o = pvabi_cov_find(c, b, PVABI_OUT_ERROR, v->error, PVABI_NONE, PVABI_NONE);
	else
		o = pvabi_cov_find(c, b, PVABI_OUT_RET, PVABI_NONE, PVABI_NONE, PVABI_NONE);
	return o && pvabi_cov_by_add(o, by) ? -ENOMEM : 0;
}

int pvabi_cov_vectors2(const struct pvabi_spec *s, int opi, int rev, struct pvabi_coverage *c,
		       struct pvabi_cov_block b)
{
	const struct pvabi_op *op = &s->ops[opi];
	const struct pvabi_vector *vec;
	struct pvabi_v2 v;
	char err[256];
	size_t j, n;
	int k;

	for (k = -1; k < (int)op->ncmds; k++) {
		vec = pvabi_v2_vectors(s, opi, k, &n);
		for (j = 0; j < n; j++) {
			struct pvabi_cov_by by = { PVABI_BY_VECTOR, (int)j, -1, -1, vec[j].loc.line };

			if ((k >= 0 && !pvabi_life_has(&op->cmds[k].life, rev)) ||
			    !pvabi_life_has(&vec[j].life, rev) ||
			    pvabi_v2_vector(s, opi, k, j, rev, &v, err, sizeof(err)))
				continue;
			if (mark_v2(c, b, &v, by))
				return -ENOMEM;
		}
	}
	return 0;
}

static unsigned int val_vars(const struct pvabi_v2_val *v)
{
	if (v->is_expr)
		return pvabi_cov_expr_vars(&v->x);
	return v->var >= 0 && v->var < PVABI_SCEN_MAX_VARS ? 1u << v->var : 0;
}

/* The variables a call reads: its arguments, the fields it sets, what
 * its checks compare with. */
static unsigned int call_vars(const struct pvabi_v2 *v)
{
	unsigned int used = 0;
	size_t k;

	for (k = 0; k < v->nparams; k++)
		if (v->params[k].kind == PVABI_V2_VALUE)
			used |= val_vars(&v->params[k].v);
	for (k = 0; k < v->nsets; k++)
		used |= val_vars(&v->sets[k].v);
	for (k = 0; k < v->nchecks; k++)
		if (v->checks[k].is_expr)
			used |= pvabi_cov_expr_vars(&v->checks[k].x) |
				pvabi_cov_expr_vars(&v->checks[k].hi);
	if (v->ret_is_expr)
		used |= pvabi_cov_expr_vars(&v->retk.x) | pvabi_cov_expr_vars(&v->retk.hi);
	return used;
}

/* The output a call binds, when it is one of the op's: its result, or a
 * top-level field of an out or inout struct argument of the op (the
 * first member of the bound path). */
static struct pvabi_cov_out *bound_output(const struct pvabi_spec *s, struct pvabi_coverage *c,
					  struct pvabi_cov_block b, const struct pvabi_v2 *v)
{
	const struct pvabi_arg *a;
	const struct pvabi_struct *st;
	size_t len, j;

	if (v->bound.param < 0)
		return pvabi_cov_find(c, b, PVABI_OUT_RET, PVABI_NONE, PVABI_NONE, PVABI_NONE);
	a = &s->ops[v->op].args[v->params[v->bound.param].arg];
	if (v->cmd >= 0 || a->type.kind != PVABI_T_STRUCT)
		return NULL; /* a command's data: no output of the op */
	st = &s->structs[a->type.index];
	len = strcspn(v->bound.path, ".[");
	for (j = 0; j < st->nfields; j++)
		if (strlen(st->fields[j].name) == len && !strncmp(st->fields[j].name, v->bound.path, len))
			return pvabi_cov_find(c, b, PVABI_OUT_FIELD, PVABI_NONE,
					      v->params[v->bound.param].arg, (int)j);
	return NULL;
}

/* What a scenario knows of its variables: the output each holds and
 * the step that bound it. */
struct bound {
	struct pvabi_cov_out *out[PVABI_SCEN_MAX_VARS];
	int step[PVABI_SCEN_MAX_VARS];
};

static int mark_uses(struct bound *bd, unsigned int used, int sc, int step, int line)
{
	size_t k;

	for (k = 0; k < PVABI_SCEN_MAX_VARS; k++)
		if ((used >> k & 1) && bd->out[k] &&
		    pvabi_cov_by_add(bd->out[k], (struct pvabi_cov_by){ PVABI_BY_BOUND, sc,
									bd->step[k], step, line }))
			return -ENOMEM;
	return 0;
}

/* A step that is not a call: a <check> judges what it reads, a <clock>
 * compares with what it names; a step that binds (a page, a clock)
 * rebinds its variable to no output. */
static int mem_step(struct bound *bd, const struct pvabi_m2step *m, const struct pvabi_step *st,
		    int sci, int i)
{
	unsigned int used = 0;

	if (st->kind == PVABI_STEP_CHECK)
		used = pvabi_cov_expr_vars(&m->x) | pvabi_cov_expr_vars(&m->judge.x) |
		       pvabi_cov_expr_vars(&m->judge.hi);
	else if (st->kind == PVABI_STEP_CLOCK && m->cmp_var >= 0 && m->cmp_var < PVABI_SCEN_MAX_VARS)
		used = 1u << m->cmp_var;
	if (mark_uses(bd, used, sci, i, st->loc.line))
		return -ENOMEM;
	if (st->kind == PVABI_STEP_PAGE && m->var >= 0 && m->var < PVABI_SCEN_MAX_VARS)
		bd->out[m->var] = NULL;
	if (st->kind == PVABI_STEP_CLOCK && m->bind_var >= 0 && m->bind_var < PVABI_SCEN_MAX_VARS)
		bd->out[m->bind_var] = NULL;
	return 0;
}

int pvabi_cov_scenario2(const struct pvabi_spec *s, int sci, int rev, struct pvabi_coverage *c,
			const struct pvabi_cov_block *blocks)
{
	const struct pvabi_scenario *sc = &s->scenarios[sci];
	struct bound bd;
	struct pvabi_vars vars;
	struct pvabi_m2step m2;
	struct pvabi_v2 v;
	char err[256];
	size_t i;

	memset(&vars, 0, sizeof(vars));
	memset(&bd, 0, sizeof(bd));
	for (i = 0; i < sc->nsteps; i++) {
		const struct pvabi_step *st = &sc->steps[i];
		struct pvabi_cov_by by = { PVABI_BY_STEP, sci, (int)i, -1, st->loc.line };

		if (st->kind != PVABI_STEP_CALL) {
			if (pvabi_m2_resolve(s, st, rev, &vars, &m2, err, sizeof(err)))
				return 0; /* the loader refused it */
			if (mem_step(&bd, &m2, st, sci, (int)i))
				return -ENOMEM;
			continue;
		}
		if (pvabi_v2_resolve(s, st->op, st->cmd, st->args, st->expect, st->bind, rev, &vars,
				     &v, err, sizeof(err)))
			return 0;
		if (mark_v2(c, blocks[st->op], &v, by) ||
		    (!v.is_error && mark_uses(&bd, call_vars(&v), sci, (int)i, st->loc.line)))
			return -ENOMEM;
		if (v.bind_var >= 0 && v.bind_var < PVABI_SCEN_MAX_VARS) {
			bd.out[v.bind_var] = bound_output(s, c, blocks[st->op], &v);
			bd.step[v.bind_var] = (int)i;
		}
	}
	return 0;
}
