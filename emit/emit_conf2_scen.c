/* The scenarios of a format 2 suite as C: a test function per scenario,
 * its opening and name, the steps (calls, reads and writes of guest
 * memory, waits, clock readings, checks) and the calls of vCPU 1 as
 * thunks. Every derived scenario (<one-per>, <now>, <fixed>, gaps) is
 * written through here, and the suite (emit_conf2_suite.c) only gathers
 * them, so no file of the target calls back into the one that calls it. */
#include "emit/emit_conf2.h"
#include "emit/emit_escape.h"
#include "emit/emit_kind.h"
#include "abi/scenario.h"
#include "abi/scen_mem2.h"

#include <stdlib.h>
#include <string.h>

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
int c2_scen_has_vcpu(const struct pvabi_scenario *sc)
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
	int vcpus = c2_scen_has_vcpu(sc);
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
				  c2_scen_has_vcpu(sc));
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

