/* At most one handle of a kind per scope, in format 2 (<one-per> on a
 * command, abi/load_oneper2.c; docs/checks.md): the probe of each value,
 * derived once as a scenario that every fresh suite runs
 * (emit/emit_conf2_uniq.c) and the manual lists (emit/emit_docs_kind.c),
 * so that what the manual says a suite calls is what it calls. Format
 * 1's probe holds one on vCPU 0 and asks from vCPU 1; a real ABI names
 * the vCPU in the command's data (Xen's EVTCHNOP_bind_virq: struct
 * evtchn_bind_virq's vcpu, whoever calls), so the scope is that field
 * and every ask is made from both vCPUs. A platform that counts a
 * per-vCPU kind per guest is refused the second vCPU's; one that counts
 * it per caller is granted a second on the same vCPU from the other
 * caller; one that counts a per-guest kind per vCPU is granted it again
 * from vCPU 1. */
#include "emit/emit_kind.h"

#include <stdio.h>
#include <string.h>

static const char *data_name(const struct emit_uniq2 *u)
{
	return u->s->ops[u->op].args[u->s->ops[u->op].data_arg].name;
}

static struct pvabi_step *step(struct emit_uniq2 *u, int cmd, unsigned int vcpu)
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
static void ask(struct emit_uniq2 *u, unsigned int from, unsigned int on, const char *var, int err)
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

static void release(struct emit_uniq2 *u, unsigned int from, const char *var)
{
	size_t k = u->n;

	step(u, u->o->free_cmd, from);
	snprintf(u->args[k], sizeof(u->args[k]), "%s.%s=$%s", data_name(u), u->o->free_field, var);
	snprintf(u->expect[k], sizeof(u->expect[k]), "ret=0");
}

/* Per vCPU: the scope is the vCPU the data names, not the caller. */
static void per_vcpu(struct emit_uniq2 *u)
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
static void per_guest(struct emit_uniq2 *u)
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

int emit_uniq2_alive(const struct pvabi_spec *s, int op, int cmd, const struct pvabi_one_per *o,
		     int rev)
{
	const struct pvabi_op *p = &s->ops[op];

	return o->free_cmd >= 0 && pvabi_life_has(&p->life, rev) &&
	       pvabi_life_has(&p->cmds[cmd].life, rev) && pvabi_life_has(&o->life, rev) &&
	       pvabi_life_has(&p->cmds[o->free_cmd].life, rev);
}

int emit_uniq2_any(const struct pvabi_spec *s, int rev)
{
	size_t i, j, k;

	for (i = 0; i < s->nops; i++)
		for (j = 0; j < s->ops[i].ncmds; j++)
			for (k = 0; k < s->ops[i].cmds[j].nones; k++)
				if (emit_uniq2_alive(s, (int)i, (int)j, &s->ops[i].cmds[j].ones[k], rev))
					return 1;
	return 0;
}

void emit_uniq2_derive(struct emit_uniq2 *u, const struct pvabi_spec *s, int op, int cmd,
		       const struct pvabi_one_per *o, size_t m)
{
	const struct pvabi_cmd *k = &s->ops[op].cmds[cmd];

	u->s = s;
	u->op = op;
	u->cmd = cmd;
	u->o = o;
	u->v = o->nums[m];
	u->n = 0;
	if (o->scope == PVABI_SCOPE_VCPU) {
		per_vcpu(u);
		snprintf(u->name, sizeof(u->name), "%s %s: one %s.%s=%llu per vCPU that %s.%s "
			 "names, held, asked from vCPU 0 and vCPU 1", s->ops[op].name, k->name,
			 data_name(u), o->field, (unsigned long long)u->v, data_name(u), o->vcpu);
	} else {
		per_guest(u);
		snprintf(u->name, sizeof(u->name), "%s %s: one %s.%s=%llu per guest, held, asked "
			 "from vCPU 0 and vCPU 1", s->ops[op].name, k->name, data_name(u), o->field,
			 (unsigned long long)u->v);
	}
	memset(&u->sc, 0, sizeof(u->sc));
	u->sc.name = u->name;
	u->sc.life = o->life;
	u->sc.steps = u->st;
	u->sc.nsteps = u->n;
	u->sc.loc = o->loc;
}
