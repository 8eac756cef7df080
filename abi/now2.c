/* <now> of a format 2 command or by-value argument, resolved against
 * its observing scenario in one revision (abi/now2.h). */
#include "abi/now2.h"
#include "abi/edge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The probe's arguments: the observer's call with the mode's fields
 * (when=) and the value ($now2_at) in place of what it set there. */
static int probe_args(const char *call, const struct pvabi_now *n, char *out, size_t len)
{
	const char *p = call ? call : "";
	size_t o = 0;
	int k;

	out[0] = '\0';
	while (*p) {
		size_t w = strcspn(p, " \t\n"), key = strcspn(p, "=");
		int drop = key < w && !strncmp(p, n->field, key) && !n->field[key];
		const char *m = n->when;

		for (; m && *m && !drop; m += strcspn(m, " \t\n"), m += strspn(m, " \t\n")) {
			size_t mk = strcspn(m, "=");

			drop = mk == key && key < w && !strncmp(p, m, key);
		}
		if (w && !drop) {
			k = snprintf(out + o, len - o, "%.*s ", (int)w, p);
			if (k < 0 || (size_t)k >= len - o)
				return -1;
			o += (size_t)k;
		}
		p += w;
		p += strspn(p, " \t\n");
	}
	k = snprintf(out + o, len - o, "%s%s%s=$now2_at", n->when ? n->when : "", n->when ? " " : "",
		     n->field);
	return k < 0 || (size_t)k >= len - o ? -1 : 0;
}

/* Where the observer calls the command, polls seen= and ends waiting. */
static const char *places(const struct pvabi_now *n, int op, int cmd, struct pvabi_now2 *p)
{
	const struct pvabi_scenario *sc = p->sc;
	size_t i;

	for (p->call = 0; p->call < sc->nsteps; p->call++)
		if (sc->steps[p->call].kind == PVABI_STEP_CALL && sc->steps[p->call].op == op &&
		    sc->steps[p->call].cmd == cmd)
			break;
	if (p->call == sc->nsteps)
		return cmd >= 0 ? "observe= names a scenario that does not call the command"
				: "observe= names a scenario that does not call the op";
	p->seen_step = p->ack_step = p->tail = 0;
	for (i = p->call + 1; i < sc->nsteps; i++) {
		const struct pvabi_step *st = &sc->steps[i];

		if (!p->seen_step && st->kind == PVABI_STEP_READ && st->bit && st->field &&
		    !strcmp(st->field, n->seen))
			p->seen_step = i;
		if (st->kind == PVABI_STEP_WAIT && !p->ack_step && st->at)
			p->ack_step = i;
		if (st->kind == PVABI_STEP_WAIT)
			p->tail = i + 1;
	}
	for (i = 0; i < sc->nsteps; i++)
		if (sc->steps[i].vcpu)
			return "observe= names a scenario with steps of vCPU 1";
	if (!p->seen_step)
		return "no <read bit=> of seen= follows the call in observe=";
	if (!p->ack_step)
		return "no <wait> with ack= follows the call in observe=";
	return NULL;
}

/* The answers arm accepts: 0 and every past= error, lowest first. */
static int arm_expect(const struct pvabi_spec *s, const struct pvabi_now *n, struct pvabi_now2 *p,
		      char *out, size_t len)
{
	size_t i;

	p->lo = 0;
	for (i = 0; i < n->npasts; i++)
		if (n->pasts[i].error >= 0 && s->errors[n->pasts[i].error].value < p->lo)
			p->lo = s->errors[n->pasts[i].error].value;
	return snprintf(out, len, p->lo ? "ret=%lld..0" : "ret=0", (long long)p->lo) >= (int)len;
}

/* The probe's own pieces, resolved where its call stands. */
static int probe(const struct pvabi_spec *s, int op, int cmd, const struct pvabi_now *n, int rev,
		 struct pvabi_now2 *p, char *err, size_t len)
{
	const struct pvabi_step *seen = &p->sc->steps[p->seen_step];
	struct pvabi_step ck;
	char args[600], expect[64];
	size_t i;

	if (p->vars.n + 2 > PVABI_SCEN_MAX_VARS)
		return snprintf(err, len, "observe= binds too many variables for a probe"), -1;
	p->at_var = (int)p->vars.n;
	p->vars.name[p->vars.n++] = "now2_at";
	p->vars.wide |= 1u << p->at_var;
	if (probe_args(p->sc->steps[p->call].args, n, args, sizeof(args)) ||
	    arm_expect(s, n, p, expect, sizeof(expect)))
		return snprintf(err, len, "the probe's arguments are too long"), -1;
	if (pvabi_v2_resolve(s, op, cmd, args, expect, "now2_ret", rev, &p->vars, &p->arm, err, len))
		return -1;
	p->ret_var = p->arm.bind_var;
	for (i = 0; i < p->arm.nsets; i++)
		if (p->arm.sets[i].v.var == p->at_var &&
		    (p->arm.sets[i].at.leaf->type.kind != PVABI_T_PRIM ||
		     !pvabi_edge_unsigned(p->arm.sets[i].at.leaf->type.prim)))
			return snprintf(err, len, "field= is no unsigned integer field"), -1;
	for (i = 0; i < p->arm.nparams; i++)
		if (p->arm.params[i].kind == PVABI_V2_VALUE && p->arm.params[i].v.var == p->at_var &&
		    (p->arm.params[i].type.kind != PVABI_T_PRIM ||
		     !pvabi_edge_unsigned(p->arm.params[i].type.prim)))
			return snprintf(err, len, "the argument is no unsigned integer"), -1;
	memset(&ck, 0, sizeof(ck));
	ck.kind = PVABI_STEP_CLOCK;
	ck.op = ck.cmd = PVABI_NONE;
	ck.at = seen->at;
	ck.field = n->record;
	ck.loc = seen->loc;
	return pvabi_m2_resolve(s, &ck, rev, &p->vars, &p->clock, err, len);
}

int pvabi_now2_resolve(const struct pvabi_spec *s, int op, int cmd, const struct pvabi_now *n,
		       int rev, struct pvabi_now2 *p, char *err, size_t len)
{
	const char *why;
	size_t i, bound = 0;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < s->nscenarios && !p->sc; i++)
		if (!strcmp(s->scenarios[i].name, n->observe))
			p->sc = &s->scenarios[i];
	if (!p->sc || !pvabi_life_has(&p->sc->life, rev))
		return snprintf(err, len, "observe= names no scenario of the revision"), -1;
	if ((why = places(n, op, cmd, p)))
		return snprintf(err, len, "%s", why), -1;
	p->v = calloc(p->sc->nsteps, sizeof(*p->v));
	p->m = calloc(p->sc->nsteps, sizeof(*p->m));
	if (!p->v || !p->m)
		return pvabi_now2_free(p), snprintf(err, len, "out of memory"), -1;
	for (i = 0; i < p->sc->nsteps; i++) {
		const struct pvabi_step *st = &p->sc->steps[i];
		int rc;

		if (i == p->call && probe(s, op, cmd, n, rev, p, err, len))
			return pvabi_now2_free(p), -1;
		if (i == p->call)
			bound = p->vars.n;
		rc = st->kind == PVABI_STEP_CALL
			     ? pvabi_v2_resolve(s, st->op, st->cmd, st->args, st->expect, st->bind,
						rev, &p->vars, &p->v[i], err, len)
			     : pvabi_m2_resolve(s, st, rev, &p->vars, &p->m[i], err, len);
		if (rc)
			return pvabi_now2_free(p), -1;
		if (i + 1 == p->tail && p->vars.n != bound)
			return pvabi_now2_free(p),
			       snprintf(err, len, "observe= binds a variable between the command's "
						  "call and its last <wait>, which its cleanup may use"),
			       -1;
	}
	return 0;
}

void pvabi_now2_free(struct pvabi_now2 *p)
{
	free(p->v);
	free(p->m);
	p->v = NULL;
	p->m = NULL;
}

size_t pvabi_now2_past_at(const struct pvabi_now *n, const char *release)
{
	size_t i, at = 0;

	for (i = 1; i < n->npasts; i++)
		if (release && strverscmp(release, n->pasts[i].from) >= 0)
			at = i;
	return at;
}
