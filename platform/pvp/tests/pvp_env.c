/* The platform under test of the handler suites (pvp_env.h). */
#include "platform/pvp/tests/pvp_env.h"

#include <stdarg.h>
#include <string.h>

struct gmem pt_mem;
struct pvp_ctx pt;
struct logbuf pt_log;
uint32_t pt_injected_vcpu, pt_injected_vector, pt_injections;

static void inject(void *ctx, uint32_t vcpu, uint8_t vector)
{
	(void)ctx;
	pt_injected_vcpu = vcpu;
	pt_injected_vector = vector;
	pt_injections++;
}

void pt_start(uint32_t rev, uint64_t features, uint32_t nvcpus)
{
	struct pvp_options o = { logbuf_sink, &pt_log, nvcpus, 0, inject, NULL, 0, 0 };
	struct pvabi_neg_profile p;

	pvp_platform_fini(&pt);
	gmem_free(&pt_mem);
	memset(&pt_log, 0, sizeof(pt_log));
	pt_injections = 0;
	CU_ASSERT_EQUAL_FATAL(gmem_alloc(&pt_mem, MEM), 0);
	CU_ASSERT_EQUAL_FATAL(pvp_test_window_profile(&p), 0);
	CU_ASSERT_EQUAL_FATAL(pvp_platform_init(&pt, &p, &o), 0);
	pt.host.mem = pt_mem.mem;
	pt.host.size = pt_mem.size;
	CU_ASSERT_EQUAL_FATAL(pvp_test_negotiate(&pt, NEG_AT, rev, rev, features), PVABI_NEG_OK);
	CU_ASSERT_EQUAL_FATAL(pt.st.rev, rev);
}

int64_t pt_call(uint32_t op, uint32_t n, ...)
{
	uint64_t a[8] = { 0 };
	va_list ap;
	uint32_t i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		a[i] = va_arg(ap, uint64_t);
	va_end(ap);
	return pvp_platform_call(&pt, op, n, a);
}

uint64_t pt_rd64(uint64_t gpa)
{
	uint64_t v;

	memcpy(&v, pt_mem.mem + gpa, 8);
	return v;
}

uint32_t pt_rd32(uint64_t gpa)
{
	uint32_t v;

	memcpy(&v, pt_mem.mem + gpa, 4);
	return v;
}

void pt_wr32(uint64_t gpa, uint32_t v)
{
	memcpy(pt_mem.mem + gpa, &v, 4);
}
int pt_cleanup(void)
{
	pvp_platform_fini(&pt);
	gmem_free(&pt_mem);
	return 0;
}
