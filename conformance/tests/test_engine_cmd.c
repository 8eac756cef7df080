/* External engines (--engine-cmd): the template grammar, word by word;
 * hostile values (quotes, spaces, $(...), backticks, newlines) reach the
 * command as exactly one argument each and run nothing, also through the
 * built program with such paths as the fixtures and results directories;
 * a command that does not exist, or exits 127, is an ERROR naming it; a
 * command that hangs is a TIMEOUT and its process group is killed. */
#include "conformance/engine_cmd.h"
#include "conformance/tests/progrun.h"
#include "tests/harness.h"
#include "util/afile.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmp[256];
static char out[1 << 16];

#define HOSTILE "q'uote \"dq\" sp ace $(touch %s/canary1) `touch %s/canary2` nl\nx"

/* Splits t with vals and compares with the NULL-terminated want. */
static void expect_words(const char *t, const char *const *vals, const char *const *want)
{
	char **v, err[256];
	int n, i;

	n = pvabi_engine_cmd_split(t, vals, &v, err, sizeof(err));
	for (i = 0; want[i]; i++)
		;
	if (n != i)
		printf("\n  template [%s]: %d words, want %d (%s)\n", t, n, i, n < 0 ? err : "");
	CU_ASSERT_EQUAL_FATAL(n, i);
	for (i = 0; want[i]; i++) {
		if (strcmp(v[i], want[i]))
			printf("\n  template [%s] word %d: [%s], want [%s]\n", t, i, v[i], want[i]);
		CU_ASSERT_STRING_EQUAL(v[i], want[i]);
	}
	CU_ASSERT_PTR_NULL(v[n]);
	pvabi_engine_cmd_free(v);
}

static void test_grammar(void)
{
	expect_words("my-vmm  --kernel\t{image}\n--log {log}", NULL,
		     (const char *[]){ "my-vmm", "--kernel", "", "--log", "", NULL });
	expect_words("a\\ b 'c d' \"e \\\"f\\\" \\\\ \\q\" '' x\"y\"'z'", NULL,
		     (const char *[]){ "a b", "c d", "e \"f\" \\ \\q", "", "xyz", NULL });
	expect_words("'it\"s' \"it's\" \\' \\\"", NULL,
		     (const char *[]){ "it\"s", "it's", "'", "\"", NULL });
	/* shell syntax is plain text */
	expect_words("a|b ; $(c) `d` >e &", NULL,
		     (const char *[]){ "a|b", ";", "$(c)", "`d`", ">e", "&", NULL });
	/* a literal brace, and names that are not placeholders */
	expect_words("\\{image} \"\\{log}\" {imag} {} ${HOME}", NULL,
		     (const char *[]){ "{image}", "{log}", "{imag}", "{}", "${HOME}", NULL });
}

static void test_values(void)
{
	const char *evil = "a b'c\"d $(touch /tmp/x) `id` \\ \n{log}";
	const char *vals[PVABI_CMD_NKEYS] = { evil, "L o'g", "1.2", "1.2", "1.0", "2.5",
					      "/p", "s", "r" };

	expect_words("vmm {image} \"{image}\" '{image}'", vals,
		     (const char *[]){ "vmm", evil, evil, evil, NULL });
	expect_words("vmm --k={image}.x \"a'{log}'b\" '\"{log}\"'", vals,
		     (const char *[]){ "vmm", "--k=a b'c\"d $(touch /tmp/x) `id` \\ \n{log}.x",
				       "a'L o'g'b", "\"L o'g\"", NULL });
	expect_words("{pvabi} run {image} --platform {platform} --as {release} --rev {revision} "
		     "-t{timeout} {spec}{registry}", vals,
		     (const char *[]){ "/p", "run", evil, "--platform", "1.2", "--as", "1.2",
				       "--rev", "1.0", "-t2.5", "sr", NULL });
	/* the documented way to use a shell: values as its parameters */
	expect_words("sh -c 'my-vmm --kernel \"$1\" >\"$2\"' sh {image} {log}", vals,
		     (const char *[]){ "sh", "-c", "my-vmm --kernel \"$1\" >\"$2\"", "sh", evil,
				       "L o'g", NULL });
	/* an empty value still makes its word */
	vals[PVABI_CMD_LOG] = "";
	expect_words("vmm {log} \"{log}\"", vals, (const char *[]){ "vmm", "", "", NULL });
}

static void test_errors(void)
{
	char err[256];
	char **v;

	CU_ASSERT_EQUAL(pvabi_engine_cmd_split("vmm 'abc", NULL, &v, err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NULL(v);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "byte 4 is never closed"));
	CU_ASSERT_EQUAL(pvabi_engine_cmd_check("vmm \"a\\\"", err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "byte 4"));
	CU_ASSERT_EQUAL(pvabi_engine_cmd_check("vmm a\\", err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "backslash"));
	CU_ASSERT_EQUAL(pvabi_engine_cmd_check(" \t\n", err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no command"));
	CU_ASSERT_EQUAL(pvabi_engine_cmd_check("", err, sizeof(err)), -EINVAL);
	CU_ASSERT_EQUAL(pvabi_engine_cmd_check("''", err, sizeof(err)), 0);
}

/* ---- through the program ------------------------------------------------ */

static int run(const char *const *argv)
{
	return pvabi_test_run(argv, out, sizeof(out));
}

/* mkdir -p for a path whose components may hold any byte but '/'. */
static int mkdirs(const char *path)
{
	char buf[2048];
	size_t i;

	snprintf(buf, sizeof(buf), "%s", path);
	for (i = 1; buf[i]; i++)
		if (buf[i] == '/') {
			buf[i] = '\0';
			if (mkdir(buf, 0755) && errno != EEXIST)
				return -1;
			buf[i] = '/';
		}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

/* A fixtures directory holding one image labelled 1.0, made of @elf. */
static void fixture(const char *dir, const char *elf)
{
	char sub[2048], path[2100];

	snprintf(sub, sizeof(sub), "%s/1.0", dir);
	CU_ASSERT_EQUAL_FATAL(mkdirs(sub), 0);
	snprintf(path, sizeof(path), "%s/MANIFEST", sub);
	CU_ASSERT_EQUAL_FATAL(pvabi_test_write_file(path, "abi: pvp\nrevision: 1.0\nfile: conformance.elf\n",
					 0644), 0);
	snprintf(path, sizeof(path), "%s/conformance.elf", sub);
	CU_ASSERT_EQUAL_FATAL(pvabi_afile_copy(elf, path, NULL, 0), 0);
}

static char *slurp(const char *path, size_t *n)
{
	static char buf[8192];
	FILE *f = fopen(path, "rb");

	*n = f ? fread(buf, 1, sizeof(buf), f) : 0;
	if (f)
		fclose(f);
	return f ? buf : NULL;
}

/* The matrix with --engine-cmd TMPL on the one cell of fixtures FX. */
static int matrix(const char *cmd, const char *fx, const char *res, const char *tmpl,
		  const char *timeout)
{
	const char *argv[] = { pvabi_test_path(pvabi_test_builddir(), "pvabi"), cmd,
			       "--quiet", "--images", "1.0", "--platforms", "current",
			       "--fixtures", fx, "--out", res, "--timeout", timeout,
			       "--engine-cmd", tmpl, NULL };

	return run(argv);
}

static void test_matrix_argv(void)
{
	char dir[1024], fx[1100], res[1100], dump[600], script[600], tmpl[1500], img[1200],
		log[1200], canary[600], want[4096];
	size_t n, k = 0, i;
	const char *got, *words[8];

	snprintf(dir, sizeof(dir), "%s/" HOSTILE, tmp, tmp, tmp);
	snprintf(fx, sizeof(fx), "%s/fixtures", dir);
	snprintf(res, sizeof(res), "%s/results \"'", dir);
	snprintf(dump, sizeof(dump), "%s/argv", tmp);
	snprintf(script, sizeof(script), "%s/dump-argv", tmp);
	fixture(fx, pvabi_test_path(pvabi_test_srcdir(), "fixtures/guests/pvp/1.0/conformance.elf"));
	CU_ASSERT_EQUAL_FATAL(pvabi_test_write_file(script, "#!/bin/sh\n"
				"for a in \"$0\" \"$@\"; do printf '%s\\0' \"$a\"; done "
				">\"$PVABI_ARGV_DUMP\"\n"
				"echo 'TAP version 13'\n", 0755), 0);
	setenv("PVABI_ARGV_DUMP", dump, 1);
	snprintf(tmpl, sizeof(tmpl), "'%s' \"{image}\" '{log}' {image} x{timeout}y "
		 "\"{platform}-{revision}\" --img=\"{image}\"", script);
	CU_ASSERT_EQUAL(matrix("matrix", fx, res, tmpl, "7.5"), 1); /* no TAP plan: not green */
	unsetenv("PVABI_ARGV_DUMP");

	snprintf(img, sizeof(img), "%s/1.0/conformance.elf", fx);
	snprintf(log, sizeof(log), "%s/cells/1.0~current~cmd.log", res);
	words[0] = script, words[1] = img, words[2] = log, words[3] = img, words[4] = "x7.5y";
	words[5] = "current-1.0", words[6] = NULL;
	for (i = 0; words[i]; i++)
		k += (size_t)snprintf(want + k, sizeof(want) - k, "%s", words[i]) + 1;
	k += (size_t)snprintf(want + k, sizeof(want) - k, "--img=%s", img) + 1;
	got = slurp(dump, &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_EQUAL(n, k);
	CU_ASSERT_TRUE(n == k && !memcmp(got, want, k));
	snprintf(canary, sizeof(canary), "%s/canary1", tmp);
	CU_ASSERT_NOT_EQUAL(access(canary, F_OK), 0);
	snprintf(canary, sizeof(canary), "%s/canary2", tmp);
	CU_ASSERT_NOT_EQUAL(access(canary, F_OK), 0);
}

static void test_bad_template(void)
{
	char fx[600], res[600];

	snprintf(fx, sizeof(fx), "%s/plain", tmp);
	snprintf(res, sizeof(res), "%s/bad-template", tmp);
	fixture(fx, pvabi_test_path(pvabi_test_srcdir(), "fixtures/guests/pvp/1.0/conformance.elf"));
	CU_ASSERT_EQUAL(matrix("matrix", fx, res, "vmm '{image}", "5"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "never closed"));
	CU_ASSERT_NOT_EQUAL(access(res, F_OK), 0); /* refused before anything ran */
}

static void test_not_found(void)
{
	char fx[600], res[600], script[600];

	snprintf(fx, sizeof(fx), "%s/plain", tmp);
	snprintf(res, sizeof(res), "%s/not-found", tmp);
	fixture(fx, pvabi_test_path(pvabi_test_srcdir(), "fixtures/guests/pvp/1.0/conformance.elf"));
	CU_ASSERT_EQUAL(matrix("gate", fx, res, "/nonexistent/my-vmm --kernel {image}", "5"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cell 1.0~current~cmd: ERROR: command not found: "
					   "/nonexistent/my-vmm: No such file or directory"));
	/* the command exists but something it runs does not */
	snprintf(script, sizeof(script), "%s/exit-127", tmp);
	CU_ASSERT_EQUAL_FATAL(pvabi_test_write_file(script, "#!/bin/sh\nexit 127\n", 0755), 0);
	snprintf(res, sizeof(res), "%s/exit-127-out", tmp);
	CU_ASSERT_EQUAL(matrix("gate", fx, res, script, "5"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ERROR: command not found: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "exit-127 or a command it runs (exit 127)"));
	/* exists but cannot be executed */
	snprintf(res, sizeof(res), "%s/not-executable", tmp);
	CU_ASSERT_EQUAL(matrix("gate", fx, res, "/dev/null {image}", "5"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ERROR: command cannot be run: /dev/null: Permission denied"));
}

/* A command that cannot run its engine here exits 3 and says why: the
 * cell is a skip whose reason, in the gate's line, the cell's record and
 * the report, is what the command said. */
static void test_unavailable(void)
{
	static const char why[] = "my-vmm: /dev/pvp0: No such device";
	char fx[600], res[600], script[600], path[1200];
	const char *rec;
	size_t n;

	snprintf(fx, sizeof(fx), "%s/plain", tmp);
	snprintf(res, sizeof(res), "%s/unavailable", tmp);
	snprintf(script, sizeof(script), "%s/exit-3", tmp);
	fixture(fx, pvabi_test_path(pvabi_test_srcdir(), "fixtures/guests/pvp/1.0/conformance.elf"));
	CU_ASSERT_EQUAL_FATAL(pvabi_test_write_file(script, "#!/bin/sh\necho 'TAP version 13'\n"
						    "echo 'my-vmm: /dev/pvp0: No such device' >&2\n"
						    "echo 'my-vmm: giving up' >&2\nexit 3\n", 0755), 0);
	CU_ASSERT_EQUAL(matrix("gate", fx, res, script, "5"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cell 1.0~current~cmd: SKIP: the engine cannot run this "
					   "cell here: my-vmm: /dev/pvp0: No such device\n"));
	snprintf(path, sizeof(path), "%s/cells/1.0~current~cmd.xml", res);
	rec = slurp(path, &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rec);
	CU_ASSERT_PTR_NOT_NULL(memmem(rec, n, why, strlen(why)));
	CU_ASSERT_PTR_NULL(memmem(rec, n, "giving up", 9));
}

/* Processes whose command line is exactly s. */
/* True when pid's environment holds the exact entry mark. */
static int has_mark(const char *pid, const char *mark)
{
	char path[300], env[8192];
	size_t len, i;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/environ", pid);
	if (!(f = fopen(path, "r")))
		return 0;
	len = fread(env, 1, sizeof(env) - 1, f);
	fclose(f);
	env[len] = '\0';
	for (i = 0; i < len; i += strlen(env + i) + 1)
		if (!strcmp(env + i, mark))
			return 1;
	return 0;
}

/* Processes whose command line is s and, when mark is not NULL, whose
 * environment holds mark: this run's own, never another run's (two test
 * runs at once each start their own "sleep 8641"). */
static int processes(const char *s, const char *mark)
{
	struct dirent *de;
	DIR *d = opendir("/proc");
	int n = 0;

	while (d && (de = readdir(d))) {
		char path[300], buf[512];
		size_t len, i;
		FILE *f;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", de->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		for (i = 0; i + 1 < len; i++)
			buf[i] = buf[i] ? buf[i] : ' ';
		buf[len] = '\0';
		n += !strcmp(buf, s) && (!mark || has_mark(de->d_name, mark));
	}
	if (d)
		closedir(d);
	return n;
}

/* Starts "sleep 8641" with env (NULL: none) in the background, as another
 * test run would; returns its pid, or -1. */
static pid_t start_sleep(const char *env)
{
	pid_t pid = fork();

	if (pid == 0) {
		char *const argv[] = { "sleep", "8641", NULL };
		char *envp[] = { (char *)env, NULL };

		execve("/bin/sleep", argv, env ? envp : envp + 1);
		_exit(127);
	}
	return pid;
}

static void stop_sleep(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

/* Waits up to a second for at least n processes "sleep 8641" carrying
 * mark; returns how many there are. */
static int await_marked(const char *mark, int n)
{
	int i;

	for (i = 0; i < 100 && processes("sleep 8641", mark) < n; i++)
		usleep(10000);
	return processes("sleep 8641", mark);
}

/* The counter sees a process with this run's mark and none without it:
 * a sleep of the same command line left by an overlapping run is never
 * counted as this run's. */
static void test_counter(void)
{
	char mark[300];
	pid_t foreign, own;

	snprintf(mark, sizeof(mark), "PVABI_HANG_MARK=%s", tmp);
	foreign = start_sleep("PVABI_HANG_MARK=another run");
	own = start_sleep(mark);
	CU_ASSERT_EQUAL(await_marked(mark, 1), 1);
	CU_ASSERT(await_marked("PVABI_HANG_MARK=another run", 1) >= 1);
	CU_ASSERT(processes("sleep 8641", NULL) >= 2);
	stop_sleep(own);
	CU_ASSERT_EQUAL(processes("sleep 8641", mark), 0);
	CU_ASSERT(processes("sleep 8641", "PVABI_HANG_MARK=another run") >= 1);
	stop_sleep(foreign);
}

/* A command that never ends is a TIMEOUT, whatever it printed, and
 * nothing it started outlives the deadline. Its sleeps carry this run's
 * mark, and a foreign sleep of the same command line runs alongside. */
static void test_hang(void)
{
	char fx[600], res[600], script[600], body[900], mark[300];
	pid_t foreign;

	snprintf(fx, sizeof(fx), "%s/plain", tmp);
	snprintf(res, sizeof(res), "%s/hang", tmp);
	fixture(fx, pvabi_test_path(pvabi_test_srcdir(), "fixtures/guests/pvp/1.0/conformance.elf"));
	snprintf(script, sizeof(script), "%s/hang.sh", tmp);
	snprintf(mark, sizeof(mark), "PVABI_HANG_MARK=%s", tmp);
	snprintf(body, sizeof(body), "#!/bin/sh\necho 'not ok 1 - a check'\n"
		 "export 'PVABI_HANG_MARK=%s'\nsleep 8641 & sleep 8642\n", tmp);
	CU_ASSERT_EQUAL_FATAL(pvabi_test_write_file(script, body, 0755), 0);
	foreign = start_sleep(NULL);
	CU_ASSERT_EQUAL(matrix("gate", fx, res, script, "0.2"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cell 1.0~current~cmd: TIMEOUT: killed by the runner"));
	CU_ASSERT_EQUAL(processes("sleep 8641", mark), 0);
	CU_ASSERT_EQUAL(processes("sleep 8642", mark), 0);
	stop_sleep(foreign);
}

/* A command that prints without end (yes) is killed once its console
 * passes 64 MiB, long before its 60 s timeout, and the cell is ERROR with
 * the reason; the TAP file holds at most the limit. */
static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void test_flood(void)
{
	char fx[600], res[600], tap[700];
	struct stat st;
	double t0 = now_s();

	snprintf(fx, sizeof(fx), "%s/plain", tmp);
	snprintf(res, sizeof(res), "%s/flood", tmp);
	fixture(fx, pvabi_test_path(pvabi_test_srcdir(), "fixtures/guests/pvp/1.0/conformance.elf"));
	CU_ASSERT_EQUAL(matrix("gate", fx, res, "yes", "60"), 1);
	CU_ASSERT(now_s() - t0 < 50);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cell 1.0~current~cmd: ERROR: killed by the runner: its "
					   "console passed 64 MiB"));
	snprintf(tap, sizeof(tap), "%s/cells/1.0~current~cmd.tap", res);
	CU_ASSERT(stat(tap, &st) == 0 && st.st_size <= (off_t)64 << 20);
	unlink(tap);
}

/* pvabi-vm as the external engine: {timeout} is its unit, and its exit
 * code reads as pvabi run's (8: TIMEOUT, not "the guest reported FAIL"). */
static void test_pvabi_vm(void)
{
	char fx[600], res[600], tmpl[1200];
	const char *vm = pvabi_test_path(pvabi_test_builddir(), "platform/pvabi-vm");
	const char *probe[] = { vm, pvabi_test_path(pvabi_test_builddir(), "guest/empty.elf"), NULL };

	if (run(probe) == 3)
		PVABI_SKIP("pvabi-vm: no usable /dev/kvm");
	snprintf(fx, sizeof(fx), "%s/crash", tmp);
	snprintf(res, sizeof(res), "%s/pvabi-vm", tmp);
	fixture(fx, pvabi_test_path(pvabi_test_builddir(), "guest/tests/crash.elf"));
	snprintf(tmpl, sizeof(tmpl), "'%s' {image} --cmdline mode=spin --timeout {timeout}", vm);
	CU_ASSERT_EQUAL(matrix("gate", fx, res, tmpl, "0.4"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cell 1.0~current~cmd: TIMEOUT: the guest timed out"));
	CU_ASSERT_PTR_NULL(strstr(out, "killed by the runner")); /* it ended on its own */
	snprintf(res, sizeof(res), "%s/pvabi-vm-ud2", tmp);
	snprintf(tmpl, sizeof(tmpl), "'%s' {image} --cmdline mode=ud2 --timeout {timeout}", vm);
	CU_ASSERT_EQUAL(matrix("gate", fx, res, tmpl, "10"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cell 1.0~current~cmd: CRASH: the guest crashed"));
}

static const struct pvabi_test_case grammar_cases[] = {
	{ "words and quotes", test_grammar },
	{ "hostile values", test_values },
	{ "syntax errors", test_errors },
	{ NULL, NULL },
};

static const struct pvabi_test_case program_cases[] = {
	{ "exact argv, nothing injected", test_matrix_argv },
	{ "bad template refused", test_bad_template },
	{ "command not found", test_not_found },
	{ "engine unavailable says why", test_unavailable },
	{ "process counter sees only this run", test_counter },
	{ "hang is a timeout", test_hang },
	{ "console flood is an error", test_flood },
	{ "pvabi-vm as the engine", test_pvabi_vm },
	{ NULL, NULL },
};

static int setup(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/pvabi-engine-cmd-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void)
{
	const char *argv[] = { "/bin/rm", "-rf", tmp, NULL };

	return run(argv) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "template", grammar_cases, NULL, NULL },
		{ "program", program_cases, setup, teardown },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
