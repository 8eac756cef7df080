/* The pvabi-vm program: its exit codes and messages. */
#include "platform/vmm/tests/vmm_fixture.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs pvabi-vm with @args (NULL-terminated, without argv[0]); stdout and
 * stderr together into @out. Returns the exit status, -1 if it died. */
static int run_cli(const char *const *args, char *out, size_t n)
{
	const char *argv[16];
	int p[2], st, i;
	size_t got = 0;
	ssize_t r;
	pid_t pid;

	argv[0] = fx_build_path("platform/pvabi-vm");
	for (i = 0; args[i] && i < 14; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		close(p[1]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	while (got + 1 < n && (r = read(p[0], out + got, n - 1 - got)) > 0)
		got += (size_t)r;
	out[got] = '\0';
	close(p[0]);
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_file(const char *path, const void *b, size_t n)
{
	FILE *f = fopen(path, "wb");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fwrite(b, 1, n, f), n);
	fclose(f);
}

/* Each way a hand-made guest ends, and the exit code pvabi run gives it. */
static void guest_ends(const char *img, const char *const *args, char *out, size_t n)
{
	static const struct { uint32_t value; int code; } ends[] = {
		{ 0x20, 0 }, { 0x24, 1 }, { 0x22, 4 }, { 0x21, 5 }, { 0x23, 6 },
		{ 0x25, 7 }, { 5, 7 }, { 0, 7 },
	};
	struct code c = { .n = 0 };
	size_t i;
	int rc;

	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		c.n = 0;
		MOV_EAX(&c, ends[i].value);
		EXIT_EAX(&c);
		write_file(img, img_buf, img_guest(&c, &MB32));
		rc = run_cli(args, out, n);
		if (rc != ends[i].code)
			printf("\n  exit value 0x%x: exit %d, want %d\n", ends[i].value, rc,
			       ends[i].code);
		CU_ASSERT_EQUAL(rc, ends[i].code);
	}
	c.n = 0;
	EMIT(&c, 0xeb, 0xfe);
	write_file(img, img_buf, img_guest(&c, &MB32));
	CU_ASSERT_EQUAL(run_cli(args, out, n), 8);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "timeout"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "300 ms"));
}

/* The exit codes are pvabi run's (docs/exit-codes.md), the timeout is
 * in seconds as {timeout} gives it, the limits are every engine's. */
static void test_cli(void)
{
	static char longline[4000];
	const char *empty = fx_build_path("guest/empty.elf");
	const char *a_empty[] = { empty, "--cmdline", "x y", "--timeout", "5", "--mem", "32", NULL };
	const char *a_none[] = { NULL };
	const char *a_badmem[] = { empty, "--mem", "1", NULL };
	const char *a_badopt[] = { empty, "--frobnicate", NULL };
	const char *a_two[] = { empty, empty, NULL };
	const char *a_tiny[] = { empty, "--timeout", "0.0004", NULL };
	const char *a_nan[] = { empty, "--timeout", "5000ms", NULL };
	const char *a_long[] = { empty, "--cmdline", longline, NULL };
	char img[4096], out[8192];
	const char *a_img[] = { img, "--timeout", "0.3", NULL };
	int fd, kvm = fx_kvm_usable(), rc;

	rc = run_cli(a_empty, out, sizeof(out));
	if (kvm) {
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "TAP version 13"));
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "exited with 0x20 (pass)"));
	} else {
		CU_ASSERT_EQUAL(rc, 3);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "unavailable"));
	}
	CU_ASSERT_EQUAL(run_cli(a_none, out, sizeof(out)), 2);
	CU_ASSERT_EQUAL(run_cli(a_badmem, out, sizeof(out)), 2);
	CU_ASSERT_EQUAL(run_cli(a_badopt, out, sizeof(out)), 2);
	CU_ASSERT_EQUAL(run_cli(a_two, out, sizeof(out)), 2);
	CU_ASSERT_EQUAL(run_cli(a_tiny, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "timeout 0.0004 s is below the engines' resolution of 1 ms"));
	CU_ASSERT_EQUAL(run_cli(a_nan, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "'5000ms'"));
	memset(longline, 'a', 3072);
	CU_ASSERT_EQUAL(run_cli(a_long, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "3072 bytes; every engine takes at most 3071"));

	fx_tmp_template(img, sizeof(img), "pvabi-vm-cli");
	fd = mkstemp(img);
	CU_ASSERT_TRUE_FATAL(fd >= 0);
	close(fd);
	write_file(img, "\177ELF junk", 9);
	CU_ASSERT_EQUAL(run_cli(a_img, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "image-invalid"));
	if (kvm)
		guest_ends(img, a_img, out, sizeof(out));
	unlink(img);
}

const struct pvabi_test_case vmm_cli_cases[] = {
	{ "pvabi-vm exit codes", test_cli },
	{ NULL, NULL },
};
