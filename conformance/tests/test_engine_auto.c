/* `auto` engine selection: it returns an engine whose probe succeeds, with
 * a sentence naming it and the others' times; NULL with a reason when no
 * engine works (QEMU missing from PATH and PVABI_QEMU, kvm excluded);
 * PVABI_ENGINE overrides it; the cache file is used when its key matches
 * and ignored when it does not; an image that fails on every engine is
 * never picked. The cache lives in a private XDG_CACHE_HOME removed at the
 * end. */
#include "conformance/engine_auto.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char cache_dir[] = "/tmp/pvabi-auto-test.XXXXXX";
static char cache_file[sizeof(cache_dir) + 32];

static int any_engine(char *why, size_t n)
{
	size_t i;

	for (i = 0; pvabi_engines[i]; i++)
		if (!pvabi_engines[i]->probe(why, n))
			return 1;
	return 0;
}

static const struct pvabi_engine *fresh_auto(char *why, size_t n)
{
	pvabi_engine_auto_reset();
	return pvabi_engine_auto(why, n);
}

static void test_picks_a_working_engine(void)
{
	const struct pvabi_engine *e, *again;
	char why[512], why2[512], prefix[64];

	if (!any_engine(why, sizeof(why)))
		PVABI_SKIP("no engine probes successfully here");
	setenv("PVABI_ENGINE_CACHE", "0", 1);
	e = fresh_auto(why, sizeof(why));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->probe(why2, sizeof(why2)), 0);
	snprintf(prefix, sizeof(prefix), "auto: %s (", e->name);
	CU_ASSERT_EQUAL(strncmp(why, prefix, strlen(prefix)), 0);
	if (getenv("PVABI_TEST_VERBOSE"))
		printf("\n  %s\n", why);
	/* decided once per process: the same answer, no new calibration */
	again = pvabi_engine_auto(why2, sizeof(why2));
	CU_ASSERT_PTR_EQUAL(again, e);
	CU_ASSERT_STRING_EQUAL(why2, why);
	unsetenv("PVABI_ENGINE_CACHE");
}

static void test_none_works(void)
{
	const struct pvabi_engine *e;
	const char *path = getenv("PATH");
	char why[1024], saved[4096];

	snprintf(saved, sizeof(saved), "%s", path ? path : "/usr/bin:/bin");
	setenv("PVABI_ENGINE_CACHE", "0", 1);
	setenv("PATH", "/nonexistent", 1);
	setenv("PVABI_QEMU", "/nonexistent/qemu-system-x86_64", 1);
	setenv("PVABI_AUTO_EXCLUDE", "kvm", 1);
	e = fresh_auto(why, sizeof(why));
	CU_ASSERT_PTR_NULL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "no engine works"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "kvm: excluded"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "not found"));
	unsetenv("PVABI_QEMU");
	unsetenv("PVABI_AUTO_EXCLUDE");
	unsetenv("PVABI_ENGINE_CACHE");
	setenv("PATH", saved, 1);
}

static void test_env_override(void)
{
	const struct pvabi_engine *e;
	char why[512];

	setenv("PVABI_ENGINE", "no-such-engine", 1);
	e = fresh_auto(why, sizeof(why));
	CU_ASSERT_PTR_NULL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "no such engine"));
	setenv("PVABI_ENGINE", "qemu-tcg", 1);
	setenv("PVABI_QEMU", "/nonexistent/qemu", 1);
	e = fresh_auto(why, sizeof(why));
	CU_ASSERT_PTR_NULL(e); /* never a silent fall back to another engine */
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "unusable here"));
	unsetenv("PVABI_QEMU");
	/* the xen engine boots a real Xen, not the reference platform */
	setenv("PVABI_ENGINE", "xen", 1);
	e = fresh_auto(why, sizeof(why));
	CU_ASSERT_PTR_NULL(e);
	CU_ASSERT_STRING_EQUAL(why, "PVABI_ENGINE=xen: boots a real hypervisor, not the reference platform");
	setenv("PVABI_ENGINE", "qemu-tcg", 1);
	e = fresh_auto(why, sizeof(why));
	if (pvabi_engine_qemu_tcg.probe(why, sizeof(why)) == 0)
		CU_ASSERT_PTR_EQUAL(e, &pvabi_engine_qemu_tcg);
	unsetenv("PVABI_ENGINE");
	pvabi_engine_auto_reset();
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void test_cache_file(void)
{
	const struct pvabi_engine *e, *cached;
	char why[512], why2[512];

	if (!any_engine(why, sizeof(why)))
		PVABI_SKIP("no engine probes successfully here");
	setenv("XDG_CACHE_HOME", cache_dir, 1);
	e = fresh_auto(why, sizeof(why));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(access(cache_file, R_OK), 0);
	cached = fresh_auto(why2, sizeof(why2));
	CU_ASSERT_PTR_EQUAL(cached, e);
	CU_ASSERT_PTR_NOT_NULL(strstr(why2, "(cached in "));
	/* another key (another kernel, QEMU or image): calibrated again */
	CU_ASSERT_EQUAL_FATAL(write_file(cache_file, "v1 other-host\nqemu-kvm\nauto: stale\n"), 0);
	e = fresh_auto(why2, sizeof(why2));
	CU_ASSERT_PTR_NOT_NULL(e);
	CU_ASSERT_PTR_NULL(strstr(why2, "cached"));
	CU_ASSERT_PTR_NULL(strstr(why2, "stale"));
	/* garbage is ignored, never trusted */
	CU_ASSERT_EQUAL_FATAL(write_file(cache_file, "\x01\x02 garbage"), 0);
	CU_ASSERT_PTR_NOT_NULL(fresh_auto(why2, sizeof(why2)));
	unsetenv("XDG_CACHE_HOME");
	pvabi_engine_auto_reset();
}

/* An image that crashes on every engine: no engine is picked, and the
 * sentence says why for each. */
static void test_failing_image(void)
{
	struct pvabi_engine_timing t[8];
	const struct pvabi_engine *e;
	char image[4096], why[1024];
	size_t i;

	if (!any_engine(why, sizeof(why)))
		PVABI_SKIP("no engine probes successfully here");
	snprintf(image, sizeof(image), "%s/guest/tests/crash.elf", pvabi_test_builddir());
	e = pvabi_engine_calibrate(image, "mode=ud2", 1, t, why, sizeof(why));
	CU_ASSERT_PTR_NULL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "calibration run"));
	for (i = 0; t[i].engine; i++) {
		CU_ASSERT_FALSE(t[i].usable);
		/* xen never boots the calibration image: it is no candidate */
		if (t[i].engine == &pvabi_engine_xen)
			CU_ASSERT_STRING_EQUAL(t[i].why, "runs a real hypervisor, not the reference platform");
	}
	CU_ASSERT_EQUAL(i, 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "; xen: runs a real hypervisor"));
}

static void test_calibration_image(void)
{
	char buf[4096];

	CU_ASSERT_EQUAL(pvabi_engine_calibration_image(buf, sizeof(buf)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "calls.elf"));
	setenv("PVABI_CALIBRATE_IMAGE", "/nonexistent/calls.elf", 1);
	CU_ASSERT_NOT_EQUAL(pvabi_engine_calibration_image(buf, sizeof(buf)), 0);
	unsetenv("PVABI_CALIBRATE_IMAGE");
}

static int init(void)
{
	if (!mkdtemp(cache_dir))
		return -1;
	snprintf(cache_file, sizeof(cache_file), "%s/pvabi/engine", cache_dir);
	unsetenv("PVABI_ENGINE");
	return 0;
}

static int cleanup(void)
{
	char dir[sizeof(cache_file)];

	unlink(cache_file);
	snprintf(dir, sizeof(dir), "%s/pvabi", cache_dir);
	rmdir(dir);
	return rmdir(cache_dir);
}

static const struct pvabi_test_case cases[] = {
	{ "picks_a_working_engine", test_picks_a_working_engine },
	{ "none_works", test_none_works },
	{ "env_override", test_env_override },
	{ "cache_file", test_cache_file },
	{ "failing_image_never_picked", test_failing_image },
	{ "calibration_image", test_calibration_image },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "engine_auto", cases, init, cleanup },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
