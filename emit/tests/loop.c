/* The loopback transport and recording handlers, plus the CUnit suite
 * that drives every revision's stubs through the dispatch. */
#include "emit/tests/loop.h"
#include "tests/harness.h"

#include "mini_platform.h"

#include <string.h>

struct mini_ctx {
	int unused;
};

struct loop_call loop_last;
unsigned char loop_mem[LOOP_MEM_SIZE];
static struct mini_ctx ctx;
static struct mini_dispatch_state st;

int64_t mini_transport_call(uint32_t op, uint32_t nargs, const uint64_t *args);
uint64_t mini_transport_pa(const volatile void *p);

int64_t mini_transport_call(uint32_t op, uint32_t nargs, const uint64_t *args)
{
	return mini_dispatch(&ctx, &st, op, nargs, args);
}

/* Addresses outside the loopback memory map beyond it, where the
 * dispatch's bounds check must refuse them. */
uint64_t mini_transport_pa(const volatile void *p)
{
	const volatile unsigned char *c = p;

	if (c >= loop_mem && c < loop_mem + LOOP_MEM_SIZE)
		return (uint64_t)(c - loop_mem);
	return UINT64_C(1) << 40;
}

int mini_guest_check(struct mini_ctx *c, uint64_t gpa, uint64_t size)
{
	(void)c;
	return gpa > LOOP_MEM_SIZE || size > LOOP_MEM_SIZE - gpa;
}

int64_t mini_skeleton_call(struct mini_ctx *c, uint32_t op, uint32_t nargs,
			   const uint64_t *args, const struct mini_gptr *ptrs)
{
	uint32_t i;

	(void)c;
	loop_last.called = 1;
	loop_last.op = op;
	loop_last.nargs = nargs;
	for (i = 0; i < nargs && i < 8; i++) {
		loop_last.args[i] = args[i];
		loop_last.ptr_size[i] = ptrs[i].size;
	}
	return LOOP_RET_BASE + op;
}

void loop_reset(void)
{
	memset(&loop_last, 0, sizeof(loop_last));
}

int loop_negotiate(uint32_t rev, uint64_t granted)
{
	memset(&st, 0, sizeof(st));
	return mini_dispatch_negotiated(&st, rev, granted);
}

void loop_forget(void)
{
	memset(&st, 0, sizeof(st));
}

uint32_t loop_op(const char *name)
{
	uint32_t id;

	for (id = 0; id < 64; id++)
		if (mini_op_name(id) && !strcmp(mini_op_name(id), name))
			return id;
	return UINT32_MAX;
}

int64_t loop_err(const char *name)
{
	static const struct {
		const char *name;
		int64_t v;
	} e[] = {
		{ "EINVAL", MINI_EINVAL }, { "EFAULT", MINI_EFAULT },
		{ "E2BIG", MINI_E2BIG }, { "ENOSYS", MINI_ENOSYS },
		{ "ENOTNEGOTIATED", MINI_ENOTNEGOTIATED },
		{ "EREVISION", MINI_EREVISION }, { "EREMOVED", MINI_EREMOVED },
		{ "ENOFEATURE", MINI_ENOFEATURE },
	};
	size_t i;

	for (i = 0; i < sizeof(e) / sizeof(e[0]); i++)
		if (!strcmp(e[i].name, name))
			return e[i].v;
	return 0;
}

int64_t loop_raw(uint32_t op, uint32_t nargs, const uint64_t *args)
{
	return mini_transport_call(op, nargs, args);
}

/* Before negotiation only the frozen bootstrap op is served; unknown ids
 * and revisions outside the window are refused with their own codes. */
static void test_bootstrap(void)
{
	uint64_t a[2] = { 0, 64 };

	loop_forget();
	loop_reset();
	CU_ASSERT_EQUAL(loop_raw(loop_op("halt"), 1, a), MINI_ENOTNEGOTIATED);
	CU_ASSERT_FALSE(loop_last.called);
	CU_ASSERT_EQUAL(loop_raw(loop_op("negotiate"), 2, a),
			LOOP_RET_BASE + loop_op("negotiate"));
	CU_ASSERT_EQUAL(loop_raw(999, 0, a), MINI_ENOSYS);
	CU_ASSERT_EQUAL(loop_raw(loop_op("negotiate"), 9, a), MINI_EINVAL);
	CU_ASSERT_EQUAL(loop_negotiate(0x00090000u, 0), -1);
	CU_ASSERT_EQUAL(loop_negotiate(0x00010001u, ~UINT64_C(0)), 0);
	CU_ASSERT_EQUAL(st.granted, mini_window_features[1]);
}

static void test_rev_1_0(void)
{
	loop_stubs_1_0();
}

static void test_rev_1_1(void)
{
	loop_stubs_1_1();
}

static void test_rev_1_2(void)
{
	loop_stubs_1_2();
}

static const struct pvabi_test_case loop_cases[] = {
	{ "bootstrap", test_bootstrap },
	{ "stubs_1_0", test_rev_1_0 },
	{ "stubs_1_1", test_rev_1_1 },
	{ "stubs_1_2", test_rev_1_2 },
	{ NULL, NULL },
};

extern const struct pvabi_test_case golden_cases[];
extern const struct pvabi_test_case docs_cases[];
extern const struct pvabi_test_case docs_decl_cases[];
extern const struct pvabi_test_case headers_cases[];
extern const struct pvabi_test_case hostile_gen_cases[];
extern const struct pvabi_test_case scen_vcpu_cases[];
extern const struct pvabi_test_case caller_cases[];


static const struct pvabi_test_suite suites[] = {
	{ "loopback", loop_cases, NULL, NULL },
	{ "golden", golden_cases, NULL, NULL },
	{ "docs", docs_cases, NULL, NULL },
	{ "docs_declarations", docs_decl_cases, NULL, NULL },
	{ "headers", headers_cases, NULL, NULL },
	{ "hostile", hostile_gen_cases, NULL, NULL },
	{ "scenario_vcpu", scen_vcpu_cases, NULL, NULL },
	{ "by_caller", caller_cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
