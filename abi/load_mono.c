/* Spec loader: an op's outputs that never go back (<monotonic>,
 * abi/mono.h). Conformance data, not in the fingerprint: every image
 * reads each declaration after the calls that may reset platform
 * state, so one no image could read is refused here, at its line
 * (MONOTONIC_INVALID): a value that is no unsigned count, a reading
 * call that does not resolve, a revision outside the op's life. */
#include "abi/load_internal.h"
#include "abi/mono.h"

void load_monos(struct loader *L, xmlNode *n, struct pvabi_op *op)
{
	struct pvabi_mono *m = load_children(L, n, "monotonic", sizeof(*m), op, 1);
	size_t i = 0;
	xmlNode *c;

	if (!m)
		return;
	op->monos = m;
	for (c = n->children; c; c = c->next) {
		if (!is_elem(c, "monotonic"))
			continue;
		m[i].value = attr(L, c, "value");
		m[i].clock = attr(L, c, "clock");
		m[i].args = attr(L, c, "args");
		life_of(L, c, &op->life, &m[i].life);
		m[i].doc = doc_of(L, c);
		m[i].loc.file = L->file;
		m[i].loc.line = pvabi_xml_line(c);
		if (!m[i].clock || !*m[i].clock)
			LERR(L, c, "MONOTONIC_INVALID", "op %s: <monotonic> needs clock=", op->name);
		op->nmonos = ++i;
	}
}

/* Every declaration resolves to a reading in every revision of its
 * life, and one op does not read one clock twice with the same args
 * (the second would only repeat the first). */
void check_monos(struct loader *L)
{
	struct pvabi_vec v;
	char err[256];
	size_t i, k, j;
	int r;

	for (i = 0; i < L->s->nops; i++) {
		const struct pvabi_op *op = &L->s->ops[i];

		for (k = 0; k < op->nmonos; k++) {
			const struct pvabi_mono *m = &op->monos[k];

			for (j = 0; j < k; j++)
				if (!strcmp(op->monos[j].value ? op->monos[j].value : "",
					    m->value ? m->value : "") &&
				    !strcmp(op->monos[j].args ? op->monos[j].args : "",
					    m->args ? m->args : ""))
					break;
			if (j < k) {
				pvabi_diag_add(L->d, "MONOTONIC_INVALID", L->file, m->loc.line,
					       "op %s: value=%s is declared twice with the same args",
					       op->name, m->value ? m->value : "");
				L->failed = 1;
				continue;
			}
			for (r = 0; r < (int)L->s->nrevs; r++) {
				if (!pvabi_life_has(&m->life, r) || !pvabi_life_has(&op->life, r))
					continue;
				if (pvabi_mono_resolve(L->s, op, m, r, &v, err, sizeof(err))) {
					pvabi_diag_add(L->d, "MONOTONIC_INVALID", L->file, m->loc.line,
						       "op %s, revision %s: %s", op->name,
						       L->s->revs[r].id, err);
					L->failed = 1;
					break;
				}
			}
		}
	}
}
