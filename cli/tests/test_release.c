/* The release workflow end to end through the pvabi program, on copies
 * of the mini spec and registry in a temporary directory: new-rev,
 * release, the fingerprint lock, and the documented exit codes. */
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

/* Runs pvabi with args in dir; returns its exit status, output in out. */
static int pvabi(char *out, size_t outlen, const char *args)
{
	char cmd[2048];
	size_t n = 0;
	FILE *p;
	int st;

	snprintf(cmd, sizeof(cmd), "cd '%s' && '%s/pvabi' %s 2>&1", dir,
		 pvabi_test_builddir(), args);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (out) {
		n = fread(out, 1, outlen - 1, p);
		out[n] = '\0';
	} else {
		char sink[4096];

		while (fread(sink, 1, sizeof(sink), p) > 0)
			;
	}
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int copy(const char *rel, const char *to)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd), "cp '%s/%s' '%s/%s'", pvabi_test_srcdir(), rel, dir, to);
	return system(cmd);
}

static int setup(void)
{
	strcpy(dir, "/tmp/pvabi-release-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	return copy("fixtures/gen/mini.xml", "mini.xml") ||
	       copy("fixtures/gen/mini-versions.xml", "ABI-VERSIONS.xml");
}

static int teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

#define SPEC "--spec mini.xml "

static void test_release_in_order(void)
{
	char out[8192], fp[128], want[256];

	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "--date 2005-08-01 1.0"), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "--date 2006-01-01 1.1"), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "1.1"), 2); /* not a draft */
	CU_ASSERT_EQUAL(pvabi(fp, sizeof(fp), "show " SPEC "--fingerprint --rev 1.1"), 0);
	fp[strcspn(fp, "\n")] = '\0';
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 0);
	snprintf(want, sizeof(want), "fingerprint=\"%s\"", fp);
	{
		char path[512], *reg;
		FILE *f;
		long n;

		snprintf(path, sizeof(path), "%s/ABI-VERSIONS.xml", dir);
		f = fopen(path, "r");
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		rewind(f);
		reg = calloc(1, (size_t)n + 1);
		CU_ASSERT_EQUAL(fread(reg, 1, (size_t)n, f), (size_t)n);
		fclose(f);
		CU_ASSERT_PTR_NOT_NULL(strstr(reg, want));
		CU_ASSERT_PTR_NOT_NULL(strstr(reg, "date=\"2006-01-01\""));
		CU_ASSERT_PTR_NOT_NULL(strstr(reg, "serves=\"1.0 1.1\""));
		free(reg);
	}
}

/* A released revision is locked: changing what it exposes is caught. */
static void test_released_is_locked(void)
{
	char out[8192], cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "sed -i 's|<arg name=\"deadline\" type=\"u64\"/>|<arg name=\"deadline\" type=\"u32\"/>|' '%s/mini.xml'",
		 dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "RELEASED_REVISION_MODIFIED"));
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "1.2"), 1); /* refused */
	snprintf(cmd, sizeof(cmd),
		 "sed -i 's|<arg name=\"deadline\" type=\"u32\"/>|<arg name=\"deadline\" type=\"u64\"/>|' '%s/mini.xml'",
		 dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 0);
}

static void test_new_rev(void)
{
	char out[8192];

	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "new-rev " SPEC "1.3"), 2); /* 1.2 still a draft */
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "1.2"), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "new-rev " SPEC "1.1"), 2); /* not newer */
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "new-rev " SPEC "x.y"), 2);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "new-rev " SPEC "1.3"), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "show " SPEC "--rev 1.3"), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "revision 1.3 (draft)"));
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "show " SPEC "--rev 9.9"), 2);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "frobnicate"), 2);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check --spec missing.xml"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "missing.xml: INPUT_UNREADABLE"));
}

/* No temporary files left beside the registry or the spec. */
static void test_no_stray_files(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A '%s' | grep -v -x -e mini.xml -e ABI-VERSIONS.xml)\"",
		 dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

static const struct pvabi_test_case cases[] = {
	{ "release_in_order", test_release_in_order },
	{ "released_is_locked", test_released_is_locked },
	{ "new_rev", test_new_rev },
	{ "no_stray_files", test_no_stray_files },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "release_workflow", cases, setup, teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
