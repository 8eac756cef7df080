/* At most one handle of a kind per scope, in format 2 (<one-per> on a
 * command, abi/load_oneper2.c; docs/checks.md). Format 1's probe holds
 * one on vCPU 0 and asks from vCPU 1; a real ABI names the vCPU in the
 * command's data (Xen's EVTCHNOP_bind_virq: struct evtchn_bind_virq's
 * vcpu, whoever calls), so the scope is that field and every ask is
 * made from both vCPUs. A platform that counts a per-vCPU kind per
 * guest is refused the second vCPU's; one that counts it per caller is
 * granted a second on the same vCPU from the other caller; one that
 * counts a per-guest kind per vCPU is granted it again from vCPU 1.
 *
 * Derived, never listed: one scenario per value of every <one-per> of
 * the revision's commands, appended after the suite's other tests (a
 * failed one leaves its handle held, which only its own value's probe
 * would feel). */
#include "emit/emit_conf2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNIQ_STEPS 12

struct uniq2 {
	const struct pvabi_spec *s;
	int op, cmd;
	const struct pvabi_one_per *o;
	uint64_t v;
	struct pvabi_step st[UNIQ_STEPS];
	char args[UNIQ_STEPS][192], expect[UNIQ_STEPS][64], bind[UNIQ_STEPS][80];
	size_t n;
};

static const char *data_name(const struct uniq2 *u)
{
	return u->s->ops[u->op].args[u->s->ops[u->op].data_arg].name;
}

static struct pvabi_step *step(struct uniq2 *u, int cmd, unsigned int vcpu)
{
	struct pvabi_step *p = &u->st[u->n];

	memset(p, 0, sizeof(*p));
	p->kind = PVABI_STEP_CALL;
	p->op = u->op;
	p->cmd = cmd;
	p->vcpu = vcpu;
	p->loc = u->o->loc;
	p->args = u->args[u->n];
	p->expect = u->expect[u->n];
	u->n++;
	return p;
}

/* An ask from vCPU `from` for one bound on vCPU `on`: granted into $var
 * (var NULL: refused with err). */
static void ask(struct uniq2 *u, unsigned int from, unsigned int on, const char *var, int err)
{
	size_t k = u->n;
	struct pvabi_step *p = step(u, u->cmd, from);
	int n = snprintf(u->args[k], sizeof(u->args[k]), "%s.%s=%llu", data_name(u), u->o->field,
			 (unsigned long long)u->v);

	if (u->o->vcpu)
		snprintf(u->args[k] + n, sizeof(u->args[k]) - (size_t)n, " %s.%s=%u", data_name(u),
			 u->o->vcpu, on);
	if (!var) {
		snprintf(u->expect[k], sizeof(u->expect[k]), "error=%s", u->s->errors[err].name);
		return;
	}
	snprintf(u->expect[k], sizeof(u->expect[k]), "ret=0");
	snprintf(u->bind[k], sizeof(u->bind[k]), "%s=%s.%s", var, data_name(u), u->o->handle);
	p->bind = u->bind[k];
}

static void release(struct uniq2 *u, unsigned int from, const char *var)
{
	size_t k = u->n;

	step(u, u->o->free_cmd, from);
	snprintf(u->args[k], sizeof(u->args[k]), "%s.%s=$%s", data_name(u), u->o->free_field, var);
	snprintf(u->expect[k], sizeof(u->expect[k]), "ret=0");
}

/* Per vCPU: the scope is the vCPU the data names, not the caller. */
static void per_vcpu(struct uniq2 *u)
{
	int e = u->o->error;

	ask(u, 0, 0, "h0", e);
	ask(u, 0, 0, NULL, e);
	ask(u, 1, 0, NULL, e);     /* held on vCPU 0, whoever asks */
	ask(u, 1, 1, "h1", e);     /* vCPU 0's is not vCPU 1's */
	ask(u, 0, 1, NULL, e);
	release(u, 0, "h0");
	ask(u, 0, 1, NULL, e);     /* vCPU 1 still holds its own */
	ask(u, 1, 0, "h0", e);     /* freed: granted again, from the other */
	release(u, 1, "h1");
	ask(u, 1, 0, NULL, e);
	release(u, 0, "h0");
}

/* Per guest: one, whichever vCPU asks; with elsewhere= it binds on
 * vCPU 0 alone, held or not. */
static void per_guest(struct uniq2 *u)
{
	int e = u->o->error, x = u->o->elsewhere;

	ask(u, 0, 0, "h0", e);
	ask(u, 0, 0, NULL, e);
	ask(u, 1, 0, NULL, e);     /* the guest's one is held */
	if (x >= 0)
		ask(u, 1, 1, NULL, x);
	release(u, 0, "h0");
	if (x >= 0)
		ask(u, 1, 1, NULL, x); /* elsewhere even with none held */
	ask(u, 1, 0, "h1", e);     /* free again, from the other */
	ask(u, 0, 0, NULL, e);
	release(u, 1, "h1");
	ask(u, 0, 0, "h0", e);
	release(u, 0, "h0");
}

/* Whether value m of o (on command cmd of op) derives its probe in rev. */
static int alive(const struct pvabi_spec *s, int op, int cmd, const struct pvabi_one_per *o,
		 int rev)
{
	const struct pvabi_op *p = &s->ops[op];

	return o->free_cmd >= 0 && pvabi_life_has(&p->life, rev) &&
	       pvabi_life_has(&p->cmds[cmd].life, rev) && pvabi_life_has(&o->life, rev) &&
	       pvabi_life_has(&p->cmds[o->free_cmd].life, rev);
}

int c2_uniq_any(const struct pvabi_spec *s, int rev)
{
	size_t i, j, k;

	for (i = 0; i < s->nops; i++)
		for (j = 0; j < s->ops[i].ncmds; j++)
			for (k = 0; k < s->ops[i].cmds[j].nones; k++)
				if (alive(s, (int)i, (int)j, &s->ops[i].cmds[j].ones[k], rev))
					return 1;
	return 0;
}

static int one(FILE *f, const struct c2 *c, struct c2_names *t, struct uniq2 *u, int *npages)
{
	const struct pvabi_cmd *k = &u->s->ops[u->op].cmds[u->cmd];
	struct pvabi_scenario sc;
	char name[256];

	u->n = 0;
	if (u->o->scope == PVABI_SCOPE_VCPU)
		per_vcpu(u);
	else
		per_guest(u);
	if (u->o->scope == PVABI_SCOPE_VCPU)
		snprintf(name, sizeof(name), "%s %s: one %s.%s=%llu per vCPU that %s.%s names, "
			 "held, asked from vCPU 0 and vCPU 1", u->s->ops[u->op].name, k->name,
			 data_name(u), u->o->field, (unsigned long long)u->v, data_name(u),
			 u->o->vcpu);
	else
		snprintf(name, sizeof(name), "%s %s: one %s.%s=%llu per guest, held, asked from "
			 "vCPU 0 and vCPU 1", u->s->ops[u->op].name, k->name, data_name(u),
			 u->o->field, (unsigned long long)u->v);
	memset(&sc, 0, sizeof(sc));
	sc.name = name;
	sc.life = u->o->life;
	sc.steps = u->st;
	sc.nsteps = u->n;
	sc.loc = u->o->loc;
	return c2_scenario(f, c, t, &sc, npages);
}

int c2_uniqs(FILE *f, const struct c2 *c, struct c2_names *t, int *npages)
{
	const struct pvabi_spec *s = c->g->spec;
	struct uniq2 *u = calloc(1, sizeof(*u));
	size_t i, j, k, m;
	int rc = u ? 0 : emit_oom(c->g);

	for (i = 0; rc == 0 && i < s->nops; i++)
		for (j = 0; rc == 0 && j < s->ops[i].ncmds; j++)
			for (k = 0; rc == 0 && k < s->ops[i].cmds[j].nones; k++) {
				const struct pvabi_one_per *o = &s->ops[i].cmds[j].ones[k];

				if (!alive(s, (int)i, (int)j, o, c->g->rev))
					continue;
				for (m = 0; rc == 0 && m < o->nvalues; m++) {
					u->s = s;
					u->op = (int)i;
					u->cmd = (int)j;
					u->o = o;
					u->v = o->nums[m];
					rc = one(f, c, t, u, npages);
				}
			}
	free(u);
	return rc;
}
