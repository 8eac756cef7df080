/* The manual's tables of the probes derived from a handle's lifecycle,
 * each from the deriver the images use, so a reader sees the calls a
 * platform is held to as the image makes them in the manual's revision:
 * a refusal by what a handle is (<refused-kind>, emit/emit_kind_scen.c)
 * per value and state of the handle; state kept apart from a handle
 * (emit/emit_keep_scen.c); at most one per scope (<one-per>, format 1:
 * emit/emit_uniq_scen.c, format 2: emit/emit_uniq2.c). The one-line text
 * of a step is here for every probe table of the manual. */
#include "emit/emit_docs.h"
#include "emit/emit_kind.h"
#include "abi/now.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A step other than a call, as the manual says it. */
static void other_text(const struct pvabi_step *st, struct sbuf *b)
{
	unsigned long long ms = (unsigned long long)(st->within_ns / 1000000);

	if (st->kind == PVABI_STEP_CHECK)
		sb_add(b, "%s %s, else run again", st->args, st->expect);
	else if (st->idle)
		sb_add(b, "idle %llu ms", ms);
	else if (!st->count)
		sb_add(b, "no interrupt within %llu ms", ms);
	else if (st->exact)
		sb_add(b, "exactly %u interrupts after %llu ms more", st->count, ms);
	else
		sb_add(b, "%u interrupts within %llu ms", st->count, ms);
}

void docs_step_text(const struct pvabi_spec *s, const struct pvabi_step *st, struct sbuf *b)
{
	const struct pvabi_op *op;

	if (st->kind != PVABI_STEP_CALL) {
		other_text(st, b);
		return;
	}
	op = &s->ops[st->op];
	if (st->vcpu)
		sb_add(b, "vCPU %u: ", st->vcpu);
	/* a format 2 call is named by its command: the manual lists it
	 * under its op */
	sb_add(b, "%s(%s)", st->cmd >= 0 ? op->cmds[st->cmd].name : op->name,
	       st->args ? st->args : "");
	if (st->expect && !strncmp(st->expect, "error=", 6))
		sb_add(b, " -> %s", st->expect + 6);
	else if (st->bind)
		sb_add(b, " -> $%s", st->bind);
	else if (st->expect && strcmp(st->expect, "ret=0"))
		sb_add(b, " -> %s", st->expect);
}

/* The n steps as one line: calls with their arguments, the vCPU that
 * makes them and what they must answer, the waits. */
static void steps_text(const struct pvabi_spec *s, const struct pvabi_step *st, size_t n,
		       struct sbuf *b)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			sb_add(b, "; ");
		docs_step_text(s, &st[i], b);
	}
}

static void one_row(struct docw *w, const struct emit_kind_at *at, int v, int st)
{
	const struct pvabi_op *al = &at->s->ops[at->k->alloc_op];
	const struct pvabi_enum *e = &at->s->enums[al->args[at->k->by_arg].type.index];
	struct emit_derived *d = emit_kind_derive(at, v, st, PVABI_NONE);
	struct sbuf b = { 0 };
	char state[160];

	if (!d) {
		w->oom = 1;
		return;
	}
	emit_kind_state_name(at, st, state, sizeof(state));
	steps_text(at->s, d->steps, d->sc.nsteps, &b);
	w->ops->row(w);
	dw_cell_code(w, e->values[v].name);
	dw_cell_text(w, state);
	if (b.oom)
		w->oom = 1;
	else
		dw_cell_code(w, sb_str(&b));
	w->ops->row_end(w);
	free(b.p);
	emit_derive_free(d);
}

static void one_kind(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op,
		     const struct pvabi_arg *a, const struct pvabi_kind_refusal *k)
{
	static const char *const heads[] = { "Kind", "State", "Calls" };
	const struct pvabi_spec *s = g->spec;
	struct emit_kind_at at;
	char buf[320];
	size_t m;
	int st;

	if (!emit_kind_at_init(&at, s, (int)(op - s->ops), a, k, g->rev))
		return;
	snprintf(buf, sizeof(buf),
		 "%s is refused with %s when %s allocated it with %s one of: %s. The images "
		 "probe each of these in every state the handle passes through, each wanting %s "
		 "and no effect (no interrupt, also once the handle is bound):",
		 a->name, s->errors[k->error].name, s->ops[k->alloc_op].name,
		 s->ops[k->alloc_op].args[k->by_arg].name, k->in, s->errors[k->error].name);
	dw_para_text(w, buf);
	if (k->doc)
		dw_paras(w, k->doc);
	dw_table(w, heads, 3);
	for (m = 0; m < k->nvalues; m++)
		for (st = 0; emit_kind_value_alive(&at, m) && st < emit_kind_nstates(&at); st++)
			one_row(w, &at, k->values[m], st);
	w->ops->table_end(w);
}

void docs_kinds(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	size_t i, m, n = 0;

	for (i = 0; i < op->nargs; i++)
		for (m = 0; m < op->args[i].nkinds; m++)
			n += pvabi_life_has(&op->args[i].kinds[m].life, g->rev);
	if (!n)
		return;
	dw_subheading(w, "Refused for what a handle is");
	for (i = 0; i < op->nargs; i++)
		for (m = 0; m < op->args[i].nkinds; m++)
			one_kind(w, g, op, &op->args[i], &op->args[i].kinds[m]);
}

/* The manual's table of the state op keeps apart from a handle
 * (emit/emit_keep_scen.c): per kind of handle it is raised on, the calls
 * the image makes in the manual's revision. */
static void one_keep(struct docw *w, const struct emit_keep_at *at)
{
	static const char *const heads[] = { "Handle", "Calls" };
	const struct pvabi_spec *s = at->s;
	const struct pvabi_op *al = &s->ops[at->al];
	const char *kind = s->enums[al->args[at->by].type.index].values[at->v].name;
	struct emit_derived *d = emit_keep_derive(at, PVABI_NONE);
	struct sbuf b = { 0 };
	char buf[640], h[128];

	if (!d) {
		w->oom = 1;
		return;
	}
	snprintf(buf, sizeof(buf),
		 "%s's %s is the calling vCPU's, not the %s=%s handle's it is raised on "
		 "(that kind's doc names %s, which takes no handle; %s is a moment on %s's "
		 "clock). The images set it on each of two vCPUs, replace each vCPU's handle "
		 "(%s, %s again), and want the effect through the new handle; what the old "
		 "handle's lifecycle changed went with it, so the new one starts as allocated. "
		 "When the clock shows the moment passed before the new handles existed, the "
		 "run could not tell and is made again (three tries, then a skip):",
		 s->ops[at->st].name, s->ops[at->st].args[at->sa].name, al->args[at->by].name, kind,
		 s->ops[at->st].name, s->ops[at->st].args[at->sa].name, s->ops[at->now->clock_op].name,
		 s->ops[at->fr].name, al->name);
	dw_para_text(w, buf);
	steps_text(s, d->steps, d->sc.nsteps, &b);
	dw_table(w, heads, 2);
	w->ops->row(w);
	snprintf(h, sizeof(h), "%s=%s", al->args[at->by].name, kind);
	dw_cell_code(w, h);
	if (b.oom)
		w->oom = 1;
	else
		dw_cell_code(w, sb_str(&b));
	w->ops->row_end(w);
	w->ops->table_end(w);
	free(b.p);
	emit_derive_free(d);
}

void docs_keeps(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	const struct pvabi_spec *s = g->spec;
	struct emit_keep_at at;
	size_t i, v;
	int heading = 0;

	for (i = 0; i < s->nops; i++)
		for (v = 0; v < emit_keep_nkinds(s, (int)i, g->rev); v++) {
			if (!emit_keep_at_init(&at, s, (int)i, (int)v, g->rev) ||
			    &s->ops[at.st] != op)
				continue;
			if (!heading++)
				dw_subheading(w, "State kept apart from a handle");
			one_keep(w, &at);
		}
}

/* The manual's table of the probes of <one-per> k on argument a of op
 * (emit/emit_uniq_scen.c): per value, the calls from two vCPUs. */
static void one_per(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op,
		    const struct pvabi_arg *a, const struct pvabi_one_per *k)
{
	static const char *const heads[] = { "Kind", "Calls" };
	const struct pvabi_spec *s = g->spec;
	const struct pvabi_enum *e = &s->enums[a->type.index];
	int vcpu = k->scope == PVABI_SCOPE_VCPU;
	char buf[480];
	size_t m;

	snprintf(buf, sizeof(buf),
		 "At most one handle with %s one of: %s, per %s: while one exists %s, %s again "
		 "fails with %s%s. The images hold one on vCPU 0 and ask for another from vCPU 1 "
		 "(%s) and from vCPU 0 (refused), free the first and ask again:",
		 a->name, k->in, vcpu ? "vCPU" : "guest", vcpu ? "for the calling vCPU" : "in the guest",
		 op->name, s->errors[k->error].name, vcpu ? "; another vCPU's does not count" : "",
		 vcpu ? "granted, then refused on vCPU 1 itself" : "refused");
	dw_para_text(w, buf);
	if (k->doc)
		dw_paras(w, k->doc);
	dw_table(w, heads, 2);
	for (m = 0; m < k->nvalues; m++) {
		struct emit_derived *d;
		struct sbuf b = { 0 };
		int rc = emit_uniq_derive(s, (int)(op - s->ops), (int)(a - op->args), k, m, g->rev, &d);

		if (rc <= 0) {
			w->oom |= rc < 0;
			continue;
		}
		steps_text(s, d->steps, d->sc.nsteps, &b);
		w->ops->row(w);
		dw_cell_code(w, e->values[k->values[m]].name);
		if (b.oom)
			w->oom = 1;
		else
			dw_cell_code(w, sb_str(&b));
		w->ops->row_end(w);
		free(b.p);
		emit_derive_free(d);
	}
	w->ops->table_end(w);
}

/* What <one-per> o on command k of op holds a platform to, in words. */
static void one_per2_text(struct docw *w, const struct pvabi_spec *s, const struct pvabi_op *op,
			  const struct pvabi_cmd *k, const struct pvabi_one_per *o)
{
	const char *d = op->args[op->data_arg].name;
	char buf[640];
	int n;

	if (o->scope == PVABI_SCOPE_VCPU)
		n = snprintf(buf, sizeof(buf),
			     "At most one handle with %s.%s one of: %s, per vCPU that %s.%s names: "
			     "while one is bound there, %s for that vCPU fails with %s, whichever "
			     "vCPU asks; another vCPU's does not count.", d, o->field, o->in, d,
			     o->vcpu, k->name, s->errors[o->error].name);
	else
		n = snprintf(buf, sizeof(buf),
			     "At most one handle with %s.%s one of: %s, in the guest: while one "
			     "is held, %s fails with %s, whichever vCPU asks.", d, o->field, o->in,
			     k->name, s->errors[o->error].name);
	if (o->elsewhere >= 0 && n > 0 && (size_t)n < sizeof(buf))
		n += snprintf(buf + n, sizeof(buf) - (size_t)n,
			      " It binds on vCPU 0 alone: naming another vCPU in %s.%s fails with "
			      "%s, held or not.", d, o->vcpu, s->errors[o->elsewhere].name);
	if (n > 0 && (size_t)n < sizeof(buf))
		snprintf(buf + n, sizeof(buf) - (size_t)n,
			 " Each fresh suite asks from vCPU 0 and vCPU 1, frees with %s (the "
			 "handle in %s.%s) and asks again; the calls, each from vCPU 0 unless "
			 "it says, with the error each refused one wants:",
			 op->cmds[o->free_cmd].name, d, o->free_field);
	dw_para_text(w, buf);
}

/* The table of <one-per> o on command cmd of op in g's revision: per
 * value, the probe's calls as the suites make them (emit/emit_uniq2.c). */
static void one_per2(struct docw *w, const struct pvabi_gen *g, int op, int cmd,
		     const struct pvabi_one_per *o, struct emit_uniq2 *u)
{
	static const char *const heads[] = { "Kind", "Calls" };
	const struct pvabi_spec *s = g->spec;
	const struct pvabi_op *p = &s->ops[op];
	char kind[160];
	size_t m;

	one_per2_text(w, s, p, &p->cmds[cmd], o);
	if (o->doc)
		dw_paras(w, o->doc);
	dw_table(w, heads, 2);
	for (m = 0; m < o->nvalues; m++) {
		struct sbuf b = { 0 };

		emit_uniq2_derive(u, s, op, cmd, o, m);
		steps_text(s, u->sc.steps, u->sc.nsteps, &b);
		snprintf(kind, sizeof(kind), "%s.%s=%llu", p->args[p->data_arg].name, o->field,
			 (unsigned long long)o->nums[m]);
		w->ops->row(w);
		dw_cell_code(w, kind);
		if (b.oom)
			w->oom = 1;
		else
			dw_cell_code(w, sb_str(&b));
		w->ops->row_end(w);
		free(b.p);
	}
	w->ops->table_end(w);
}

/* Format 2: the <one-per> of op's commands. */
static void one_per_cmds(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	const struct pvabi_spec *s = g->spec;
	int oi = (int)(op - s->ops), heading = 0;
	struct emit_uniq2 *u = NULL;
	size_t j, k;

	for (j = 0; j < op->ncmds; j++)
		for (k = 0; k < op->cmds[j].nones; k++) {
			if (!emit_uniq2_alive(s, oi, (int)j, &op->cmds[j].ones[k], g->rev))
				continue;
			if (!u && !(u = calloc(1, sizeof(*u)))) {
				w->oom = 1;
				return;
			}
			if (!heading++)
				dw_subheading(w, "At most one per scope");
			one_per2(w, g, oi, (int)j, &op->cmds[j].ones[k], u);
		}
	free(u);
}

void docs_one_per(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	size_t i, m, n = 0;

	if (op->ncmds) {
		one_per_cmds(w, g, op);
		return;
	}
	for (i = 0; i < op->nargs; i++)
		for (m = 0; m < op->args[i].nones; m++)
			n += pvabi_life_has(&op->args[i].ones[m].life, g->rev);
	if (!n || !op->ret_freed_by)
		return;
	dw_subheading(w, "At most one per scope");
	for (i = 0; i < op->nargs; i++)
		for (m = 0; m < op->args[i].nones; m++)
			if (pvabi_life_has(&op->args[i].ones[m].life, g->rev))
				one_per(w, g, op, &op->args[i], &op->args[i].ones[m]);
}
