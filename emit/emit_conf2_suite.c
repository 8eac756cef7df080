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

/* A test's opening, after a comment naming where the spec defines it
 * (the spec's path is the user's and may close a comment). */
void c2_test_head(FILE *f, const struct pvabi_gen *g, int line, size_t k)
{
	fputs("/* ", f);
	emit_c_comment(f, g->spec_name, strlen(g->spec_name));
	fprintf(f, ":%d */\nstatic int t%zu(struct pvabi_c2_res *res)\n{\n", line, k);
}

int c2_name_add(struct c2_names *t, const char *what, const char *args, const char *expect)
{
	char *s = NULL, **nv;
	size_t len = 0;
	FILE *m = open_memstream(&s, &len);

	if (!m)
		return -1;
	c2_name(m, what, args, expect);
	if (fclose(m) || !(nv = realloc(t->v, (t->n + 1) * sizeof(*nv)))) {
		free(s);
		return -1;
	}
	t->v = nv;
	t->v[t->n++] = s;
	return 0;
}

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

/* The address a <read> or <write> touches, as C: the page, the offset
 * in the image's mode, and for bit= the byte holding the bit; a bit
 * index beyond the page fails the step. */
static void place(FILE *f, const struct pvabi_step *st, const struct pvabi_m2step *m,
		  unsigned int step)
{
	long o32 = m->off[PVABI_MODE_X86_32] >= 0 ? m->off[PVABI_MODE_X86_32] : m->off[0];

	fprintf(f, "\t{\n\t\tuint64_t o = C2_OFF(%ldu, %ldu)", m->off[0], o32);
	if (m->bit_var >= 0)
		fprintf(f, " + (v[%d] >> 3);\n\t\tunsigned int b = (unsigned int)(v[%d] & 7);\n\n"
			   "\t\tPVABI_C2_EXPECT(res, %uu, \"bit index\", o < %uu, v[%d], "
			   "(%uu - C2_OFF(%ldu, %ldu)) * 8);\n",
			m->bit_var, m->bit_var, step, PVABI_SCEN_PAGE, m->bit_var, PVABI_SCEN_PAGE,
			m->off[0], o32);
	else
		fputs(";\n", f);
	fprintf(f, "\t\tvolatile uint%u_t *p = (volatile uint%u_t *)(uintptr_t)(v[%d] + o);\n\n",
		8 * st->width, 8 * st->width, m->var);
}

static void read_step(FILE *f, const struct pvabi_step *st, const struct pvabi_m2step *m,
		      unsigned int step)
{
	place(f, st, m, step);
	if (m->bit_var >= 0)
		fputs("\t\tuint64_t x = (uint64_t)(*p >> b & 1);\n\n", f);
	else
		fputs("\t\tuint64_t x = *p;\n\n", f);
	fprintf(f, "\t\tPVABI_C2_EXPECT(res, %uu, \"read\", (x & UINT64_C(0x%llx)) == UINT64_C(0x%llx), "
		   "x, UINT64_C(0x%llx));\n\t}\n",
		step, (unsigned long long)st->mask, (unsigned long long)st->value,
		(unsigned long long)st->value);
}

/* A bit is set or cleared with one locked access: the platform changes
 * the other bits of the same word at any time (Xen's event bitmaps). */
static void write_step(FILE *f, const struct pvabi_step *st, const struct pvabi_m2step *m,
		       unsigned int step)
{
	place(f, st, m, step);
	if (m->bit_var >= 0 && st->value)
		fputs("\t\t__atomic_fetch_or(p, (uint8_t)(1u << b), __ATOMIC_SEQ_CST);\n\t}\n", f);
	else if (m->bit_var >= 0)
		fputs("\t\t__atomic_fetch_and(p, (uint8_t)~(1u << b), __ATOMIC_SEQ_CST);\n\t}\n", f);
	else
		fprintf(f, "\t\t*p = UINT64_C(0x%llx);\n\t}\n", (unsigned long long)st->value);
}

/* Upcalls since the scenario began (up0), after waiting: at least count
 * within the bound, or with exact= all of the bound and exactly count.
 * In a scenario with steps of vCPU 1 (vcpus) each vCPU counts its own
 * (up[N]), and a wait runs on its vCPU. */
static void wait_step(FILE *f, const struct pvabi_step *st, const struct pvabi_m2step *m,
		      unsigned int step, int vcpus)
{
	char up[16];

	snprintf(up, sizeof(up), vcpus ? "up[%u]" : "up0", st->vcpu);
	if (vcpus)
		fprintf(f, "\t{\n\t\tuint64_t n = pvabi_c2_wait_on(%uu, %s + %uu, UINT64_C(%llu), %d, ",
			st->vcpu, up, st->count, (unsigned long long)st->within_ns, st->exact);
	else
		fprintf(f, "\t{\n\t\tuint64_t n = pvabi_c2_wait(%s + %uu, UINT64_C(%llu), %d, ", up,
			st->count, (unsigned long long)st->within_ns, st->exact);
	if (m->var >= 0)
		fprintf(f, "(volatile uint8_t *)(uintptr_t)(v[%d] + %uu)", m->var, st->offset);
	else
		fputs("0", f);
	fprintf(f, ") - %s;\n\n\t\tPVABI_C2_EXPECT(res, %uu, \"%s\", n %s %uu, n, %uu);\n\t}\n",
		up, step, st->vcpu ? "upcalls on vCPU 1" : "upcalls", st->exact ? "==" : ">=",
		st->count, st->count);
}

/* The time of a pvclock record, bound and checked against an earlier
 * one plus N. */
static void clock_step(FILE *f, const struct pvabi_m2step *m, unsigned int step)
{
	long o32 = m->off[PVABI_MODE_X86_32] >= 0 ? m->off[PVABI_MODE_X86_32] : m->off[0];

	fprintf(f, "\t{\n\t\tuint64_t t = pvabi_c2_pvclock((const volatile void *)(uintptr_t)"
		   "(v[%d] + C2_OFF(%ldu, %ldu)));\n\n", m->var, m->off[0], o32);
	if (m->cmp_var >= 0)
		fprintf(f, "\t\tPVABI_C2_EXPECT(res, %uu, \"clock\", t >= v[%d] + UINT64_C(%llu), t, "
			   "v[%d] + UINT64_C(%llu));\n", step, m->cmp_var,
			(unsigned long long)m->cmp_add, m->cmp_var, (unsigned long long)m->cmp_add);
	if (m->bind_var >= 0)
		fprintf(f, "\t\tv[%d] = t;\n", m->bind_var);
	else
		fputs("\t\t(void)t;\n", f);
	fputs("\t}\n", f);
}

/* <check>: an expression of what the scenario bound, judged as a
 * check judges a field of the expression's type. */
static void check_step(FILE *f, const struct pvabi_m2step *m, unsigned int step)
{
	const struct pvabi_vec_check *k = &m->judge;
	struct c2_want w = { (int)k->cmp, &k->x, &k->hi, k->tol };

	fputs("\t{\n", f);
	c2_judge(f, step, "value", NULL, NULL, !m->x.is_unsigned, &m->x, &w);
	fputs("\t}\n", f);
}

static int has_wait(const struct pvabi_scenario *sc)
{
	size_t i;

	for (i = 0; i < sc->nsteps; i++)
		if (sc->steps[i].kind == PVABI_STEP_WAIT)
			return 1;
	return 0;
}

/* Whether a step of the scenario runs on vCPU 1 (a call, a wait). */
static int has_vcpu(const struct pvabi_scenario *sc)
{
	size_t i;

	for (i = 0; i < sc->nsteps; i++)
		if (sc->steps[i].vcpu)
			return 1;
	return 0;
}

/* The scenario's first lines: its variables, the feature gates of its
 * calls, vCPU 1 started where a step runs there (a platform that does
 * not start it skips the scenario), and the upcalls counted so far. */
void c2_scen_head(FILE *f, const struct c2 *c, const struct pvabi_scenario *sc, size_t nvars)
{
	const struct pvabi_spec *s = c->g->spec;
	int vcpus = has_vcpu(sc);
	size_t i;

	if (nvars)
		fprintf(f, "\tuint64_t v[%zu] = { 0 };\n", nvars);
	if (has_wait(sc) && !vcpus)
		fputs("\tuint64_t up0 = pvabi_c2_upcalls();\n", f);
	fputs("\n", f);
	for (i = 0; i < sc->nsteps; i++)
		if (sc->steps[i].kind == PVABI_STEP_CALL &&
		    c2_gate_bit(s, &s->ops[sc->steps[i].op]) >= 0)
			c2_gate(f, c2_gate_bit(s, &s->ops[sc->steps[i].op]));
	if (vcpus)
		fputs("\tif (pvabi_c2_vcpu_up())\n\t\treturn PVABI_C2_NO_VCPU;\n", f);
	if (vcpus && has_wait(sc))
		fputs("\tuint64_t up[2] = { pvabi_c2_upcalls_on(0), pvabi_c2_upcalls_on(1) };\n\n", f);
}

/* The calls of vCPU 1, each a function of its own (c2_thunk), before
 * the scenario's: t<test>_s<step>. */
static void thunks(FILE *f, const struct c2 *c, const struct pvabi_scenario *sc,
		   const struct pvabi_v2 *v, size_t k)
{
	char name[48];
	size_t i;

	for (i = 0; i < sc->nsteps; i++)
		if (sc->steps[i].kind == PVABI_STEP_CALL && sc->steps[i].vcpu) {
			snprintf(name, sizeof(name), "t%zu_s%zu", k, i + 1);
			c2_thunk(f, c, &v[i], name);
		}
}

/* Steps [from, to) of scenario sc as resolved: v its calls, rs the
 * others; k the test's number, *npages the pages taken so far. */
void c2_steps(FILE *f, const struct c2 *c, const struct pvabi_scenario *sc,
	      const struct pvabi_v2 *v, const struct pvabi_m2step *rs, size_t from, size_t to,
	      size_t k, int *npages)
{
	size_t i;

	for (i = from; i < to; i++)
		if (sc->steps[i].kind == PVABI_STEP_CALL && sc->steps[i].vcpu) {
			char thunk[48];

			snprintf(thunk, sizeof(thunk), "t%zu_s%zu", k, i + 1);
			c2_call(f, c, &v[i], (unsigned int)i + 1, sc->steps[i].vcpu, thunk);
		} else if (sc->steps[i].kind == PVABI_STEP_CALL)
			c2_call(f, c, &v[i], (unsigned int)i + 1, 0, NULL);
		else if (sc->steps[i].kind == PVABI_STEP_PAGE)
			fprintf(f, "\tv[%d] = c2_page(%d);\n", rs[i].var, (*npages)++);
		else if (sc->steps[i].kind == PVABI_STEP_READ)
			read_step(f, &sc->steps[i], &rs[i], (unsigned int)i + 1);
		else if (sc->steps[i].kind == PVABI_STEP_WRITE)
			write_step(f, &sc->steps[i], &rs[i], (unsigned int)i + 1);
		else if (sc->steps[i].kind == PVABI_STEP_CLOCK)
			clock_step(f, &rs[i], (unsigned int)i + 1);
		else if (sc->steps[i].kind == PVABI_STEP_CHECK)
			check_step(f, &rs[i], (unsigned int)i + 1);
		else
			wait_step(f, &sc->steps[i], &rs[i], (unsigned int)i + 1,
				  has_vcpu(sc));
}

/* The scenario's steps, resolved before anything is written so that a
 * step that does not resolve leaves no half function behind. */
int c2_scenario(FILE *f, const struct c2 *c, struct c2_names *t, const struct pvabi_scenario *sc,
		int *npages)
{
	struct pvabi_vars vars = { { NULL }, 0, 0, 0, 0 };
	struct pvabi_v2 *v = calloc(sc->nsteps + 1, sizeof(*v));
	struct pvabi_m2step *rs = calloc(sc->nsteps + 1, sizeof(*rs));
	char err[256], what[160];
	size_t i;
	int rc = v && rs ? 0 : emit_oom(c->g);

	for (i = 0; rc == 0 && i < sc->nsteps; i++) {
		const struct pvabi_step *st = &sc->steps[i];

		if (st->kind == PVABI_STEP_CALL &&
		    c2_callable(c, &c->g->spec->ops[st->op], st->loc.file, st->loc.line)) {
			rc = -1;
			break;
		}
		rc = st->kind == PVABI_STEP_CALL
			     ? pvabi_v2_resolve(c->g->spec, st->op, st->cmd, st->args, st->expect,
						st->bind, c->g->rev, &vars, &v[i], err, sizeof(err))
			     : pvabi_m2_resolve(c->g->spec, st, c->g->rev, &vars, &rs[i], err,
						sizeof(err));
		if (rc)
			pvabi_diag_add(c->g->d, "SCENARIO_INVALID", st->loc.file, st->loc.line,
				       "scenario %s, revision %s: %s", sc->name,
				       c->g->spec->revs[c->g->rev].id, err);
	}
	if (rc == 0) {
		thunks(f, c, sc, v, t->n);
		c2_test_head(f, c->g, sc->loc.line, t->n);
		c2_scen_head(f, c, sc, vars.n);
		c2_steps(f, c, sc, v, rs, 0, sc->nsteps, t->n, npages);
		fputs("\treturn 0;\n}\n\n", f);
		snprintf(what, sizeof(what), "scenario %s (%zu steps)", sc->name, sc->nsteps);
		if (c2_name_add(t, what, NULL, NULL))
			rc = emit_oom(c->g);
	}
	free(v);
	free(rs);
	return rc;
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
		    has_vcpu(&g->spec->scenarios[i]))
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
