/* FIXED_UNLESS_UNDECLARED (docs/rules.md): a struct field whose doc says
 * it moves on an outside event (the host's clock stepped) promises that
 * it moves on nothing else, and a guest caches it and takes a change for
 * the event. Only a <fixed unless="EVENT"> reads it again while the
 * harness vouches whether the event happened; a tolerance against the
 * host (a tied check) passes nanoseconds of noise. In each revision of
 * the field, some op alive there must read it through such a
 * declaration. A heuristic on words, so a waivable warning per field and
 * revision, judged with the coverage pass, like TIED_UNDECLARED; format
 * 1 only, where the declaration is read. */
#include "abi/coverage.h"
#include "abi/finding.h"
#include "abi/fixed.h"

#include <stdio.h>
#include <string.h>

/* The words that say a field moves on a host clock step. */
static int says_step(const struct pvabi_field *fl)
{
	static const char *const phrases[] = { "host clock is stepped", "host's clock is stepped",
					       "host clock steps", "host clock step", NULL };

	return pvabi_prose_says(fl->doc, phrases);
}

/* Whether value (space-separated) names ARG.field, ARG an out struct
 * argument of op of struct si. */
static int names_field(const struct pvabi_op *op, const char *value, size_t si, const char *field)
{
	char want[300];
	size_t i, n;
	const char *p;

	for (i = 0; i < op->nargs; i++) {
		if (op->args[i].dir != PVABI_PTR_OUT || op->args[i].type.kind != PVABI_T_STRUCT ||
		    op->args[i].type.index != (int)si)
			continue;
		n = (size_t)snprintf(want, sizeof(want), "%s.%s", op->args[i].name, field);
		for (p = value; p && (p = strstr(p, want)); p++)
			if ((p == value || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
				return 1;
	}
	return 0;
}

static int read_unless(const struct pvabi_spec *s, size_t si, const char *field, int r)
{
	size_t i, k;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		if (!pvabi_life_has(&op->life, r))
			continue;
		for (k = 0; k < op->nfixeds; k++)
			if (op->fixeds[k].unless == PVABI_FIXED_UNLESS_HOST_CLOCK_STEP &&
			    pvabi_life_has(&op->fixeds[k].life, r) &&
			    names_field(op, op->fixeds[k].value, si, field))
				return 1;
	}
	return 0;
}

void pvabi_check_unless(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	static const struct pvabi_field_rule rule = {
		"FIXED_UNLESS_UNDECLARED", says_step, read_unless,
		": its doc says it moves when the host clock is stepped",
		"no <fixed unless=\"host-clock-step\"> reads it again"
	};

	pvabi_check_fields(s, f, &rule);
}
