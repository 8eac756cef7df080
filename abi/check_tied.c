/* TIED_UNDECLARED (docs/rules.md): a struct field whose name or doc says
 * it is a wall-clock time (nanoseconds or seconds since 1970) is tied to
 * the world outside the guest, and no bound the image alone can know
 * tells the host's clock from a wrong one (uptime, local time, another
 * unit). In each revision of the field, some scenario alive there must
 * bind it and judge it with a <check tied=> whose value names that
 * variable. A heuristic on words, so a waivable warning per field and
 * revision, judged with the coverage pass; format 1 only, where tied
 * checks can be declared. */
#include "abi/coverage.h"
#include "abi/finding.h"

#include <stdio.h>
#include <string.h>

static int wallish(const struct pvabi_field *fl)
{
	static const char *const names[] = { "wallclock", "wall_clock", NULL };
	static const char *const docs[] = { "since 1970", "1970-01-01", "since the epoch",
					    "wall-clock time", NULL };

	return pvabi_prose_says(fl->name, names) || pvabi_prose_says(fl->doc, docs);
}

/* Whether step st binds "VAR=ARG.FIELD" for a struct-typed arg of index si
 * and field name, and value (a tied check's) names $VAR. */
static int binds_into(const struct pvabi_spec *s, const struct pvabi_step *st, size_t si,
		      const char *field, const char *value)
{
	const struct pvabi_op *op;
	const char *eq, *dot;
	char var[80];
	size_t i, vl;

	if (st->kind != PVABI_STEP_CALL || !st->bind || st->op < 0 ||
	    !(eq = strchr(st->bind, '=')) || !(dot = strchr(eq, '.')) || strcmp(dot + 1, field))
		return 0;
	op = &s->ops[st->op];
	for (i = 0; i < op->nargs; i++)
		if (!strncmp(op->args[i].name, eq + 1, (size_t)(dot - eq - 1)) &&
		    !op->args[i].name[dot - eq - 1] && op->args[i].type.kind == PVABI_T_STRUCT &&
		    op->args[i].type.index == (int)si)
			break;
	vl = (size_t)(eq - st->bind);
	if (i == op->nargs || vl + 2 > sizeof(var))
		return 0;
	snprintf(var, sizeof(var), "$%.*s", (int)vl, st->bind);
	for (eq = value; (eq = strstr(eq, var)); eq++) /* $w, not $wall */
		if (!(eq[vl + 1] == '_' || (eq[vl + 1] >= 'a' && eq[vl + 1] <= 'z') ||
		      (eq[vl + 1] >= '0' && eq[vl + 1] <= '9')))
			return 1;
	return 0;
}

static int tied_in(const struct pvabi_spec *s, size_t si, const char *field, int r)
{
	size_t i, j, k;

	for (i = 0; i < s->nscenarios; i++) {
		const struct pvabi_scenario *sc = &s->scenarios[i];

		if (!pvabi_life_has(&sc->life, r))
			continue;
		for (j = 0; j < sc->nsteps; j++)
			if (sc->steps[j].kind == PVABI_STEP_CHECK && sc->steps[j].tied)
				for (k = 0; k < j; k++)
					if (binds_into(s, &sc->steps[k], si, field, sc->steps[j].args))
						return 1;
	}
	return 0;
}

void pvabi_check_tied(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	static const struct pvabi_field_rule rule = {
		"TIED_UNDECLARED", wallish, tied_in, " reads as a wall-clock time",
		"no scenario ties it to the host's clock (<check tied=\"wall-ns\">)"
	};

	pvabi_check_fields(s, f, &rule);
}
