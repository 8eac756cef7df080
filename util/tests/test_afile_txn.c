/* What the release commands need of the atomic writes: a symlink stays a
 * symlink, the mode is kept, two files change together under a journal
 * (a failed write, a failed rename, a run killed between two renames),
 * and two runs on one anchor wait for each other. */
#include "util/afile.h"
#include "util/file.h"
#include "util/tests/util_tests.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[4096];

static const char *at(const char *name)
{
	static char path[4][4200];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", dir, name);
	return path[k];
}

static int put(const char *name, const char *text)
{
	return pvabi_afile_write(at(name), text, strlen(text), NULL, 0);
}

/* 1 when dir/name holds exactly text. */
static int holds(const char *name, const char *text)
{
	struct pvabi_file_buf b;
	int same;

	if (pvabi_file_read(at(name), 1 << 20, 0, &b, NULL, 0))
		return 0;
	same = !strcmp(b.data, text);
	free(b.data);
	return same;
}

static unsigned int mode_of(const char *name)
{
	struct stat st;

	return stat(at(name), &st) ? 0 : st.st_mode & 07777;
}

/* Entries of dir besides the n names given. */
static int strays(int n)
{
	return util_test_count(dir, "") - n;
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

/* The crash window: a run killed before its third rename. */
static int dying_rename(const char *from, const char *to)
{
	if (++calls == 3)
		_exit(9);
	return rename(from, to);
}

static void reset(void)
{
	CU_ASSERT_FATAL(util_test_dir(dir, sizeof(dir)) == 0);
	CU_ASSERT_FATAL(put("spec.xml", "old spec\n") == 0);
	CU_ASSERT_FATAL(put("reg.xml", "old reg\n") == 0);
	calls = 0;
	fail_at = 0;
	pvabi_afile_rename = rename;
}

/* Publishes "new spec" and "new reg" (or the texts given) under t. */
static int publish2(struct pvabi_afile_txn *t, const char *spec, const char *reg,
		    char *err, size_t errlen)
{
	struct pvabi_afile a, b, *v[2] = { &a, &b };

	if (pvabi_afile_open(&a, at(spec), err, errlen))
		return -1;
	if (pvabi_afile_open(&b, at(reg), err, errlen)) {
		pvabi_afile_abort(&a);
		return -1;
	}
	fputs("new spec\n", a.f);
	fputs("new reg\n", b.f);
	return pvabi_afile_txn_publish(t, v, 2, err, errlen);
}

static void test_symlink_kept(void)
{
	char link[512];
	ssize_t n;

	reset();
	CU_ASSERT_FATAL(mkdir(at("real"), 0755) == 0);
	CU_ASSERT_FATAL(rename(at("reg.xml"), at("real/reg.xml")) == 0);
	CU_ASSERT_FATAL(symlink("real/reg.xml", at("hop")) == 0);
	CU_ASSERT_FATAL(symlink("hop", at("reg.xml")) == 0); /* a chain, both relative */
	CU_ASSERT_EQUAL(pvabi_afile_write(at("reg.xml"), "new reg\n", 8, NULL, 0), 0);
	n = readlink(at("reg.xml"), link, sizeof(link) - 1);
	CU_ASSERT_FATAL(n > 0);
	link[n] = '\0';
	CU_ASSERT_STRING_EQUAL(link, "hop");
	CU_ASSERT(holds("real/reg.xml", "new reg\n"));
	CU_ASSERT_EQUAL(util_test_count(at("real"), ""), 1); /* no temp left beside it */
	/* a dangling link gets its target created */
	CU_ASSERT_FATAL(symlink("real/new.xml", at("dangling")) == 0);
	CU_ASSERT_EQUAL(pvabi_afile_write(at("dangling"), "x", 1, NULL, 0), 0);
	CU_ASSERT(holds("real/new.xml", "x"));
	/* a cycle is refused, not followed forever */
	CU_ASSERT_FATAL(symlink("loop2", at("loop1")) == 0 && symlink("loop1", at("loop2")) == 0);
	CU_ASSERT_EQUAL(pvabi_afile_write(at("loop1"), "x", 1, NULL, 0), -ELOOP);
	util_test_rmdir(dir);
}

static void test_mode_kept(void)
{
	reset();
	CU_ASSERT_FATAL(chmod(at("spec.xml"), 0600) == 0);
	CU_ASSERT_FATAL(chmod(at("reg.xml"), 0755) == 0);
	CU_ASSERT_EQUAL(put("spec.xml", "new spec\n"), 0);
	CU_ASSERT_EQUAL(mode_of("spec.xml"), 0600);
	CU_ASSERT_EQUAL(publish2(NULL, "spec.xml", "reg.xml", NULL, 0), 0);
	CU_ASSERT_EQUAL(mode_of("reg.xml"), 0755);
	CU_ASSERT_EQUAL(put("fresh", "x"), 0);
	CU_ASSERT_EQUAL(mode_of("fresh"), 0644);
	CU_ASSERT_EQUAL(pvabi_afile_copy(at("reg.xml"), at("copy"), NULL, 0), 0);
	CU_ASSERT_EQUAL(mode_of("copy"), 0755); /* a new copy: the source's mode */
	CU_ASSERT(holds("copy", "new reg\n"));
	CU_ASSERT_EQUAL(pvabi_afile_copy(at("fresh"), at("copy"), NULL, 0), 0);
	CU_ASSERT_EQUAL(mode_of("copy"), 0755); /* replaced: its own mode */
	CU_ASSERT_EQUAL(pvabi_afile_copy(at("missing"), at("copy"), NULL, 0), -ENOENT);
	util_test_rmdir(dir);
}

/* The second file's write fails (a file size limit, as a full disk):
 * neither changes, and a retry works. */
static void test_second_write_fails(void)
{
	struct pvabi_afile_txn t;
	struct pvabi_afile a, b, *v[2] = { &a, &b };
	struct rlimit old, r;
	static char big[8192];
	char err[512];

	reset();
	CU_ASSERT_FATAL(pvabi_afile_txn_begin(&t, at("reg.xml"), NULL, err, sizeof(err)) == 0);
	CU_ASSERT_FATAL(pvabi_afile_open(&a, at("spec.xml"), err, sizeof(err)) == 0);
	CU_ASSERT_FATAL(pvabi_afile_open(&b, at("reg.xml"), err, sizeof(err)) == 0);
	fputs("new spec\n", a.f);
	memset(big, 'x', sizeof(big));
	getrlimit(RLIMIT_FSIZE, &old);
	r = old;
	r.rlim_cur = 4096;
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &r);
	fwrite(big, 1, sizeof(big), b.f);
	CU_ASSERT_EQUAL(pvabi_afile_txn_publish(&t, v, 2, err, sizeof(err)), -EFBIG);
	setrlimit(RLIMIT_FSIZE, &old);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "reg.xml: cannot write: File too large"));
	CU_ASSERT(holds("spec.xml", "old spec\n") && holds("reg.xml", "old reg\n"));
	CU_ASSERT_EQUAL(strays(3), 0); /* spec, registry, lock */
	CU_ASSERT_EQUAL(publish2(&t, "spec.xml", "reg.xml", err, sizeof(err)), 0);
	CU_ASSERT(holds("spec.xml", "new spec\n") && holds("reg.xml", "new reg\n"));
	pvabi_afile_txn_end(&t);
	CU_ASSERT_EQUAL(strays(2), 0);
	util_test_rmdir(dir);
}

/* The second rename fails: the first file is put back, a new file is
 * removed again; the first fails: nothing changed; then a retry works. */
static void test_second_rename_fails(void)
{
	struct pvabi_afile_txn t;
	char err[512];

	reset();
	CU_ASSERT_FATAL(pvabi_afile_txn_begin(&t, at("reg.xml"), NULL, err, sizeof(err)) == 0);
	pvabi_afile_rename = failing_rename;
	fail_at = 2;
	CU_ASSERT_EQUAL(publish2(&t, "spec.xml", "reg.xml", err, sizeof(err)), -EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "reg.xml: cannot write: Input/output error"));
	CU_ASSERT(holds("spec.xml", "old spec\n") && holds("reg.xml", "old reg\n"));
	CU_ASSERT_EQUAL(strays(3), 0);
	calls = 0;
	CU_ASSERT_EQUAL(publish2(&t, "new.xml", "reg.xml", err, sizeof(err)), -EIO);
	CU_ASSERT_EQUAL(access(at("new.xml"), F_OK), -1);
	CU_ASSERT_EQUAL(strays(3), 0);
	calls = 0;
	fail_at = 1;
	CU_ASSERT_EQUAL(publish2(&t, "spec.xml", "reg.xml", err, sizeof(err)), -EIO);
	CU_ASSERT(holds("spec.xml", "old spec\n") && holds("reg.xml", "old reg\n"));
	pvabi_afile_rename = rename;
	CU_ASSERT_EQUAL(publish2(&t, "spec.xml", "reg.xml", err, sizeof(err)), 0);
	CU_ASSERT(holds("spec.xml", "new spec\n") && holds("reg.xml", "new reg\n"));
	pvabi_afile_txn_end(&t);
	CU_ASSERT_EQUAL(strays(2), 0);
	util_test_rmdir(dir);
}

static char restored[4][64];
static int nrestored;

static void note(int what, const char *path)
{
	if (what == PVABI_AFILE_RESTORED && nrestored < 4)
		snprintf(restored[nrestored++], sizeof(restored[0]), "%s", strrchr(path, '/'));
}

/* A run killed before its last rename (the spec replaced, a file that
 * did not exist created, the registry still old): the next begin puts
 * all back as before. */
static void test_killed_run_rolled_back(void)
{
	struct pvabi_afile a, b, c, *v[3] = { &a, &c, &b };
	struct pvabi_afile_txn t;
	char err[512];
	pid_t pid;
	int st;

	reset();
	fflush(NULL);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		pvabi_afile_rename = dying_rename;
		if (pvabi_afile_txn_begin(&t, at("reg.xml"), NULL, err, sizeof(err)) ||
		    pvabi_afile_open(&a, at("spec.xml"), err, sizeof(err)) ||
		    pvabi_afile_open(&c, at("third"), err, sizeof(err)) ||
		    pvabi_afile_open(&b, at("reg.xml"), err, sizeof(err)))
			_exit(1);
		fputs("new spec\n", a.f);
		fputs("new third\n", c.f);
		fputs("new reg\n", b.f);
		pvabi_afile_txn_publish(&t, v, 3, err, sizeof(err));
		_exit(0);
	}
	CU_ASSERT_EQUAL_FATAL(waitpid(pid, &st, 0), pid);
	CU_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 9);
	CU_ASSERT(holds("spec.xml", "new spec\n")); /* half done */
	CU_ASSERT(holds("third", "new third\n"));
	CU_ASSERT(holds("reg.xml", "old reg\n"));
	CU_ASSERT(strays(3) > 1); /* journal, backups, temps */
	nrestored = 0;
	CU_ASSERT_FATAL(pvabi_afile_txn_begin(&t, at("reg.xml"), note, err, sizeof(err)) == 0);
	CU_ASSERT(holds("spec.xml", "old spec\n") && holds("reg.xml", "old reg\n"));
	CU_ASSERT_EQUAL(access(at("third"), F_OK), -1);
	CU_ASSERT_EQUAL_FATAL(nrestored, 2);
	CU_ASSERT_STRING_EQUAL(restored[0], "/spec.xml");
	CU_ASSERT_STRING_EQUAL(restored[1], "/third");
	CU_ASSERT_EQUAL(strays(3), 0);
	pvabi_afile_txn_end(&t);
	util_test_rmdir(dir);
}

static int waits;

static void count_wait(int what, const char *path)
{
	(void)path;
	waits += what == PVABI_AFILE_WAITING;
}

/* A second run on the same anchor, through a symlink, waits for the first
 * to end before it changes anything. */
static void test_lock_serialises(void)
{
	struct pvabi_afile_txn t, u;
	char err[512], c = 0;
	int fds[2], st;
	pid_t pid;

	reset();
	CU_ASSERT_FATAL(symlink("reg.xml", at("alias.xml")) == 0);
	CU_ASSERT_FATAL(pvabi_afile_txn_begin(&t, at("reg.xml"), NULL, err, sizeof(err)) == 0);
	CU_ASSERT_FATAL(pipe(fds) == 0);
	fflush(NULL);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		/* a forked copy of the holder's descriptor would share its lock */
		close(t.lock_fd);
		close(fds[0]);
		waits = 0;
		if (pvabi_afile_txn_begin(&u, at("alias.xml"), count_wait, err, sizeof(err)) == 0 &&
		    publish2(&u, "spec.xml", "reg.xml", err, sizeof(err)) == 0)
			c = waits == 1 ? 'y' : 'w';
		pvabi_afile_txn_end(&u);
		_exit(write(fds[1], &c, 1) == 1 ? 0 : 1);
	}
	close(fds[1]);
	/* the child cannot finish while the lock is held: give it time to
	 * try; the test does not depend on how long it takes */
	usleep(200 * 1000);
	CU_ASSERT_EQUAL(waitpid(pid, &st, WNOHANG), 0);
	CU_ASSERT(holds("spec.xml", "old spec\n") && holds("reg.xml", "old reg\n"));
	pvabi_afile_txn_end(&t);
	CU_ASSERT_EQUAL(read(fds[0], &c, 1), 1);
	CU_ASSERT_EQUAL(c, 'y'); /* it waited, once, then published */
	close(fds[0]);
	CU_ASSERT_EQUAL(waitpid(pid, &st, 0), pid);
	CU_ASSERT(holds("spec.xml", "new spec\n") && holds("reg.xml", "new reg\n"));
	CU_ASSERT_EQUAL(strays(3), 0); /* the lock file is gone */
	util_test_rmdir(dir);
}

const struct pvabi_test_case util_afile_txn_cases[] = {
	{ "symlink_kept", test_symlink_kept },
	{ "mode_kept", test_mode_kept },
	{ "second_write_fails", test_second_write_fails },
	{ "second_rename_fails", test_second_rename_fails },
	{ "killed_run_rolled_back", test_killed_run_rolled_back },
	{ "lock_serialises", test_lock_serialises },
	{ NULL, NULL },
};
