/* Work due on every vCPU at once, all of it delivered by one call
 * (docs/checks.md, "Work due on several vCPUs at once, all of it
 * delivered by one call"). set_timer's doc has every deadline that
 * passed while the guest made no call fire "before the guest's next call
 * of any op", and evtchn_bind's deliver "each event on the port". Every
 * other check of what falls due has one item due at a time, so a
 * platform that serves the first due item per call (or injects one
 * interrupt per vCPU per pass) is right in all of them.
 *
 * Made from the template of "delivered by the next call of any op"
 * (emit_tick_scen.c): a scenario whose calls arm a source, then an
 * <idle>, then a call and a wait for upcalls on vCPU 0. The arming is
 * made by every vCPU the image runs, each with its own handles (the
 * names its calls bind renamed), the moment read once from the clock of
 * the arming op's <now>, so every deadline is the same one; the ports
 * stay bound as the template binds them (to vCPU 0, whose wait counts
 * them). After the template's idle, one call of that clock from the last
 * vCPU, a wait that makes no call and rings no doorbell for all of the
 * upcalls, and a guard that no more come; then every vCPU's copy of the
 * template's calls after the idle (its re-arm, its cancel, its close).
 * A new source the spec declares with a <now> and a template gets this
 * with no code here. */
#include "emit/emit_derive.h"
#include "abi/now.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The vCPUs a format 1 image runs: a step's vcpu is 0 or 1. */
#define NVCPUS 2u
/* The guard's window where the engine does not say which interrupts it
 * sent (the own VMM, a command); where it does, the image ends it after
 * the spec's largest late= (guest/rt/scen_steps.c, guard_window). */
#define GUARD_NS 3000000u

struct many_tmpl {
	const struct pvabi_scenario *sc;
	size_t idle, arm; /* the <idle>; the last call before it, the arming */
	const struct pvabi_step *wait;
	int clock; /* the arming op's <now> clock */
	const struct pvabi_op *arm_op;
};

static int is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* 1 when name (n bytes) is bound by a call of the template's arming
 * other than a clock read: a handle of the vCPU that made it. */
static int own_name(const struct many_tmpl *t, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < t->idle; i++) {
		const struct pvabi_step *st = &t->sc->steps[i];

		if (st->op != t->clock && st->bind && strcspn(st->bind, "=") == n &&
		    !strncmp(st->bind, name, n))
			return 1;
	}
	return 0;
}

/* s with each own name given vCPU k's suffix: after a '$' in args and
 * expectations, or the bound name itself in a bind (whole); NULL when s
 * names none (or out of memory, which *oom says). */
static char *rename_vars(const struct many_tmpl *t, const char *s, int whole, unsigned int k,
			 int *oom)
{
	struct sbuf b = { 0 };
	const char *p = s;
	int changed = 0;
	size_t n;

	if (!s)
		return NULL;
	if (whole && own_name(t, s, n = strcspn(s, "="))) {
		sb_add(&b, "%.*s_%u%s", (int)n, s, k, s + n);
		changed = 1;
	}
	while (!whole && *p) {
		if (*p != '$') {
			sb_add(&b, "%c", *p++);
			continue;
		}
		for (p++, n = 0; is_ident(p[n]); n++)
			;
		sb_add(&b, "$%.*s", (int)n, p);
		if (own_name(t, p, n)) {
			sb_add(&b, "_%u", k);
			changed = 1;
		}
		p += n;
	}
	*oom |= b.oom;
	if (!changed || b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/* Call step `from` of the template as vCPU k makes it; the next step. */
static struct pvabi_step *copy_call(struct emit_derived *d, struct pvabi_step *p,
				    const struct many_tmpl *t, const struct pvabi_step *from,
				    unsigned int k)
{
	char *s;
	int oom = 0;

	*p = *from;
	p->vcpu = k;
	if (!k)
		return p + 1;
	if ((s = rename_vars(t, from->args, 0, k, &oom)))
		p->args = emit_derive_keep(d, s);
	if ((s = rename_vars(t, from->expect, 0, k, &oom)))
		p->expect = emit_derive_keep(d, s);
	if ((s = rename_vars(t, from->bind, 1, k, &oom)))
		p->bind = emit_derive_keep(d, s);
	d->oom |= oom;
	return p + 1;
}

/* The clock of the first <now> of op's arguments, or PVABI_NONE. */
static int now_clock(const struct pvabi_op *op)
{
	size_t i;

	for (i = 0; i < op->nargs; i++)
		if (op->args[i].nnows)
			return op->args[i].nows[0].clock_op;
	return PVABI_NONE;
}

/* 1 with t filled when rev's tick template arms its source with calls
 * on vCPU 0 only, by an op declaring a <now> whose clock the image
 * knows, and does nothing after its idle but calls and waits. */
static int template_of(const struct pvabi_gen *g, int rev, struct many_tmpl *t)
{
	const struct pvabi_spec *s = g->spec;
	size_t i;

	if (!emit_tick_template(s, rev, &t->sc, &t->idle, &t->wait) || !t->idle)
		return 0;
	for (i = 0; i < t->sc->nsteps; i++) {
		const struct pvabi_step *st = &t->sc->steps[i];

		if (i < t->idle && (st->kind != PVABI_STEP_CALL || st->vcpu || st->retry))
			return 0;
		if (i > t->idle && st->kind != PVABI_STEP_CALL && st->kind != PVABI_STEP_WAIT)
			return 0;
	}
	t->arm = t->idle - 1;
	t->arm_op = &s->ops[t->sc->steps[t->arm].op];
	t->clock = now_clock(t->arm_op);
	return t->clock >= 0 && t->clock != t->sc->steps[t->arm].op && emit_known(g, &s->ops[t->clock]) &&
	       pvabi_life_has(&s->ops[t->clock].life, rev);
}

/* The moment the arming puts in force, when its mode is the absolute
 * one (the <now> the call's arguments select, none given): the value it
 * passes in the argument the <now> is declared on; else NULL. */
static char *arm_moment(const struct pvabi_op *op, const char *args)
{
	const char *p = args;
	size_t i, n, k;

	for (i = 0; i < op->nargs && !op->args[i].nnows; i++)
		;
	if (i == op->nargs || op->args[i].nows[0].when ||
	    op->args[i].nows[0].is != PVABI_NOW_ABSOLUTE)
		return NULL;
	k = strlen(op->args[i].name);
	while (p && *p) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n > k && p[k] == '=' && !strncmp(p, op->args[i].name, k))
			return strndup(p + k + 1, n - k - 1);
		p += n;
	}
	return NULL;
}

/* A clock read after the last arming, which must come before the
 * moment: a host that stalled the guest past it let the later arming
 * calls fire the earlier deadlines one at a time, and the run could not
 * tell (the scenario runs again, as the replacement probes' guard). */
static struct pvabi_step *armed_in_time(struct emit_derived *d, struct pvabi_step *p,
					const struct many_tmpl *t)
{
	const struct pvabi_step *arm = &t->sc->steps[t->arm];
	char *at = arm_moment(t->arm_op, arm->args), buf[200];

	if (!at)
		return p;
	p = emit_derive_step(p, arm, PVABI_STEP_CALL, t->clock, NULL, "ret>=0", "due_armed");
	p = emit_derive_fresh(p, PVABI_STEP_CHECK, PVABI_NONE, &arm->loc) - 1;
	p->args = "$due_armed";
	snprintf(buf, sizeof(buf), "<=(%s)-1", at);
	free(at);
	p->expect = emit_derive_keep(d, strdup(buf));
	p->guard = 1;
	return p + 1;
}

/* Every vCPU's handles, the moment read once, every vCPU's arming. */
static struct pvabi_step *arm_all(struct emit_derived *d, struct pvabi_step *p,
				  const struct many_tmpl *t)
{
	const struct pvabi_step *st = t->sc->steps;
	unsigned int k;
	size_t i;

	for (k = 0; k < NVCPUS; k++)
		for (i = 0; i < t->arm; i++)
			if (st[i].op != t->clock)
				p = copy_call(d, p, t, &st[i], k);
	for (i = 0; i < t->arm; i++)
		if (st[i].op == t->clock)
			p = copy_call(d, p, t, &st[i], 0);
	for (k = 0; k < NVCPUS; k++)
		p = copy_call(d, p, t, &st[t->arm], k);
	return armed_in_time(d, p, t);
}

/* The idle, the one call, every upcall with no call or ring, the guard. */
static struct pvabi_step *one_call(struct pvabi_step *p, const struct many_tmpl *t)
{
	const struct pvabi_step *idle = &t->sc->steps[t->idle];

	*p++ = *idle;
	p = emit_derive_step(p, &idle[1], PVABI_STEP_CALL, t->clock, NULL, "ret>=0", NULL);
	p[-1].vcpu = NVCPUS - 1;
	*p = *t->wait;
	p->quiet = 1;
	p->within_ns = EMIT_TICK_QUIET_NS;
	p->count = t->wait->count * NVCPUS;
	p++;
	p[0] = p[-1];
	p->quiet = 0;
	p->exact = 1;
	p->within_ns = GUARD_NS;
	return p + 1;
}

static struct emit_derived *derive(const struct pvabi_gen *g, const struct many_tmpl *t, int rev)
{
	const struct pvabi_scenario *sc = t->sc;
	struct emit_derived *d = emit_derive_new(NVCPUS * sc->nsteps + 6);
	struct pvabi_scenario tmpl = *sc;
	struct pvabi_step *p;
	unsigned int k;
	char buf[320];
	size_t i;

	if (!d)
		return NULL;
	p = one_call(arm_all(d, d->steps, t), t);
	for (k = 0; k < NVCPUS; k++)
		for (i = t->idle + 1; i < sc->nsteps; i++)
			if (sc->steps[i].kind == PVABI_STEP_CALL)
				p = copy_call(d, p, t, &sc->steps[i], k);
	snprintf(buf, sizeof(buf),
		 "%s: %s armed on each of %u vCPUs, due at once, then one %s call from vCPU %u: "
		 "all %u upcalls with no other call or ring, none twice",
		 sc->name, g->spec->ops[sc->steps[t->arm].op].name, NVCPUS,
		 g->spec->ops[t->clock].name, NVCPUS - 1, t->wait->count * NVCPUS);
	tmpl.life.since = rev;
	tmpl.life.deprecated = PVABI_NONE;
	tmpl.life.removed = PVABI_NONE;
	emit_derive_finish(d, &tmpl, (size_t)(p - d->steps), emit_derive_keep(d, strdup(buf)),
			   &tmpl.life);
	if (d->oom || !d->sc.name) {
		emit_derive_free(d);
		return NULL;
	}
	return d;
}

static int many_derive(void *ctx, int rev, struct emit_derived **d)
{
	const struct pvabi_gen *g = ctx;
	struct many_tmpl t;

	if (!template_of(g, rev, &t))
		return 0;
	*d = derive(g, &t, rev);
	return *d ? 0 : -1;
}

int emit_many_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops)
{
	return emit_derive_revs(t, sg, g, ops, nops, many_derive, (void *)g);
}
