/* Every step of a scenario resolved in one revision, each by the
 * resolver of its kind and format: a format 1 step by scenario.c, a
 * format 2 call by vector2.c, any other format 2 step by scen_mem2.c.
 * The loader asks it of each scenario in each revision (load_scen.c). */
#include "abi/scenario.h"
#include "abi/scen_mem2.h"
#include "abi/vector2.h"

#include <stdio.h>

int pvabi_scenario_check(const struct pvabi_spec *s, const struct pvabi_scenario *sc, int rev,
			 int *line, char *err, size_t errlen)
{
	struct pvabi_vars vars = { { NULL }, 0, 0, 0, 0 };
	struct pvabi_rstep rs;
	struct pvabi_m2step m2;
	size_t i;

	for (i = 0; i < sc->nsteps; i++) {
		const struct pvabi_step *st = &sc->steps[i];
		int rc;

		/* vcpu= of a call or a wait is format 1's: the image runs
		 * that step on vCPU 1 (guest/rt/conformance2.c). */
		if (s->format >= 2 && st->kind == PVABI_STEP_CALL)
			rc = st->retry ? snprintf(err, errlen, "retry is not yet generated for a "
							       "format 2 ABI")
				       : pvabi_v2_step(s, st, rev, &vars, err, errlen);
		else if (s->format >= 2)
			rc = pvabi_m2_resolve(s, st, rev, &vars, &m2, err, errlen);
		else if (st->kind == PVABI_STEP_WRITE || st->kind == PVABI_STEP_CLOCK ||
			 st->field || st->bit || (st->kind == PVABI_STEP_WAIT && st->at))
			rc = snprintf(err, errlen, "<write>, <clock>, offset=\"STRUCT.FIELD\", bit= "
						   "and ack= are format 2 only");
		else
			rc = pvabi_step_resolve(s, st, rev, &vars, &rs, err, errlen);
		if (rc) {
			*line = st->loc.line;
			return -1;
		}
	}
	return 0;
}
