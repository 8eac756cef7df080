/* Vectors made again from vCPU 1 (abi/caller.h, emit/emit_caller_scen.c),
 * derived from spec/platform.xml: which vectors are copied, with which
 * arguments, and that nothing else is. */
#include "abi/caller.h"
#include "abi/load.h"
#include "emit/emit_caller.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

static struct pvabi_spec *platform_spec(void)
{
	struct pvabi_diags d = { 0 };
	char path[4096];
	struct pvabi_spec *s;

	snprintf(path, sizeof(path), "%s/spec/platform.xml", pvabi_test_srcdir());
	s = pvabi_spec_load(path, &d);
	pvabi_diag_free(&d);
	return s;
}

/* The copy of op's vector whose args are args in revision rev: its
 * step's args into out (empty when not copied); -1 when no such vector. */
static int copy_of(const struct pvabi_spec *s, const char *op, const char *args, const char *rev,
		   char *out, size_t n)
{
	int oi = pvabi_spec_op(s, op), r = pvabi_spec_rev(s, rev);
	struct emit_derived *d;
	size_t j;

	out[0] = '\0';
	if (oi < 0 || r < 0)
		return -1;
	for (j = 0; j < s->ops[oi].nvectors; j++) {
		const char *a = s->ops[oi].vectors[j].args;

		if (strcmp(a ? a : "", args) || !pvabi_life_has(&s->ops[oi].vectors[j].life, r))
			continue;
		if (emit_caller_derive(s, oi, j, r, &d))
			return -1;
		if (d) {
			CU_ASSERT_EQUAL(d->sc.nsteps, 1);
			CU_ASSERT_EQUAL(d->steps[0].vcpu, 1);
			CU_ASSERT_STRING_EQUAL(d->steps[0].expect, s->ops[oi].vectors[j].expect);
			snprintf(out, n, "%s", d->steps[0].args ? d->steps[0].args : "");
			emit_derive_free(d);
		}
		return 0;
	}
	return -1;
}

/* The caller's own vCPU stays the caller's; a value no two-vCPU guest
 * has stays as written; an op that neither declares <by-caller> nor
 * names a vCPU is not copied. */
static void test_copies(void)
{
	struct pvabi_spec *s = platform_spec();
	char a[256];

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(copy_of(s, "yield", "target_vcpu=0", "2.1", a, sizeof(a)), 0);
	CU_ASSERT_STRING_EQUAL(a, "target_vcpu=1");
	CU_ASSERT_EQUAL(copy_of(s, "yield", "target_vcpu=0xfffe", "2.1", a, sizeof(a)), 0);
	CU_ASSERT_STRING_EQUAL(a, "target_vcpu=0xfffe");
	CU_ASSERT_EQUAL(copy_of(s, "flush_tlb", "scope=all", "1.0", a, sizeof(a)), 0);
	CU_ASSERT_STRING_EQUAL(a, "scope=all");
	CU_ASSERT_EQUAL(copy_of(s, "evtchn_bind", "port=0 vcpu=0 vector=0x40", "2.1", a, sizeof(a)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(a, "vcpu=1"));
	CU_ASSERT_PTR_NULL(strstr(a, "vcpu=0"));
	CU_ASSERT_EQUAL(copy_of(s, "evtchn_bind", "port=1000 vcpu=0xfffe vector=0x40", "2.1", a,
				sizeof(a)), 0);
	CU_ASSERT_STRING_EQUAL(a, "");
	CU_ASSERT_EQUAL(copy_of(s, "get_steal_time", "vcpu=0", "2.1", a, sizeof(a)), 0);
	CU_ASSERT_STRING_EQUAL(a, "vcpu=1");
	CU_ASSERT_EQUAL(copy_of(s, "cpuid", "leaf=1 subleaf=0", "2.1", a, sizeof(a)), 0);
	CU_ASSERT_STRING_EQUAL(a, "");
	CU_ASSERT_EQUAL(copy_of(s, "evtchn_alloc", "source=ipi", "2.1", a, sizeof(a)), 0);
	CU_ASSERT_STRING_EQUAL(a, "");
	pvabi_spec_free(s);
}

const struct pvabi_test_case caller_cases[] = {
	{ "copies from vCPU 1", test_copies },
	{ NULL, NULL },
};
