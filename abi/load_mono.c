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
		m[i].unit = attr(L, c, "unit");
		m[i].khz = attr(L, c, "khz");
		m[i].runs_with = attr(L, c, "runs-with");
		m[i].bounded_by = attr(L, c, "bounded-by");
		m[i].excludes = attr(L, c, "excludes");
		m[i].converts = attr(L, c, "converts");
		m[i].mul = attr(L, c, "mul");
		m[i].shift = attr(L, c, "shift");
		m[i].within_ns = attr(L, c, "within-ns");
		m[i].for_ns = attr(L, c, "for-ns");
		life_of(L, c, &op->life, &m[i].life);
		m[i].doc = doc_of(L, c);
		m[i].loc.file = L->file;
		m[i].loc.line = pvabi_xml_line(c);
		if (!m[i].clock || !*m[i].clock)
			LERR(L, c, "MONOTONIC_INVALID", "op %s: <monotonic> needs clock=", op->name);
		op->nmonos = ++i;
	}
}

/* The unit the clock named counts in: "ns", "khz" (ticks at a
 * frequency an output gives), or NULL when no declaration of it says;
 * its first declaration in the spec into *at. */
static const char *clock_unit(const struct pvabi_spec *s, const char *clock,
			      const struct pvabi_mono **at)
{
	size_t i, k;

	*at = NULL;
	for (i = 0; i < s->nops; i++)
		for (k = 0; k < s->ops[i].nmonos; k++) {
			const struct pvabi_mono *m = &s->ops[i].monos[k];

			if (strcmp(m->clock, clock))
				continue;
			if (!*at)
				*at = m;
			if (m->khz)
				return "khz";
			if (m->unit)
				return m->unit;
		}
	return NULL;
}

static int mono_bad(struct loader *L, const struct pvabi_op *op, const struct pvabi_mono *m,
		    const char *why, const char *what)
{
	pvabi_diag_add(L->d, "MONOTONIC_INVALID", L->file, m->loc.line, "op %s: clock %s: %s%s",
		       op->name, m->clock, why, what ? what : "");
	L->failed = 1;
	return -1;
}

/* A clock judged against another (unit=, khz=, runs-with=,
 * bounded-by=): the clock named exists, counts nanoseconds and is not
 * this one; a bounded output counts what it is bounded by (the same
 * unit: a duration in ns of that clock); the frequency resolves in
 * every revision of the declaration's life. */
static int check_mono_rel(struct loader *L, const struct pvabi_op *op,
			   const struct pvabi_mono *m)
{
	const char *with = m->runs_with ? m->runs_with : m->bounded_by;
	const struct pvabi_mono *ref;
	const char *own = clock_unit(L->s, m->clock, &ref), *unit;

	if (m->unit && strcmp(m->unit, "ns"))
		return mono_bad(L, op, m, "unit= is \"ns\" (or khz= for ticks), not ", m->unit);
	if (m->unit && m->khz)
		return mono_bad(L, op, m, "unit= and khz= both say the unit", NULL);
	if (m->runs_with && m->bounded_by)
		return mono_bad(L, op, m, "runs-with= and bounded-by= both name a clock", NULL);
	if (!with)
		return 0;
	unit = clock_unit(L->s, with, &ref);
	if (!ref)
		return mono_bad(L, op, m, "no <monotonic> declares the clock named ", with);
	if (!strcmp(with, m->clock))
		return mono_bad(L, op, m, "judged against itself", NULL);
	if (!unit || strcmp(unit, "ns"))
		return mono_bad(L, op, m, "the clock it is judged against declares no unit=\"ns\": ",
				with);
	if (!own)
		return mono_bad(L, op, m, "a clock judged against another declares its unit= or khz=",
				NULL);
	if (m->bounded_by && strcmp(own, "ns"))
		return mono_bad(L, op, m, "bounded by a clock of another unit: ", with);
	return 0;
}

/* The states an accumulated duration leaves out (excludes=): words the
 * image can put a vCPU in, on a duration bounded by a clock of ns (the
 * spans are measured in it, and the running span judges the others). */
static void check_mono_excludes(struct loader *L, const struct pvabi_op *op,
				const struct pvabi_mono *m)
{
	unsigned int bits;
	char bad[64];

	if (!m->excludes)
		return;
	if (pvabi_mono_excludes(m->excludes, &bits, bad, sizeof(bad)))
		mono_bad(L, op, m, "excludes= names a state the image cannot enter "
			 "(\"halted\" is one): ", bad);
	else if (!bits)
		mono_bad(L, op, m, "excludes= names no state", NULL);
	else if (!m->bounded_by)
		mono_bad(L, op, m, "excludes= is said of an accumulated duration, one "
			 "with bounded-by=", NULL);
}

static void check_mono_khz(struct loader *L, const struct pvabi_op *op,
			   const struct pvabi_mono *m)
{
	const struct pvabi_op *kop;
	struct pvabi_vec v;
	char err[256];
	int r;

	if (check_mono_rel(L, op, m) || !m->khz)
		return;
	for (r = 0; r < (int)L->s->nrevs; r++)
		if (pvabi_life_has(&m->life, r) && pvabi_life_has(&op->life, r) &&
		    pvabi_mono_khz_resolve(L->s, m, r, &kop, &v, err, sizeof(err))) {
			mono_bad(L, op, m, err, NULL);
			return;
		}
}

/* A snapshot that converts a clock (converts= mul= shift= within-ns=
 * for-ns=, all or none): this clock counts ns and is judged against
 * another (unit="ns" runs-with=), the same call reads the clock it
 * converts as its stamp (another <monotonic> of this op and args), and
 * the multiplier and the shift are fields of the same snapshot in every
 * revision of the declaration's life. */
static void check_mono_converts(struct loader *L, const struct pvabi_op *op,
				const struct pvabi_mono *m)
{
	struct pvabi_vec v;
	char err[256];
	size_t j;
	int r, k;

	if (!m->converts && !m->mul && !m->shift && !m->within_ns && !m->for_ns)
		return;
	if (!m->converts || !m->mul || !m->shift || !m->within_ns || !m->for_ns) {
		mono_bad(L, op, m, "a conversion names converts=, mul=, shift=, within-ns= and "
			 "for-ns= together", NULL);
		return;
	}
	if (!m->unit || strcmp(m->unit, "ns") || !m->runs_with) {
		mono_bad(L, op, m, "a snapshot converts into a clock of ns judged against another "
			 "(unit=\"ns\" runs-with=)", NULL);
		return;
	}
	for (j = 0; j < op->nmonos; j++)
		if (!strcmp(op->monos[j].clock, m->converts) &&
		    !strcmp(op->monos[j].args ? op->monos[j].args : "", m->args ? m->args : ""))
			break;
	if (j == op->nmonos || !strcmp(m->converts, m->clock)) {
		mono_bad(L, op, m, "converts= names no other clock the same call reads (its stamp): ",
			 m->converts);
		return;
	}
	for (r = 0; r < (int)L->s->nrevs; r++)
		for (k = 0; k < 2; k++)
			if (pvabi_life_has(&m->life, r) && pvabi_life_has(&op->life, r) &&
			    pvabi_mono_conv_resolve(L->s, op, m, k, r, &v, err, sizeof(err))) {
				mono_bad(L, op, m, err, NULL);
				return;
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
			check_mono_khz(L, op, m);
			check_mono_excludes(L, op, m);
			check_mono_converts(L, op, m);
		}
	}
}
