/* The readings of the outputs that never go back (<monotonic>,
 * abi/mono.h) for a conformance image: each declaration of an op the
 * image knows, resolved as a vector in every revision of its life up
 * to the image's, one table row per run of revisions it resolves the
 * same in. The guest runtime (guest/rt/suite_mono.c) makes them. */
#include "emit/emit.h"
#include "emit/emit_ctable.h"
#include "abi/mono.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct emono {
	size_t entry;    /* the ctable entry of its reading call */
	const struct pvabi_op *op;
	const struct pvabi_mono *m;
	int how;         /* PVABI_CMONO_*: judged against `with' */
	const char *with;
	unsigned int excludes; /* PVABI_MONO_EXCL_* of the clock's relation */
};

enum { HOW_PLAIN, HOW_RUNS, HOW_BOUNDED, HOW_FREQ, HOW_MUL, HOW_SHIFT };

struct emit_monos {
	struct emono *p;
	size_t n, cap;
};

static int mono_push(struct emit_monos *mo, size_t entry, const struct pvabi_op *op,
		     const struct pvabi_mono *m, int how)
{
	if (mo->n == mo->cap) {
		size_t cap = mo->cap ? mo->cap * 2 : 8;
		struct emono *p = realloc(mo->p, cap * sizeof(*p));

		if (!p)
			return -1;
		mo->p = p;
		mo->cap = cap;
	}
	mo->p[mo->n].entry = entry;
	mo->p[mo->n].op = op;
	mo->p[mo->n].how = how;
	mo->p[mo->n].with = NULL;
	mo->p[mo->n].excludes = 0;
	mo->p[mo->n++].m = m;
	return 0;
}

/* The declaration that relates clock to another (runs-with=,
 * bounded-by=): a property of the clock, so every reading of it is
 * judged, the TSC MSR's and time_info's TSC alike. */
static const struct pvabi_mono *clock_rel(const struct pvabi_spec *s, const char *clock)
{
	size_t i, k;

	for (i = 0; i < s->nops; i++)
		for (k = 0; k < s->ops[i].nmonos; k++)
			if (!strcmp(s->ops[i].monos[k].clock, clock) &&
			    (s->ops[i].monos[k].runs_with || s->ops[i].monos[k].bounded_by))
				return &s->ops[i].monos[k];
	return NULL;
}

/* How a declaration's row reads in revision r: the vector, and the op
 * whose call makes it (the declaration's own, or, for a frequency, the
 * op the spec names). shift picks a conversion's shift over its
 * multiplier. */
typedef int (*mono_resolve_fn)(const struct pvabi_spec *s, const struct pvabi_op *op,
			       const struct pvabi_mono *m, int shift, int r,
			       const struct pvabi_op **call, struct pvabi_vec *v, char *err,
			       size_t n);

static int resolve_plain(const struct pvabi_spec *s, const struct pvabi_op *op,
			 const struct pvabi_mono *m, int shift, int r,
			 const struct pvabi_op **call, struct pvabi_vec *v, char *err, size_t n)
{
	(void)shift;
	*call = op;
	return pvabi_mono_resolve(s, op, m, r, v, err, n);
}

static int resolve_conv(const struct pvabi_spec *s, const struct pvabi_op *op,
			const struct pvabi_mono *m, int shift, int r,
			const struct pvabi_op **call, struct pvabi_vec *v, char *err, size_t n)
{
	*call = op;
	return pvabi_mono_conv_resolve(s, op, m, shift, r, v, err, n);
}

static int resolve_freq(const struct pvabi_spec *s, const struct pvabi_op *op,
			const struct pvabi_mono *m, int shift, int r,
			const struct pvabi_op **call, struct pvabi_vec *v, char *err, size_t n)
{
	(void)op;
	(void)shift;
	return pvabi_mono_khz_resolve(s, m, r, call, v, err, n);
}

/* One kind of row of a declaration: its op (whose life bounds the rows;
 * NULL: the declaration's life alone, the call the resolver's), how the
 * runtime judges them, their label. */
struct mono_rows {
	const struct pvabi_op *op;
	size_t opi;
	const struct pvabi_op **ops; /* the image's ops, to index another op's call */
	size_t nops;
	const struct pvabi_mono *m;
	int shift, how;
	const char *label;
	mono_resolve_fn resolve;
};

/* The rows of w in every revision up to the image's, one per run of
 * revisions they resolve the same in. */
static int mono_rows_add(struct ctable *t, struct emit_monos *mo, const struct pvabi_gen *g,
			 const struct mono_rows *w)
{
	const struct pvabi_op *call;
	struct pvabi_vec v;
	char err[256];
	long last = -1;
	size_t before, opi;
	int r;

	for (r = 0; r <= g->rev; r++) {
		if ((w->op && !pvabi_life_has(&w->op->life, r)) ||
		    !pvabi_life_has(&w->m->life, r)) {
			last = -1;
			continue;
		}
		if (w->resolve(g->spec, w->op, w->m, w->shift, r, &call, &v, err, sizeof(err))) {
			pvabi_diag_add(g->d, "MONOTONIC_INVALID", w->m->loc.file, w->m->loc.line, "%s",
				       err);
			return -1;
		}
		opi = w->op ? w->opi
			    : emit_known_index(g, w->ops, w->nops, (int)(call - g->spec->ops));
		before = t->n;
		if (emit_vec_entry(t, g, call, opi, NULL, w->label, &v, r, &last, &w->m->loc))
			return -1;
		if (t->n > before) {
			t->e[last].mono = 1;
			if (mono_push(mo, (size_t)last, call, w->m, w->how))
				return -1;
		}
	}
	return 0;
}

/* The reading of the frequency of a clock in ticks (khz=), once per
 * clock, as rows the runtime reads but does not judge. */
static int freq_rows(struct ctable *t, struct emit_monos *mo, const struct pvabi_gen *g,
		     const struct pvabi_op **ops, size_t nops, const struct pvabi_mono *m)
{
	char label[200];
	struct mono_rows w = { NULL, 0, ops, nops, m, 0, HOW_FREQ, label, resolve_freq };

	snprintf(label, sizeof(label), "%s (frequency of clock %s)", m->khz, m->clock);
	return mono_rows_add(t, mo, g, &w);
}

/* The multiplier and the shift of a snapshot that converts a clock
 * (converts=), read from the same call as the clock's rows: rows the
 * runtime reads (guest/rt/suite_conv.c) but does not judge. */
static int conv_rows(struct ctable *t, struct emit_monos *mo, const struct pvabi_gen *g,
		     const struct pvabi_op *op, size_t opi, const struct pvabi_mono *m)
{
	char label[200];
	struct mono_rows w = { op, opi, NULL, 0, m, 0, HOW_MUL, label, resolve_conv };
	int k;

	for (k = 0; k < 2; k++) {
		snprintf(label, sizeof(label), "%s %s (%s of clock %s)", op->name,
			 k ? m->shift : m->mul, k ? "shift" : "multiplier", m->clock);
		w.shift = k;
		w.how = k ? HOW_SHIFT : HOW_MUL;
		if (mono_rows_add(t, mo, g, &w))
			return -1;
	}
	return 0;
}

/* One declaration in every revision up to the image's; each of its rows
 * judged against the clock its clock runs with or is bounded by. */
static int mono_one(struct ctable *t, struct emit_monos *mo, const struct pvabi_gen *g,
		    const struct pvabi_op *op, size_t opi, const struct pvabi_mono *m)
{
	const struct pvabi_mono *rel = clock_rel(g->spec, m->clock);
	int how = !rel ? HOW_PLAIN : rel->runs_with ? HOW_RUNS : HOW_BOUNDED;
	char err[256], label[200];
	struct mono_rows w = { op, opi, NULL, 0, m, 0, how, label, resolve_plain };
	size_t i, first = mo->n;

	snprintf(label, sizeof(label), "%s %s%s%s", op->name, m->value, m->args ? " " : "",
		 m->args ? m->args : "");
	if (mono_rows_add(t, mo, g, &w))
		return -1;
	for (i = first; rel && i < mo->n; i++) {
		mo->p[i].with = rel->runs_with ? rel->runs_with : rel->bounded_by;
		/* the loader refused a word it does not know */
		if (rel->excludes &&
		    pvabi_mono_excludes(rel->excludes, &mo->p[i].excludes, err, sizeof(err)))
			mo->p[i].excludes = 0;
	}
	return 0;
}

int emit_mono_collect(struct ctable *t, struct emit_monos **out, const struct pvabi_gen *g,
		      const struct pvabi_op **ops, size_t nops)
{
	struct emit_monos *mo = calloc(1, sizeof(*mo));
	size_t i, k, opi = 0;
	int rc = 0;

	*out = mo;
	if (!mo)
		return -1;
	for (i = 0; i < nops; i++) {
		if (!emit_known(g, ops[i]))
			continue;
		for (k = 0; k < ops[i]->nmonos; k++) {
			rc |= mono_one(t, mo, g, ops[i], opi, &ops[i]->monos[k]);
			if (ops[i]->monos[k].khz)
				rc |= freq_rows(t, mo, g, ops, nops, &ops[i]->monos[k]);
			if (ops[i]->monos[k].converts)
				rc |= conv_rows(t, mo, g, ops[i], opi, &ops[i]->monos[k]);
		}
		opi++;
	}
	return rc;
}

void emit_mono_print(FILE *f, const struct ctable *t, const struct emit_monos *mo)
{
	size_t i, n = mo ? mo->n : 0;

	fputs("/* name, clock, op, revisions [since, until), args, checks, nargs, nchecks,\n"
	      " * how it is judged against the clock with (PVABI_CMONO_*), with,\n"
	      " * the states it leaves out (PVABI_CMONO_EXCL_*),\n"
	      " * the clock a snapshot converts and its tolerance and life in ns */\n"
	      "static const struct pvabi_cmono monos[] = {\n", f);
	for (i = 0; i < n; i++) {
		const struct centry *e = &t->e[mo->p[i].entry];
		const struct pvabi_mono *m = mo->p[i].m;
		int conv = m->converts && mo->p[i].how < HOW_FREQ;
		struct sbuf q = { 0 };

		/* the args are the spec's text: quoted as C */
		c_string(&q, sb_str(&e->label), e->label.n);

		fprintf(f, "\t{ %s, \"%s\", %zu, %d, %d, %zu, %zu, %zu, %zu, %d, %s%s%s, %s, %s%s%s, "
			"UINT64_C(%s), UINT64_C(%s) },\n",
			q.p ? sb_str(&q) : "\"\"", mo->p[i].m->clock, e->opi, e->since, e->until,
			e->argoff, e->chkoff, e->nargs, e->nchecks, mo->p[i].how,
			mo->p[i].with ? "\"" : "", mo->p[i].with ? mo->p[i].with : "0",
			mo->p[i].with ? "\"" : "",
			mo->p[i].excludes & PVABI_MONO_EXCL_HALTED ? "PVABI_CMONO_EXCL_HALTED" : "0",
			conv ? "\"" : "", conv ? m->converts : "0", conv ? "\"" : "",
			conv ? m->within_ns : "0", conv ? m->for_ns : "0");
		free(q.p);
	}
	if (!n)
		fputs("\t{ 0 }\n", f);
	fprintf(f, "};\n\n#define NMONOS %zuu\n\n", n);
}

void emit_mono_free(struct emit_monos *mo)
{
	if (mo)
		free(mo->p);
	free(mo);
}
