/* Matrix runs and JSON output through the built program: one run per
 * results directory (a second is refused while the first holds the
 * lock), an interrupted rerun leaves no stale report, --resume keeps
 * only cell files that hold up, a run without --out reports into the
 * build directory, and every JSON output stays valid and
 * keeps UTF-8 whatever the file names. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"
#include "util/afile.h"
#include "tests/jsoncheck.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char tmp[256];
static char out[1 << 16];

static int setup(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/pvabi-runs-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd);
}

static const char *at(const char *rel)
{
	return pvabi_test_path(tmp, rel);
}

static const char *pvabi(void)
{
	return pvabi_test_path(pvabi_test_builddir(), "pvabi");
}

/* A fixtures directory holding one frozen image labelled 1.0. */
static void fixture(const char *dir)
{
	char sub[1100], path[1200];

	snprintf(sub, sizeof(sub), "%s/1.0", dir);
	CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755) || mkdir(sub, 0755), 0);
	snprintf(path, sizeof(path), "%s/MANIFEST", sub);
	CU_ASSERT_EQUAL_FATAL(pvabi_test_write_file(path, "revision: 1.0\nfile: c.elf\n", 0644), 0);
	snprintf(path, sizeof(path), "%s/c.elf", sub);
	CU_ASSERT_EQUAL_FATAL(pvabi_afile_copy(pvabi_test_path(pvabi_test_srcdir(),
					 "fixtures/guests/pvp/1.0/conformance.elf"), path, NULL, 0), 0);
}

/* argv of `pvabi matrix` on fixtures fx's one cell with template tmpl;
 * extra (--quiet, --resume) is appended. */
static void matrix_argv(const char **v, const char *fx, const char *res, const char *tmpl,
			const char *extra)
{
	const char *a[] = { pvabi(), "matrix", "--images", "1.0", "--platforms", "current",
			    "--fixtures", fx, "--out", res, "--timeout", "30", "--engine-cmd", tmpl,
			    extra, NULL };

	memcpy(v, a, sizeof(a));
}

static int count_in(const char *dir, const char *part)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	while (d && (e = readdir(d)))
		n += strstr(e->d_name, part) != NULL;
	if (d)
		closedir(d);
	return n;
}

static void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

/* Starts argv in the background from the source tree; its pid. */
static pid_t start(const char *const *argv)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr) ||
		    chdir(pvabi_test_srcdir()))
			_exit(127);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	return pid;
}

static void test_lock_and_stale_reports(void)
{
	const char *first[20], *second[20];
	char res[600], cells[700];
	int st = 0, i;
	pid_t pid;

	fixture(at("fx"));
	snprintf(res, sizeof(res), "%s", at("res"));
	snprintf(cells, sizeof(cells), "%s/cells", res);
	CU_ASSERT_EQUAL_FATAL(mkdir(res, 0755), 0);
	/* the last run's green summary, which must not outlive a rerun */
	CU_ASSERT_EQUAL(pvabi_test_write_file(at("res/results.json"), "{\"all_green\":true}", 0644), 0);
	CU_ASSERT_EQUAL(pvabi_test_write_file(at("res/matrix.txt"), "all green\n", 0644), 0);
	matrix_argv(first, at("fx"), res, "sleep 20", "--quiet");
	pid = start(first);
	CU_ASSERT_FATAL(pid > 0);
	for (i = 0; i < 100 && count_in(cells, ".tmp.") == 0; i++)
		sleep_ms(50); /* until its cell runs */
	CU_ASSERT(count_in(cells, ".tmp.") > 0);
	matrix_argv(second, at("fx"), res, "true", "--quiet");
	CU_ASSERT_EQUAL(pvabi_test_run(second, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "is in use by another matrix run (pid "));
	kill(pid, SIGINT);
	for (i = 0; i < 400 && waitpid(pid, &st, WNOHANG) == 0; i++)
		sleep_ms(50);
	if (i == 400) { /* never hang the test run: fail instead */
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	CU_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 4); /* interrupted */
	CU_ASSERT_EQUAL(access(at("res/results.json"), F_OK), -1);
	CU_ASSERT_EQUAL(access(at("res/matrix.txt"), F_OK), -1);
	CU_ASSERT_EQUAL(count_in(cells, ".tmp."), 0);
	/* the lock went with the run: the next one runs and reports */
	CU_ASSERT_EQUAL(pvabi_test_run(second, out, sizeof(out)), 1);
	CU_ASSERT_EQUAL(access(at("res/results.json"), R_OK), 0);
}

/* Replaces the first from with to in path; 0 when it was there. */
static int edit(const char *path, const char *from, const char *to)
{
	char buf[1 << 15], *p;
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (!(p = strstr(buf, from)))
		return -1;
	f = fopen(path, "wb");
	if (!f)
		return -1;
	fwrite(buf, 1, (size_t)(p - buf), f);
	fputs(to, f);
	fputs(p + strlen(from), f);
	return fclose(f);
}

static int lines_of(const char *path)
{
	int c, n = 0;
	FILE *f = fopen(path, "r");

	while (f && (c = fgetc(f)) != EOF)
		n += c == '\n';
	if (f)
		fclose(f);
	return n;
}

static void test_resume_verifies(void)
{
	const char *resume[20];
	char script[600], tmpl[700], xml[700], tap[700];

	fixture(at("rfx"));
	snprintf(script, sizeof(script), "%s", at("engine"));
	CU_ASSERT_EQUAL_FATAL(pvabi_test_write_file(script, "#!/bin/sh\n"
				"echo run >>\"$PVABI_RUNS\"\n"
				"printf 'TAP version 13\\n1..1\\nok 1 - one\\n'\n", 0755), 0);
	setenv("PVABI_RUNS", at("runs"), 1);
	snprintf(tmpl, sizeof(tmpl), "'%s' {image}", script);
	snprintf(xml, sizeof(xml), "%s", at("rres/cells/1.0~current~cmd.xml"));
	snprintf(tap, sizeof(tap), "%s", at("rres/cells/1.0~current~cmd.tap"));
	matrix_argv(resume, at("rfx"), at("rres"), tmpl, "--resume");
	pvabi_test_run(resume, out, sizeof(out));
	CU_ASSERT_EQUAL(lines_of(at("runs")), 1);
	pvabi_test_run(resume, out, sizeof(out)); /* kept: it holds up */
	CU_ASSERT_EQUAL(lines_of(at("runs")), 1);
	CU_ASSERT_EQUAL_FATAL(edit(xml, "passed=\"1\"", "passed=\"7\""), 0);
	pvabi_test_run(resume, out, sizeof(out));
	CU_ASSERT_EQUAL(lines_of(at("runs")), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "resume: 1.0~current~cmd runs again: its counts"));
	CU_ASSERT_EQUAL_FATAL(edit(xml, "verdict=\"", "verdict=\"PASS\" was=\""), 0);
	pvabi_test_run(resume, out, sizeof(out));
	CU_ASSERT_EQUAL(lines_of(at("runs")), 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "runs again: its verdict PASS"));
	CU_ASSERT_EQUAL(unlink(tap), 0);
	pvabi_test_run(resume, out, sizeof(out));
	CU_ASSERT_EQUAL(lines_of(at("runs")), 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "runs again: its TAP file"));
	unsetenv("PVABI_RUNS");
}

/* Without --out, matrix and gate report into the build directory the
 * program runs from, where `make matrix` and `make gate` put theirs,
 * and never into the source tree they run in: the program copied into
 * a scratch build directory (a pvabi-gen beside it makes one) writes
 * there. */
static void test_default_out(void)
{
	static const char *const cmds[] = { "matrix", "gate" };
	char prog[600], fx[600], want[700];
	const char *argv[] = { prog, NULL, "--images", "1.0", "--platforms", "current",
			       "--no-feature-axis", "--fixtures", fx, "--timeout", "30",
			       "--engine-cmd", "true", "--quiet", NULL };
	size_t i;

	snprintf(fx, sizeof(fx), "%s", at("dfx"));
	fixture(fx);
	snprintf(prog, sizeof(prog), "%s", at("b/pvabi"));
	CU_ASSERT_EQUAL_FATAL(mkdir(at("b"), 0755), 0);
	CU_ASSERT_EQUAL_FATAL(pvabi_afile_copy(pvabi(), prog, NULL, 0) || chmod(prog, 0755), 0);
	CU_ASSERT_EQUAL_FATAL(pvabi_test_write_file(at("b/pvabi-gen"), "#!/bin/sh\nexit 1\n", 0755),
			      0);
	for (i = 0; i < 2; i++) {
		argv[1] = cmds[i];
		/* a cell with no TAP is not green: 1, its reports written */
		CU_ASSERT_EQUAL(pvabi_test_run(argv, out, sizeof(out)), 1);
		snprintf(want, sizeof(want), "%s/b/%s", tmp, cmds[i]);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
		snprintf(want, sizeof(want), "%s/b/%s/results.json", tmp, cmds[i]);
		CU_ASSERT_EQUAL(access(want, R_OK), 0);
	}
}

/* matrix --list with a fixtures path holding UTF-8 and a byte that is
 * not: the UTF-8 comes out intact, the byte as U+FFFD, the JSON valid. */
static void test_list_utf8(void)
{
	char fx[600];
	const char *argv[] = { pvabi(), "matrix", "--list", "--images", "1.0", "--platforms",
			       "current", "--fixtures", fx, "--engine-cmd", "true", NULL };

	snprintf(fx, sizeof(fx), "%s/caf\xc3\xa9-\xe2\x82\xac-\xff", tmp);
	fixture(fx);
	CU_ASSERT_EQUAL(pvabi_test_run(argv, out, sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "caf\xc3\xa9-\xe2\x82\xac-\\ufffd/1.0/c.elf"));
	CU_ASSERT(fx_json_valid(out, strlen(out)));
}

/* diff --json naming a file whose name is not valid UTF-8. */
static void test_diff_json_file_name(void)
{
	char old[600], bad[600];
	const char *argv[] = { pvabi(), "diff", old, bad, "--json", NULL };
	int rc;

	snprintf(old, sizeof(old), "%s",
		 pvabi_test_path(pvabi_test_srcdir(), "fixtures/spec-changes/ARG_REMOVED/diff/old.xml"));
	snprintf(bad, sizeof(bad), "%s/new-\xff\xfe-\xc3\xa9.xml", tmp);
	CU_ASSERT_EQUAL_FATAL(pvabi_afile_copy(pvabi_test_path(pvabi_test_srcdir(),
					 "fixtures/spec-changes/ARG_REMOVED/diff/new.xml"), bad, NULL, 0), 0);
	rc = pvabi_test_run(argv, out, sizeof(out));
	CU_ASSERT(rc == 1 || rc == 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ARG_REMOVED"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "new-\\ufffd\\ufffd-\xc3\xa9.xml"));
	CU_ASSERT(fx_json_valid(out, strlen(out)));
}

static const struct pvabi_test_case run_cases[] = {
	{ "lock_and_stale_reports", test_lock_and_stale_reports },
	{ "resume_verifies", test_resume_verifies },
	{ "default_out", test_default_out },
	{ NULL, NULL },
};

static const struct pvabi_test_case json_cases[] = {
	{ "list_utf8", test_list_utf8 },
	{ "diff_json_file_name", test_diff_json_file_name },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "matrix_runs", run_cases, setup, teardown },
	{ "json_output", json_cases, setup, teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
