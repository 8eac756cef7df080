/* The built artifacts: the guest archives are self-contained and
 * namespaced, link into a program without libc and compute exactly what
 * the host build computes; the pvabi negotiate command keeps its contract
 * (output, exit codes, messages naming the bad value). */
#include "negotiator/tests/guest/link_check.h"
#include "negotiator/tests/neg_tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs cmd through the shell; returns its exit status (-1 if it did not
 * exit) and its output (stdout and stderr) in out. */
static int run(const char *cmd, char *out, size_t cap)
{
	char full[4096];
	size_t n = 0, r;
	FILE *f;
	int st;

	snprintf(full, sizeof(full), "%s 2>&1", cmd);
	f = popen(full, "r");
	if (!f)
		return -1;
	while (n + 1 < cap && (r = fread(out + n, 1, cap - 1 - n, f)) > 0)
		n += r;
	out[n] = '\0';
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void check_archive(const char *name, const char *format)
{
	const char *path = pvabi_test_path(pvabi_test_builddir(), name);
	char cmd[4200], out[8192];

	CU_ASSERT_FATAL(access(path, R_OK) == 0);
	/* nm -u alone also lists what another member defines: the archive as
	 * a whole must leave nothing undefined. */
	snprintf(cmd, sizeof(cmd),
		 "nm -g '%s' | awk '$1 == \"U\" { u[$2] = 1 } NF == 3 { d[$3] = 1 } "
		 "END { for (s in u) if (!(s in d)) print \"undefined \" s; "
		 "for (s in d) if (s !~ /^pvabi_neg_/) print \"foreign \" s; print \"done\" }'",
		 path);
	CU_ASSERT_EQUAL(run(cmd, out, sizeof(out)), 0);
	if (strcmp(out, "done\n"))
		printf("\n    %s: %s", name, out);
	CU_ASSERT_STRING_EQUAL(out, "done\n");
	snprintf(cmd, sizeof(cmd), "objdump -a '%s'", path);
	CU_ASSERT_EQUAL(run(cmd, out, sizeof(out)), 0);
	CU_ASSERT(strstr(out, format) != NULL);
}

static void test_archives(void)
{
	check_archive("negotiator/libpvabi-neg-32.a", "file format elf32-i386");
	check_archive("negotiator/libpvabi-neg-64.a", "file format elf64-x86-64");
}

/* What the link check prints, computed by the host build. */
static void expected_output(char *out, size_t cap)
{
	struct pvabi_neg_answer pa, ga;
	struct pvabi_neg_profile prof;
	struct pvabi_neg_session s;
	struct pvabi_neg_offer o;
	uint8_t req[40], resp[72];
	char j1[512], j2[512], why[512];
	size_t n = 0, i;

	CU_ASSERT_FATAL(pvabi_neg_parse_guest(PVABI_NEG_CHECK_GUEST, &o, NULL) == 0);
	neg_profile(&prof, PVABI_NEG_CHECK_PLATFORM);
	pvabi_neg_session_init(&s);
	CU_ASSERT_EQUAL(neg_exchange(&s, &prof, &o, &pa, &ga, resp), PVABI_NEG_OK);
	pvabi_neg_offer_encode(&o, req, sizeof(req));
	for (i = 0; i < sizeof(req); i++)
		n += (size_t)snprintf(out + n, cap - n, "%02x", req[i]);
	n += (size_t)snprintf(out + n, cap - n, "\n");
	for (i = 0; i < sizeof(resp); i++)
		n += (size_t)snprintf(out + n, cap - n, "%02x", resp[i]);
	pvabi_neg_record_json("platform", &pa, j1, sizeof(j1));
	pvabi_neg_record_json("guest", &ga, j2, sizeof(j2));
	pvabi_neg_explain(&ga, &prof, why, sizeof(why));
	snprintf(out + n, cap - n, "\n%s\n%s\n%s\n", j1, j2, why);
}

/* 1 when this kernel cannot run the program (the case's skip said),
 * else 0. */
static int check_link(const char *name)
{
	const char *path = pvabi_test_path(pvabi_test_builddir(), name);
	char want[2048], got[2048];
	int rc;

	CU_ASSERT_FATAL(access(path, X_OK) == 0);
	expected_output(want, sizeof(want));
	rc = run(path, got, sizeof(got));
	if (rc == 126 || rc == 127) {
		/* e.g. a kernel without 32-bit support: linked, not runnable */
		pvabi_test_skip(__FILE__, __LINE__,
				"this kernel cannot execute the guest-mode check program");
		return 1;
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_STRING_EQUAL(got, want);
	return 0;
}

static void test_link_check_32(void)
{
	check_link("negotiator/link-check-32");
}

static void test_link_check_64(void)
{
	check_link("negotiator/link-check-64");
}

static int pvabi(const char *args, char *out, size_t cap)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd), "'%s/pvabi' negotiate %s", pvabi_test_builddir(), args);
	return run(cmd, out, cap);
}

static void test_cli(void)
{
	char out[4096];

	CU_ASSERT_EQUAL(pvabi("--guest 1.0-2.1,req=1,opt=6 --platform 1.0-1.2,2.0,2.2,features=3",
			      out, sizeof(out)), 0);
	CU_ASSERT_STRING_EQUAL(out, "outcome: OK\nrevision: 2.0\ngranted: 0x3\n"
				    "why: negotiated revision 2.0 with features 0x3: guest offers "
				    "1.0-2.1, platform serves 1.0-2.2 (holes: 2.1)\n");
	CU_ASSERT_EQUAL(pvabi("--guest 1.0-1.2 --platform 2.0,2.1,2.3,3.0,3.1", out, sizeof(out)), 1);
	CU_ASSERT_STRING_EQUAL(out, "outcome: NO_COMMON_REVISION\nwhy: no common revision: guest "
				    "offers 1.0-1.2, platform serves 2.0-3.1 (holes: 2.2)\n");
	CU_ASSERT_EQUAL(pvabi("--json --guest 1.0,req=4 --platform 1.0:3", out, sizeof(out)), 1);
	CU_ASSERT_STRING_EQUAL(out,
		"{\"outcome\":\"MISSING_REQUIRED_FEATURES\",\"why\":\"missing required features 0x4: "
		"the platform cannot grant them at revision 1.0, the highest both serve; guest offers "
		"1.0, platform serves 1.0\",\"guest\":{\"side\":\"guest\",\"status\":"
		"\"MISSING_REQUIRED_FEATURES\",\"revision\":\"1.0\",\"granted\":\"0x0\",\"missing\":"
		"\"0x4\",\"guest_range\":[\"1.0\",\"1.0\"],\"platform_range\":[\"1.0\",\"1.0\"],"
		"\"guest_id\":\"0x0\",\"platform_id\":\"0x0\",\"defect\":null},\"platform\":{\"side\":"
		"\"platform\",\"status\":\"MISSING_REQUIRED_FEATURES\",\"revision\":\"1.0\",\"granted\":"
		"\"0x0\",\"missing\":\"0x4\",\"guest_range\":[\"1.0\",\"1.0\"],\"platform_range\":"
		"[\"1.0\",\"1.0\"],\"guest_id\":\"0x0\",\"platform_id\":\"0x0\",\"defect\":null}}\n");
}

static void test_cli_usage(void)
{
	char out[4096];

	CU_ASSERT_EQUAL(pvabi("--guest 1.0-1.x --platform 1.0", out, sizeof(out)), 2);
	CU_ASSERT(strstr(out, "--guest: '1.0-1.x': not a revision") != NULL);
	CU_ASSERT_EQUAL(pvabi("--guest 1.0 --platform 1.0,1.1-2.0,features=3", out, sizeof(out)), 2);
	CU_ASSERT(strstr(out, "--platform: '1.1-2.0': range spans majors") != NULL);
	CU_ASSERT(strstr(out, "(in '1.0,1.1-2.0,features=3')") != NULL);
	CU_ASSERT_EQUAL(pvabi("--guest 1.0,opt=0x1z --platform 1.0", out, sizeof(out)), 2);
	CU_ASSERT(strstr(out, "'opt=0x1z'") != NULL);
	CU_ASSERT_EQUAL(pvabi("--guest 1.0", out, sizeof(out)), 2);
	CU_ASSERT(strstr(out, "give exactly one of --platform, --as-release, --current") != NULL);
	CU_ASSERT_EQUAL(pvabi("--guest 1.0 --platform 1.0 extra", out, sizeof(out)), 2);
	CU_ASSERT(strstr(out, "unexpected argument 'extra'") != NULL);
	CU_ASSERT_EQUAL(pvabi("--bogus", out, sizeof(out)), 2);
	CU_ASSERT_EQUAL(pvabi("--help", out, sizeof(out)), 0);
	CU_ASSERT(strstr(out, "usage: pvabi negotiate") != NULL);
}

const struct pvabi_test_case build_cases[] = {
	{ "guest_archives_self_contained", test_archives },
	{ "link_check_32", test_link_check_32 },
	{ "link_check_64", test_link_check_64 },
	{ "cli_outcomes", test_cli },
	{ "cli_usage_errors", test_cli_usage },
	{ NULL, NULL },
};
