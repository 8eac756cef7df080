/* The calls of each class of check (guest/rt/suite_cost.c): a fresh
 * image prints one "# calls:" line per class that called and one for
 * all, which bench-cell prints. The per-class counts must add up to the
 * sum, and the sum must be every call the platform served but the few
 * the image makes outside its runner (the memory console's set-up, the
 * wake op of halting waits): counting may neither lose calls nor make
 * any. Run on qemu-tcg. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sums the per-class lines of pvabi_test_out into *calls, *ticks and
 * *waiting; the "all" line into all[3]; the runner's served calls into
 * *served. Returns the number of class lines. */
static int sum_lines(unsigned long long *calls, unsigned long long *ticks,
		     unsigned long long *waiting, unsigned long long all[3],
		     unsigned long long *served)
{
	const char *p = pvabi_test_out, *q;
	unsigned long long n, t, w;
	char name[64];
	int lines = 0;

	*calls = *ticks = *waiting = *served = 0;
	memset(all, 0, 3 * sizeof(all[0]));
	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		if (sscanf(p, "# calls: %63[a-z-]: %llu calls, %llu ticks, %llu ticks waiting", name,
			   &n, &t, &w) == 4) {
			if (!strcmp(name, "all")) {
				all[0] = n, all[1] = t, all[2] = w;
				continue;
			}
			*calls += n, *ticks += t, *waiting += w;
			lines++;
		}
		if (!strncmp(p, "# run:", 6) && (q = strstr(p, " calls=")) && q < strchr(p, '\n'))
			*served = strtoull(q + 7, NULL, 10);
	}
	return lines;
}

static void test_reference(void)
{
	unsigned long long calls, ticks, waiting, all[3], served;

	PVABI_TEST_BOOT("pvabi", "2.1", "qemu-tcg", 0);
	CU_ASSERT(sum_lines(&calls, &ticks, &waiting, all, &served) >= 10);
	CU_ASSERT_EQUAL(calls, all[0]);
	CU_ASSERT_EQUAL(ticks, all[1]);
	CU_ASSERT_EQUAL(waiting, all[2]);
	CU_ASSERT(all[0] > 1000);
	CU_ASSERT(all[0] <= served && served - all[0] <= 4);
	CU_ASSERT(all[2] < all[1]);
	/* each class that the 2.1 image has */
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: vectors: ", " calls, "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: limit-probes: ", " calls, "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: refused-negotiation: ", " calls, "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: handle-kinds: ", " calls, "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: gap-sweeps: ", " calls, "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: clock-bursts: ", " calls, "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: all: ", " kHz"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 0);
}

/* The first revision's image, built by today's generator, counts too. */
static void test_first_revision(void)
{
	unsigned long long calls, ticks, waiting, all[3], served;

	PVABI_TEST_BOOT("pvabi", "1.0", "qemu-tcg", 0);
	CU_ASSERT(sum_lines(&calls, &ticks, &waiting, all, &served) >= 5);
	CU_ASSERT_EQUAL(calls, all[0]);
	CU_ASSERT(all[0] <= served && served - all[0] <= 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: clock-bursts: ", " calls, "), 1);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "first revision", test_first_revision },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "cost", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
