/* Golden files: the generator's output for the mini spec, byte for byte.
 * After an intended change, refresh them with ci/update-golden. */
#include "tests/fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void same(const char *gen_rel, const char *golden_rel)
{
	char gen[4096], gold[4096];
	size_t a = 0, b = 0, i;
	char *x, *y;

	snprintf(gen, sizeof(gen), "%s/gen/mini/%s", pvabi_test_builddir(), gen_rel);
	snprintf(gold, sizeof(gold), "%s/fixtures/gen/golden/%s", pvabi_test_srcdir(), golden_rel);
	x = fx_read(gen, &a);
	y = fx_read(gold, &b);
	CU_ASSERT_PTR_NOT_NULL(x);
	CU_ASSERT_PTR_NOT_NULL(y);
	if (x && y && (a != b || memcmp(x, y, a))) {
		for (i = 0; i < a && i < b && x[i] == y[i]; i++)
			;
		printf("\n  %s differs from %s at byte %zu (run ci/update-golden if intended)\n",
		       gen, gold, i);
		CU_FAIL("generated output differs from its golden file");
	}
	free(x);
	free(y);
}

static void test_guest(void)
{
	same("1.0/mini_guest.h", "1.0/mini_guest.h");
	same("1.1/mini_guest.h", "1.1/mini_guest.h");
	same("1.2/mini_guest.h", "1.2/mini_guest.h");
}

static void test_platform(void)
{
	same("platform/mini_platform.h", "platform/mini_platform.h");
	same("platform/mini_dispatch.c", "platform/mini_dispatch.c");
	same("platform/mini_state.c", "platform/mini_state.c");
	same("platform/mini_skeleton.c", "platform/mini_skeleton.c");
}

const struct pvabi_test_case golden_cases[] = {
	{ "guest", test_guest },
	{ "platform", test_platform },
	{ NULL, NULL },
};
