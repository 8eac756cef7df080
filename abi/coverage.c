/* Output coverage (see coverage.h): lists the outputs of each op in each
 * revision, then marks those the vectors and the scenario calls of that
 * revision check, resolved exactly as the conformance generator resolves
 * them, so a check counted here is a check an image runs. */
#include "abi/coverage.h"
#include "abi/coverage_internal.h"
#include "abi/finding.h"
#include "abi/scenario.h"
#include "abi/vector.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether error name is how the suite sees a gated op refused for want
 * of its feature: ENOFEATURE (pvabi's dispatch), or the not-offered
 * error of the op's convention (a host kernel's MSR raising #GP): the
 * generated suite calls every gated op whose feature the platform did
 * not grant or offer and expects it. */
static int refusal_of(const struct pvabi_spec *s, const struct pvabi_op *op, const char *name)
{
	const struct pvabi_conv *cv = op->conv >= 0 ? &s->convs[op->conv] : NULL;

	return !strcmp(name, "ENOFEATURE") ||
	       (cv && cv->not_offered && !strcmp(name, cv->not_offered));
}

/* The outputs of op in rev, appended to c. */
static int op_outputs(const struct pvabi_spec *s, int opi, int rev, struct pvabi_coverage *c)
{
	const struct pvabi_op *op = &s->ops[opi];
	struct pvabi_cov_out *o;
	size_t i, j;

	if (!pvabi_cov_out_add(c, opi, rev, PVABI_OUT_RET))
		return -ENOMEM;
	for (i = 0; i < op->nerrors; i++) {
		if (!pvabi_life_has(&s->errors[op->errors[i]].life, rev) ||
		    !pvabi_raise_has(op->raises, i, rev))
			continue;
		o = pvabi_cov_out_add(c, opi, rev, PVABI_OUT_ERROR);
		if (!o)
			return -ENOMEM;
		o->error = op->errors[i];
		/* The suite calls every gated op whose feature was not
		 * granted and expects ENOFEATURE (no vector can: a gated
		 * op's vectors run only when it was granted). */
		if (op->feature >= 0 && refusal_of(s, op, s->errors[o->error].name) &&
		    pvabi_cov_by_add(o, (struct pvabi_cov_by){ PVABI_BY_SUITE, -1, -1, -1, op->loc.line }))
			return -ENOMEM;
	}
	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_arg *a = &op->args[i];
		const struct pvabi_struct *st;

		if (!pvabi_life_has(&a->life, rev) ||
		    (a->dir != PVABI_PTR_OUT && a->dir != PVABI_PTR_INOUT))
			continue;
		if (a->type.kind != PVABI_T_STRUCT) {
			o = pvabi_cov_out_add(c, opi, rev, PVABI_OUT_SCALAR);
			if (!o)
				return -ENOMEM;
			o->arg = (int)i;
			continue;
		}
		st = &s->structs[a->type.index];
		for (j = 0; j < st->nfields; j++) {
			if (!pvabi_life_has(&st->fields[j].life, rev))
				continue;
			o = pvabi_cov_out_add(c, opi, rev, PVABI_OUT_FIELD);
			if (!o)
				return -ENOMEM;
			o->arg = (int)i;
			o->field = (int)j;
		}
	}
	for (i = 0; i < op->ncmds; i++)
		if (pvabi_life_has(&op->cmds[i].life, rev) &&
		    pvabi_cov_cmd_outputs(s, opi, (int)i, rev, c))
			return -ENOMEM;
	return 0;
}

/* What one resolved call checks: its result or error, then each field
 * or scalar its expect names. An error not in <raises> is no output of
 * the op (the dispatch's own errors), so it marks nothing. */
static int mark_vec(struct pvabi_coverage *c, struct pvabi_cov_block b, const struct pvabi_vec *v,
		    struct pvabi_cov_by by)
{
	struct pvabi_cov_out *o;
	size_t i;

	if (v->is_error)
		o = pvabi_cov_find(c, b, PVABI_NONE, PVABI_OUT_ERROR, v->error, PVABI_NONE, PVABI_NONE);
	else
		o = pvabi_cov_find(c, b, PVABI_NONE, PVABI_OUT_RET, PVABI_NONE, PVABI_NONE, PVABI_NONE);
	if (o && pvabi_cov_by_add(o, by))
		return -ENOMEM;
	for (i = 0; i < v->nchecks; i++) {
		const struct pvabi_vec_check *k = &v->checks[i];

		o = pvabi_cov_find(c, b, PVABI_NONE, k->field < 0 ? PVABI_OUT_SCALAR : PVABI_OUT_FIELD, PVABI_NONE,
			 k->arg, k->field);
		if (o && pvabi_cov_by_add(o, by))
			return -ENOMEM;
	}
	return 0;
}

static int mark_vectors(const struct pvabi_spec *s, int opi, int rev, struct pvabi_coverage *c,
			struct pvabi_cov_block b)
{
	const struct pvabi_op *op = &s->ops[opi];
	struct pvabi_vec v;
	char err[256];
	size_t j;

	if (s->format >= 2)
		return pvabi_cov_vectors2(s, opi, rev, c, b);
	for (j = 0; j < op->nvectors; j++) {
		struct pvabi_cov_by by = { PVABI_BY_VECTOR, (int)j, -1, -1, op->vectors[j].loc.line };

		/* The loader refused every vector that does not resolve. */
		if (!pvabi_life_has(&op->vectors[j].life, rev) ||
		    pvabi_vec_resolve(s, op, &op->vectors[j], rev, &v, err, sizeof(err)))
			continue;
		if (mark_vec(c, b, &v, by))
			return -ENOMEM;
	}
	return 0;
}

/* The output a call binds, found in its op's block. */
static struct pvabi_cov_out *bound_output(struct pvabi_coverage *c, struct pvabi_cov_block b,
					  const struct pvabi_rstep *rs)
{
	if (rs->bind_arg < 0)
		return pvabi_cov_find(c, b, PVABI_NONE, PVABI_OUT_RET, PVABI_NONE, PVABI_NONE, PVABI_NONE);
	return pvabi_cov_find(c, b, PVABI_NONE, rs->bind_field < 0 ? PVABI_OUT_SCALAR : PVABI_OUT_FIELD, PVABI_NONE,
		    rs->bind_arg, rs->bind_field);
}

/* The variables a step reads: its arguments, and what its checks (or a
 * <check>'s value) compare with. */
static unsigned int step_vars(const struct pvabi_rstep *rs)
{
	unsigned int used = rs->kind == PVABI_STEP_CHECK ? pvabi_cov_expr_vars(&rs->x) : 0;
	size_t k;

	for (k = 0; k < rs->v.nargs; k++) {
		const struct pvabi_vec_arg *a = &rs->v.args[k];

		if (a->kind == PVABI_VA_VAR && a->value < PVABI_SCEN_MAX_VARS)
			used |= 1u << a->value;
		else if (a->kind == PVABI_VA_EXPR)
			used |= pvabi_cov_expr_vars(&a->x);
	}
	for (k = 0; k < rs->v.nchecks; k++) {
		const struct pvabi_vec_check *c = &rs->v.checks[k];

		if (c->from == PVABI_FROM_VAR && c->value >= 0 && c->value < PVABI_SCEN_MAX_VARS)
			used |= 1u << c->value;
		used |= pvabi_cov_expr_vars(&c->x) | pvabi_cov_expr_vars(&c->hi);
	}
	return used;
}

/* A bound value passed to a later call that must succeed is checked by
 * that call: a wrong handle (a port never allocated) makes it fail. So
 * is one a later check compares with, alone or in an expression: a wrong
 * tsc_to_ns_mul makes the tsc_khz it implies miss. */
static int mark_uses(const struct pvabi_rstep *rs, struct pvabi_cov_out **var_out,
		     const int *var_step, int sc, int step, int line)
{
	unsigned int used;
	size_t k;

	if (rs->v.is_error)
		return 0;
	used = step_vars(rs);
	for (k = 0; k < PVABI_SCEN_MAX_VARS; k++) {
		struct pvabi_cov_out *o = var_out[k];

		if ((used >> k & 1) && o &&
		    pvabi_cov_by_add(o, (struct pvabi_cov_by){ PVABI_BY_BOUND, sc, var_step[k], step, line }))
			return -ENOMEM;
	}
	return 0;
}

static int mark_scenario(const struct pvabi_spec *s, int sci, int rev, struct pvabi_coverage *c,
			 const struct pvabi_cov_block *blocks)
{
	const struct pvabi_scenario *sc = &s->scenarios[sci];
	struct pvabi_cov_out *var_out[PVABI_SCEN_MAX_VARS] = { NULL };
	int var_step[PVABI_SCEN_MAX_VARS] = { 0 };
	struct pvabi_vars vars;
	struct pvabi_rstep rs;
	char err[256];
	size_t i;

	if (s->format >= 2)
		return pvabi_cov_scenario2(s, sci, rev, c, blocks);
	memset(&vars, 0, sizeof(vars));
	for (i = 0; i < sc->nsteps; i++) {
		const struct pvabi_step *st = &sc->steps[i];
		struct pvabi_cov_by by = { PVABI_BY_STEP, sci, (int)i, -1, st->loc.line };

		if (pvabi_step_resolve(s, st, rev, &vars, &rs, err, sizeof(err)))
			return 0; /* the loader refused it; nothing runs */
		/* A step that calls no op (a page, a read of guest memory, a
		 * wait) checks no op's output, and what it binds is none. */
		if (st->op < 0) {
			if (mark_uses(&rs, var_out, var_step, sci, (int)i, st->loc.line))
				return -ENOMEM;
			if (rs.bind_var >= 0 && rs.bind_var < PVABI_SCEN_MAX_VARS)
				var_out[rs.bind_var] = NULL;
			continue;
		}
		if (mark_vec(c, blocks[st->op], &rs.v, by) ||
		    mark_uses(&rs, var_out, var_step, sci, (int)i, st->loc.line))
			return -ENOMEM;
		if (rs.bind_var >= 0 && rs.bind_var < PVABI_SCEN_MAX_VARS) {
			var_out[rs.bind_var] = bound_output(c, blocks[st->op], &rs);
			var_step[rs.bind_var] = (int)i;
		}
	}
	return 0;
}

static int build_rev(const struct pvabi_spec *s, int rev, struct pvabi_coverage *c,
		     struct pvabi_cov_block *blocks)
{
	size_t i;

	for (i = 0; i < s->nops; i++) {
		blocks[i].first = c->n;
		if (pvabi_life_has(&s->ops[i].life, rev) && op_outputs(s, (int)i, rev, c))
			return -ENOMEM;
		blocks[i].n = c->n - blocks[i].first;
	}
	for (i = 0; i < s->nops; i++)
		if (blocks[i].n && mark_vectors(s, (int)i, rev, c, blocks[i]))
			return -ENOMEM;
	for (i = 0; i < s->nscenarios; i++)
		if (pvabi_life_has(&s->scenarios[i].life, rev) &&
		    mark_scenario(s, (int)i, rev, c, blocks))
			return -ENOMEM;
	return 0;
}

int pvabi_coverage_build(const struct pvabi_spec *s, int rev, struct pvabi_coverage *c)
{
	struct pvabi_cov_block *blocks = calloc(s->nops + 1, sizeof(*blocks));
	size_t r;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	if (!blocks)
		return -ENOMEM;
	for (r = 0; r < s->nrevs && !rc; r++)
		if (rev < 0 || (int)r == rev)
			rc = build_rev(s, (int)r, c, blocks);
	free(blocks);
	if (rc)
		pvabi_coverage_free(c);
	return rc;
}

const struct pvabi_struct *pvabi_cov_struct(const struct pvabi_spec *s,
					    const struct pvabi_cov_out *o)
{
	const struct pvabi_op *op = &s->ops[o->op];

	if (o->cmd >= 0)
		return &s->structs[op->cmds[o->cmd].data.index];
	return &s->structs[op->args[o->arg].type.index];
}

const char *pvabi_coverage_name(const struct pvabi_spec *s, const struct pvabi_cov_out *o,
				char *buf, size_t len)
{
	const struct pvabi_arg *a = o->arg >= 0 ? &s->ops[o->op].args[o->arg] : NULL;
	char cmd[128] = "";
	int k = 0;

	if (o->cmd >= 0)
		k = snprintf(cmd, sizeof(cmd), "%s: ", s->ops[o->op].cmds[o->cmd].name);
	if (k < 0 || (size_t)k >= sizeof(cmd))
		cmd[0] = '\0';
	if (o->kind == PVABI_OUT_RET)
		snprintf(buf, len, "%sret", cmd);
	else if (o->kind == PVABI_OUT_ERROR)
		snprintf(buf, len, "%serror %s", cmd, s->errors[o->error].name);
	else if (o->kind == PVABI_OUT_SCALAR)
		snprintf(buf, len, "%s%s", cmd, a->name);
	else
		snprintf(buf, len, "%s%s.%s", cmd, a->name,
			 pvabi_cov_struct(s, o)->fields[o->field].name);
	return buf;
}

/* A command's output: "op:OP.command:CMD.ret", ".error:E", ".field:F",
 * ".arg:DATA" (data that is no struct). */
static const char *cmd_target(const struct pvabi_spec *s, const struct pvabi_cov_out *o,
			      char *buf, size_t len)
{
	const struct pvabi_op *op = &s->ops[o->op];
	const char *cmd = op->cmds[o->cmd].name;

	if (o->kind == PVABI_OUT_RET)
		snprintf(buf, len, "op:%s.command:%s.ret", op->name, cmd);
	else if (o->kind == PVABI_OUT_ERROR)
		snprintf(buf, len, "op:%s.command:%s.error:%s", op->name, cmd,
			 s->errors[o->error].name);
	else if (o->kind == PVABI_OUT_SCALAR)
		snprintf(buf, len, "op:%s.command:%s.arg:%s", op->name, cmd, op->args[o->arg].name);
	else
		snprintf(buf, len, "op:%s.command:%s.field:%s", op->name, cmd,
			 pvabi_cov_struct(s, o)->fields[o->field].name);
	return buf;
}

const char *pvabi_coverage_target(const struct pvabi_spec *s, const struct pvabi_cov_out *o,
				  char *buf, size_t len)
{
	const struct pvabi_op *op = &s->ops[o->op];
	const struct pvabi_arg *a = o->arg >= 0 ? &op->args[o->arg] : NULL;

	if (o->cmd >= 0)
		return cmd_target(s, o, buf, len);
	if (o->kind == PVABI_OUT_RET)
		snprintf(buf, len, "op:%s.ret", op->name);
	else if (o->kind == PVABI_OUT_ERROR)
		snprintf(buf, len, "op:%s.error:%s", op->name, s->errors[o->error].name);
	else if (o->kind == PVABI_OUT_SCALAR)
		snprintf(buf, len, "op:%s.arg:%s", op->name, a->name);
	else
		snprintf(buf, len, "op:%s.arg:%s.field:%s", op->name, a->name,
			 s->structs[a->type.index].fields[o->field].name);
	return buf;
}

const struct pvabi_waiver *pvabi_coverage_waiver(const struct pvabi_spec *s,
						 const struct pvabi_cov_out *o)
{
	char tgt[512];
	size_t j;

	pvabi_coverage_target(s, o, tgt, sizeof(tgt));
	for (j = 0; j < s->nwaivers; j++)
		if (s->waivers[j].rev == o->rev && !strcmp(s->waivers[j].rule, "OUTPUT_UNCHECKED") &&
		    finding_target_matches(s->waivers[j].target, tgt))
			return &s->waivers[j];
	return NULL;
}
