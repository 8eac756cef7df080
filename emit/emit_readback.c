/* Every value a write accepts, read back: for each argument that names
 * the op reading back the state it writes (restore-from=, abi/
 * load_release.c), each value a declaration says the write accepts (a
 * valid range edge's points, a partition member expecting success) is
 * written and then read back through that op and compared equal, the
 * register put back as it was read. The answer alone cannot show a
 * value stored with the wrong width or sign: such a write returns 0 and
 * reads back otherwise at the top of a 32-bit range (0xffffffff
 * sign-extended, a 64-bit value cut to 32 or 48 bits). Nothing new is
 * declared: the edges and partitions already say which values the write
 * takes, restore-from= how to read them. docs/spec-language.md#every-
 * value-a-write-accepts-read-back. */
#include "emit/emit_derive.h"
#include "abi/edge.h"
#include "abi/partition.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One write to read back, alive in revisions [since, until). */
struct rb_probe {
	char *args, *expect, *label;
	int since, until;
};

struct rb_list {
	struct rb_probe *v;
	size_t n, cap;
	int oom;
};

/* Adds the write (args, expect) of revision rev, or extends the probe
 * it continues from rev - 1; one already alive in rev is not repeated
 * (a partition member and an edge point of the same value). */
static void rb_add(struct rb_list *l, const char *args, const char *expect, const char *label,
		   int rev)
{
	struct rb_probe *p;
	size_t i;

	for (i = 0; i < l->n; i++) {
		p = &l->v[i];
		if (strcmp(p->args, args) || strcmp(p->expect, expect))
			continue;
		if (rev >= p->since && rev < p->until)
			return;
		if (rev == p->until) {
			p->until++;
			return;
		}
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		struct rb_probe *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			l->oom = 1;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	p = &l->v[l->n];
	p->args = strdup(args);
	p->expect = strdup(expect);
	p->label = strdup(label);
	p->since = rev;
	p->until = rev + 1;
	if (!p->args || !p->expect || !p->label) {
		free(p->args);
		free(p->expect);
		free(p->label);
		l->oom = 1;
		return;
	}
	l->n++;
}

const struct pvabi_vector *emit_readback_base(const struct pvabi_op *op, int rev)
{
	size_t i;

	for (i = 0; i < op->nvectors; i++)
		if (pvabi_life_has(&op->vectors[i].life, rev) &&
		    strncmp(op->vectors[i].expect, "error=", 6))
			return &op->vectors[i];
	return NULL;
}

static void edge_writes(struct rb_list *l, const struct pvabi_op *op, const struct pvabi_arg *a,
			const struct pvabi_edge *e, int rev)
{
	const struct pvabi_vector *bv = emit_readback_base(op, rev);
	unsigned int size = pvabi_prim_size(a->type.prim), pt;
	char value[32], label[160], *args;
	uint64_t v;

	if (e->is != PVABI_EDGE_VALID || !pvabi_life_has(&e->life, rev) || !bv)
		return;
	for (pt = PVABI_EDGE_MAX; pt; pt >>= 1) {
		if (!(e->at & pt))
			continue;
		/* as a partition's probe writes it, so one value is read back once */
		v = pvabi_edge_value(pt, size);
		snprintf(value, sizeof(value), v < 10 ? "%llu" : "0x%llx", (unsigned long long)v);
		pvabi_edge_points(pt, label + 5, sizeof(label) - 5);
		memcpy(label, "edge ", 5);
		if (!(args = emit_derive_args(bv->args, e->when, a->name, value))) {
			l->oom = 1;
			return;
		}
		rb_add(l, args, e->expect ? e->expect : "ret=0", label, rev);
		free(args);
	}
}

/* The partitions' members that set or keep argument argi and expect
 * success, in rev. */
static void part_writes(struct rb_list *l, const struct pvabi_gen *g, const struct pvabi_op *op,
		       int rev)
{
	struct pvabi_part_probe pr;
	char err[256], label[160];
	size_t j, k;

	for (j = 0; j < op->nparts; j++) {
		const struct pvabi_partition *p = &op->parts[j];

		if (p->kind != PVABI_PART_IN || !pvabi_part_exists(op, p, rev))
			continue;
		for (k = 0; k < pvabi_part_members(p); k++) {
			if (pvabi_part_derive(g->spec, op, p, rev, k, &pr, err, sizeof(err)))
				break; /* unprobed or invalid: emit_part.c says so */
			if (strstr(pr.expect, "error="))
				break;
			snprintf(label, sizeof(label), "case %s", p->name);
			rb_add(l, pr.args, pr.expect, label, rev);
		}
	}
}

/* The value text of arg name in args, into out; 0, or -1 when absent. */
static int arg_value(const char *args, const char *name, char *out, size_t len)
{
	size_t k = strlen(name), n;
	const char *p = args;

	while (*p) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n > k && !strncmp(p, name, k) && p[k] == '=') {
			snprintf(out, len, "%.*s", (int)(n - k - 1), p + k + 1);
			return 0;
		}
		p += n;
	}
	return -1;
}

char *emit_readback_args(const struct pvabi_op *rd, const char *args)
{
	struct sbuf b = { 0 };
	const char *p = args;
	size_t i, n, k;

	while (*p) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		k = strcspn(p, "=");
		for (i = 0; n && k < n && i < rd->nargs; i++)
			if (rd->args[i].dir == PVABI_BY_VALUE && strlen(rd->args[i].name) == k &&
			    !strncmp(rd->args[i].name, p, k))
				sb_add(&b, "%s%.*s", b.p ? " " : "", (int)n, p);
		p += n;
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p ? b.p : strdup("");
}

/* The scenario of probe p: the state read, the write, the value read
 * back and compared, the state written back. NULL out of memory. */
static struct emit_derived *derive(const struct pvabi_gen *g, const struct pvabi_op *op, int opi,
				   const struct pvabi_arg *a, const struct rb_probe *p)
{
	const struct pvabi_op *rd = &g->spec->ops[a->restore_from - 1];
	const char *out = rd->args[a->restore_out].name, *rargs, *back, *rexp, *name, *bind, *wargs,
		   *wexp;
	struct emit_derived *d = emit_derive_new(4);
	char value[64], buf[640];
	struct pvabi_step *st;

	if (!d)
		return NULL;
	if (arg_value(p->args, a->name, value, sizeof(value))) {
		emit_derive_free(d);
		return NULL;
	}
	snprintf(buf, sizeof(buf), "%s: %s read back by %s (%s)", op->name, p->args, rd->name,
		 p->label);
	name = emit_derive_keep(d, strdup(buf));
	/* the probe list is freed once the scenarios are made: d keeps its own */
	wargs = emit_derive_keep(d, strdup(p->args));
	wexp = emit_derive_keep(d, strdup(p->expect));
	rargs = emit_derive_keep(d, emit_readback_args(rd, p->args));
	back = emit_derive_keep(d, emit_derive_args(p->args, NULL, a->name, "$rb_was"));
	snprintf(buf, sizeof(buf), "ret=0 %s=%s", out, value);
	rexp = emit_derive_keep(d, strdup(buf));
	snprintf(buf, sizeof(buf), "rb_was=%s", out);
	bind = emit_derive_keep(d, strdup(buf));
	if (d->oom) {
		emit_derive_free(d);
		return NULL;
	}
	st = emit_derive_call(d->steps, a->restore_from - 1, rargs, "ret=0", bind, &a->loc);
	st = emit_derive_call(st, opi, wargs, wexp, NULL, &a->loc);
	st = emit_derive_call(st, a->restore_from - 1, rargs, rexp, NULL, &a->loc);
	emit_derive_call(st, opi, back, "ret=0", NULL, &a->loc);
	emit_derive_finish_own(d, p->since, p->until > g->rev ? PVABI_NONE : p->until, &a->loc, 4, name);
	return d;
}

static void rb_free(struct rb_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].args);
		free(l->v[i].expect);
		free(l->v[i].label);
	}
	free(l->v);
}

/* The read-backs of argument a of op opi, in every revision up to the
 * image's. */
static int arg_readbacks(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			 const struct pvabi_op **ops, size_t nops, int opi,
			 const struct pvabi_arg *a)
{
	const struct pvabi_op *op = &g->spec->ops[opi];
	struct rb_list l = { 0 };
	struct emit_derived *d;
	char value[64];
	size_t i, m;
	int r, rc = 0;

	for (r = 0; r <= g->rev; r++) {
		if (!pvabi_life_has(&op->life, r) || !pvabi_life_has(&a->life, r))
			continue;
		for (m = 0; m < a->nedges; m++)
			edge_writes(&l, op, a, &a->edges[m], r);
		part_writes(&l, g, op, r);
	}
	for (i = 0; !l.oom && !rc && i < l.n; i++) {
		if (arg_value(l.v[i].args, a->name, value, sizeof(value)))
			continue; /* a member that leaves the argument to its default */
		if (!(d = derive(g, op, opi, a, &l.v[i])) || emit_derive_push(&sg->readback, d)) {
			emit_derive_free(d);
			rc = -1;
		} else if (emit_scen_collect_one(t, sg, g, ops, nops, &d->sc, NULL)) {
			rc = -1;
		}
	}
	rc |= l.oom ? -1 : 0;
	rb_free(&l);
	return rc;
}

int emit_readback_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			  const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, j;

	for (i = 0; i < s->nops; i++) {
		if (!emit_known(g, &s->ops[i]))
			continue;
		for (j = 0; j < s->ops[i].nargs; j++)
			if (s->ops[i].args[j].restore_from &&
			    arg_readbacks(t, sg, g, ops, nops, (int)i, &s->ops[i].args[j]))
				return -1;
	}
	return 0;
}
