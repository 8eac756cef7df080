/* Conformance target: the tables a guest image of revision R runs (see
 * guest/rt/conformance.h): every op the image knows with its revision
 * range, and every vector resolved for each revision up to R in which it
 * applies, so an image negotiated down to an older revision still runs
 * exactly that revision's checks. A vector that resolves to the same
 * arguments, expectation and field offsets in consecutive revisions is
 * one entry with a revision range; argument and check runs are pooled,
 * each distinct run once, so an image stays small however long its
 * history. */
#include "emit/emit.h"
#include "emit/emit_escape.h"
#include "emit/emit_names.h"
#include "guest/rt/conformance.h"
#include "emit/emit_ctable.h"
#include "emit/emit_kind.h"
#include "emit/emit_caller.h"
#include "emit/emit_stale.h"
#include "emit/emit_conf2.h"
#include "abi/now.h"
#include "abi/vector.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static uint64_t feature_mask(const struct pvabi_spec *s, const struct pvabi_op *op)
{
	return op->feature >= 0 ? UINT64_C(1) << s->features[op->feature].bit : 0;
}

/* Resolves vec in rev into a new entry, or extends *last when it is the
 * same and covers the revision before. Returns 0, or -1 (diagnosed). */
static int add_vec(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op *op,
		   size_t opi, const struct pvabi_vector *vec, int rev, long *last)
{
	struct pvabi_vec v;
	char err[256];

	if (pvabi_vec_resolve(g->spec, op, vec, rev, &v, err, sizeof(err))) {
		pvabi_diag_add(g->d, "VECTOR_INVALID", vec->loc.file, vec->loc.line, "%s", err);
		*last = -1;
		return -1;
	}
	return emit_vec_entry(t, g, op, opi, vec, NULL, &v, rev, last, &vec->loc);
}

int emit_conf_collect(struct emit_conf *c, const struct pvabi_gen *g, const struct pvabi_op **ops,
		      size_t nops)
{
	struct ctable t = { 0 };
	struct sgroups sg = { 0 };
	struct pentries pe = { 0 };
	struct emit_monos *mo = NULL;
	size_t i, j, opi = 0;
	int r, rc = 0;

	for (i = 0; i < nops; i++) {
		if (!emit_known(g, ops[i]))
			continue;
		for (j = 0; j < ops[i]->nvectors; j++) {
			long last = -1;

			for (r = 0; r <= g->rev; r++) {
				if (!pvabi_life_has(&ops[i]->life, r) ||
				    !pvabi_life_has(&ops[i]->vectors[j].life, r)) {
					last = -1;
					continue;
				}
				rc |= add_vec(&t, g, ops[i], opi, &ops[i]->vectors[j], r, &last);
			}
		}
		opi++;
	}
	rc |= emit_part_collect(&t, g, ops, nops);
	rc |= emit_sizes_collect(&t, g, ops, nops);
	rc |= emit_edgebuf_collect(&t, g, ops, nops);
	rc |= emit_splitbuf_collect(&t, g, ops, nops);
	rc |= emit_scen_collect(&t, &sg, g, ops, nops);
	sg.origin = PVABI_CSCEN_KIND;
	rc |= emit_kind_scen_collect(&t, &sg, g, ops, nops);
	sg.origin = PVABI_CSCEN_STALE;
	rc |= emit_stale_scen_collect(&t, &sg, g, ops, nops);
	sg.origin = PVABI_CSCEN_KEEP;
	rc |= emit_keep_scen_collect(&t, &sg, g, ops, nops);
	sg.origin = PVABI_CSCEN_UNIQ;
	rc |= emit_uniq_scen_collect(&t, &sg, g, ops, nops);
	sg.origin = PVABI_CSCEN_CALLER;
	rc |= emit_caller_scen_collect(&t, &sg, g, ops, nops);
	sg.origin = PVABI_CSCEN_FULL;
	rc |= emit_probe_full_observers(&t, &sg, g, ops, nops);
	sg.origin = PVABI_CSCEN_SPEC;
	pe.sg = &sg;
	rc |= emit_probe_collect(&t, &pe, g, ops, nops);
	rc |= emit_fixed_collect(&t, &pe, g, ops, nops);
	rc |= emit_mono_collect(&t, &mo, g, ops, nops);
	/* handed over whole; the probes point at the groups where they
	 * now live */
	c->t = t;
	c->sg = sg;
	c->pe = pe;
	c->pe.sg = &c->sg;
	c->mo = mo;
	c->nops = opi;
	return rc;
}

void emit_conf_free(struct emit_conf *c)
{
	emit_mono_free(c->mo);
	emit_scen_free(&c->sg);
	free(c->pe.p);
	ctable_free(&c->t);
}

static int emit_vecs(FILE *f, const struct pvabi_gen *g, const struct pvabi_op **ops,
		     size_t nops)
{
	struct emit_conf c;
	struct ctable *t = &c.t;
	size_t i, nargs, nchecks, nvecs = 0;
	int rc = emit_conf_collect(&c, g, ops, nops);

	nargs = emit_pool(f, t, "pvabi_carg", "args", 0);
	nchecks = emit_pool(f, t, "pvabi_ccheck", "checks", 1);
	if (nargs > 0xffff || nchecks > 0xffff || c.nops > 0xffff || g->rev >= 0xffff) {
		pvabi_diag_add(g->d, "GEN_UNSUPPORTED", g->spec->file, 0,
			       "too many vectors for the conformance tables");
		rc = -1;
	}
	fputs("/* name, value, op (index in ops), revisions [since, until) (indices in revs),\n"
	      " * args, checks (pool offsets), nargs, nchecks, expect */\n", f);
	fputs("static const struct pvabi_cvec vecs[] = {\n", f);
	for (i = 0; i < t->n; i++) {
		const struct centry *e = &t->e[i];
		const struct pvabi_vector *vec = e->vec;
		struct sbuf name = { 0 };
		char num[48];

		if (e->step || e->probe || e->mono)
			continue;
		nvecs++;
		if (e->label.p)
			sb_add(&name, "%s", sb_str(&e->label));
		else
			sb_add(&name, "%s -> %s", vec->args && vec->args[0] ? vec->args : "()",
			       vec->expect);
		fputs("\t{ ", f);
		if (name.p) {
			struct sbuf q = { 0 };

			c_string(&q, name.p, name.n);
			fprintf(f, "%s", sb_str(&q));
			free(q.p);
		}
		fprintf(f, ", %s, %zu, %d, %d, %zu, %zu, %zu, %zu, %s },\n",
			emit_c_int64(num, sizeof(num), e->value),
			e->opi, e->since, e->until, e->argoff, e->chkoff, e->nargs, e->nchecks,
			e->expect);
		free(name.p);
	}
	if (!nvecs)
		fputs("\t{ 0 }\n", f);
	fputs("};\n\n", f);
	fprintf(f, "#define NVECS %zuu\n\n", nvecs);
	emit_scen_print(f, t, &c.sg);
	emit_probe_print(f, t, &c.pe, g);
	rc |= emit_batch_print(f, g, ops, nops);
	emit_mono_print(f, t, c.mo);
	emit_conf_free(&c);
	return rc;
}

static void emit_ops(FILE *f, const struct pvabi_gen *g, const struct pvabi_op **ops,
		     size_t nops)
{
	size_t i;

	fputs("static const struct pvabi_cop ops[] = {\n", f);
	for (i = 0; i < nops; i++) {
		const struct pvabi_op *op = ops[i];
		uint32_t until = 0;

		if (!emit_known(g, op))
			continue;
		if (op->life.removed >= 0 && op->life.removed <= g->rev)
			until = pvabi_rev_code(&g->spec->revs[op->life.removed]);
		fprintf(f, "\t{ %uu, \"%s\", 0x%08xu, 0x%08xu, UINT64_C(0x%llx) },\n", op->id,
			op->name, pvabi_rev_code(&g->spec->revs[op->life.since]), until,
			(unsigned long long)feature_mask(g->spec, op));
	}
	fputs("};\n\n", f);
}

/* The lowest feature bit no revision up to the image's defines: a
 * guest that requires it is refused with missing_required_features by
 * the rule itself, on any platform that serves its range. */
static uint64_t feature_undefined(const struct pvabi_gen *g)
{
	uint64_t ever = 0;
	int r, b;

	for (r = 0; r <= g->rev; r++)
		ever |= pvabi_spec_feature_mask(g->spec, r);
	for (b = 0; b < 64; b++)
		if (!(ever >> b & 1))
			return UINT64_C(1) << b;
	return 0;
}

/* The op marked ends-run= when the image's revision has it, else ~0u. */
static uint32_t runend_op(const struct pvabi_gen *g)
{
	size_t i;

	for (i = 0; i < g->spec->nops; i++)
		if (g->spec->ops[i].ends_run && pvabi_life_has(&g->spec->ops[i].life, g->rev))
			return g->spec->ops[i].id;
	return UINT32_MAX;
}

/* The largest late= of any <now> in the spec, every revision's: one
 * platform serves them all, and an event it raises late by that much
 * is still within the promise (guest/rt/conformance.h, late_ns). */
static uint64_t late_ns(const struct pvabi_gen *g)
{
	uint64_t late = 0;
	size_t i, j, k;

	for (i = 0; i < g->spec->nops; i++)
		for (j = 0; j < g->spec->ops[i].nargs; j++)
			for (k = 0; k < g->spec->ops[i].args[j].nnows; k++)
				if (g->spec->ops[i].args[j].nows[k].late > late)
					late = g->spec->ops[i].args[j].nows[k].late;
	return late;
}

static void emit_suite(FILE *f, const struct pvabi_gen *g, const char *up,
		       uint32_t negotiate, uint32_t unknown)
{
	const struct pvabi_conv *cv = &g->spec->convs[g->spec->default_conv];
	int r;

	fputs("static const uint32_t revs[] = {", f);
	for (r = 0; r <= g->rev; r++)
		fprintf(f, "%s0x%08xu", r ? ", " : " ", pvabi_rev_code(&g->spec->revs[r]));
	fputs(" };\n\n", f);
	fprintf(f, "const struct pvabi_csuite pvabi_conformance_suite = {\n"
		   "\t\"%s\", \"%s\", %s_OFFER_MIN, %s_OFFER_MAX, %s_FEATURES_DEFINED,\n"
		   "\trevs, %d, ops, sizeof(ops) / sizeof(ops[0]),\n"
		   "\tvecs, NVECS, args, checks,\n"
		   "\t%s_EREVISION, %s_EREMOVED, %s_ENOFEATURE, %s_ENOTNEGOTIATED, %s_ENOSYS,\n"
		   "\tUINT64_C(0x%llx), 0x%xu, %uu, %uu, 0x%08xu,\n\tsteps, scens, NSCENS, probes, NPROBES,\n\tbatches, NBATCHES, monos, NMONOS,\n\tUINT64_C(0x%llx), 0x%08xu, UINT64_C(%llu),\n};\n",
		g->spec->name, g->spec->revs[g->rev].id, up, up, up, g->rev + 1, up, up, up,
		up, up, (unsigned long long)cv->frame, cv->port, negotiate, unknown,
		PVABI_OP_ID_RESERVED_FIRST, (unsigned long long)feature_undefined(g), runend_op(g),
		(unsigned long long)late_ns(g));
}

/* The op a guest negotiates with: "negotiate" if the spec has it, else
 * its frozen op of lowest id. */
static int bootstrap_op(const struct pvabi_gen *g, const struct pvabi_op **ops, size_t n,
			uint32_t *id)
{
	int i = pvabi_spec_op(g->spec, "negotiate");
	size_t k;

	if (i >= 0 && g->spec->ops[i].frozen) {
		*id = g->spec->ops[i].id;
		return 0;
	}
	for (k = 0; k < n; k++)
		if (ops[k]->frozen) {
			*id = ops[k]->id;
			return 0;
		}
	pvabi_diag_add(g->d, "GEN_NO_BOOTSTRAP", g->spec->file, 0,
		       "conformance images need a frozen op to negotiate with");
	return -1;
}

int pvabi_emit_conformance(const struct pvabi_gen *g)
{
	const struct pvabi_op **ops;
	struct pvabi_emit_file *ef;
	struct emit_names n;
	uint32_t negotiate = 0;
	size_t nops = 0;
	char name[96];
	FILE *f;
	int ok;

	/* a format 2 ABI reached through registers or MSRs gets a suite of
	 * its own, run through the guest header's stubs */
	if (g->spec->format >= 2 && g->spec->default_conv >= 0 &&
	    (g->spec->convs[g->spec->default_conv].kind == PVABI_CONV_HYPERCALL_PAGE ||
	     g->spec->convs[g->spec->default_conv].kind == PVABI_CONV_REGISTERS ||
	     g->spec->convs[g->spec->default_conv].kind == PVABI_CONV_MSR))
		return pvabi_emit_conformance2(g);
	if (emit_needs_call_frame(g, "conformance"))
		return -1;
	if (g->spec->default_conv < 0 ||
	    g->spec->convs[g->spec->default_conv].kind != PVABI_CONV_CALL_FRAME) {
		pvabi_diag_add(g->d, "GEN_UNSUPPORTED", g->spec->file, 0,
			       "conformance images need a call-frame default convention");
		return -1;
	}
	ops = emit_ops_by_id(g->spec, &nops);
	if (!ops || emit_names_init(&n, g->spec)) {
		free(ops);
		return emit_oom(g);
	}
	snprintf(name, sizeof(name), "%s_conformance.c", n.lo);
	ef = emit_open(g, name);
	ok = ef != NULL;
	if (ok) {
		f = emit_fp(ef);
		emit_stamp(f, g, "conformance suite", g->rev);
		fprintf(f, "#include \"guest/rt/conformance.h\"\n#include \"%s_guest.h\"\n\n", n.lo);
		emit_ops(f, g, ops, nops);
		ok = emit_vecs(f, g, ops, nops) == 0;
		ok = ok && bootstrap_op(g, ops, nops, &negotiate) == 0;
		emit_suite(f, g, n.up, negotiate, nops ? ops[nops - 1]->id + 1 : 1);
		emit_close(ef);
	}
	emit_names_free(&n);
	free(ops);
	return emit_finish(&ef, 1, ok);
}
