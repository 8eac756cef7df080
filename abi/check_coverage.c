/* The coverage pass of `pvabi check` (see coverage.h): OUTPUT_UNCHECKED
 * for every output no vector or scenario checks. A spec without vectors
 * has some twenty unchecked outputs per op and revision: one finding
 * each made a million-op check spend most of its time and memory on
 * warnings nobody reads one by one. Past PVABI_COVERAGE_FOLD they are
 * kept as small records and folded into one finding per op. Coverage is
 * built one revision at a time, so its memory is that of one revision. */
#include "abi/check_grant.h"
#include "abi/coverage.h"
#include "abi/finding.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One unchecked output in one revision, as small as it can be: there
 * may be tens of millions. x is the error (ERROR) or the argument. */
struct unck {
	int op, cmd, rev, x;
	signed int field : 30; /* PVABI_NONE fits: signed, not left to the compiler */
	unsigned int kind : 2;
};

struct pass {
	const struct pvabi_spec *s;
	struct pvabi_findings *f;
	unsigned char *named; /* per op: a coverage waiver names it */
	struct unck *v;
	size_t n, cap;
	size_t *run; /* run[r]: revision r's first record; run[nrevs] = n */
};

static void emit(const struct pvabi_spec *s, const struct pvabi_cov_out *o,
		 struct pvabi_findings *f)
{
	const struct pvabi_op *op = &s->ops[o->op];
	char tgt[512], name[256];

	/* A command's output is reported at the command's line. */
	finding_warn_waivable(f, "OUTPUT_UNCHECKED", o->cmd >= 0 ? &op->cmds[o->cmd].loc : &op->loc, s->revs[o->rev].id,
			      pvabi_coverage_target(s, o, tgt, sizeof(tgt)),
			      "op %s: %s is checked by no vector or scenario", op->name,
			      pvabi_coverage_name(s, o, name, sizeof(name)));
}

static struct pvabi_cov_out out_of(const struct unck *u)
{
	struct pvabi_cov_out o = { 0 };

	o.op = u->op;
	o.cmd = u->cmd;
	o.rev = u->rev;
	o.kind = (enum pvabi_out_kind)u->kind;
	o.error = o.kind == PVABI_OUT_ERROR ? u->x : PVABI_NONE;
	o.arg = o.kind == PVABI_OUT_SCALAR || o.kind == PVABI_OUT_FIELD ? u->x : PVABI_NONE;
	o.field = u->field;
	return o;
}

static int keep(struct pass *p, const struct pvabi_cov_out *o)
{
	struct unck *u;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 256;
		void *v = realloc(p->v, cap * sizeof(*p->v));

		if (!v)
			return -ENOMEM;
		p->v = v;
		p->cap = cap;
	}
	u = &p->v[p->n++];
	u->op = o->op;
	u->cmd = o->cmd;
	u->rev = o->rev;
	u->x = o->kind == PVABI_OUT_ERROR ? o->error : o->arg;
	u->field = o->field;
	u->kind = o->kind;
	return 0;
}

/* Ops a waiver of OUTPUT_UNCHECKED names ("op:NAME.…") keep their
 * findings one by one: a waiver accepts one output in one revision. */
static int mark_named(struct pass *p)
{
	const struct pvabi_spec *s = p->s;
	char name[512];
	size_t j, k;
	int i;

	p->named = calloc(s->nops + 1, 1);
	if (!p->named)
		return -ENOMEM;
	for (j = 0; j < s->nwaivers; j++) {
		const char *t = s->waivers[j].target;

		if (strcmp(s->waivers[j].rule, "OUTPUT_UNCHECKED") || strncmp(t, "op:", 3))
			continue;
		k = strcspn(t + 3, ".");
		if (k >= sizeof(name))
			continue;
		memcpy(name, t + 3, k);
		name[k] = '\0';
		i = pvabi_spec_op(s, name);
		if (i >= 0)
			p->named[i] = 1;
	}
	return 0;
}

static int pass_rev(struct pass *p, int rev)
{
	struct pvabi_coverage c;
	size_t i;
	int rc = 0;

	if (pvabi_coverage_build(p->s, rev, &c))
		return -ENOMEM;
	for (i = 0; i < c.n && !rc; i++) {
		const struct pvabi_cov_out *o = &c.v[i];

		if (o->nby)
			continue;
		if (p->f->coverage_all || p->named[o->op])
			emit(p->s, o, p->f);
		else
			rc = keep(p, o);
	}
	pvabi_coverage_free(&c);
	return rc;
}

/* In the op's order of outputs (its own, then each command's: result,
 * errors, arguments), then by revision. */
static int unck_before(const struct unck *a, const struct unck *b)
{
	int ka = a->kind == PVABI_OUT_SCALAR ? PVABI_OUT_FIELD : (int)a->kind;
	int kb = b->kind == PVABI_OUT_SCALAR ? PVABI_OUT_FIELD : (int)b->kind;

	if (a->cmd != b->cmd)
		return a->cmd < b->cmd;
	if (ka != kb)
		return ka < kb;
	if (a->x != b->x)
		return a->x < b->x;
	if (a->field != b->field)
		return a->field < b->field;
	return a->rev < b->rev;
}

static int cmp_unck(const void *x, const void *y)
{
	const struct unck *a = x, *b = y;

	return unck_before(a, b) ? -1 : unck_before(b, a);
}

static void sort_group(struct unck *v, size_t n)
{
	size_t i, j;

	if (n > 32) {
		qsort(v, n, sizeof(*v), cmp_unck);
		return;
	}
	for (i = 1; i < n; i++) {
		struct unck t = v[i];

		for (j = i; j > 0 && unck_before(&t, &v[j - 1]); j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

struct text {
	char *s;
	size_t n, cap;
	int oom;
};

static void text_add(struct text *t, const char *a)
{
	size_t k = strlen(a);

	if (t->n + k + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		char *s;

		while (t->n + k + 1 > cap)
			cap *= 2;
		s = realloc(t->s, cap);
		if (!s) {
			t->oom = 1;
			return;
		}
		t->s = s;
		t->cap = cap;
	}
	memcpy(t->s + t->n, a, k + 1);
	t->n += k;
}

static int same_output(const struct unck *a, const struct unck *b)
{
	return a->cmd == b->cmd && a->kind == b->kind && a->x == b->x && a->field == b->field;
}

/* "ret [1.0-1.9]", runs of consecutive revisions joined; returns the
 * record after the output's last. */
static size_t output_text(const struct pvabi_spec *s, const struct unck *v, size_t i,
			  size_t end, struct text *t)
{
	struct pvabi_cov_out o = out_of(&v[i]);
	char name[256];
	size_t j = i, k;

	text_add(t, pvabi_coverage_name(s, &o, name, sizeof(name)));
	text_add(t, " [");
	while (j < end && same_output(&v[i], &v[j])) {
		for (k = j; k + 1 < end && same_output(&v[i], &v[k + 1]) &&
			    v[k + 1].rev == v[k].rev + 1; k++)
			;
		text_add(t, j > i ? ", " : "");
		text_add(t, s->revs[v[j].rev].id);
		if (k > j) {
			text_add(t, "-");
			text_add(t, s->revs[v[k].rev].id);
		}
		j = k + 1;
	}
	text_add(t, "]");
	return j;
}

static void fold_op(struct pass *p, int opi, struct unck *v, size_t n)
{
	const struct pvabi_op *op = &p->s->ops[opi];
	struct text t = { NULL, 0, 0, 0 };
	char tgt[512];
	size_t i, outputs = 0;

	sort_group(v, n);
	for (i = 0; i < n; i++)
		outputs += !i || !same_output(&v[i - 1], &v[i]);
	for (i = 0; i < n;) {
		text_add(&t, i ? ", " : "");
		i = output_text(p->s, v, i, n, &t);
	}
	snprintf(tgt, sizeof(tgt), "op:%s", op->name);
	if (t.oom)
		p->f->oom = 1;
	else
		finding_add(p->f, "OUTPUT_UNCHECKED", PVABI_SEV_WARNING, &op->loc, NULL, tgt,
			    "op %s: %zu output%s checked by no vector or scenario: %s", op->name,
			    outputs, outputs == 1 ? " is" : "s are", t.s);
	free(t.s);
}

/* Each revision's records are a run in op order: one cursor per run
 * gathers an op's records from all of them, reading each run in order
 * (a sort or a permutation of tens of millions of records in place was
 * most of the pass). */
static int fold(struct pass *p)
{
	size_t nruns = p->s->nrevs, cap = 64, n, r, *cur = calloc(nruns + 1, sizeof(*cur));
	struct unck *g = malloc(cap * sizeof(*g));
	size_t b;

	if (!cur || !g)
		goto oom;
	memcpy(cur, p->run, nruns * sizeof(*cur));
	for (b = 0; b < p->s->nops && !p->f->oom; b++) {
		for (r = n = 0; r < nruns; r++)
			for (; cur[r] < p->run[r + 1] && p->v[cur[r]].op == (int)b; cur[r]++) {
				if (n == cap) {
					void *v = realloc(g, 2 * cap * sizeof(*g));

					if (!v)
						goto oom;
					g = v;
					cap *= 2;
				}
				g[n++] = p->v[cur[r]];
			}
		if (n)
			fold_op(p, (int)b, g, n);
	}
	free(cur);
	free(g);
	p->f->coverage_folded += p->n;
	return 0;
oom:
	free(cur);
	free(g);
	return -ENOMEM;
}

void pvabi_check_coverage(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	struct pass p = { s, f, NULL, NULL, 0, 0, NULL };
	struct pvabi_cov_out o;
	size_t r, i;
	int rc = mark_named(&p);

	p.run = calloc(s->nrevs + 1, sizeof(*p.run));
	if (!p.run)
		rc = -ENOMEM;
	for (r = 0; r < s->nrevs && !rc; r++) {
		p.run[r] = p.n;
		rc = pass_rev(&p, (int)r);
	}
	if (p.run)
		p.run[s->nrevs] = p.n;
	if (!rc && p.n > PVABI_COVERAGE_FOLD) {
		rc = fold(&p);
	} else {
		for (i = 0; i < p.n && !rc; i++) {
			o = out_of(&p.v[i]);
			emit(s, &o, f);
		}
	}
	if (!rc) {
		pvabi_check_full(s, f);
		pvabi_check_partitions(s, f);
		pvabi_check_bytes(s, f);
		pvabi_check_edges(s, f);
		pvabi_check_batches(s, f);
		pvabi_check_now(s, f);
		pvabi_check_mono(s, f);
		pvabi_check_excludes(s, f);
		pvabi_check_fixed(s, f);
		pvabi_check_caller(s, f);
		pvabi_check_ignored(s, f);
		pvabi_check_tied(s, f);
		pvabi_check_unless(s, f);
	}
	if (rc)
		f->oom = 1;
	else
		f->coverage = 1;
	pvabi_check_feature_changes(s, f);
	free(p.named);
	free(p.run);
	free(p.v);
}
