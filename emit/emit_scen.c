/* Scenario steps of a conformance image: each scenario of the spec and
 * each copy the derivers make, resolved into the table one by one
 * (emit_scen_one.c), then the steps printed. Steps share the argument
 * and check pools with the vectors. */
#include "emit/emit_ctable.h"
#include "emit/emit_escape.h"
#include "emit/emit_xvcpu.h"
#include "abi/limit.h"
#include "abi/scenario.h"
#include "guest/rt/conformance.h"

#include <stdlib.h>
#include <string.h>

int emit_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		      const struct pvabi_op **ops, size_t nops)
{
	size_t i;
	int rc = 0, k;

	sg->d = calloc(g->spec->nscenarios + 1, sizeof(*sg->d));
	if (!sg->d)
		return -1;
	for (i = 0; i < g->spec->nscenarios; i++) {
		const struct pvabi_scenario *sc = &g->spec->scenarios[i];

		/* the scenario with its ops' refusals made in its middle: they
		 * must change nothing the rest of it observes */
		k = emit_refuse_derive(g->spec, sc, &sg->d[sg->nd]);
		if (k > 0)
			sg->nd++;
		if (k < 0 || emit_scen_collect_one(t, sg, g, ops, nops,
						   k > 0 ? &sg->d[sg->nd - 1].sc : sc,
						   k > 0 ? sg->d[sg->nd - 1].from : NULL))
			rc = -1;
	}
	/* each derived kind its own cost class in the image */
	if (rc || (sg->origin = PVABI_CSCEN_EDGE, emit_edge_scen_collect(t, sg, g, ops, nops)) ||
	    (sg->origin = PVABI_CSCEN_NOW, emit_now_scen_collect(t, sg, g, ops, nops)) ||
	    (sg->origin = PVABI_CSCEN_LATE, emit_late_scen_collect(t, sg, g, ops, nops)) ||
	    (sg->origin = PVABI_CSCEN_DUE, emit_due_scen_collect(t, sg, g, ops, nops)) ||
	    (sg->origin = PVABI_CSCEN_REPLACE, emit_replace_scen_collect(t, sg, g, ops, nops)) ||
	    /* the copies of a due template per op ("delivers what fell
	     * due") are due probes too: counted with them, not with the
	     * replacement probes collected before */
	    (sg->origin = PVABI_CSCEN_DUE, emit_tick_scen_collect(t, sg, g, ops, nops)) ||
	    (sg->origin = PVABI_CSCEN_IDEM, emit_idem_scen_collect(t, sg, g, ops, nops)) ||
	    (sg->origin = PVABI_CSCEN_MANY, emit_many_scen_collect(t, sg, g, ops, nops)) ||
	    (sg->origin = PVABI_CSCEN_CAP, emit_cap_scen_collect(t, sg, g, ops, nops)) ||
	    (sg->origin = PVABI_CSCEN_GROWS, emit_grows_scen_collect(t, sg, g, ops, nops)) ||
	    (sg->origin = PVABI_CSCEN_SERVED, emit_served_scen_collect(t, sg, g, ops, nops)) ||
	    (sg->origin = PVABI_CSCEN_PRIOR, emit_prior_scen_collect(t, sg, g, ops, nops)) ||
	    (sg->origin = PVABI_CSCEN_WIDTH, emit_width_scen_collect(t, sg, g, ops, nops)) ||
	    (sg->origin = PVABI_CSCEN_BITS, emit_bits_scen_collect(t, sg, g, ops, nops)) ||
	    (sg->origin = PVABI_CSCEN_REUSE, emit_reuse_scen_collect(t, sg, g, ops, nops)))
		return -1;
	sg->origin = PVABI_CSCEN_XVCPU;
	if (emit_xvcpu_scen_collect(t, sg, g, ops, nops))
		return -1;
	sg->origin = PVABI_CSCEN_READBACK;
	rc = emit_readback_collect(t, sg, g, ops, nops);
	rc = rc ? rc : emit_ignored_collect(t, sg, g, ops, nops);
	sg->origin = PVABI_CSCEN_SPEC;
	return rc;
}

void emit_scen_free(struct sgroups *sg)
{
	size_t i;

	emit_release_free(sg);
	for (i = 0; i < sg->nd; i++)
		emit_refuse_free(&sg->d[i]);
	free(sg->d);
	free(sg->g);
	emit_derive_set_free(sg->edge);
	emit_derive_set_free(sg->now);
	emit_derive_set_free(sg->readback);
	emit_derive_set_free(sg->xvcpu);
}

static void print_step(FILE *f, const struct centry *e)
{
	const struct pvabi_step *st = e->step;
	struct sbuf c = { 0 };
	char num[48];

	/* spec text is hostile input: a comment closer in it must not end
	 * the comment */
	if (st->kind == PVABI_STEP_PAGE)
		sb_add(&c, "page -> $%s", st->bind);
	else if (st->kind == PVABI_STEP_READ)
		sb_add(&c, "read %s+%u width %u", st->at, st->offset, st->width);
	else if (st->kind == PVABI_STEP_WAIT && st->idle)
		sb_add(&c, "idle %llu ns, no call", (unsigned long long)st->within_ns);
	else if (st->kind == PVABI_STEP_WAIT)
		sb_add(&c, "wait for %s%s upcalls on vCPU %u", st->exact ? "exactly " : "",
		       st->args ? st->args : (snprintf(num, sizeof(num), "%u", st->count), num),
		       st->vcpu);
	else if (st->kind == PVABI_STEP_CHECK && st->tied)
		sb_add(&c, "%s tied to the host's wall clock within %llu ns", st->args,
		       (unsigned long long)st->within_ns);
	else
		sb_add(&c, "%s -> %s", st->args ? st->args : "", st->expect ? st->expect : "");
	fputs("\t/* ", f);
	emit_c_comment(f, sb_str(&c), c.n);
	fputs(" */\n", f);
	free(c.p);
	fprintf(f, "\t{ .value = %s, .op = %zu, .args = %zu, .checks = %zu,\n"
		   "\t  %s,\n\t  .nargs = %zu, .nchecks = %zu, .expect = %s },\n",
		emit_c_int64(num, sizeof(num), e->value), e->opi, e->argoff, e->chkoff,
		sb_str(&e->extra), e->nargs, e->nchecks, e->expect);
}

/* The scenario's variables in the order the resolver numbers them (the
 * first binding of each name), comma-separated: the guest names them in
 * a failing step's diagnostic. */
static void print_vars(FILE *f, const struct pvabi_scenario *sc)
{
	struct sbuf b = { 0 };
	const char *seen[PVABI_SCEN_MAX_VARS];
	size_t i, k, n = 0;

	for (i = 0; i < sc->nsteps; i++) {
		const char *v = sc->steps[i].bind;
		size_t len = v ? strcspn(v, "=") : 0;

		for (k = 0; k < n && (strcspn(seen[k], "=") != len || strncmp(seen[k], v, len)); k++)
			;
		if (!len || k < n || n == PVABI_SCEN_MAX_VARS)
			continue;
		seen[n++] = v;
		sb_add(&b, "%s%.*s", n > 1 ? "," : "", (int)len, v);
	}
	emit_c_string(f, b.p ? sb_str(&b) : "", b.n);
	free(b.p);
}

void emit_scen_print(FILE *f, const struct ctable *t, const struct sgroups *sg)
{
	size_t i, k, at = 0;
	unsigned int vcpus = 1;

	fputs("static const struct pvabi_cstep steps[] = {\n", f);
	for (i = 0; i < sg->n; i++)
		for (k = 0; k < sg->g[i].nsteps; k++) {
			const struct centry *e = &t->e[sg->g[i].first + k];

			print_step(f, e);
			if ((e->step->kind == PVABI_STEP_CALL || e->step->kind == PVABI_STEP_WAIT) &&
			    e->step->vcpu + 1 > vcpus)
				vcpus = e->step->vcpu + 1;
		}
	if (!sg->n)
		fputs("\t{ 0 }\n", f);
	fputs("};\n\n/* name, revisions [since, until) (indices in revs), first step, nsteps,\n"
	      " * variables, origin (PVABI_CSCEN_*) */\n"
	      "static const struct pvabi_cscen scens[] = {\n", f);
	for (i = 0; i < sg->n; i++) {
		/* a hidden group's revisions are none (0xffff): only its probe runs it */
		fprintf(f, "\t{ \"%s\", %d, %d, %zu, %zu, ", sg->g[i].sc->name,
			sg->g[i].hidden ? 0xffff : sg->g[i].since,
			sg->g[i].hidden ? 0xffff : sg->g[i].until, at, sg->g[i].nsteps);
		print_vars(f, sg->g[i].sc);
		fprintf(f, ", %d },\n", sg->g[i].origin);
		at += sg->g[i].nsteps;
	}
	if (!sg->n)
		fputs("\t{ 0 }\n", f);
	fprintf(f, "};\n\n#define NSCENS %zuu\n\n", sg->n);
	emit_release_print(f, sg);
	/* an image whose scenarios call from vCPU 1 or wait on it asks
	 * engines for it */
	if (vcpus > 1)
		fprintf(f, "#include \"guest/rt/smp.h\"\nPVABI_GUEST_VCPUS(%u);\n\n", vcpus);
	fprintf(f, "_Static_assert(PVABI_CSCEN_PAGES >= %d, \"the runtime keeps fewer pages than "
		   "a scenario may allocate\");\n\n",
		PVABI_SCEN_MAX_PAGES);
}
