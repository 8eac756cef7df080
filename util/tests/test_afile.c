/* Atomic writes: a file appears complete or not at all, a set of files
 * all or none, and no temp file outlives a failure or a signal. */
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
	FILE *f = fopen(at(name), "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* The file's text, or "" when it cannot be read (static buffer). */
static const char *text(const char *name)
{
	static char buf[256];
	struct pvabi_file_buf b;

	buf[0] = '\0';
	if (pvabi_file_read(at(name), sizeof(buf) - 1, 0, &b, NULL, 0) == 0) {
		memcpy(buf, b.data, b.len + 1);
		free(b.data);
	}
	return buf;
}

static int temps(void)
{
	return util_test_count(dir, ".tmp.") + util_test_count(dir, ".old.");
}

/* Writes beyond RLIMIT_FSIZE fail with EFBIG (SIGXFSZ ignored): a full
 * disk that root cannot bypass. */
static void limit_fsize(rlim_t n, struct rlimit *old)
{
	struct rlimit r;

	getrlimit(RLIMIT_FSIZE, old);
	r = *old;
	r.rlim_cur = n;
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &r);
}

static void write_big(FILE *f)
{
	static char block[8192];
	int i;

	memset(block, 'x', sizeof(block));
	for (i = 0; i < 8; i++)
		fwrite(block, 1, sizeof(block), f);
}

static void test_commit(void)
{
	struct pvabi_afile a;
	char err[256];
	struct stat st;

	CU_ASSERT_FATAL(util_test_dir(dir, sizeof(dir)) == 0);
	CU_ASSERT_FATAL(pvabi_afile_open(&a, at("out"), err, sizeof(err)) == 0);
	fputs("new", a.f);
	CU_ASSERT_EQUAL(access(at("out"), F_OK), -1); /* not there before commit */
	CU_ASSERT_EQUAL(temps(), 1);
	CU_ASSERT_EQUAL(pvabi_afile_commit(&a, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(text("out"), "new");
	CU_ASSERT_EQUAL(stat(at("out"), &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0644);
	CU_ASSERT_EQUAL(temps(), 0);
	util_test_rmdir(dir);
}

static void test_abort_and_failure(void)
{
	struct pvabi_afile a;
	struct rlimit old;
	char err[256];

	CU_ASSERT_FATAL(util_test_dir(dir, sizeof(dir)) == 0);
	CU_ASSERT_FATAL(put("out", "old") == 0);
	CU_ASSERT_FATAL(pvabi_afile_open(&a, at("out"), err, sizeof(err)) == 0);
	fputs("new", a.f);
	pvabi_afile_abort(&a);
	pvabi_afile_abort(&a); /* twice is harmless */
	CU_ASSERT_STRING_EQUAL(text("out"), "old");
	CU_ASSERT_EQUAL(temps(), 0);

	CU_ASSERT_FATAL(pvabi_afile_open(&a, at("out"), err, sizeof(err)) == 0);
	limit_fsize(4096, &old);
	write_big(a.f);
	CU_ASSERT_EQUAL(pvabi_afile_commit(&a, err, sizeof(err)), -EFBIG);
	setrlimit(RLIMIT_FSIZE, &old);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "out: cannot write: File too large"));
	CU_ASSERT_STRING_EQUAL(text("out"), "old");
	CU_ASSERT_EQUAL(temps(), 0);
	CU_ASSERT_EQUAL(pvabi_afile_open(&a, "/nonexistent/dir/x", err, sizeof(err)), -ENOENT);
	CU_ASSERT_STRING_EQUAL(err, "/nonexistent/dir/x: No such file or directory");
	util_test_rmdir(dir);
}

/* A target that is not a regular file is refused before anything is
 * written: the new file would be renamed over it (--log /dev/null, run
 * as root, replaced the device by a regular file). A FIFO stands in for
 * a device here; through a symlink too. */
static void test_not_regular(void)
{
	struct pvabi_afile a;
	char err[256];
	struct stat st;

	CU_ASSERT_FATAL(util_test_dir(dir, sizeof(dir)) == 0);
	CU_ASSERT_FATAL(mkfifo(at("fifo"), 0600) == 0);
	CU_ASSERT_FATAL(symlink("fifo", at("link")) == 0);
	CU_ASSERT_FATAL(mkdir(at("sub"), 0700) == 0);
	CU_ASSERT_EQUAL(pvabi_afile_open(&a, at("fifo"), err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "fifo: is a FIFO, not a regular file"));
	CU_ASSERT_EQUAL(pvabi_afile_open(&a, at("link"), err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "link: is a FIFO, not a regular file"));
	CU_ASSERT_EQUAL(pvabi_afile_write(at("sub"), "x", 1, err, sizeof(err)), -EISDIR);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "sub: is a directory, not a regular file"));
	CU_ASSERT_EQUAL(pvabi_afile_write(at("link"), "x", 1, err, sizeof(err)), -EINVAL);
	CU_ASSERT(lstat(at("fifo"), &st) == 0 && S_ISFIFO(st.st_mode));
	CU_ASSERT(lstat(at("link"), &st) == 0 && S_ISLNK(st.st_mode));
	CU_ASSERT_EQUAL(temps(), 0);
	unlink(at("fifo"));
	unlink(at("link"));
	rmdir(at("sub"));
	util_test_rmdir(dir);
}

static void test_publish_set(void)
{
	struct pvabi_afile a, b, *v[2] = { &a, &b };
	char err[256];

	CU_ASSERT_FATAL(util_test_dir(dir, sizeof(dir)) == 0);
	CU_ASSERT_FATAL(put("one", "old one") == 0);
	CU_ASSERT_FATAL(pvabi_afile_open(&a, at("one"), err, sizeof(err)) == 0);
	CU_ASSERT_FATAL(pvabi_afile_open(&b, at("two"), err, sizeof(err)) == 0);
	fputs("new one", a.f);
	fputs("new two", b.f);
	CU_ASSERT_EQUAL(pvabi_afile_publish(v, 2, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(text("one"), "new one");
	CU_ASSERT_STRING_EQUAL(text("two"), "new two");
	CU_ASSERT_EQUAL(temps(), 0);
	util_test_rmdir(dir);
}

/* The second file cannot be written: the first stays as it was. */
static void test_publish_write_fails(void)
{
	struct pvabi_afile a, b, *v[2] = { &a, &b };
	struct rlimit old;
	char err[256];

	CU_ASSERT_FATAL(util_test_dir(dir, sizeof(dir)) == 0);
	CU_ASSERT_FATAL(put("one", "old one") == 0);
	CU_ASSERT_FATAL(pvabi_afile_open(&a, at("one"), err, sizeof(err)) == 0);
	CU_ASSERT_FATAL(pvabi_afile_open(&b, at("two"), err, sizeof(err)) == 0);
	fputs("new one", a.f);
	limit_fsize(4096, &old);
	write_big(b.f);
	CU_ASSERT_EQUAL(pvabi_afile_publish(v, 2, err, sizeof(err)), -EFBIG);
	setrlimit(RLIMIT_FSIZE, &old);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "two: cannot write: File too large"));
	CU_ASSERT_STRING_EQUAL(text("one"), "old one");
	CU_ASSERT_EQUAL(access(at("two"), F_OK), -1);
	CU_ASSERT_EQUAL(temps(), 0);
	util_test_rmdir(dir);
}

/* The second rename fails (its name became a non-empty directory): the first
 * file, already renamed, is rolled back; a new one is removed. */
static void test_publish_rename_fails(void)
{
	struct pvabi_afile a, b, c, *v[3] = { &a, &c, &b };
	char err[256];

	CU_ASSERT_FATAL(util_test_dir(dir, sizeof(dir)) == 0);
	CU_ASSERT_FATAL(put("one", "old one") == 0);
	CU_ASSERT_FATAL(pvabi_afile_open(&a, at("one"), err, sizeof(err)) == 0);
	CU_ASSERT_FATAL(pvabi_afile_open(&c, at("three"), err, sizeof(err)) == 0);
	CU_ASSERT_FATAL(pvabi_afile_open(&b, at("two"), err, sizeof(err)) == 0);
	/* made after the open, which refuses a directory */
	CU_ASSERT_FATAL(mkdir(at("two"), 0755) == 0);
	CU_ASSERT_FATAL(put("two/x", "x") == 0);
	fputs("new one", a.f);
	fputs("new three", c.f);
	CU_ASSERT(pvabi_afile_publish(v, 3, err, sizeof(err)) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "two: cannot write: "));
	CU_ASSERT_STRING_EQUAL(text("one"), "old one");
	CU_ASSERT_EQUAL(access(at("three"), F_OK), -1);
	CU_ASSERT_EQUAL(temps(), 0);
	util_test_rmdir(dir);
}

static void test_publish_null_entry(void)
{
	struct pvabi_afile a, *v[2] = { &a, NULL };
	char err[256];

	CU_ASSERT_FATAL(util_test_dir(dir, sizeof(dir)) == 0);
	CU_ASSERT_FATAL(pvabi_afile_open(&a, at("one"), err, sizeof(err)) == 0);
	CU_ASSERT_EQUAL(pvabi_afile_publish(v, 2, err, sizeof(err)), -EINVAL);
	CU_ASSERT_EQUAL(access(at("one"), F_OK), -1);
	CU_ASSERT_EQUAL(temps(), 0);
	util_test_rmdir(dir);
}

/* A child with files open is killed by sig: its temp files go, and it
 * still dies of the signal. */
static void killed_by(int sig)
{
	struct pvabi_afile a, b;
	int p[2], status = 0, i;
	char c;
	pid_t pid;

	CU_ASSERT_FATAL(util_test_dir(dir, sizeof(dir)) == 0);
	CU_ASSERT_FATAL(pipe(p) == 0);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		/* as a foreground program: a shell's background job starts with
		 * SIGINT ignored, and an ignored signal is left alone */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		if (pvabi_tmpfiles_on_signals() || pvabi_afile_open(&a, at("a"), NULL, 0) ||
		    pvabi_afile_open(&b, at("b"), NULL, 0))
			_exit(1);
		fputs("partial", a.f);
		fflush(a.f);
		if (write(p[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	CU_ASSERT_EQUAL(read(p[0], &c, 1), 1);
	close(p[0]);
	CU_ASSERT_EQUAL(temps(), 2);
	kill(pid, sig);
	for (i = 0; i < 500 && waitpid(pid, &status, WNOHANG) == 0; i++)
		usleep(10000);
	if (i == 500) { /* never hang the test run: fail instead */
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	CU_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == sig);
	CU_ASSERT_EQUAL(temps(), 0);
	util_test_rmdir(dir);
}

static void test_signals(void)
{
	killed_by(SIGTERM);
	killed_by(SIGINT);
}

static void test_registry_full(void)
{
	char name[32];
	int i, added = 0;

	for (i = 0; i < 600; i++) {
		snprintf(name, sizeof(name), "/nonexistent/%d", i);
		added += pvabi_tmpfiles_add(name) == 0;
	}
	CU_ASSERT(added >= 256 && added < 600); /* bounded, never a crash */
	CU_ASSERT_EQUAL(pvabi_tmpfiles_add("/nonexistent/more"), -ENOSPC);
	for (i = 0; i < 600; i++) {
		snprintf(name, sizeof(name), "/nonexistent/%d", i);
		pvabi_tmpfiles_remove(name);
	}
	CU_ASSERT_EQUAL(pvabi_tmpfiles_add("/nonexistent/more"), 0);
	pvabi_tmpfiles_remove("/nonexistent/more");
}

const struct pvabi_test_case util_afile_cases[] = {
	{ "commit", test_commit },
	{ "abort_and_failure", test_abort_and_failure },
	{ "not_regular", test_not_regular },
	{ "publish_set", test_publish_set },
	{ "publish_write_fails", test_publish_write_fails },
	{ "publish_rename_fails", test_publish_rename_fails },
	{ "publish_null_entry", test_publish_null_entry },
	{ "signals", test_signals },
	{ "registry_full", test_registry_full },
	{ NULL, NULL },
};
