/* Spec loader: ops whose outcome depends on the calling vCPU
 * (<by-caller>, abi/caller.h). Conformance data, not in the
 * fingerprint: each image makes the vectors a declaration selects again
 * from vCPU 1, so one that would make no call, or a call that cannot be
 * made from there, is refused here, at its line (BY_CALLER_INVALID): a
 * when= that does not resolve or names an argument not passed by value,
 * a declaration that selects no vector in a revision of its life, one
 * on the op that ends the run. */
#include "abi/load_internal.h"
#include "abi/caller.h"

#include <stdio.h>
#include <string.h>

void load_by_callers(struct loader *L, xmlNode *n, struct pvabi_op *op)
{
	struct pvabi_by_caller *b = load_children(L, n, "by-caller", sizeof(*b), op, 1);
	size_t i = 0;
	xmlNode *c;

	if (!b)
		return;
	op->by_callers = b;
	for (c = n->children; c; c = c->next) {
		if (!is_elem(c, "by-caller"))
			continue;
		b[i].when = attr(L, c, "when");
		life_of(L, c, &op->life, &b[i].life);
		b[i].doc = doc_of(L, c);
		b[i].loc.file = L->file;
		b[i].loc.line = pvabi_xml_line(c);
		op->nby_callers = ++i;
	}
}

static void by_caller_bad(struct loader *L, const struct pvabi_op *op,
			  const struct pvabi_by_caller *b, const char *rev, const char *why)
{
	pvabi_diag_add(L->d, "BY_CALLER_INVALID", L->file, b->loc.line,
		       "op %s%s%s: <by-caller%s%s%s>: %s", op->name, rev ? ", revision " : "",
		       rev ? rev : "", b->when ? " when=\"" : "", b->when ? b->when : "",
		       b->when ? "\"" : "", why);
	L->failed = 1;
}

/* Why b selects nothing in rev, or NULL; err holds when='s problem. */
static const char *selects_none(struct loader *L, const struct pvabi_op *op,
				const struct pvabi_by_caller *b, int rev, char *err, size_t errlen)
{
	size_t j;
	int n = 0, rc;

	err[0] = '\0';
	for (j = 0; j < op->nvectors; j++) {
		if (!pvabi_life_has(&op->vectors[j].life, rev))
			continue;
		rc = pvabi_by_caller_selects(L->s, op, b, &op->vectors[j], rev, err, errlen);
		if (rc < 0)
			return err;
		n += rc;
	}
	if (n)
		return NULL;
	snprintf(err, errlen, "selects no vector of the op: nothing would be made from vCPU 1");
	return err;
}

/* Every declaration selects a vector in every revision of its life. */
void check_by_callers(struct loader *L)
{
	char err[256];
	const char *why;
	size_t i, k;
	int r;

	for (i = 0; i < L->s->nops; i++) {
		const struct pvabi_op *op = &L->s->ops[i];

		for (k = 0; k < op->nby_callers; k++) {
			const struct pvabi_by_caller *b = &op->by_callers[k];

			if (op->ends_run) {
				by_caller_bad(L, op, b, NULL, "the op ends the run: its call from "
					      "vCPU 1 would end it");
				continue;
			}
			for (r = 0; r < (int)L->s->nrevs; r++) {
				if (!pvabi_life_has(&b->life, r) || !pvabi_life_has(&op->life, r))
					continue;
				if ((why = selects_none(L, op, b, r, err, sizeof(err)))) {
					by_caller_bad(L, op, b, L->s->revs[r].id, why);
					break;
				}
			}
		}
	}
}
