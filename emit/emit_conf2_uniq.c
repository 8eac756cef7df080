/* The probes of at most one handle of a kind per scope, in every fresh
 * format 2 suite (<one-per> on a command; derived in emit/emit_uniq2.c,
 * which the manual reads too): one scenario per value of every
 * <one-per> of the revision's commands, appended after the suite's other
 * tests (a failed one leaves its handle held, which only its own value's
 * probe would feel). */
#include "emit/emit_conf2.h"
#include "emit/emit_kind.h"

#include <stdlib.h>

int c2_uniqs(FILE *f, const struct c2 *c, struct c2_names *t, int *npages)
{
	const struct pvabi_spec *s = c->g->spec;
	struct emit_uniq2 *u = calloc(1, sizeof(*u));
	size_t i, j, k, m;
	int rc = u ? 0 : emit_oom(c->g);

	for (i = 0; rc == 0 && i < s->nops; i++)
		for (j = 0; rc == 0 && j < s->ops[i].ncmds; j++)
			for (k = 0; rc == 0 && k < s->ops[i].cmds[j].nones; k++) {
				const struct pvabi_one_per *o = &s->ops[i].cmds[j].ones[k];

				if (!emit_uniq2_alive(s, (int)i, (int)j, o, c->g->rev))
					continue;
				for (m = 0; rc == 0 && m < o->nvalues; m++) {
					emit_uniq2_derive(u, s, (int)i, (int)j, o, m);
					rc = c2_scenario(f, c, t, &u->sc, npages);
				}
			}
	free(u);
	return rc;
}
