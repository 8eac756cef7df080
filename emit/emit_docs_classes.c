/* The manual's "Derived checks" of an op: the classes of check derived
 * from the spec's declarations that call it in an image of the manual's
 * revision, read from the tables that image runs (emit_conf_collect,
 * the conformance suite's own collection), so that the list says what
 * the images do, never what a hand-kept list remembers. Call-frame ABIs
 * only: a format 2 suite (emit_conf2*.c) is collected otherwise. */
#include "emit/emit_docs.h"
#include "emit/emit_ctable.h"
#include "guest/rt/conformance.h"

#include <stdlib.h>

/* Each derived origin's name as the image's "# calls: NAME:" lines
 * print it, from the one list both use (guest/rt/conformance.h); the
 * spec's own scenarios are no derived class (docs_class_name). */
#define DOC_NAME(origin, name) [PVABI_CSCEN_##origin] = name,
static const char *const cscen_names[PVABI_CSCEN_ORIGINS] = { PVABI_CSCEN_LIST(DOC_NAME) };
#undef DOC_NAME

/* The probes' classes, past the origins' bits, as the image runs them
 * (guest/rt/suite_probe.c): the fills and the cycles through a table
 * after the scenarios, the outputs fixed for the guest's life read
 * again, the rest (limits, edges, partitions, a platform's limits read
 * again) first. */
enum { PROBES = PVABI_CSCEN_ORIGINS, FILLS, FIXED, NBITS };
_Static_assert(NBITS <= 64, "every class a bit of one mask");
static const char *const probe_names[] = { "limit-probes", "table-fills", "fixed-rereads" };

static int probe_class(const struct pentry *p)
{
	return p->refused == 3 || p->refused == 7 ? FILLS : p->refused == 9 ? FIXED : PROBES;
}

const char *docs_class_name(int origin)
{
	return origin > PVABI_CSCEN_SPEC && origin < PVABI_CSCEN_ORIGINS ? cscen_names[origin] : NULL;
}

static int alive(int since, int until, int rev)
{
	return since <= rev && rev < until;
}

/* Marks, for the op of each call an image of g->rev makes in rev, the
 * class the call is in; known[k]: the index in ops of the k-th op the
 * image knows. */
static void mark(const struct emit_conf *c, int rev, const size_t *known, uint64_t *mask)
{
	const struct ctable *t = &c->t;
	size_t i, s;

	for (i = 0; i < c->sg.n; i++) {
		const struct sgroup *gr = &c->sg.g[i];

		if (!alive(gr->since, gr->until, rev) || !docs_class_name(gr->origin))
			continue;
		for (s = gr->first; s < gr->first + gr->nsteps && s < t->n; s++)
			if (t->e[s].step->kind == PVABI_STEP_CALL && t->e[s].opi < c->nops)
				mask[known[t->e[s].opi]] |= UINT64_C(1) << gr->origin;
	}
	for (i = 0; i < c->pe.n; i++)
		if (alive(c->pe.p[i].since, c->pe.p[i].until, rev) && c->pe.p[i].opi < c->nops)
			mask[known[c->pe.p[i].opi]] |= UINT64_C(1) << probe_class(&c->pe.p[i]);
}

uint64_t *docs_classes_new(const struct pvabi_gen *g, const struct pvabi_op **ops, size_t n)
{
	const struct pvabi_spec *s = g->spec;
	struct pvabi_diags d = { 0 };
	struct pvabi_gen own = *g;
	struct emit_conf c;
	uint64_t *mask;
	size_t *known, i, k = 0;
	int ok = 0;

	/* a spec no image can be made of is the conformance target's to
	 * report (its diagnostics are dropped here): the manual then says
	 * nothing of derived checks */
	if (s->default_conv < 0 || s->convs[s->default_conv].kind != PVABI_CONV_CALL_FRAME)
		return NULL;
	mask = calloc(n + 1, sizeof(*mask));
	known = calloc(n + 1, sizeof(*known));
	own.d = &d;
	if (!mask || !known)
		goto fail;
	for (i = 0; i < n; i++)
		if (emit_known(g, ops[i]))
			known[k++] = i;
	if (emit_conf_collect(&c, &own, ops, n) == 0) {
		mark(&c, g->rev, known, mask);
		ok = 1;
	}
	emit_conf_free(&c);
fail:
	free(known);
	pvabi_diag_free(&d);
	if (!ok) {
		free(mask);
		return NULL;
	}
	return mask;
}

void docs_classes(struct docw *w, const struct pvabi_gen *g, uint64_t mask)
{
	int i, n = 0;

	dw_subheading(w, "Derived checks");
	w->ops->para(w);
	if (!mask) {
		dw_textf(w, "No class of check derived from the declarations calls it in a "
			    "conformance image of revision %s made from this spec.",
			 g->spec->revs[g->rev].id);
		w->ops->para_end(w);
		return;
	}
	dw_textf(w, "The classes of check derived from the declarations that call it in a "
		    "conformance image of revision %s made from this spec, by the names of their "
		    "lines in the image's cost report (", g->spec->revs[g->rev].id);
	dw_code(w, "# calls: NAME:");
	dw_text(w, "): ");
	for (i = PROBES; i < NBITS; i++)
		if (mask >> i & 1) {
			dw_text(w, n++ ? ", " : "");
			dw_code(w, probe_names[i - PROBES]);
		}
	for (i = PVABI_CSCEN_SPEC + 1; i < PVABI_CSCEN_ORIGINS; i++)
		if (mask >> i & 1) {
			dw_text(w, n++ ? ", " : "");
			dw_code(w, cscen_names[i]);
		}
	dw_text(w, ".");
	w->ops->para_end(w);
}
