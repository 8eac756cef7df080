/* What falls due is delivered by whatever the guest calls next
 * (docs/checks.md, "What falls due, delivered by the next call of any
 * op"). set_timer's doc says it: a deadline that passed while the guest
 * made no call "has fired before the guest's next call of any op", and
 * an event raised on a bound port is delivered at once (evtchn_bind,
 * evtchn_send). Every other wait rings the doorbell each round, and
 * every poll calls evtchn_status, so a platform that runs its due work
 * only on some ops, or only on a bare ring, passes them all.
 *
 * The template is the first scenario alive in the revision that idles
 * past a deadline (an <idle> step), makes a call on vCPU 0 right after
 * it and then waits on vCPU 0 for upcalls. For each op the revision
 * has, the copy puts one call of that op between the idle and the
 * template's call, then a wait with interrupts enabled that makes no
 * call and rings nothing: the template's upcalls must arrive there,
 * delivered by that one call. The template's steps follow but its
 * exact waits, judged in the template itself. */
#include "emit/emit_derive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The quiet wait's bound, an event wait's as the spec's scenarios
 * declare it: the upcall comes at once from a right platform (a VMM's
 * injection on the call's return), or as soon as an emulator's
 * interrupt byte is through on a loaded host; only a failing platform
 * pays it all. */
#define QUIET_NS EMIT_TICK_QUIET_NS

struct tick_tmpl {
	const struct pvabi_scenario *sc;
	size_t idle; /* its <idle> step; the call follows it */
	const struct pvabi_step *wait;
};

static int is_wait(const struct pvabi_step *st)
{
	return st->kind == PVABI_STEP_WAIT && !st->idle;
}

/* 1 when sc, from step i, is idle, a call on vCPU 0, then calls on
 * vCPU 0 up to a wait on vCPU 0 for a fixed count of upcalls. */
static int template_at(const struct pvabi_scenario *sc, size_t i, struct tick_tmpl *t)
{
	size_t j;

	if (sc->steps[i].kind != PVABI_STEP_WAIT || !sc->steps[i].idle || i + 1 >= sc->nsteps ||
	    sc->steps[i + 1].kind != PVABI_STEP_CALL || sc->steps[i + 1].vcpu)
		return 0;
	for (j = i + 2; j < sc->nsteps; j++) {
		const struct pvabi_step *st = &sc->steps[j];

		if (st->kind == PVABI_STEP_CALL && !st->vcpu)
			continue;
		if (!is_wait(st) || st->vcpu || st->exact || st->args || !st->count)
			return 0;
		t->sc = sc;
		t->idle = i;
		t->wait = st;
		return 1;
	}
	return 0;
}

static int template_find(const struct pvabi_spec *s, int rev, struct tick_tmpl *t)
{
	size_t k, i;

	for (k = 0; k < s->nscenarios; k++)
		for (i = 0; pvabi_life_has(&s->scenarios[k].life, rev) && i < s->scenarios[k].nsteps; i++)
			if (template_at(&s->scenarios[k], i, t))
				return 1;
	return 0;
}

/* The call of op in rev: its first vector alive there that is refused
 * (it changes nothing the template relies on), else its first alive.
 * The op that ends the run only with a refused one; the frozen op's
 * vectors speak of a guest before negotiation. NULL: none. */
static const struct pvabi_vector *op_vector(const struct pvabi_op *op, int rev)
{
	const struct pvabi_vector *any = NULL;
	size_t j;

	if (op->frozen || !pvabi_life_has(&op->life, rev))
		return NULL;
	for (j = 0; j < op->nvectors; j++) {
		const struct pvabi_vector *v = &op->vectors[j];

		if (!pvabi_life_has(&v->life, rev))
			continue;
		if (v->expect && !strncmp(v->expect, "error=", 6))
			return v;
		if (!any)
			any = v;
	}
	return op->ends_run ? NULL : any;
}

int emit_tick_template(const struct pvabi_spec *s, int rev, const struct pvabi_scenario **sc,
		       size_t *idle, const struct pvabi_step **wait)
{
	struct tick_tmpl t;

	if (s->format != 1 || !template_find(s, rev, &t))
		return 0;
	*sc = t.sc;
	*idle = t.idle;
	*wait = t.wait;
	return 1;
}

int emit_tick_call(const struct pvabi_spec *s, int opi, int rev, const char **tmpl,
		   const struct pvabi_vector **v)
{
	struct tick_tmpl t;

	if (s->format != 1 || !(*v = op_vector(&s->ops[opi], rev)) || !template_find(s, rev, &t))
		return 0;
	*tmpl = t.sc->name;
	return 1;
}

static struct emit_derived *derive(const struct tick_tmpl *t, int opi, const struct pvabi_op *op,
				   const struct pvabi_vector *v, int rev)
{
	const struct pvabi_scenario *sc = t->sc;
	struct emit_derived *d = emit_derive_new(sc->nsteps + 2);
	struct pvabi_scenario tmpl = *sc;
	struct pvabi_step *p;
	const char *name;
	char buf[320];
	size_t i;

	if (!d)
		return NULL;
	snprintf(buf, sizeof(buf), "%s: due, then one %s call (%s), its upcall with no other call or ring",
		 sc->name, op->name, v->args && *v->args ? v->args : "no arguments");
	name = emit_derive_keep(d, strdup(buf));
	for (p = d->steps, i = 0; i <= t->idle; i++)
		*p++ = sc->steps[i];
	p = emit_derive_call(p, opi, v->args, v->expect, NULL, &v->loc);
	*p = *t->wait;
	p->quiet = 1;
	p->within_ns = QUIET_NS;
	p++;
	/* the template's exact waits are judged in the template; its
	 * others take an upcall that came late, not left to the next
	 * scenario's count */
	for (i = t->idle + 1; i < sc->nsteps; i++)
		if (!is_wait(&sc->steps[i]) || !sc->steps[i].exact)
			*p++ = sc->steps[i];
	if (!name) {
		emit_derive_free(d);
		return NULL;
	}
	tmpl.life.since = rev;
	tmpl.life.deprecated = PVABI_NONE;
	tmpl.life.removed = PVABI_NONE;
	emit_derive_finish(d, &tmpl, (size_t)(p - d->steps), name, &tmpl.life);
	return d;
}

struct tick_op {
	const struct pvabi_gen *g;
	int opi;
};

static int tick_derive(void *ctx, int rev, struct emit_derived **d)
{
	const struct tick_op *c = ctx;
	const struct pvabi_op *op = &c->g->spec->ops[c->opi];
	const struct pvabi_vector *v = op_vector(op, rev);
	struct tick_tmpl t;

	if (!v || !emit_known(c->g, op) || !template_find(c->g->spec, rev, &t))
		return 0;
	*d = derive(&t, c->opi, op, v, rev);
	return *d ? 0 : -1;
}

int emit_tick_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops)
{
	struct tick_op c = { g, 0 };
	size_t i;

	for (i = 0; i < g->spec->nops; i++) {
		c.opi = (int)i;
		if (emit_derive_revs(t, sg, g, ops, nops, tick_derive, &c))
			return -1;
	}
	return 0;
}
