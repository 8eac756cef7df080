/* The whole-file reader: regular files only, refused at once otherwise,
 * within a size limit. */
#include "util/file.h"
#include "util/tests/util_tests.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char dir[4096];

static const char *at(const char *name)
{
	static char path[4200];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static int put(const char *name, const char *text)
{
	FILE *f = fopen(at(name), "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void test_reads_whole(void)
{
	struct pvabi_file_buf b;
	char err[256];

	CU_ASSERT_FATAL(util_test_dir(dir, sizeof(dir)) == 0);
	CU_ASSERT_FATAL(put("a", "hello\nworld") == 0);
	CU_ASSERT_EQUAL(pvabi_file_read(at("a"), 1024, 0, &b, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(b.len, 11);
	CU_ASSERT_EQUAL(b.size, 11);
	CU_ASSERT_STRING_EQUAL(b.data, "hello\nworld");
	free(b.data);
	CU_ASSERT_FATAL(put("empty", "") == 0);
	CU_ASSERT_EQUAL(pvabi_file_read(at("empty"), 1024, 0, &b, err, sizeof(err)), 0);
	CU_ASSERT_PTR_NOT_NULL(b.data);
	CU_ASSERT_EQUAL(b.len, 0);
	free(b.data);
	util_test_rmdir(dir);
}

static void test_size_limit(void)
{
	struct pvabi_file_buf b;
	char err[256];

	CU_ASSERT_FATAL(util_test_dir(dir, sizeof(dir)) == 0);
	CU_ASSERT_FATAL(put("big", "0123456789") == 0);
	CU_ASSERT_EQUAL(pvabi_file_read(at("big"), 9, 0, &b, err, sizeof(err)), -EFBIG);
	CU_ASSERT_PTR_NULL(b.data);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "larger than 9 bytes"));
	CU_ASSERT_EQUAL(pvabi_file_read(at("big"), 10, 0, &b, err, sizeof(err)), 0);
	free(b.data);
	CU_ASSERT_EQUAL(pvabi_file_read(at("big"), 4, PVABI_FILE_TRUNCATE, &b, err, sizeof(err)), 1);
	CU_ASSERT_EQUAL(b.len, 4);
	CU_ASSERT_EQUAL(b.size, 10);
	CU_ASSERT_STRING_EQUAL(b.data, "0123");
	free(b.data);
	util_test_rmdir(dir);
}

static void test_missing(void)
{
	struct pvabi_file_buf b;
	char err[256];

	CU_ASSERT_EQUAL(pvabi_file_read("/nonexistent/pvabi", 10, 0, &b, err, sizeof(err)),
			-ENOENT);
	CU_ASSERT_STRING_EQUAL(err, "/nonexistent/pvabi: No such file or directory");
}

/* A FIFO with no writer would block a plain open() or read() forever. */
static void test_refuses_fifo(void)
{
	struct pvabi_file_buf b;
	char err[256];
	double t0;

	CU_ASSERT_FATAL(util_test_dir(dir, sizeof(dir)) == 0);
	CU_ASSERT_FATAL(mkfifo(at("fifo"), 0600) == 0);
	alarm(10); /* a regression would hang here: die instead */
	t0 = now();
	CU_ASSERT_EQUAL(pvabi_file_read(at("fifo"), 10, 0, &b, err, sizeof(err)), -EINVAL);
	CU_ASSERT_EQUAL(pvabi_file_open_regular(at("fifo"), NULL, 0), -EINVAL);
	alarm(0);
	CU_ASSERT(now() - t0 < 1.0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "is a FIFO, not a regular file"));
	util_test_rmdir(dir);
}

static void test_refuses_dir_and_device(void)
{
	struct pvabi_file_buf b;
	char err[256];

	CU_ASSERT_EQUAL(pvabi_file_read("/", 10, 0, &b, err, sizeof(err)), -EISDIR);
	CU_ASSERT_STRING_EQUAL(err, "/: is a directory, not a regular file");
	CU_ASSERT_EQUAL(pvabi_file_read("/dev/zero", 10, 0, &b, err, sizeof(err)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(err, "/dev/zero: is a character device, not a regular file");
}

const struct pvabi_test_case util_file_cases[] = {
	{ "reads_whole", test_reads_whole },
	{ "size_limit", test_size_limit },
	{ "missing", test_missing },
	{ "refuses_fifo", test_refuses_fifo },
	{ "refuses_dir_and_device", test_refuses_dir_and_device },
	{ NULL, NULL },
};
