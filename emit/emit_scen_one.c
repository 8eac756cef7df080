/* One scenario resolved for every revision of its life up to the image's
 * into the conformance table, consecutive revisions that resolve alike
 * sharing one group of steps: the piece every deriver of scenarios adds
 * its copies with. Below the walk over the spec's scenarios and the
 * derivers (emit_scen.c), and calling none of them. */
#include "emit/emit_ctable.h"
#include "emit/emit_escape.h"
#include "emit/emit_xvcpu.h"
#include "abi/limit.h"
#include "abi/scenario.h"
#include "guest/rt/conformance.h"

#include <stdlib.h>
#include <string.h>

/* Where a bound value lies: "slot, offset, size" of the step's scratch
 * argument, or the return value. */
static int bind_place(const struct pvabi_gen *g, const struct pvabi_op *op,
		      const struct pvabi_rstep *rs, int rev, size_t *slot, long *off,
		      unsigned int *size, int *sign)
{
	const struct pvabi_arg *a = &op->args[rs->bind_arg];
	size_t k;

	for (k = 0; k < rs->v.nargs; k++)
		if (rs->v.args[k].arg == rs->bind_arg)
			*slot = k;
	*off = 0;
	*size = pvabi_prim_size(a->type.prim);
	*sign = pvabi_prim_signed(a->type.prim);
	if (rs->bind_field != PVABI_NONE) {
		const struct pvabi_struct *st = &g->spec->structs[a->type.index];
		long *offs = calloc(st->nfields + 1, sizeof(long));

		if (!offs)
			return -1;
		pvabi_struct_layout(g->spec, a->type.index, rev, offs, NULL);
		*off = offs[rs->bind_field];
		*size = pvabi_prim_size(st->fields[rs->bind_field].type.prim);
		*sign = pvabi_prim_signed(st->fields[rs->bind_field].type.prim);
		free(offs);
	}
	return *off < 0 || *off > 0xffff ? -1 : 0;
}

/* An exact wait that only guards the count a wait right before it
 * reached (same vCPU, same count): no more may arrive. The image may end
 * it sooner than declared (PVABI_CWAIT_GUARD, guest/rt/scen_steps.c).
 * The wait before may be a quiet one (emit_many_scen.c): it counted
 * what one call delivered, and the guard looks for any more. */
static int guards_count(const struct pvabi_step *st, const struct pvabi_step *prev)
{
	return prev && prev->kind == PVABI_STEP_WAIT && !prev->exact && !prev->idle &&
	       st->exact && !st->idle && !st->quiet && st->vcpu == prev->vcpu &&
	       st->count == prev->count && !st->args == !prev->args &&
	       (!st->args || !strcmp(st->args, prev->args));
}

/* A page, read or wait step: no call, its own fields in extra. */
static int render_other(struct centry *e, const struct pvabi_step *st,
			const struct pvabi_rstep *rs, const struct pvabi_step *prev)
{
	static const char *const kinds[] = { "CALL", "PAGE", "READ", "WAIT", "CHECK" };

	e->step = st;
	e->expect = "PVABI_CEXP_RET_EQ";
	/* READ: the value read; WAIT: the vector each upcall must carry */
	e->value = st->kind == PVABI_STEP_READ || (st->kind == PVABI_STEP_WAIT && !st->idle)
		   ? (long long)st->value : 0;
	sb_add(&e->extra, ".kind = PVABI_CSTEP_%s, .bind = %d, .at = %d, .count = %u,\n"
			  "\t  .bind_offset = %u, .bind_size = %u, .mask = UINT64_C(0x%llx), "
			  ".within_ns = UINT64_C(%llu)",
	       kinds[st->kind], rs->bind_var >= 0 ? rs->bind_var + 1 : 0,
	       rs->at_var >= 0 ? rs->at_var : 0, st->count, st->offset, st->width,
	       (unsigned long long)st->mask, (unsigned long long)st->within_ns);
	if (st->kind == PVABI_STEP_WAIT && st->idle)
		sb_add(&e->extra, ", .exact = PVABI_CWAIT_IDLE");
	else if (st->kind == PVABI_STEP_WAIT && st->quiet)
		sb_add(&e->extra, ", .exact = PVABI_CWAIT_QUIET");
	else if (st->kind == PVABI_STEP_WAIT && guards_count(st, prev))
		sb_add(&e->extra, ", .vcpu = %u, .exact = PVABI_CWAIT_GUARD", st->vcpu);
	else if (st->kind == PVABI_STEP_WAIT && (st->vcpu || st->exact))
		sb_add(&e->extra, ", .vcpu = %u, .exact = %d", st->vcpu, st->exact);
	if (st->kind == PVABI_STEP_WAIT && st->args) {
		/* the count, evaluated in the image with its own grant */
		sb_add(&e->extra, ",\n\t  .expr = ");
		render_expr(&e->extra, &rs->x);
	}
	if (st->kind == PVABI_STEP_CHECK && st->tied) {
		/* judged in the image against the harness's reference */
		sb_add(&e->extra, ", .tied = %d,\n\t  .expr = ", st->tied);
		render_expr(&e->extra, &rs->x);
	} else if (st->kind == PVABI_STEP_CHECK) {
		/* the value as an 8-byte field of the expression's type,
		 * judged by one check */
		char num[48];

		sb_add(&e->extra, ",\n\t  .expr = ");
		render_expr(&e->extra, &rs->x);
		e->nchecks = 1;
		sb_add(&e->checks, "\t{ %s, \"value\", 0, 0, 8, %d, %d, %s",
		       emit_c_int64(num, sizeof(num), rs->v.checks[0].value), !rs->x.is_unsigned,
		       rs->v.checks[0].cmp == PVABI_CMP_GE,
		       rs->v.checks[0].from == PVABI_FROM_EXPR ? "PVABI_CFROM_EXPR" : "PVABI_CFROM_CONST");
		render_check_tail(&e->checks, &rs->v.checks[0]);
		if (st->guard)
			sb_add(&e->extra, ", .exact = PVABI_CCHECK_GUARD");
		else if (st->least)
			sb_add(&e->extra, ", .exact = PVABI_CCHECK_LEAST");
	}
	return e->extra.oom || e->checks.oom ? -1 : 0;
}

static int render_step(struct centry *e, const struct pvabi_gen *g, const struct pvabi_step *st,
		       const struct pvabi_rstep *rs, int rev, int rel, const struct pvabi_step *prev)
{
	const struct pvabi_op *op;
	size_t i, slot = 0xff;
	unsigned int size = 0;
	long off = 0;
	int sign = 0;

	if (st->kind != PVABI_STEP_CALL)
		return render_other(e, st, rs, prev);
	op = &g->spec->ops[st->op];
	e->step = st;
	e->nargs = rs->v.nargs;
	e->nchecks = rs->v.nchecks;
	e->expect = rs->v.is_error ? "PVABI_CEXP_ERROR"
		  : rs->v.cmp == PVABI_CMP_GE ? "PVABI_CEXP_RET_GE" : "PVABI_CEXP_RET_EQ";
	e->value = rs->v.is_error ? (long long)g->spec->errors[rs->v.error].value
				  : (long long)rs->v.ret;
	for (i = 0; i < rs->v.nargs; i++)
		render_arg(&e->args, g, op, &rs->v.args[i], rev,
			   st->keeps || emit_refusal_keeps(op, rs->v.args[i].arg,
							   rs->v.is_error ? rs->v.error : -1));
	if (rs->bind_var >= 0 && rs->bind_arg >= 0 &&
	    bind_place(g, op, rs, rev, &slot, &off, &size, &sign))
		return -1;
	sb_add(&e->extra, ".retry = %u, .bind_offset = %ld, .bind = %d, .bind_slot = %zu, .bind_size = %u",
	       st->retry, off,
	       rs->bind_var >= 0 ? rs->bind_var + 1 : 0, slot, size);
	if (sign)
		sb_add(&e->extra, ", .bind_signed = 1");
	if (st->vcpu)
		sb_add(&e->extra, ", .vcpu = %u", st->vcpu);
	if (st->round)
		sb_add(&e->extra, ", .exact = PVABI_CCALL_ROUND, .within_ns = UINT64_C(%llu)",
		       (unsigned long long)st->within_ns);
	else if (st->unsure)
		sb_add(&e->extra, ", .exact = PVABI_CCALL_GUARD");
	else if (st->repeat) { /* made as many times as expr says */
		sb_add(&e->extra, ", .exact = PVABI_CCALL_REPEAT,\n\t  .expr = ");
		render_expr(&e->extra, &rs->x);
	}
	if (rel)
		sb_add(&e->extra, ", .release = %d", rel);
	for (i = 0; i < rs->v.nargs; i++)
		if (pvabi_arg_is_vector(g->spec, &op->args[rs->v.args[i].arg])) {
			/* binds upcalls to the vector it passes */
			sb_add(&e->extra, ", .at = %zu", i + 1);
			break;
		}
	for (i = 0; st->sweep && i < rs->v.nargs; i++)
		if (rs->v.args[i].arg == st->sweep - 1) /* swept up to mask */
			sb_add(&e->extra, ", .count = %s%zu, .mask = UINT64_C(0x%llx)",
			       st->served ? "PVABI_CSWEEP_SERVED | " : "", i + 1,
			       (unsigned long long)st->mask);
	if (render_checks(&e->checks, g, op, &rs->v, rev) || e->args.oom || e->checks.oom ||
	    e->extra.oom)
		return -1;
	return 0;
}

static void entries_free(struct centry *es, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(es[i].args.p);
		free(es[i].checks.p);
		free(es[i].extra.p);
	}
}

/* Resolves sc in rev into es; from (NULL: none) names the vector an
 * injected step calls, left out in revisions without it. Returns the
 * entries made, or -1 (diagnosed). */
static long resolve(struct centry *es, struct sgroups *sg, const struct pvabi_gen *g,
		    const struct pvabi_op **ops, size_t nops, const struct pvabi_scenario *sc,
		    const struct pvabi_vector *const *from, int rev)
{
	struct pvabi_vars vars = { { NULL }, 0, 0, 0, 0 };
	struct pvabi_rstep rs;
	char err[256];
	size_t i, n = 0;
	int rel;

	for (i = 0; i < sc->nsteps; i++) {
		const struct pvabi_step *st = &sc->steps[i], *prev;

		if (from && from[i] && !pvabi_life_has(&from[i]->life, rev))
			continue;
		memset(&es[n], 0, sizeof(es[n]));
		if (pvabi_step_resolve(g->spec, st, rev, &vars, &rs, err, sizeof(err))) {
			pvabi_diag_add(g->d, pvabi_vec_err_is_expr(err) ? "EXPR_INVALID"
								    : "SCENARIO_INVALID",
				       st->loc.file, st->loc.line, "%s", err);
			entries_free(es, n);
			return -1;
		}
		es[n].opi = st->kind == PVABI_STEP_CALL ? emit_known_index(g, ops, nops, st->op) : 0;
		rel = st->kind == PVABI_STEP_CALL
		    ? emit_release_index(sg, g, ops, nops, st->op, &rs.v, rev) : 0;
		prev = n ? es[n - 1].step : NULL;
		if (rel < 0 || render_step(&es[n++], g, st, &rs, rev, rel, prev)) {
			pvabi_diag_add(g->d, "GEN_UNSUPPORTED", st->loc.file, st->loc.line,
				       "scenario step does not fit the conformance tables");
			entries_free(es, n);
			return -1;
		}
	}
	return (long)n;
}

static int same_group(const struct ctable *t, const struct sgroup *gr, const struct centry *es)
{
	size_t i;

	for (i = 0; i < gr->nsteps; i++)
		if (!centry_same(&t->e[gr->first + i], &es[i]))
			return 0;
	return 1;
}

static int add_group(struct ctable *t, struct sgroups *sg, const struct pvabi_scenario *sc,
		     struct centry *es, size_t n, int rev)
{
	struct sgroup *last = sg->n ? &sg->g[sg->n - 1] : NULL;
	size_t i, first = t->n;

	if (last && last->sc == sc && last->until == rev && last->nsteps == n &&
	    same_group(t, last, es)) {
		last->until = rev + 1;
		entries_free(es, n);
		return 0;
	}
	if (sg->n == sg->cap) {
		size_t cap = sg->cap ? 2 * sg->cap : 16;
		struct sgroup *p = realloc(sg->g, cap * sizeof(*p));

		if (!p) {
			entries_free(es, n);
			return -1;
		}
		sg->g = p;
		sg->cap = cap;
	}
	for (i = 0; i < n; i++)
		if (ctable_push(t, &es[i]) < 0) {
			entries_free(es + i + 1, n - i - 1);
			return -1;
		}
	sg->g[sg->n++] = (struct sgroup){ sc, rev, rev + 1, first, n, 0, sg->origin };
	return 0;
}

int emit_scen_collect_one(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			  const struct pvabi_op **ops, size_t nops, const struct pvabi_scenario *sc,
			  const struct pvabi_vector *const *from)
{
	struct centry *es = calloc(sc->nsteps + 1, sizeof(*es));
	long n;
	int r;

	if (!es)
		return -1;
	for (r = 0; r <= g->rev; r++) {
		if (!pvabi_life_has(&sc->life, r))
			continue;
		n = resolve(es, sg, g, ops, nops, sc, from, r);
		if (n < 0 || add_group(t, sg, sc, es, (size_t)n, r)) {
			free(es);
			return -1;
		}
	}
	free(es);
	return 0;
}
