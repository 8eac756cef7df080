/* Spec loader: <now> of a format 2 command or by-value argument
 * (abi/now2.h). The deadline is a field of the command's data or the
 * argument itself (set_timer_op's timeout), the mode other fields or
 * arguments, the clock a pvclock record the observer's page holds, and
 * a past value may answer by platform release (past="error=ETIME
 * fires@4.17.3"). Read with the command or argument; resolved against
 * the observing scenario in every revision it lives in once layouts
 * exist (check_nows2), so a declaration no probe could honour is
 * refused at its line (NOW_INVALID). */
#include "abi/load_internal.h"
#include "abi/edge.h"
#include "abi/now2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A release id: M.m.p, digits. */
static int release_ok(const char *r)
{
	int dots = 0;

	if (!r || !*r || *r == '.')
		return 0;
	for (; *r; r++) {
		if (*r == '.' && (r[1] == '.' || !r[1]))
			return 0;
		if (*r != '.' && (*r < '0' || *r > '9'))
			return 0;
		dots += *r == '.';
	}
	return dots == 2;
}

/* past= as answers by release: "ANSWER[@R] ...", the first without a
 * release, each later one from a release above the one before. Error
 * names are resolved in check_nows2. NULL, or what is wrong. */
static const char *pasts_of(struct loader *L, struct pvabi_now *n)
{
	char buf[256], *save = NULL, *w;

	n->npasts = 0;
	if (!n->past || strlen(n->past) >= sizeof(buf))
		return n->past ? "past= is too long" : NULL;
	memcpy(buf, n->past, strlen(n->past) + 1);
	for (w = strtok_r(buf, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		struct pvabi_now_past *p = &n->pasts[n->npasts];
		char *at = strchr(w, '@');

		if (n->npasts == PVABI_NOW_MAX_PASTS)
			return "past= lists more than 4 answers";
		if (at)
			*at++ = '\0';
		if (strcmp(w, "fires") && (strncmp(w, "error=", 6) || !w[6]))
			return "past= lists fires or error=NAME, each after the first with @RELEASE";
		if (!at != !n->npasts)
			return "past=: every answer but the first names the release it holds from (@M.m.p)";
		if (at && !release_ok(at))
			return "past=: a release is M.m.p";
		if (at && n->npasts > 1 && strverscmp(at, n->pasts[n->npasts - 1].from) <= 0)
			return "past=: the releases go up";
		p->error = PVABI_NONE;
		p->name = pvabi_arena_strdup(L->a, strcmp(w, "fires") ? w + 6 : w);
		p->from = at ? pvabi_arena_strdup(L->a, at) : NULL;
		if (!p->name || (at && !p->from))
			return L->failed = 1, "out of memory";
		n->npasts++;
	}
	return n->npasts ? NULL : "past= is empty";
}

/* What a format 2 declaration needs besides format 1's shape. */
static const char *shape2(const struct pvabi_now *n, const char *zero)
{
	if (!n->field || !n->record)
		return "a command's <now> needs field= (the data field) and record= (the pvclock record)";
	if (n->clock)
		return "a command's clock is its record=, not an op (clock=)";
	if (n->is == PVABI_NOW_ABSOLUTE && !n->past)
		return "absolute needs past=: what a value at or before now does";
	if (n->is == PVABI_NOW_RELATIVE && n->past)
		return "relative takes no past=: no value of it is before now";
	if (zero && strcmp(zero, "cancels"))
		return "zero= is cancels";
	if (!n->observe || !n->seen)
		return "observe= and seen= are required";
	return NULL;
}

/* One declaration; `what` names its place ("command set", "arg
 * 'timeout'") and life its parent's. */
static int now2_one(struct loader *L, xmlNode *c, const struct pvabi_op *op, const char *what,
		    const struct pvabi_life *life, const char *value, struct pvabi_now *n)
{
	const char *is = attr_view(L, c, "is"), *zero = attr_view(L, c, "zero"), *why = NULL;
	int kind = pvabi_now_is_parse(is);

	memset(n, 0, sizeof(*n));
	n->when = attr(L, c, "when");
	n->clock = attr(L, c, "clock");
	n->clock_op = n->past_error = n->observe_sc = n->seen_step = PVABI_NONE;
	n->past = attr(L, c, "past");
	n->cancels = zero != NULL;
	n->observe = attr(L, c, "observe");
	n->seen = attr(L, c, "seen");
	n->field = attr(L, c, "field");
	n->record = attr(L, c, "record");
	life_of(L, c, life, &n->life);
	n->doc = doc_of(L, c);
	n->loc.file = L->file;
	n->loc.line = pvabi_xml_line(c);
	n->is = kind < 0 ? PVABI_NOW_ABSOLUTE : (enum pvabi_now_is)kind;
	/* a by-value argument's value is the argument itself */
	if (value && n->field)
		why = "a by-value argument's <now> is about the argument: no field=";
	else if (value)
		n->field = value;
	if (!why)
		why = kind < 0 ? "is= is absolute or relative" : shape2(n, zero);
	if (!why && (load_now_ns(L, c, "early", &n->early) || load_now_ns(L, c, "late", &n->late)))
		why = "early= and late= are nanoseconds";
	if (!why)
		why = pasts_of(L, n);
	if (why)
		LERR(L, c, "NOW_INVALID", "op %s: %s: now: %s", op->name, what, why);
	return why ? -1 : 0;
}

/* The <now> children of x, each read by now2_one. */
static struct pvabi_now *nows_of(struct loader *L, xmlNode *x, const struct pvabi_op *op,
				 const char *what, const struct pvabi_life *life,
				 const char *value, size_t *count)
{
	struct pvabi_now *n;
	size_t i = 0, want = count_children(x, "now");
	xmlNode *c;

	*count = 0;
	if (!want)
		return NULL;
	if (!(n = pvabi_arena_array(L->a, want, sizeof(*n)))) {
		L->failed = 1;
		return NULL;
	}
	for (c = x->children; c; c = c->next)
		if (is_elem(c, "now") && !now2_one(L, c, op, what, life, value, &n[i]))
			i++;
	*count = i;
	return n;
}

void load_cmd_nows(struct loader *L, xmlNode *c, const struct pvabi_op *op, struct pvabi_cmd *k)
{
	char what[160];

	snprintf(what, sizeof(what), "command %s", k->name ? k->name : "");
	k->nows = nows_of(L, c, op, what, &k->life, NULL, &k->nnows);
}

/* A by-value argument's: an unsigned integer (of an op without
 * commands, which check_nows2 holds: a command's mode and value are
 * fields of its data). */
void load_arg_nows2(struct loader *L, xmlNode *x, const struct pvabi_op *op, struct pvabi_arg *a)
{
	char what[160];

	if (!count_children(x, "now"))
		return;
	snprintf(what, sizeof(what), "arg '%s'", a->name ? a->name : "");
	if (a->dir != PVABI_BY_VALUE || a->type.kind != PVABI_T_PRIM ||
	    !pvabi_edge_unsigned(a->type.prim)) {
		LERR(L, x, "NOW_INVALID", "op %s: %s: now is for an unsigned integer passed by value",
		     op->name, what);
		return;
	}
	a->nows = nows_of(L, x, op, what, &a->life, a->name, &a->nnows);
}

/* One declaration in revision r: NULL, or what is wrong (into err). */
static const char *now2_check(struct loader *L, int op, int cmd, struct pvabi_now *n, int r,
			      char *err, size_t len)
{
	struct pvabi_now2 p;
	size_t i;

	for (i = 0; i < n->npasts; i++) {
		if (!strcmp(n->pasts[i].name, "fires"))
			continue;
		n->pasts[i].error = pvabi_spec_error(L->s, n->pasts[i].name);
		if (n->pasts[i].error < 0 || !pvabi_life_has(&L->s->errors[n->pasts[i].error].life, r))
			return snprintf(err, len, "past= names an error the revision does not define"),
			       err;
	}
	n->past_error = n->npasts ? n->pasts[0].error : PVABI_NONE;
	if (pvabi_now2_resolve(L->s, op, cmd, n, r, &p, err, len))
		return err;
	n->observe_sc = (int)(p.sc - L->s->scenarios);
	n->seen_step = (int)p.seen_step;
	pvabi_now2_free(&p);
	return NULL;
}

/* Every revision the declaration and its parent (life) live in. */
static void check_one(struct loader *L, int op, int cmd, struct pvabi_now *n,
		      const struct pvabi_life *life, const char *what)
{
	char err[300];
	const char *why = NULL;
	int r;

	if (cmd == PVABI_NONE && L->s->ops[op].cmd_arg >= 0)
		why = strcpy(err, "an op with commands declares <now> on a command's data, not on "
				  "its arguments");
	for (r = 0; r < (int)L->s->nrevs && !why; r++)
		if (pvabi_life_has(&n->life, r) && pvabi_life_has(life, r))
			why = now2_check(L, op, cmd, n, r, err, sizeof(err));
	if (!why)
		return;
	if (r)
		pvabi_diag_add(L->d, "NOW_INVALID", n->loc.file, n->loc.line,
			       "op %s: %s: now, revision %s: %s", L->s->ops[op].name, what,
			       L->s->revs[r - 1].id, why);
	else
		pvabi_diag_add(L->d, "NOW_INVALID", n->loc.file, n->loc.line, "op %s: %s: now: %s",
			       L->s->ops[op].name, what, why);
	L->failed = 1;
}

void check_nows2(struct loader *L)
{
	char what[160];
	size_t i, k, j;

	for (i = 0; i < L->s->nops; i++) {
		const struct pvabi_op *op = &L->s->ops[i];

		for (k = 0; k < op->ncmds; k++)
			for (j = 0; j < op->cmds[k].nnows; j++) {
				snprintf(what, sizeof(what), "command %s", op->cmds[k].name);
				check_one(L, (int)i, (int)k, (struct pvabi_now *)&op->cmds[k].nows[j],
					  &op->cmds[k].life, what);
			}
		for (k = 0; k < op->nargs; k++)
			for (j = 0; j < op->args[k].nnows; j++) {
				snprintf(what, sizeof(what), "arg '%s'", op->args[k].name);
				check_one(L, (int)i, PVABI_NONE, (struct pvabi_now *)&op->args[k].nows[j],
					  &op->args[k].life, what);
			}
	}
}
