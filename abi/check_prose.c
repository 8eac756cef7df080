/* A promise an op's or a struct field's prose makes that no declaration
 * names (the *_UNDECLARED warnings): the doc is searched for
 * the phrases the spec's docs use for the promise, in any case, and
 * every revision the op lives in without a declaration alive gets a
 * waivable warning. A doc that uses a phrase of something else takes a
 * waiver with the reason. */
#include "abi/coverage.h"
#include "abi/finding.h"

#include <ctype.h>
#include <stdio.h>

/* Whether doc holds phrase (lower case), in any case. */
static int holds(const char *doc, const char *phrase)
{
	const char *p;
	size_t i;

	for (p = doc; p && *p; p++) {
		for (i = 0; phrase[i] && tolower((unsigned char)p[i]) == phrase[i]; i++)
			;
		if (!phrase[i])
			return 1;
	}
	return 0;
}

int pvabi_prose_says(const char *doc, const char *const *phrases)
{
	for (; *phrases; phrases++)
		if (holds(doc, *phrases))
			return 1;
	return 0;
}

void pvabi_check_fields(const struct pvabi_spec *s, struct pvabi_findings *f,
			const struct pvabi_field_rule *rule)
{
	char tgt[300];
	size_t i, j;
	int r;

	for (i = 0; s->format < 2 && i < s->nstructs; i++)
		for (j = 0; j < s->structs[i].nfields; j++) {
			const struct pvabi_field *fl = &s->structs[i].fields[j];

			if (!rule->says(fl))
				continue;
			for (r = 0; r < (int)s->nrevs; r++) {
				if (!pvabi_life_has(&s->structs[i].life, r) ||
				    !pvabi_life_has(&fl->life, r) || rule->declared(s, i, fl->name, r))
					continue;
				snprintf(tgt, sizeof(tgt), "struct:%s.field:%s", s->structs[i].name,
					 fl->name);
				finding_warn_waivable(f, rule->id, &fl->loc, s->revs[r].id, tgt,
						      "struct %s: field '%s'%s, but %s",
						      s->structs[i].name, fl->name, rule->says_text,
						      rule->missing);
			}
		}
}

/* The commands of op whose doc holds a phrase (format 2), each warned
 * at its own line in every revision it lives in undeclared. */
static void commands(const struct pvabi_spec *s, struct pvabi_findings *f,
		     const struct pvabi_prose_rule *rule, const struct pvabi_op *op)
{
	char tgt[300];
	size_t i;
	int r;

	for (i = 0; rule->cmd_declared && i < op->ncmds; i++) {
		const struct pvabi_cmd *k = &op->cmds[i];

		if (!pvabi_prose_says(k->doc, rule->phrases))
			continue;
		for (r = 0; r < (int)s->nrevs; r++) {
			if (!pvabi_life_has(&op->life, r) || !pvabi_life_has(&k->life, r) ||
			    rule->cmd_declared(k, r))
				continue;
			snprintf(tgt, sizeof(tgt), "op:%s.%s", op->name, k->name);
			finding_warn_waivable(f, rule->id, &k->loc, s->revs[r].id, tgt,
					      "op %s: command %s: its doc says %s, but no %s",
					      op->name, k->name, rule->says, rule->missing);
		}
	}
}

/* Whether the doc of an argument of op holds a phrase. */
static int args_say(const struct pvabi_op *op, const char *const *phrases)
{
	size_t i;

	for (i = 0; i < op->nargs; i++)
		if (pvabi_prose_says(op->args[i].doc, phrases))
			return 1;
	return 0;
}

void pvabi_check_prose(const struct pvabi_spec *s, struct pvabi_findings *f,
		       const struct pvabi_prose_rule *rule)
{
	char tgt[300];
	size_t i;
	int r;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		commands(s, f, rule, op);
		if (!pvabi_prose_says(op->doc, rule->phrases) && !(rule->arg_docs && args_say(op, rule->phrases)))
			continue;
		for (r = 0; r < (int)s->nrevs; r++) {
			if (!pvabi_life_has(&op->life, r) || rule->declared(op, r))
				continue;
			snprintf(tgt, sizeof(tgt), "op:%s", op->name);
			finding_warn_waivable(f, rule->id, &op->loc, s->revs[r].id, tgt,
					      "op %s: its doc says %s, but no %s", op->name,
					      rule->says, rule->missing);
		}
	}
}
