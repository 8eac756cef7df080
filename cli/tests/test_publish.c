/* The all-or-nothing publish of the release commands, in-process: a
 * rename that fails part-way, a run killed between two renames, symlinked
 * targets, and the lock. */
#include "cli/publish.h"
#include "tests/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

static const char *at(const char *name)
{
	static char buf[4][512];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

static int put(const char *name, const char *text)
{
	FILE *f = fopen(at(name), "w");
	int rc;

	if (!f)
		return -1;
	rc = fputs(text, f) < 0;
	return fclose(f) || rc ? -1 : 0;
}

/* 1 when dir/name holds exactly text. */
static int holds(const char *name, const char *text)
{
	char buf[256] = "";
	FILE *f = fopen(at(name), "r");
	size_t n;

	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return !strcmp(buf, text);
}

/* Nothing in dir but the names listed (space-separated, each padded). */
static int only(const char *names)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "for f in $(ls -A '%s'); do case ' %s ' in *\" $f \"*) ;; *) echo \"stray $f\"; exit 1;; esac; done",
		 dir, names);
	return system(cmd);
}

static int setup(void)
{
	strcpy(dir, "/tmp/pvabi-publish-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int fail_at, calls;

static int failing_rename(const char *from, const char *to)
{
	if (++calls == fail_at) {
		errno = EIO;
		return -1;
	}
	return rename(from, to);
}

/* The crash window: a run killed between the first and second rename. */
static int dying_rename(const char *from, const char *to)
{
	if (++calls == 2)
		_exit(9);
	return rename(from, to);
}

static struct cli_out outs[2];
static char spec_path[512], reg_path[512];

static void reset(void)
{
	CU_ASSERT_EQUAL_FATAL(put("spec.xml", "old spec\n"), 0);
	CU_ASSERT_EQUAL_FATAL(put("reg.xml", "old reg\n"), 0);
	snprintf(spec_path, sizeof(spec_path), "%s/spec.xml", dir);
	snprintf(reg_path, sizeof(reg_path), "%s/reg.xml", dir);
	outs[0].path = spec_path;
	outs[0].data = "new spec\n";
	outs[0].len = 9;
	outs[1].path = reg_path;
	outs[1].data = "new reg\n";
	outs[1].len = 8;
	calls = 0;
	fail_at = 0;
	cli_publish_rename = rename;
}

static void test_both_or_neither(void)
{
	struct cli_txn t;
	char err[512];

	reset();
	CU_ASSERT_EQUAL_FATAL(cli_txn_begin(&t, at("reg.xml"), err, sizeof(err)), 0);
	/* the second rename fails: the first file is put back */
	cli_publish_rename = failing_rename;
	fail_at = 2;
	CU_ASSERT_EQUAL(cli_publish(&t, outs, 2, err, sizeof(err)), -EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "reg.xml"));
	CU_ASSERT(holds("spec.xml", "old spec\n"));
	CU_ASSERT(holds("reg.xml", "old reg\n"));
	CU_ASSERT_EQUAL(only("spec.xml reg.xml reg.xml.lock"), 0);
	/* the first fails: nothing renamed at all */
	calls = 0;
	fail_at = 1;
	CU_ASSERT_EQUAL(cli_publish(&t, outs, 2, err, sizeof(err)), -EIO);
	CU_ASSERT(holds("spec.xml", "old spec\n") && holds("reg.xml", "old reg\n"));
	/* and a retry works */
	cli_publish_rename = rename;
	CU_ASSERT_EQUAL(cli_publish(&t, outs, 2, err, sizeof(err)), 0);
	CU_ASSERT(holds("spec.xml", "new spec\n") && holds("reg.xml", "new reg\n"));
	cli_txn_end(&t);
	CU_ASSERT_EQUAL(only("spec.xml reg.xml"), 0);
}

/* A temp that cannot be created (its name is taken by a directory)
 * stops the run before any rename. */
static void test_unwritable_second(void)
{
	struct cli_txn t;
	char err[512];

	reset();
	CU_ASSERT_EQUAL_FATAL(mkdir(at(".reg.xml.pvabi-new"), 0700), 0);
	CU_ASSERT_EQUAL_FATAL(cli_txn_begin(&t, at("reg.xml"), err, sizeof(err)), 0);
	CU_ASSERT(cli_publish(&t, outs, 2, err, sizeof(err)) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, ".reg.xml.pvabi-new"));
	CU_ASSERT(holds("spec.xml", "old spec\n") && holds("reg.xml", "old reg\n"));
	CU_ASSERT_EQUAL(only("spec.xml reg.xml reg.xml.lock .reg.xml.pvabi-new"), 0);
	CU_ASSERT_EQUAL(rmdir(at(".reg.xml.pvabi-new")), 0);
	CU_ASSERT_EQUAL(cli_publish(&t, outs, 2, err, sizeof(err)), 0);
	cli_txn_end(&t);
	CU_ASSERT(holds("spec.xml", "new spec\n") && holds("reg.xml", "new reg\n"));
}

/* A run killed between its renames leaves the journal; the next run
 * puts both files back as they were before it. */
static void test_killed_run_rolled_back(void)
{
	struct cli_txn t;
	char err[512];
	pid_t pid;
	int st;

	reset();
	fflush(NULL);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		cli_publish_rename = dying_rename;
		if (cli_txn_begin(&t, at("reg.xml"), err, sizeof(err)) == 0)
			cli_publish(&t, outs, 2, err, sizeof(err));
		_exit(0);
	}
	CU_ASSERT_EQUAL_FATAL(waitpid(pid, &st, 0), pid);
	CU_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 9);
	CU_ASSERT(holds("spec.xml", "new spec\n")); /* half done */
	CU_ASSERT(holds("reg.xml", "old reg\n"));
	CU_ASSERT_EQUAL_FATAL(cli_txn_begin(&t, at("reg.xml"), err, sizeof(err)), 0);
	CU_ASSERT(holds("spec.xml", "old spec\n"));
	CU_ASSERT(holds("reg.xml", "old reg\n"));
	CU_ASSERT_EQUAL(only("spec.xml reg.xml reg.xml.lock"), 0);
	cli_txn_end(&t);
}

/* A symlink stays a symlink; its target is replaced, mode kept. */
static void test_symlink_target(void)
{
	struct cli_txn t;
	char err[512], link[512];
	struct stat st;
	ssize_t n;

	reset();
	CU_ASSERT_EQUAL_FATAL(mkdir(at("real"), 0700), 0);
	CU_ASSERT_EQUAL_FATAL(rename(at("reg.xml"), at("real/reg.xml")), 0);
	CU_ASSERT_EQUAL_FATAL(chmod(at("real/reg.xml"), 0640), 0);
	CU_ASSERT_EQUAL_FATAL(symlink("real/reg.xml", at("reg.xml")), 0);
	CU_ASSERT_EQUAL_FATAL(cli_txn_begin(&t, at("reg.xml"), err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(cli_publish(&t, outs, 2, err, sizeof(err)), 0);
	cli_txn_end(&t);
	n = readlink(at("reg.xml"), link, sizeof(link) - 1);
	CU_ASSERT_FATAL(n > 0);
	link[n] = '\0';
	CU_ASSERT_STRING_EQUAL(link, "real/reg.xml");
	CU_ASSERT(holds("real/reg.xml", "new reg\n"));
	CU_ASSERT(stat(at("real/reg.xml"), &st) == 0 && (st.st_mode & 0777) == 0640);
	CU_ASSERT_EQUAL(unlink(at("reg.xml")), 0);
	CU_ASSERT_EQUAL(unlink(at("real/reg.xml")), 0);
	CU_ASSERT_EQUAL(rmdir(at("real")), 0);
}

/* A second run waits while the lock is held. */
static void test_lock_waits(void)
{
	struct cli_txn t, u;
	char err[512];
	int fds[2], st;
	char c = 0;
	pid_t pid;

	reset();
	CU_ASSERT_EQUAL_FATAL(cli_txn_begin(&t, at("reg.xml"), err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		/* a forked copy of the holder's descriptor would share its lock */
		close(t.lock_fd);
		close(fds[0]);
		if (cli_txn_begin(&u, at("reg.xml"), err, sizeof(err)) == 0 &&
		    cli_publish(&u, outs, 2, err, sizeof(err)) == 0)
			c = 'y';
		cli_txn_end(&u);
		_exit(write(fds[1], &c, 1) == 1 ? 0 : 1);
	}
	close(fds[1]);
	usleep(300 * 1000);
	CU_ASSERT_EQUAL(waitpid(pid, &st, WNOHANG), 0); /* still waiting */
	CU_ASSERT(holds("spec.xml", "old spec\n") && holds("reg.xml", "old reg\n"));
	cli_txn_end(&t);
	CU_ASSERT_EQUAL(read(fds[0], &c, 1), 1);
	CU_ASSERT_EQUAL(c, 'y');
	close(fds[0]);
	CU_ASSERT_EQUAL(waitpid(pid, &st, 0), pid);
	CU_ASSERT(holds("spec.xml", "new spec\n") && holds("reg.xml", "new reg\n"));
	CU_ASSERT_EQUAL(only("spec.xml reg.xml"), 0);
}

static const struct pvabi_test_case cases[] = {
	{ "both_or_neither", test_both_or_neither },
	{ "unwritable_second", test_unwritable_second },
	{ "killed_run_rolled_back", test_killed_run_rolled_back },
	{ "symlink_target", test_symlink_target },
	{ "lock_waits", test_lock_waits },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "publish", cases, setup, teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
