/* Output coverage of a format 2 ABI (coverage.h): a call through a
 * typed stub checks its op's result or an error of the op's own, and a
 * command's call also its command's: its result, an error of the
 * command's <raises>, each field of its data the expect names. A value
 * a scenario call binds from an output (a result, a field of an out or
 * inout struct argument, a field of a command's data) is checked, as
 * in format 1, by a later <check> that judges it, alone or in an
 * expression, and by a later call that passes it and must succeed. */
#include "abi/coverage_internal.h"
#include "abi/scen_mem2.h"
#include "abi/scenario.h"
#include "abi/vector2.h"

#include <errno.h>
#include <string.h>

int pvabi_cov_cmd_outputs(const struct pvabi_spec *s, int opi, int k, int rev,
			  struct pvabi_coverage *c)
{
	const struct pvabi_op *op = &s->ops[opi];
	const struct pvabi_cmd *cmd = &op->cmds[k];
	const struct pvabi_struct *st;
	struct pvabi_cov_out *o;
	size_t i;

	if (!(o = pvabi_cov_out_add(c, opi, rev, PVABI_OUT_RET)))
		return -ENOMEM;
	o->cmd = k;
	for (i = 0; i < cmd->nerrors; i++) {
		if (!pvabi_life_has(&s->errors[cmd->errors[i]].life, rev) ||
		    !pvabi_raise_has(cmd->raises, i, rev))
			continue;
		if (!(o = pvabi_cov_out_add(c, opi, rev, PVABI_OUT_ERROR)))
			return -ENOMEM;
		o->cmd = k;
		o->error = cmd->errors[i];
	}
	if (!cmd->has_data || (cmd->dir != PVABI_PTR_OUT && cmd->dir != PVABI_PTR_INOUT))
		return 0;
	if (cmd->data.kind != PVABI_T_STRUCT || cmd->data_tdef >= 0) {
		/* An array or a scalar the platform writes: one output. */
		if (!(o = pvabi_cov_out_add(c, opi, rev, PVABI_OUT_SCALAR)))
			return -ENOMEM;
		o->cmd = k;
		o->arg = op->data_arg;
		return 0;
	}
	st = &s->structs[cmd->data.index];
	for (i = 0; i < st->nfields; i++) {
		/* A guest handle is an address the platform reads; what it
		 * writes through one is the handle's direction, not a field. */
		if (!pvabi_life_has(&st->fields[i].life, rev) || st->fields[i].handle)
			continue;
		if (!(o = pvabi_cov_out_add(c, opi, rev, PVABI_OUT_FIELD)))
			return -ENOMEM;
		o->cmd = k;
		o->arg = op->data_arg;
		o->field = (int)i;
	}
	return 0;
}

/* The top-level field of st that path (a C member path in the revision,
 * "u.virq", "time[0]") starts with: by its name, or by the name it had
 * before a rename. */
static int top_field(const struct pvabi_struct *st, const char *path)
{
	size_t len = strcspn(path, ".["), j;

	for (j = 0; j < st->nfields; j++) {
		const struct pvabi_field *f = &st->fields[j];

		if ((strlen(f->name) == len && !strncmp(f->name, path, len)) ||
		    (f->old_name && strlen(f->old_name) == len && !strncmp(f->old_name, path, len)))
			return (int)j;
	}
	return PVABI_NONE;
}

/* The output a field of a call's parameter is: a field of the command's
 * data, or of an out or inout struct argument of the op. */
static struct pvabi_cov_out *field_output(const struct pvabi_spec *s, struct pvabi_coverage *c,
					  struct pvabi_cov_block b, const struct pvabi_v2 *v,
					  const struct pvabi_v2_field *at)
{
	const struct pvabi_op *op = &s->ops[v->op];
	int arg = v->params[at->param].arg, cmd = PVABI_NONE, f;
	const struct pvabi_struct *st;

	if (v->cmd >= 0 && arg == op->data_arg) {
		cmd = v->cmd;
		if (op->cmds[cmd].data.kind != PVABI_T_STRUCT || op->cmds[cmd].data_tdef >= 0)
			return pvabi_cov_find(c, b, cmd, PVABI_OUT_SCALAR, PVABI_NONE, arg, PVABI_NONE);
		st = &s->structs[op->cmds[cmd].data.index];
	} else if (op->args[arg].type.kind == PVABI_T_STRUCT) {
		st = &s->structs[op->args[arg].type.index];
	} else {
		return pvabi_cov_find(c, b, cmd, PVABI_OUT_SCALAR, PVABI_NONE, arg, PVABI_NONE);
	}
	f = top_field(st, at->path);
	return f < 0 ? NULL : pvabi_cov_find(c, b, cmd, PVABI_OUT_FIELD, PVABI_NONE, arg, f);
}

static int add_by(struct pvabi_cov_out *o, struct pvabi_cov_by by)
{
	return o && pvabi_cov_by_add(o, by) ? -ENOMEM : 0;
}

/* What one call checks: the op's result or error and, for a command,
 * the command's, then each field its expect names. An error the op or
 * command does not raise is no output (the dispatch's own ENOSYS). */
static int mark_v2(const struct pvabi_spec *s, struct pvabi_coverage *c,
		   struct pvabi_cov_block b, const struct pvabi_v2 *v, struct pvabi_cov_by by)
{
	enum pvabi_out_kind kind = v->is_error ? PVABI_OUT_ERROR : PVABI_OUT_RET;
	int err = v->is_error ? v->error : PVABI_NONE;
	size_t k;

	if (add_by(pvabi_cov_find(c, b, PVABI_NONE, kind, err, PVABI_NONE, PVABI_NONE), by) ||
	    (v->cmd >= 0 &&
	     add_by(pvabi_cov_find(c, b, v->cmd, kind, err, PVABI_NONE, PVABI_NONE), by)))
		return -ENOMEM;
	for (k = 0; k < v->nchecks && !v->is_error; k++)
		if (add_by(field_output(s, c, b, v, &v->checks[k].at), by))
			return -ENOMEM;
	return 0;
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
			if (mark_v2(s, c, b, &v, by))
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

/* The output a call binds: its command's result (the op's, for the
 * op's own stub), or the field of a parameter it names. */
static struct pvabi_cov_out *bound_output(const struct pvabi_spec *s, struct pvabi_coverage *c,
					  struct pvabi_cov_block b, const struct pvabi_v2 *v)
{
	if (v->bound.param < 0)
		return pvabi_cov_find(c, b, v->cmd, PVABI_OUT_RET, PVABI_NONE, PVABI_NONE,
				      PVABI_NONE);
	return field_output(s, c, b, v, &v->bound);
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
		if (mark_v2(s, c, blocks[st->op], &v, by) ||
		    (!v.is_error && mark_uses(&bd, call_vars(&v), sci, (int)i, st->loc.line)))
			return -ENOMEM;
		if (v.bind_var >= 0 && v.bind_var < PVABI_SCEN_MAX_VARS) {
			bd.out[v.bind_var] = bound_output(s, c, blocks[st->op], &v);
			bd.step[v.bind_var] = (int)i;
		}
	}
	return 0;
}
