/* Shared by the two files of the format 2 conformance target. */
#ifndef PVABI_EMIT_CONF2_H
#define PVABI_EMIT_CONF2_H

#include "emit/emit.h"
#include "emit/emit_escape.h"
#include "emit/emit_names.h"
#include "abi/vector2.h"
#include "abi/scen_mem2.h"

struct c2 {
	const struct pvabi_gen *g;
	const struct emit_names *n;
};

/* One resolved call as a C block: its arguments, the typed stub's call,
 * the checks (PVABI_C2_EXPECT, failing as step `step`) and the binding.
 * With thunk (a function c2_thunk wrote) the call is made on vCPU vcpu. */
void c2_call(FILE *f, const struct c2 *c, const struct pvabi_v2 *v, unsigned int step,
	     unsigned int vcpu, const char *thunk);
/* Call v's locals declared and set, and the call made, rc its result,
 * nothing checked: with thunk, made on vCPU 1 when the C condition on
 * holds (the readings of a <fixed>, emit_conf2_fixed.c). */
void c2_call_bare(FILE *f, const struct c2 *c, const struct pvabi_v2 *v, const char *thunk,
		  const char *on);
/* Whether a parameter passed dir with type t is a struct the platform
 * writes, which a suite poisons before a call that is to be refused
 * (emit_conf2.c; the manual lists those calls by it). */
int c2_written_struct(enum pvabi_arg_dir dir, const struct pvabi_type *t);
/* Whether parameter i of call v is such a struct and v is to be refused. */
int c2_poisoned(const struct pvabi_v2 *v, size_t i);
/* After refused call v, the check that its parameter i kept the guest's
 * poison but for the fields the call set and those declared
 * written-on= the error (emit_conf2_refout.c). */
void c2_refused_kept(FILE *f, const struct c2 *c, const struct pvabi_v2 *v, size_t i,
		     unsigned int step);
/* The function that makes call v on another vCPU, named name. */
void c2_thunk(FILE *f, const struct c2 *c, const struct pvabi_v2 *v, const char *name);
/* What a judged check compares with (emit_conf2_judge.c): cmp (enum
 * pvabi_vec_cmp) against x, up to hi for a range, within tol. */
struct c2_want {
	int cmp;
	const struct pvabi_expr *x, *hi;
	uint64_t tol;
};
/* The check as a C block failing step `step` as `what`: got, a C
 * expression cast through type, or with value (a <check> step) that
 * expression's value; x and hi evaluated with the scenario's
 * variables. */
void c2_judge(FILE *f, unsigned int step, const char *what, const char *got, const char *type,
	      int is_signed, const struct pvabi_expr *value, const struct c2_want *k);
/* The tests' TAP names, in table order; the last nscen are scenarios. */
struct c2_names {
	char **v;
	size_t n, nscen;
};
/* Adds the name of the test just written (what, args, expect as
 * c2_name takes them); 0, or -1 out of memory. */
int c2_name_add(struct c2_names *t, const char *what, const char *args, const char *expect);
/* The sweeps past each CPUID block's maximum (emit_conf2_gap.c), as
 * scenarios numbered from t->n; 0, or -1 diagnosed. */
int c2_gaps(FILE *f, const struct c2 *c, struct c2_names *t);
/* Scenario sc, resolved and written as test t->n; 0, or -1 diagnosed
 * at the failing step (emit_conf2_scen.c). */
int c2_scenario(FILE *f, const struct c2 *c, struct c2_names *t, const struct pvabi_scenario *sc,
		int *npages);
/* The probes of every <one-per> of the revision's commands
 * (emit_conf2_uniq.c), numbered from t->n; 0, or -1 diagnosed. */
int c2_uniqs(FILE *f, const struct c2 *c, struct c2_names *t, int *npages);
/* A test's opening, after a comment naming the spec line (as test k). */
void c2_test_head(FILE *f, const struct pvabi_gen *g, int line, size_t k);
/* Whether a step of the scenario runs on vCPU 1 (emit_conf2_scen.c). */
int c2_scen_has_vcpu(const struct pvabi_scenario *sc);
/* A scenario's first lines: its nvars variables, its feature gates,
 * vCPU 1 started where a step runs there, the upcalls counted so far. */
void c2_scen_head(FILE *f, const struct c2 *c, const struct pvabi_scenario *sc, size_t nvars);
/* Steps [from, to) of scenario sc as resolved (v: its calls, rs: the
 * other steps), in test k; *npages counts the <page>s taken. */
void c2_steps(FILE *f, const struct c2 *c, const struct pvabi_scenario *sc,
	      const struct pvabi_v2 *v, const struct pvabi_m2step *rs, size_t from, size_t to,
	      size_t k, int *npages);
/* The probes of every <now> of the revision's commands (emit_conf2_now.c),
 * numbered from t->n; 0, or -1 diagnosed. */
int c2_nows(FILE *f, const struct c2 *c, struct c2_names *t, int *npages);
/* The reading functions of every <fixed> of the revision's commands
 * and c2_fixed_first, which makes the first readings
 * (emit_conf2_fixed.c); then the tests that read them again at the end
 * of the run, from vCPU 0 and from vCPU 1, numbered from t->n. 0, or
 * -1 diagnosed. */
int c2_fixed_readers(FILE *f, const struct c2 *c);
int c2_fixeds(FILE *f, const struct c2 *c, struct c2_names *t);
/* Whether a <fixed> is alive in the revision (read from vCPU 1 too). */
int c2_fixed_any(const struct pvabi_spec *s, int rev);
/* A test's TAP name as a C string literal. */
void c2_name(FILE *f, const char *what, const char *args, const char *expect);

/* The feature gate of a convention with not-offered= (emit_conf2_gate.c):
 * the feature bit op waits for, or -1 when its tests always run. */
int c2_gate_bit(const struct pvabi_spec *s, const struct pvabi_op *op);
/* The test's first lines: skip it unless the platform offers bit. */
void c2_gate(FILE *f, int bit);
/* Whether op's tests can be generated (a cpuid op's result is four
 * registers no vector names); -1 diagnosed at line. */
int c2_callable(const struct c2 *c, const struct pvabi_op *op, const char *file, int line);
/* The suite's own check of a gated op where its feature is not offered:
 * writing and reading the MSR give the convention's not-offered error.
 * Written as test number k; 0, or -1 diagnosed. */
int c2_not_offered(FILE *f, const struct c2 *c, const struct pvabi_op *op, size_t k);

/* The function c2_runend that ends the run with a reason
 * (emit_conf2_runend.c), when a command ends revision g->rev's run: 1
 * written, 0 none. */
int c2_runend(FILE *f, const struct c2 *c);

/* The conformance suite of revision g->rev of a format 2 ABI
 * (emit_conf2_suite.c); 0, or -1 diagnosed. */
int pvabi_emit_conformance2(const struct pvabi_gen *g);

#endif
