/* The pvabi program's output for `check` and `diff`, text and --json,
 * byte for byte against fixtures/spec-changes/golden/, and its exit
 * codes (0 compatible, 1 breaking, 2 usage or invalid input). The
 * program runs from the source tree with relative paths, so the output
 * is the same on every machine.
 *
 * After an intended change of the output, run this suite with
 * PVABI_UPDATE_GOLDEN=1 to rewrite the golden files, and review them. */
#include "tests/fixtures.h"
#include "abi/tests/spec_tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASES "fixtures/spec-changes/"

static const struct golden {
	const char *file; /* under fixtures/spec-changes/golden */
	const char *args;
	int exit;
} goldens[] = {
	{ "check-breaking.txt",
	  "check --spec " CASES "waiver/other-target/spec.xml --registry " CASES "registry.xml", 1 },
	{ "check-breaking.json",
	  "check --json --spec " CASES "waiver/other-target/spec.xml --registry " CASES "registry.xml", 1 },
	{ "check-waived-all.txt",
	  "check --all --spec " CASES "waiver/spec.xml --registry " CASES "registry.xml", 0 },
	{ "check-waived.json",
	  "check --json --spec " CASES "waiver/spec.xml --registry " CASES "registry.xml", 0 },
	{ "check-registry.txt",
	  "check --spec " CASES "RELEASED_REVISION_MODIFIED/spec.xml --registry "
	  CASES "RELEASED_REVISION_MODIFIED/registry.xml", 1 },
	{ "diff.txt",
	  "diff " CASES "FROZEN_OP_CHANGED/diff/old.xml " CASES "FROZEN_OP_CHANGED/diff/new.xml", 1 },
	{ "diff-waived.json",
	  "diff --json " CASES "waiver/diff/old.xml " CASES "waiver/diff/new.xml", 1 },
	{ "diff-compatible.txt",
	  "diff " CASES "ARG_ADDED/released/ok/old.xml " CASES "ARG_ADDED/released/ok/new.xml", 0 },
	{ "invalid-check.txt",
	  "check --spec fixtures/spec-invalid/XML_DOCTYPE_FORBIDDEN/xxe/spec.xml --registry "
	  CASES "registry.xml", 2 },
	{ "invalid-diff.txt",
	  "diff " CASES "base.xml fixtures/spec-invalid/DUPLICATE_NAME/op/spec.xml", 2 },
	{ NULL, NULL, 0 },
};

static int run(const char *args, char *out, size_t cap, size_t *len)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd), "cd '%s' && '%s/pvabi' %s 2>&1", pvabi_test_srcdir(),
		 pvabi_test_builddir(), args);
	return fx_run(cmd, out, cap, len);
}

static void check_golden(const struct golden *g)
{
	static char out[1 << 16];
	char path[4096], *want;
	size_t len = 0, wlen = 0, i;
	const char *update = getenv("PVABI_UPDATE_GOLDEN");
	int rc = run(g->args, out, sizeof(out), &len);

	if (rc != g->exit)
		FX_FAIL("golden %s: pvabi %s exited %d, want %d", g->file, g->args, rc, g->exit);
	snprintf(path, sizeof(path), "%s/" CASES "golden/%s", pvabi_test_srcdir(), g->file);
	if (update && !strcmp(update, "1")) {
		FILE *f = fopen(path, "wb");

		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		CU_ASSERT_EQUAL(fwrite(out, 1, len, f), len);
		CU_ASSERT_EQUAL(fclose(f), 0);
		printf("\n  rewrote %s\n", path);
		return;
	}
	want = fx_read(path, &wlen);
	if (!want) {
		FX_FAIL("golden %s: cannot read it", g->file);
		return;
	}
	if (wlen != len || memcmp(want, out, len)) {
		for (i = 0; i < len && i < wlen && out[i] == want[i]; i++)
			;
		printf("\n  golden %s differs at byte %zu; pvabi %s printed:\n%s\n", g->file, i,
		       g->args, out);
		FX_FAIL("golden %s: output differs at byte %zu (PVABI_UPDATE_GOLDEN=1 rewrites it)",
			g->file, i);
	}
	free(want);
}

static void test_golden_outputs(void)
{
	const struct golden *g;

	for (g = goldens; g->file; g++)
		check_golden(g);
}

/* The JSON output is one object with a findings array and a summary
 * whose counts match the text summary line. */
static void test_json_shape(void)
{
	static char out[1 << 16];
	size_t len;

	CU_ASSERT_EQUAL(run("check --json --spec " CASES "waiver/other-target/spec.xml --registry "
			    CASES "registry.xml", out, sizeof(out), &len), 1);
	CU_ASSERT(!strncmp(out, "{\"findings\":[", 13));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"rule\":\"REMOVED_WITHOUT_DEPRECATION\",\"severity\":\"breaking\",\"file\":\"" CASES "waiver/other-target/spec.xml\",\"line\":39,\"revision\":\"1.2\",\"target\":\"op:halt\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"summary\":{\"breaking\":1,\"waived\":0,\"warning\":31,\"compatible\":8}}\n"));
	CU_ASSERT_EQUAL(run("diff --json " CASES "reordered/old.xml " CASES "reordered/new.xml",
			    out, sizeof(out), &len), 0);
	CU_ASSERT_STRING_EQUAL(out, "{\"findings\":[\n],\"summary\":{\"breaking\":0,\"waived\":0,\"warning\":0,\"compatible\":0}}\n");
}

static void test_exit_codes(void)
{
	static char out[1 << 16];
	size_t len;

	/* 0: compatible, also with only warnings or waived breaks */
	CU_ASSERT_EQUAL(run("check --spec " CASES "OP_ADDED/spec.xml --registry " CASES "registry.xml",
			    out, sizeof(out), &len), 0);
	CU_ASSERT_EQUAL(run("check --spec " CASES "WAIVER_UNUSED/spec.xml --registry " CASES "registry.xml",
			    out, sizeof(out), &len), 0);
	CU_ASSERT_EQUAL(run("check --spec " CASES "waiver/reused/spec.xml --registry " CASES "registry.xml",
			    out, sizeof(out), &len), 0);
	CU_ASSERT_EQUAL(run("check --help", out, sizeof(out), &len), 0);
	/* 1: a breaking finding, from the history, the registry or a diff */
	CU_ASSERT_EQUAL(run("check --spec " CASES "FEATURE_BIT_REUSED/spec.xml --registry " CASES "registry.xml",
			    out, sizeof(out), &len), 1);
	CU_ASSERT_EQUAL(run("check --spec " CASES "DRAFT_NOT_LAST/spec.xml --registry "
			    CASES "DRAFT_NOT_LAST/registry.xml", out, sizeof(out), &len), 1);
	CU_ASSERT_EQUAL(run("diff " CASES "OP_ID_CHANGED/old.xml " CASES "OP_ID_CHANGED/new.xml",
			    out, sizeof(out), &len), 1);
	/* 2: usage, unreadable or invalid input (spec or registry) */
	CU_ASSERT_EQUAL(run("check --bogus", out, sizeof(out), &len), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage: pvabi check"));
	CU_ASSERT_EQUAL(run("check extra-argument", out, sizeof(out), &len), 2);
	CU_ASSERT_EQUAL(run("diff " CASES "base.xml", out, sizeof(out), &len), 2);
	CU_ASSERT_EQUAL(run("check --spec " CASES "no-such.xml --registry " CASES "registry.xml",
			    out, sizeof(out), &len), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "INPUT_UNREADABLE"));
	CU_ASSERT_EQUAL(run("check --spec " CASES "base.xml --registry "
			    "fixtures/spec-invalid/TOO_MANY_REVISIONS/registry.xml", out, sizeof(out), &len), 2);
	CU_ASSERT_EQUAL(run("check --spec fixtures/spec-invalid/XML_MALFORMED/binary/spec.bin --registry "
			    CASES "registry.xml", out, sizeof(out), &len), 2);
	CU_ASSERT_EQUAL(run("check --spec fixtures/spec-invalid/XML_DOCTYPE_FORBIDDEN/billion-laughs/spec.xml"
			    " --registry " CASES "registry.xml", out, sizeof(out), &len), 2);
}

const struct pvabi_test_case golden_cases[] = {
	{ "outputs", test_golden_outputs },
	{ "json_shape", test_json_shape },
	{ "exit_codes", test_exit_codes },
	{ NULL, NULL },
};
