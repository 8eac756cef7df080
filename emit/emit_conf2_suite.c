/* Conformance target for a format 2 ABI, the suite: one function per
 * vector of revision R's ops and commands, one per scenario of R, the
 * table of them and the suite the image's runner takes
 * (guest/rt/conformance2.h). */
#include "emit/emit_conf2.h"
#include "emit/emit_escape.h"
#include "emit/emit_kind.h"
#include "abi/scenario.h"
#include "abi/scen_mem2.h"

#include <stdlib.h>
#include <string.h>

#define HAS(life) pvabi_life_has(&(life), c->g->rev)

static int vectors_of(FILE *f, const struct c2 *c, struct c2_names *t, size_t op, int cmd)
{
	const struct pvabi_spec *s = c->g->spec;
	const struct pvabi_vector *vec;
	struct pvabi_v2 v;
	char err[256], what[160];
	size_t j, n;

	vec = pvabi_v2_vectors(s, (int)op, cmd, &n);
	snprintf(what, sizeof(what), "%s%s%s", s->ops[op].name, cmd >= 0 ? " " : "",
		 cmd >= 0 ? s->ops[op].cmds[cmd].name : "");
	for (j = 0; j < n; j++) {
		if (!HAS(vec[j].life))
			continue;
		if (c2_callable(c, &s->ops[op], vec[j].loc.file, vec[j].loc.line))
			return -1;
		if (pvabi_v2_vector(s, (int)op, cmd, j, c->g->rev, &v, err, sizeof(err))) {
			pvabi_diag_add(c->g->d, "VECTOR_INVALID", vec[j].loc.file, vec[j].loc.line,
				       "%s, revision %s: %s", what, s->revs[c->g->rev].id, err);
			return -1;
		}
		c2_test_head(f, c->g, vec[j].loc.line, t->n);
		if (c2_gate_bit(s, &s->ops[op]) >= 0)
			c2_gate(f, c2_gate_bit(s, &s->ops[op]));
		c2_call(f, c, &v, 1, 0, NULL);
		fputs("\treturn 0;\n}\n\n", f);
		if (c2_name_add(t, what, vec[j].args, vec[j].expect))
			return emit_oom(c->g);
	}
	return 0;
}

/* The suite's check of a gated op where its feature is not offered. */
static int not_offered(FILE *f, const struct c2 *c, struct c2_names *t, const struct pvabi_op *op)
{
	const struct pvabi_conv *cv = &c->g->spec->convs[op->conv];
	char what[160], expect[80];

	if (c2_not_offered(f, c, op, t->n))
		return -1;
	snprintf(what, sizeof(what), "%s not offered", op->name);
	snprintf(expect, sizeof(expect), "error=%s", cv->not_offered);
	return c2_name_add(t, what, cv->kind == PVABI_CONV_MSR ? "wrmsr 0, rdmsr" : NULL, expect)
		       ? emit_oom(c->g) : 0;
}

/* The scenarios' pages: one for each <page> of the image's scenarios,
 * zeroed when its step takes it, never shared by two scenarios: a page
 * a scenario hands to the platform (a runstate area, a frame the
 * hypervisor's shared page replaces) stays the platform's afterwards. */
static void pages(FILE *f, int n)
{
	if (n)
		fprintf(f, "static uint8_t c2_pages[%d][%u] __attribute__((aligned(%u)));\n\n"
			   "static uint64_t c2_page(int k)\n{\n"
			   "\t__builtin_memset(c2_pages[k], 0, sizeof(c2_pages[k]));\n"
			   "\treturn (uint64_t)(uintptr_t)c2_pages[k];\n}\n\n",
			n, PVABI_SCEN_PAGE, PVABI_SCEN_PAGE);
}

static int body(FILE *f, const struct c2 *c, struct c2_names *t, int *npages)
{
	const struct pvabi_spec *s = c->g->spec;
	size_t i, k;
	int rc = c2_fixed_readers(f, c);

	for (i = 0; rc == 0 && i < s->nops; i++) {
		if (!HAS(s->ops[i].life))
			continue;
		rc = vectors_of(f, c, t, i, PVABI_NONE);
		for (k = 0; rc == 0 && k < s->ops[i].ncmds; k++)
			if (HAS(s->ops[i].cmds[k].life))
				rc = vectors_of(f, c, t, i, (int)k);
	}
	for (i = 0; rc == 0 && i < s->nops; i++)
		if (HAS(s->ops[i].life) && c2_gate_bit(s, &s->ops[i]) >= 0)
			rc = not_offered(f, c, t, &s->ops[i]);
	k = t->n;
	for (i = 0; rc == 0 && i < s->nscenarios; i++)
		if (HAS(s->scenarios[i].life))
			rc = c2_scenario(f, c, t, &s->scenarios[i], npages);
	if (rc == 0)
		rc = c2_nows(f, c, t, npages);
	if (rc == 0)
		rc = c2_gaps(f, c, t);
	if (rc == 0)
		rc = c2_uniqs(f, c, t, npages);
	if (rc == 0) /* after the probes that fill and free the platform's tables */
		rc = c2_fixeds(f, c, t);
	t->nscen = t->n - k;
	return rc;
}

static void table(FILE *f, const struct c2 *c, const struct c2_names *t)
{
	int end = c2_runend(f, c);
	size_t i;

	fputs("static const struct pvabi_c2_test tests[] = {\n", f);
	for (i = 0; i < t->n; i++)
		fprintf(f, "\t{ %s, t%zu },\n", t->v[i], i);
	if (!t->n)
		fputs("\t{ \"(no vectors)\", 0 },\n", f);
	fprintf(f, "};\n\nconst struct pvabi_c2_suite pvabi_conformance2_suite = {\n"
		   "\t\"%s\", \"%s\", 0x%08xu, tests, %zu, %zu, %s, %s,\n};\n",
		c->g->spec->name, c->g->spec->revs[c->g->rev].id,
		pvabi_rev_code(&c->g->spec->revs[c->g->rev]), t->n, t->nscen,
		end ? "c2_runend" : "0",
		c2_fixed_any(c->g->spec, c->g->rev) ? "c2_fixed_first" : "0");
}

/* An MSR the platform does not offer raises #GP: the suite survives it
 * through the runtime's MSR access, which returns the negated vector. */
static void msr_hooks(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	size_t i;

	for (i = 0; i < g->spec->nconvs; i++)
		if (g->spec->convs[i].kind == PVABI_CONV_MSR) {
			fprintf(f, "#include \"guest/rt/runtime.h\"\n"
				   "#define %s_MSR_READ(msr, valuep) pvabi_rdmsr_err((msr), (valuep))\n"
				   "#define %s_MSR_WRITE(msr, value) pvabi_wrmsr_err((msr), (value))\n",
				n->up, n->up);
			return;
		}
}

static int any_vcpu(const struct pvabi_gen *g)
{
	size_t i;

	for (i = 0; i < g->spec->nscenarios; i++)
		if (pvabi_life_has(&g->spec->scenarios[i].life, g->rev) &&
		    c2_scen_has_vcpu(&g->spec->scenarios[i]))
			return 1;
	return emit_uniq2_any(g->spec, g->rev) || c2_fixed_any(g->spec, g->rev);
}

/* The body is written first: the pages its scenarios and probes take
 * are declared before it. */
static int suite(FILE *f, const struct c2 *c, struct c2_names *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int npages = 0, ok = m != NULL;

	ok = ok && body(m, c, t, &npages) == 0;
	if (m && fclose(m))
		ok = 0;
	if (ok) {
		pages(f, npages);
		fwrite(buf, 1, len, f);
		table(f, c, t);
	}
	free(buf);
	if (!m)
		emit_oom(c->g);
	return ok;
}

int pvabi_emit_conformance2(const struct pvabi_gen *g)
{
	struct emit_names n;
	struct c2_names t = { NULL, 0, 0 };
	struct pvabi_emit_file *ef = NULL;
	struct c2 c = { g, &n };
	char name[96];
	size_t i;
	int ok;

	if (emit_names_init(&n, g->spec)) {
		emit_names_free(&n);
		return emit_oom(g);
	}
	snprintf(name, sizeof(name), "%s_conformance.c", n.lo);
	ef = emit_open(g, name);
	ok = ef != NULL;
	if (ok) {
		FILE *f = emit_fp(ef);

		emit_stamp(f, g, "conformance suite", g->rev);
		fprintf(f, "#include \"guest/rt/conformance2.h\"\n");
		msr_hooks(f, g, &n);
		fprintf(f, "#include \"%s_guest.h\"\n\n", n.lo);
		/* an image with steps of vCPU 1 asks the engine for it */
		if (any_vcpu(g))
			fputs("#include \"guest/rt/smp.h\"\nPVABI_GUEST_VCPUS(2);\n\n", f);
		/* offsets in the spec's layout of the image's guest mode */
		fputs("#if defined(__i386__)\n#define C2_OFF(x86_64, x86_32) (x86_32)\n#else\n"
		      "#define C2_OFF(x86_64, x86_32) (x86_64)\n#endif\n\n", f);
		ok = suite(f, &c, &t);
		ok = emit_close(ef) == 0 && ok;
	}
	for (i = 0; i < t.n; i++)
		free(t.v[i]);
	free(t.v);
	emit_names_free(&n);
	return emit_finish(&ef, 1, ok);
}
