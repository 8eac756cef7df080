/* A matrix or gate whose selection names nothing that exists, or leaves
 * no cell (a typo in --images or --platforms, an empty shard, a release
 * column for an external engine that cannot play one), is a usage error
 * (exit 2) that says so: never a green run of zero cells. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <string.h>

static char out[1 << 16];

/* pvabi CMD --engine-cmd true ARGS...; the output names why. */
static void expect_refused(const char *cmd, const char *const *args, const char *why)
{
	const char *argv[16] = { pvabi_test_path(pvabi_test_builddir(), "pvabi"), cmd,
				 "--engine-cmd", "true", "--out", "/nonexistent/never-written" };
	int rc, n = 6, i;

	for (i = 0; args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	rc = pvabi_test_run(argv, out, sizeof(out));
	if (rc != 2 || !strstr(out, why))
		printf("\n  %s %s %s: exit %d:\n%s\n", cmd, args[0], args[1] ? args[1] : "", rc, out);
	CU_ASSERT_EQUAL(rc, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, why));
	CU_ASSERT_PTR_NULL(strstr(out, "PASS"));
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_typos(void)
{
	static const char *const cmds[] = { "matrix", "gate" };
	size_t i;

	for (i = 0; i < 2; i++) {
		expect_refused(cmds[i], ARGS("--images", "1.9"),
			       "--images '1.9': no such image (images: 1.0, ");
		expect_refused(cmds[i], ARGS("--images", "1.0,2.1-drfat"),
			       "--images '2.1-drfat': no such image");
		expect_refused(cmds[i], ARGS("--images", ""), "--images '': no such image");
		expect_refused(cmds[i], ARGS("--platforms", "current,9.9"),
			       "--platforms '9.9': no such platform (platforms: current, 1.0, ");
	}
}

static void test_empty(void)
{
	/* one cell, two shards: the second is empty */
	expect_refused("gate", ARGS("--images", "1.0", "--platforms", "current", "--shard", "2/2"),
		       "--shard 2/2 selects no cell");
	expect_refused("matrix", ARGS("--images", "1.0", "--platforms", "current", "--shard", "2/2"),
		       "--shard 2/2 selects no cell");
	/* a template without {platform} has only the 'current' column */
	expect_refused("gate", ARGS("--platforms", "1.2"),
		       "the selection matches no cell (an --engine-cmd without {platform}");
}

/* The same selections that do match run (here: are listed). */
static void test_matches(void)
{
	const char *argv[] = { pvabi_test_path(pvabi_test_builddir(), "pvabi"), "matrix", "--list",
			       "--engine-cmd", "true", "--images", "1.0,1.1", "--platforms",
			       "current", "--shard", "2/2", NULL };

	CU_ASSERT_EQUAL(pvabi_test_run(argv, out, sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"id\": \"1.1~current~cmd\""));
	CU_ASSERT_PTR_NULL(strstr(out, "\"id\": \"1.0~current~cmd\""));
}

/* An image the selection leaves out need not exist: --images 1.0 plans
 * with no draft image built, while the whole matrix names the draft image
 * it lacks (exit 2). */
static void test_unbuilt_draft(void)
{
	const char *argv[] = { pvabi_test_path(pvabi_test_builddir(), "pvabi"), "matrix", "--list",
			       "--engine-cmd", "true", "--images-dir", "/nonexistent/no-images",
			       "--images", "1.0", NULL };
	int rc;

	rc = pvabi_test_run(argv, out, sizeof(out));
	if (rc)
		printf("\n  matrix --images 1.0 without draft images: exit %d:\n%s\n", rc, out);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"id\": \"1.0~current~cmd\""));
	argv[7] = NULL;
	CU_ASSERT_EQUAL(pvabi_test_run(argv, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "/nonexistent/no-images/"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "no image of draft revision"));
}

static const struct pvabi_test_case cases[] = {
	{ "typos in --images and --platforms", test_typos },
	{ "empty shard, empty column", test_empty },
	{ "a selection that matches", test_matches },
	{ "an unselected draft image need not be built", test_unbuilt_draft },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "selection", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
