/* Drives a generated dispatch with every op of every revision of its
 * support window, building arguments from the spec model at run time, and
 * checks each outcome against what the model predicts: which calls the
 * revision must refuse and with which error, what the handler receives
 * (defaults filled for older revisions), and that out-of-range values,
 * bad pointers and wrong argument counts never reach a handler.
 *
 * Compiled once per ABI: -DABI=<name> selects the generated dispatch,
 * -DABI_SPEC/-DABI_REGISTRY name its inputs relative to the source tree. */
#include "abi/limit.h"
#include "abi/load.h"
#include "abi/registry.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define F(x) CAT(CAT(ABI, _), x)
#define STR2(x) #x
#define STR(x) STR2(x)

#include STR(ABI_PLATFORM_H)

#define MEM 65536
#define RET 4242

struct F(ctx) {
	int called;
	uint32_t op, nargs;
	uint64_t args[8];
	uint64_t size[8];
};

static struct F(ctx) rec;

int F(guest_check)(struct F(ctx) *c, uint64_t gpa, uint64_t size)
{
	(void)c;
	return gpa > MEM || size > MEM - gpa;
}

int64_t F(skeleton_call)(struct F(ctx) *c, uint32_t op, uint32_t nargs,
			 const uint64_t *args, const struct F(gptr) *ptrs)
{
	uint32_t i;

	c->called = 1;
	c->op = op;
	c->nargs = nargs;
	for (i = 0; i < nargs && i < 8; i++) {
		c->args[i] = args[i];
		c->size[i] = ptrs[i].size;
	}
	return RET;
}

static const struct pvabi_spec *S;
static struct F(dispatch_state) st;
static long violations;

static void violation(const struct pvabi_op *op, int k, const char *what, long long got,
		      long long want)
{
	if (violations++ < 20)
		printf("\n  %s in window revision %s: %s: got %lld, want %lld", op->name,
		       F(window_ids)[k], what, got, want);
}

/* A valid value of arg a in spec revision rev. */
static uint64_t valid_value(const struct pvabi_arg *a, int rev)
{
	const struct pvabi_enum *e;
	size_t i;

	if (a->dir != PVABI_BY_VALUE)
		return 4096;
	if (pvabi_arg_limit(S, a)) {
		const struct pvabi_limit *l = pvabi_arg_limit(S, a);
		int none;

		/* within the limit, and 1 where it can be (a count argument
		 * of 0 would leave its buffer unchecked) */
		if (l->min || pvabi_limit_top(l, pvabi_limit_value(S, a->limit, rev, 0), &none) < 1)
			return l->min;
		return 1;
	}
	if (a->type.kind != PVABI_T_ENUM)
		return 1;
	e = &S->enums[a->type.index];
	for (i = 0; i < e->nvalues; i++)
		if (pvabi_life_has(&e->values[i].life, rev))
			return (uint64_t)e->values[i].value;
	return 0;
}

/* E(_EINVAL) -> MINI_EINVAL; the underscore keeps errno.h's EINVAL
 * macro from expanding first. */
#define E(x) CAT(ABI_UP, x)

static int64_t predicted(const struct pvabi_op *op, int rev, int all_features)
{
	if (!pvabi_life_has(&op->life, rev))
		return rev < op->life.since ? E(_EREVISION) : E(_EREMOVED);
	if (op->feature >= 0 && !all_features)
		return E(_ENOFEATURE);
	return 0;
}

static size_t build_args(const struct pvabi_op *op, int rev, uint64_t *a, uint64_t *full)
{
	size_t i, n = 0;

	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_arg *x = &op->args[i];

		if (pvabi_life_has(&x->life, rev))
			full[i] = a[n++] = valid_value(x, rev);
		else
			full[i] = (uint64_t)x->default_value;
	}
	return n;
}

static void check_received(const struct pvabi_op *op, int k, int rev, const uint64_t *full)
{
	size_t i;

	if (rec.nargs != op->nargs)
		violation(op, k, "handler argument count", rec.nargs, (long long)op->nargs);
	for (i = 0; i < op->nargs && i < 8; i++) {
		const struct pvabi_arg *x = &op->args[i];

		if (rec.args[i] != full[i])
			violation(op, k, x->name, (long long)rec.args[i], (long long)full[i]);
		if (x->dir != PVABI_BY_VALUE && pvabi_life_has(&x->life, rev) &&
		    x->type.kind == PVABI_T_STRUCT &&
		    rec.size[i] != pvabi_struct_layout(S, x->type.index, rev, NULL, NULL))
			violation(op, k, "pointer size", (long long)rec.size[i],
				  (long long)pvabi_struct_layout(S, x->type.index, rev, NULL, NULL));
	}
}

static void expect_refused(const struct pvabi_op *op, int k, const char *what,
			   uint32_t nargs, const uint64_t *a, int64_t want)
{
	int64_t r;

	memset(&rec, 0, sizeof(rec));
	r = F(dispatch)(&rec, &st, op->id, nargs, a);
	if (r != want || rec.called)
		violation(op, k, what, r, want);
}

/* Values the enum defines only in other revisions are as invalid here as
 * values it never defines. */
static void enum_other_revisions(const struct pvabi_op *op, int k, int rev,
				 const struct pvabi_arg *x, uint64_t *b, size_t n, size_t pos)
{
	const struct pvabi_enum *e = &S->enums[x->type.index];
	size_t j, m;

	for (j = 0; j < e->nvalues; j++) {
		int elsewhere = !pvabi_life_has(&e->values[j].life, rev);

		for (m = 0; m < e->nvalues && elsewhere; m++)
			if (e->values[m].value == e->values[j].value &&
			    pvabi_life_has(&e->values[m].life, rev))
				elsewhere = 0;
		if (!elsewhere)
			continue;
		b[pos] = (uint64_t)e->values[j].value;
		expect_refused(op, k, "enum value of another revision", (uint32_t)n, b, E(_EINVAL));
	}
}

/* A declared limit's edges: the first value past it and the last below
 * its min are refused with the limit's errors, before the handler. */
static void limit_edges(const struct pvabi_op *op, int k, int rev, const struct pvabi_arg *x,
			uint64_t *b, size_t n, size_t pos)
{
	const struct pvabi_limit *l = pvabi_arg_limit(S, x);
	unsigned int bits = pvabi_prim_size(x->type.prim) * 8;
	uint64_t v, top;
	int none;

	if (!l)
		return;
	v = pvabi_limit_value(S, x->limit, rev, st.granted);
	top = pvabi_limit_top(l, v, &none);
	if (bits == 64 || top + 1 < (UINT64_C(1) << bits)) {
		b[pos] = top + 1;
		expect_refused(op, k, "value past its limit", (uint32_t)n, b,
			       S->errors[l->error].value);
	}
	if (l->min) {
		b[pos] = l->min - 1;
		expect_refused(op, k, "value below its limit's min", (uint32_t)n, b,
			       S->errors[l->min_error].value);
	}
	b[pos] = valid_value(x, rev);
}

/* Every guest-controlled value the dispatch must refuse. */
static void hostile_args(const struct pvabi_op *op, int k, int rev, const uint64_t *a,
			 size_t n)
{
	uint64_t b[9];
	size_t i, pos = 0;

	memcpy(b, a, n * sizeof(*a));
	b[n] = 0;
	if (n < 8)
		expect_refused(op, k, "one argument too many", (uint32_t)n + 1, b, E(_EINVAL));
	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_arg *x = &op->args[i];
		unsigned int bits = pvabi_prim_size(x->type.prim) * 8;

		if (!pvabi_life_has(&x->life, rev))
			continue;
		memcpy(b, a, n * sizeof(*a));
		if (x->dir != PVABI_BY_VALUE) {
			b[pos] = MEM; /* just past guest memory */
			expect_refused(op, k, "pointer outside guest memory", (uint32_t)n, b, E(_EFAULT));
		} else if (x->type.kind == PVABI_T_ENUM) {
			b[pos] = UINT64_C(0x7fff0000);
			expect_refused(op, k, "undefined enum value", (uint32_t)n, b, E(_EINVAL));
			enum_other_revisions(op, k, rev, x, b, n, pos);
		} else if (bits < 64) {
			b[pos] = UINT64_C(1) << bits; /* out of range either signedness */
			expect_refused(op, k, "value wider than its type", (uint32_t)n, b, E(_EINVAL));
			limit_edges(op, k, rev, x, b, n, pos);
		}
		pos++;
	}
}

static void call_op(const struct pvabi_op *op, int k, int rev, int all_features)
{
	uint64_t a[8] = { 0 }, full[8] = { 0 };
	size_t n = build_args(op, rev, a, full);
	int64_t want = predicted(op, rev, all_features), r;

	memset(&rec, 0, sizeof(rec));
	r = F(dispatch)(&rec, &st, op->id, (uint32_t)n, a);
	if (want) {
		if (r != want || rec.called)
			violation(op, k, "refusal", r, want);
		return;
	}
	if (r != RET || !rec.called || rec.op != op->id) {
		violation(op, k, "call", r, RET);
		return;
	}
	check_received(op, k, rev, full);
	hostile_args(op, k, rev, a, n);
}

static int rev_of(int k)
{
	return pvabi_spec_rev(S, F(window_ids)[k]);
}

static void test_every_op_every_revision(void)
{
	size_t i;
	int k, all;

	CU_ASSERT_PTR_NOT_NULL_FATAL(S);
	violations = 0;
	for (k = 0; k < E(_WINDOW_NREVS); k++)
		for (all = 0; all <= 1; all++) {
			memset(&st, 0, sizeof(st));
			CU_ASSERT_EQUAL_FATAL(F(dispatch_negotiated)(&st, F(window_revs)[k],
								     all ? ~UINT64_C(0) : 0), 0);
			for (i = 0; i < S->nops; i++)
				call_op(&S->ops[i], k, rev_of(k), all);
		}
	CU_ASSERT_EQUAL(violations, 0);
}

/* Before negotiation only frozen ops are served; an unknown id is ENOSYS
 * in every state. */
static void test_not_negotiated(void)
{
	uint32_t max = 0;
	uint64_t a[8] = { 0 };
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(S);
	memset(&st, 0, sizeof(st));
	violations = 0;
	for (i = 0; i < S->nops; i++) {
		const struct pvabi_op *op = &S->ops[i];

		max = op->id > max ? op->id : max;
		if (!op->frozen)
			expect_refused(op, 0, "before negotiation", 0, a, E(_ENOTNEGOTIATED));
	}
	CU_ASSERT_EQUAL(violations, 0);
	CU_ASSERT_EQUAL(F(dispatch)(&rec, &st, max + 1, 0, a), E(_ENOSYS));
	CU_ASSERT_EQUAL(F(dispatch)(&rec, &st, UINT32_MAX, 0, a), E(_ENOSYS));
	CU_ASSERT_EQUAL(F(dispatch)(&rec, &st, 0, 9, a), E(_EINVAL));
}

static int setup(void)
{
	struct pvabi_diags d = { 0 };

	S = pvabi_spec_load(pvabi_test_path(pvabi_test_srcdir(), ABI_SPEC), &d);
	pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	return S ? 0 : -1;
}

static int teardown(void)
{
	pvabi_spec_free((struct pvabi_spec *)S);
	return 0;
}

static const struct pvabi_test_case cases[] = {
	{ "every_op_every_revision", test_every_op_every_revision },
	{ "not_negotiated", test_not_negotiated },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "model_calls_" STR(ABI), cases, setup, teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
