/* Calls whose outcome depends on the calling vCPU, made from vCPU 1 too
 * (abi/caller.h, docs/checks.md). Every vector's call is made from
 * vCPU 0, so a platform that answers the boot vCPU right and another
 * vCPU wrong (a caller's own vCPU taken for vCPU 0, a "remote" set that
 * leaves out vCPU 0 instead of the caller) meets no vector. Each vector
 * the spec's declarations select is also made from vCPU 1, as a
 * scenario of one call, with its vCPU arguments relabelled (0 and 1
 * exchanged: the caller's own vCPU stays the caller's) and the same
 * expectation. A scenario, not a vector: the image then starts vCPU 1
 * for it, and where vCPU 1 does not start it is a skip with the reason,
 * as every scenario that names vCPU 1 is.
 *
 * Derived, never listed: <by-caller> on an op, and arguments whose limit
 * counts vCPUs. One scenario per vector, so that each copy is its own
 * TAP line naming its arguments and one refusal hides no other. */
#include "emit/emit_caller.h"
#include "emit/emit_kind.h"
#include "abi/caller.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The vector's args with each argument in relabel naming the other vCPU;
 * a new string, NULL out of memory. */
static char *relabelled(const struct pvabi_op *op, const char *args, unsigned int relabel,
			unsigned int ones)
{
	char *t = strdup(args ? args : ""), *u;
	size_t i;

	for (i = 0; t && i < op->nargs && i < 32; i++) {
		if (!(relabel & (1u << i)))
			continue;
		u = emit_derive_args(t, NULL, op->args[i].name, ones & (1u << i) ? "0" : "1");
		free(t);
		t = u;
	}
	return t;
}

int emit_caller_derive(const struct pvabi_spec *s, int opi, size_t j, int rev,
		       struct emit_derived **d)
{
	const struct pvabi_op *op = &s->ops[opi];
	const struct pvabi_vector *v = &op->vectors[j];
	struct pvabi_scenario tmpl;
	struct pvabi_step *st;
	unsigned int relabel, ones;
	const char *args, *name;
	char buf[400];

	*d = NULL;
	if (!pvabi_life_has(&op->life, rev) || !pvabi_life_has(&v->life, rev) ||
	    pvabi_caller_copies(s, op, v, rev, &relabel, &ones) != 1)
		return 0;
	if (!(*d = emit_derive_new(1)))
		return -1;
	args = emit_derive_keep(*d, relabelled(op, v->args, relabel, ones));
	snprintf(buf, sizeof(buf), "%s: %s -> %s, made from vCPU 1%s%s", op->name,
		 v->args && v->args[0] ? v->args : "()", v->expect, relabel ? " as " : "",
		 relabel && args ? args : "");
	name = emit_derive_keep(*d, strdup(buf));
	st = emit_derive_call((*d)->steps, opi, args, v->expect, NULL, &v->loc);
	st[-1].vcpu = 1;
	if (!args || !name || (*d)->oom) {
		emit_derive_free(*d);
		*d = NULL;
		return -1;
	}
	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.life = v->life;
	tmpl.life.described = 1;
	tmpl.loc = v->loc;
	emit_derive_finish(*d, &tmpl, 1, name, &tmpl.life);
	return 0;
}

struct caller_vec {
	const struct pvabi_gen *g;
	int op;
	size_t j;
};

static int caller_derive(void *ctx, int rev, struct emit_derived **d)
{
	const struct caller_vec *p = ctx;

	return emit_caller_derive(p->g->spec, p->op, p->j, rev, d);
}

int emit_caller_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			     const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, j;

	for (i = 0; i < s->nops; i++) {
		if (!emit_known(g, &s->ops[i]))
			continue;
		for (j = 0; j < s->ops[i].nvectors; j++) {
			struct caller_vec p = { g, (int)i, j };

			if (emit_derive_revs(t, sg, g, ops, nops, caller_derive, &p))
				return -1;
		}
	}
	return 0;
}
