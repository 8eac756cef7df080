/* Checker entry points: lifetimes and uniqueness within one spec, the
 * revision-by-revision history, and the spec against its registry. */
#include "abi/compare.h"
#include "abi/finding.h"

#include <stdlib.h>
#include <string.h>

/* --- lifetimes ------------------------------------------------------- */

static const char *rid(const struct pvabi_spec *s, int r)
{
	return r >= 0 && (size_t)r < s->nrevs ? s->revs[r].id : "?";
}

/* A finding's target, "kind:name" or "kind:name.mkind:member" ("op:x.vector"
 * without a member), written only when there is a finding. */
struct target {
	const char *kind, *name, *mkind, *member;
};

static const char *target_str(const struct target *t, char *buf, size_t len)
{
	if (!t->mkind)
		snprintf(buf, len, "%s:%s", t->kind, t->name);
	else if (!t->member)
		snprintf(buf, len, "%s:%s.%s", t->kind, t->name, t->mkind);
	else
		snprintf(buf, len, "%s:%s.%s:%s", t->kind, t->name, t->mkind, t->member);
	return buf;
}

#define TGT(k, n) ((struct target){ (k), (n), NULL, NULL })
#define MTGT(k, n, mk, m) ((struct target){ (k), (n), (mk), (m) })

static void life_check(const struct pvabi_spec *s, const struct pvabi_life *l,
		       const struct pvabi_life *parent, const struct pvabi_loc *loc,
		       struct target t, struct pvabi_findings *f)
{
	const char *why = NULL, *what;
	char buf[256];

	if (l->deprecated >= 0 && l->deprecated < l->since)
		why = "deprecated before it was added";
	else if (l->removed >= 0 && l->removed <= l->since)
		why = "removed no later than it was added";
	else if (l->removed >= 0 && l->deprecated >= 0 && l->deprecated >= l->removed)
		why = "deprecated no earlier than it was removed";
	else if (parent && l->since < parent->since)
		why = "added before its parent existed";
	else if (parent && parent->removed >= 0 && l->since >= parent->removed)
		why = "added after its parent was removed";
	if (!why)
		return;
	what = target_str(&t, buf, sizeof(buf));
	finding_add(f, "HISTORY_NOT_MONOTONIC", PVABI_SEV_BREAKING, loc,
		    rid(s, l->since), what, "%s: %s (since %s%s%s%s%s)", what, why,
		    rid(s, l->since), l->deprecated >= 0 ? ", deprecated " : "",
		    l->deprecated >= 0 ? rid(s, l->deprecated) : "",
		    l->removed >= 0 ? ", removed " : "",
		    l->removed >= 0 ? rid(s, l->removed) : "");
}

/* An error an op or command raises lies within its life like any member
 * (a command's target: "op:x.raises:E" with the command's name for x). */
static void lifetimes_raises(const struct pvabi_spec *s, const struct pvabi_op *op,
			     struct pvabi_findings *f)
{
	size_t i, j;

	for (j = 0; j < op->nerrors; j++)
		life_check(s, &op->raises[j].life, &op->life, &op->raises[j].loc,
			   MTGT("op", op->name, "raises", s->errors[op->errors[j]].name), f);
	for (i = 0; i < op->ncmds; i++)
		for (j = 0; j < op->cmds[i].nerrors; j++)
			life_check(s, &op->cmds[i].raises[j].life, &op->cmds[i].life,
				   &op->cmds[i].raises[j].loc,
				   MTGT("command", op->cmds[i].name, "raises",
					s->errors[op->cmds[i].errors[j]].name), f);
}

static void lifetimes_ops(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	size_t i, j;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		life_check(s, &op->life, NULL, &op->loc, TGT("op", op->name), f);
		for (j = 0; j < op->nargs; j++) {
			life_check(s, &op->args[j].life, &op->life, &op->args[j].loc,
				   MTGT("op", op->name, "arg", op->args[j].name), f);
		}
		for (j = 0; j < op->nvectors; j++) {
			life_check(s, &op->vectors[j].life, &op->life, &op->vectors[j].loc,
				   MTGT("op", op->name, "vector", NULL), f);
		}
		lifetimes_raises(s, op, f);
	}
}

static void lifetimes_types(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	size_t i, j;

	for (i = 0; i < s->nstructs; i++) {
		const struct pvabi_struct *st = &s->structs[i];

		life_check(s, &st->life, NULL, &st->loc, TGT("struct", st->name), f);
		for (j = 0; j < st->nfields; j++) {
			life_check(s, &st->fields[j].life, &st->life, &st->fields[j].loc,
				   MTGT("struct", st->name, "field", st->fields[j].name), f);
		}
	}
	for (i = 0; i < s->nenums; i++) {
		const struct pvabi_enum *e = &s->enums[i];

		life_check(s, &e->life, NULL, &e->loc, TGT("enum", e->name), f);
		for (j = 0; j < e->nvalues; j++) {
			life_check(s, &e->values[j].life, &e->life, &e->values[j].loc,
				   MTGT("enum", e->name, "value", e->values[j].name), f);
		}
	}
	for (i = 0; i < s->nfeatures; i++) {
		life_check(s, &s->features[i].life, NULL, &s->features[i].loc,
			   TGT("feature", s->features[i].name), f);
	}
	for (i = 0; i < s->nerrors; i++) {
		life_check(s, &s->errors[i].life, NULL, &s->errors[i].loc,
			   TGT("error", s->errors[i].name), f);
	}
}

/* --- permanent numbers: op ids, enum values, feature bits, errors ---- */

struct numbered {
	int64_t num;
	const char *name;
	int since;
	const struct pvabi_loc *loc;
};

/* By number, then by history: the first holder of a number is the one
 * added first, whatever its place in the file. */
static int cmp_numbered(const void *x, const void *y)
{
	const struct numbered *a = x, *b = y;

	if (a->num != b->num)
		return a->num < b->num ? -1 : 1;
	if (a->since != b->since)
		return a->since - b->since;
	return a->loc->line - b->loc->line;
}

/* Sorts v and reports every later holder of a number taken earlier in
 * the history, at the revision that reused it: a number, once given,
 * belongs to that name forever. (The revision comparisons leave reuse
 * within one spec to this check, so it is reported once.) */
static void unique_numbers(const struct pvabi_spec *s, struct numbered *v,
			   size_t n, const char *rule, const char *kind,
			   const char *owner, struct pvabi_findings *f)
{
	char tgt[256];
	size_t i, first = 0;

	qsort(v, n, sizeof(*v), cmp_numbered);
	for (i = 1; i < n; i++) {
		if (v[i].num != v[first].num) {
			first = i;
			continue;
		}
		if (!strcmp(v[i].name, v[first].name))
			continue;
		if (owner)
			snprintf(tgt, sizeof(tgt), "%s.%s:%s", owner, kind, v[i].name);
		else
			snprintf(tgt, sizeof(tgt), "%s:%s", kind, v[i].name);
		finding_add(f, rule, PVABI_SEV_BREAKING, v[i].loc, rid(s, v[i].since),
			    tgt, "%s%s%s '%s' reuses %lld, which belongs to '%s' (line %d)",
			    owner ? owner : "", owner ? ": " : "", kind, v[i].name,
			    (long long)v[i].num, v[first].name, v[first].loc->line);
	}
}

static void unique_all(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	size_t max = s->nops, i, j;
	struct numbered *v;
	char owner[160];

	for (i = 0; i < s->nenums; i++)
		if (s->enums[i].nvalues > max)
			max = s->enums[i].nvalues;
	max = max > s->nfeatures ? max : s->nfeatures;
	max = max > s->nerrors ? max : s->nerrors;
	v = calloc(max + 1, sizeof(*v));
	if (!v) {
		f->oom = 1;
		return;
	}
	for (i = 0; i < s->nops; i++)
		v[i] = (struct numbered){ s->ops[i].id, s->ops[i].name,
					  s->ops[i].life.since, &s->ops[i].loc };
	unique_numbers(s, v, s->nops, "OP_ID_REUSED", "op", NULL, f);
	for (i = 0; i < s->nfeatures; i++)
		v[i] = (struct numbered){ s->features[i].bit, s->features[i].name,
					  s->features[i].life.since, &s->features[i].loc };
	unique_numbers(s, v, s->nfeatures, "FEATURE_BIT_REUSED", "feature", NULL, f);
	/* a format 2 alias (EWOULDBLOCK of EAGAIN) shares its value by design */
	for (i = j = 0; i < s->nerrors; i++)
		if (s->format < 2 || s->errors[i].alias_of < 0)
			v[j++] = (struct numbered){ s->errors[i].value, s->errors[i].name,
						    s->errors[i].life.since, &s->errors[i].loc };
	unique_numbers(s, v, j, "ERROR_VALUE_REUSED", "error", NULL, f);
	for (i = 0; i < s->nenums; i++) {
		const struct pvabi_enum *e = &s->enums[i];

		for (j = 0; j < e->nvalues; j++)
			v[j] = (struct numbered){ e->values[j].value, e->values[j].name,
						  e->values[j].life.since, &e->values[j].loc };
		snprintf(owner, sizeof(owner), "enum:%s", e->name);
		unique_numbers(s, v, e->nvalues, "ENUM_VALUE_REUSED", "value", owner, f);
	}
	free(v);
}

/* --- references valid in every revision that uses them --------------- */

static void type_available(const struct pvabi_spec *s, const struct pvabi_type *t,
			   const struct pvabi_life *user, const struct pvabi_loc *loc,
			   struct target tg, struct pvabi_findings *f)
{
	const struct pvabi_life *tl = NULL;
	const char *what;
	char buf[256];

	if (t->kind == PVABI_T_ENUM)
		tl = &s->enums[t->index].life;
	else if (t->kind == PVABI_T_STRUCT)
		tl = &s->structs[t->index].life;
	if (!tl)
		return;
	if (user->since >= tl->since &&
	    (tl->removed < 0 || (user->removed >= 0 && user->removed <= tl->removed)))
		return;
	what = target_str(&tg, buf, sizeof(buf));
	finding_add(f, "TYPE_NOT_IN_REVISION", PVABI_SEV_BREAKING, loc, rid(s, user->since),
		    what, "%s uses %s, which does not exist in every revision where %s does",
		    what, t->name, what);
}

static void references(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	char tgt[256];
	size_t i, j;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		if (!op->ret_void)
			type_available(s, &op->ret, &op->life, &op->loc, TGT("op", op->name), f);
		for (j = 0; j < op->nargs; j++) {
			struct pvabi_life l = op->args[j].life;

			if (l.removed < 0)
				l.removed = op->life.removed;
			type_available(s, &op->args[j].type, &l, &op->args[j].loc,
				       MTGT("op", op->name, "arg", op->args[j].name), f);
		}
		if (op->feature >= 0 &&
		    op->life.since < s->features[op->feature].life.since) {
			snprintf(tgt, sizeof(tgt), "op:%s", op->name);
			finding_add(f, "FEATURE_NOT_IN_REVISION", PVABI_SEV_BREAKING, &op->loc,
				    rid(s, op->life.since), tgt,
				    "op %s is gated by feature %s, which does not exist until %s",
				    op->name, s->features[op->feature].name,
				    rid(s, s->features[op->feature].life.since));
		} else if (op->feature >= 0 && s->features[op->feature].life.removed >= 0 &&
			   (op->life.removed < 0 ||
			    op->life.removed > s->features[op->feature].life.removed)) {
			snprintf(tgt, sizeof(tgt), "op:%s", op->name);
			finding_add(f, "FEATURE_NOT_IN_REVISION", PVABI_SEV_BREAKING, &op->loc,
				    rid(s, s->features[op->feature].life.removed), tgt,
				    "op %s is gated by feature %s, which is removed in %s while the op still exists",
				    op->name, s->features[op->feature].name,
				    rid(s, s->features[op->feature].life.removed));
		}
	}
	for (i = 0; i < s->nstructs; i++)
		for (j = 0; j < s->structs[i].nfields; j++) {
			const struct pvabi_field *fl = &s->structs[i].fields[j];

			type_available(s, &fl->type, &fl->life, &fl->loc,
				       MTGT("struct", s->structs[i].name, "field", fl->name), f);
		}
}

void pvabi_check_history(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	size_t r;

	lifetimes_ops(s, f);
	lifetimes_types(s, f);
	unique_all(s, f);
	references(s, f);
	for (r = 1; r < s->nrevs; r++) {
		struct view a = { s, (int)r - 1 }, b = { s, (int)r };

		compare_views(a, b, CMP_EVOLVE, f);
	}
}
