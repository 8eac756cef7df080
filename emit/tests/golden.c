/* Golden files: the generator's output for the mini spec, byte for byte.
 * After an intended change, refresh them with ci/update-golden. */
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(buf = malloc((size_t)n + 1))) {
		fclose(f);
		return NULL;
	}
	*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

static void same(const char *gen_rel, const char *golden_rel)
{
	char gen[4096], gold[4096];
	size_t a = 0, b = 0, i;
	char *x, *y;

	snprintf(gen, sizeof(gen), "%s/gen/mini/%s", pvabi_test_builddir(), gen_rel);
	snprintf(gold, sizeof(gold), "%s/fixtures/gen/golden/%s", pvabi_test_srcdir(), golden_rel);
	x = slurp(gen, &a);
	y = slurp(gold, &b);
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
	same("platform/mini_skeleton.c", "platform/mini_skeleton.c");
}

const struct pvabi_test_case golden_cases[] = {
	{ "guest", test_guest },
	{ "platform", test_platform },
	{ NULL, NULL },
};
