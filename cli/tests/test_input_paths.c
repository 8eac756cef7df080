/* Input paths that are not regular files: a spec, a registry or a guest
 * image given as a FIFO (with no writer: reading it would wait forever),
 * a device or a directory is refused at once, exit 2, saying what it
 * is; so is a Xen build, and an output that is not a regular file. Bad
 * input exits 2 where no engine runs images, too. */
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A frozen image: the refusals come before it is read. */
#define IMAGE "fixtures/guests/pvp/1.0/conformance.elf"

static char dir[256], fifo[300], out[8192];

static int setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/pvabi-inputs-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	return mkfifo(fifo, 0600);
}

static int teardown(void)
{
	unlink(fifo);
	return rmdir(dir);
}

/* pvabi with the arguments of argv (NULL-terminated, at most 6); output
 * in out. The exit status; a run that does not end within 60 s dies of
 * SIGALRM (-1). */
static int pvabi_v(const char *const *argv)
{
	int p[2], st;
	size_t got = 0;
	ssize_t r;
	pid_t pid;

	if (pipe(p))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		alarm(60); /* survives exec: a blocked read ends the test, not the run */
		const char *v[8] = { "pvabi" };
		int i;

		for (i = 0; i < 6 && argv[i]; i++)
			v[i + 1] = argv[i];
		if (chdir(pvabi_test_srcdir()) == 0)
			execv(pvabi_test_path(pvabi_test_builddir(), "pvabi"), (char *const *)v);
		_exit(127);
	}
	close(p[1]);
	while (got + 1 < sizeof(out) && (r = read(p[0], out + got, sizeof(out) - 1 - got)) > 0)
		got += (size_t)r;
	out[got] = '\0';
	close(p[0]);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Refused, exit 2, saying what. Judged by the exit and the words, not
 * by a time: a program that waits on a FIFO never exits by itself, and
 * the alarm makes that a failure (-1) however loaded the host is. */
static void refused_v(const char *const *argv, const char *what)
{
	CU_ASSERT_EQUAL(pvabi_v(argv), 2);
	if (!strstr(out, what))
		printf("\n  pvabi %s %s: want '%s' in:\n%s", argv[0], argv[1], what, out);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, what));
}

static void refused(const char *a, const char *b, const char *c, const char *what)
{
	const char *argv[] = { a, b, c, NULL };

	refused_v(argv, what);
}

static void test_spec_and_registry(void)
{
	refused("check", "--spec", fifo, "is a FIFO, not a regular file");
	refused("check", "--registry", fifo, "is a FIFO, not a regular file");
	refused("check", "--spec", "/dev/zero", "is a character device, not a regular file");
	refused("check", "--spec", dir, "is a directory, not a regular file");
}

static void test_image(void)
{
	refused("run", fifo, NULL, "is a FIFO, not a regular file");
	refused("run", "/dev/zero", NULL, "is a character device, not a regular file");
	refused("run", dir, NULL, "is a directory, not a regular file");
}

/* A Xen build is an input too (gate and the xen engine read it). */
static void test_xen_build(void)
{
	const char *run[] = { "run", "--engine", "xen", "--xen", fifo, IMAGE, NULL };
	const char *gate[] = { "gate", "--xen", fifo, NULL };

	refused_v(run, "fifo: is a FIFO, not a regular file");
	refused_v(gate, "fifo: is a FIFO, not a regular file");
	refused("gate", "--xen", "/dev/zero", "is a character device, not a regular file");
}

/* A gzip bomb as the Xen build (300 MiB of zeros in 0.3 MiB) stops at
 * the inflate limit instead of filling the memory. */
static void test_xen_bomb(void)
{
	char bomb[400], cmd[600];
	const char *gate[] = { "gate", "--xen", bomb, NULL };

	snprintf(bomb, sizeof(bomb), "%s/bomb.gz", dir);
	snprintf(cmd, sizeof(cmd), "head -c 314572800 /dev/zero | gzip -1 > '%s'", bomb);
	if (system(cmd) != 0)
		PVABI_SKIP("gzip cannot be run: no bomb to try");
	refused_v(gate, "bomb.gz: inflates past 256 MiB, more than any Xen image");
	unlink(bomb);
}

/* An output that is not a regular file is refused, and stays what it
 * was: pvabi writes a new file and renames it over the old one, which
 * would have put a regular file in place of the FIFO (or, as root, of
 * --log /dev/null). */
static void test_outputs(void)
{
	const char *run[] = { "run", IMAGE, "--log", fifo, NULL };
	struct stat st;

	refused_v(run, "--log: ");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "fifo: is a FIFO, not a regular file"));
	CU_ASSERT(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
}

/* Where no engine runs images (hidden the way the engine layer allows,
 * docs/engines.md), bad input still exits 2, never 3: the input is
 * judged before any engine is probed. The same commands with good input
 * exit 3 there, which shows the engines were hidden. */
static int without_engines(const char *const *argv)
{
	int rc;

	setenv("PVABI_QEMU", "/nonexistent/qemu-system-x86_64", 1);
	setenv("PVABI_AUTO_EXCLUDE", "kvm", 1);
	setenv("PVABI_ENGINE_CACHE", "0", 1);
	rc = pvabi_v(argv);
	unsetenv("PVABI_QEMU");
	unsetenv("PVABI_AUTO_EXCLUDE");
	unsetenv("PVABI_ENGINE_CACHE");
	return rc;
}

static void bad_without_engines(const char *const *argv, const char *what)
{
	int rc = without_engines(argv);

	if (rc != 2 || !strstr(out, what))
		printf("\n  pvabi %s %s %s: exit %d, want 2 and '%s' in:\n%s", argv[0], argv[1],
		       argv[2] ? argv[2] : "", rc, what, out);
	CU_ASSERT_EQUAL(rc, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, what));
}

#define ARGV(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_bad_input_before_engines(void)
{
	const char *const good_matrix[] = { "matrix", "--list", "--images", "1.0", NULL };
	const char *const good_run[] = { "run", IMAGE, NULL };
	const char *const fixtures = "/nonexistent: cannot open the fixtures directory";

	CU_ASSERT_EQUAL(without_engines(good_matrix), 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "engine unavailable: "));
	CU_ASSERT_EQUAL(without_engines(good_run), 3);
	bad_without_engines(ARGV("matrix", "--fixtures", "/nonexistent", "--list"), fixtures);
	bad_without_engines(ARGV("matrix", "--engine", "qemu-tcg", "--fixtures", "/nonexistent"),
			    fixtures);
	bad_without_engines(ARGV("gate", "--fixtures", "/nonexistent"), fixtures);
	bad_without_engines(ARGV("matrix", "--list", "--images", "1.9"),
			    "--images '1.9': no such image");
	bad_without_engines(ARGV("gate", "--platforms", "9.9"),
			    "--platforms '9.9': no such platform");
	bad_without_engines(ARGV("run", "/nonexistent/conformance.elf"),
			    "/nonexistent/conformance.elf");
	bad_without_engines(ARGV("run", IMAGE, "--spec", "/nonexistent/platform.xml"),
			    "/nonexistent/platform.xml");
	bad_without_engines(ARGV("run", IMAGE, "--platform", "9.9"), "9.9");
}

static const struct pvabi_test_case cases[] = {
	{ "spec_and_registry", test_spec_and_registry },
	{ "image", test_image },
	{ "xen_build", test_xen_build },
	{ "xen_bomb", test_xen_bomb },
	{ "outputs", test_outputs },
	{ "bad_input_before_engines", test_bad_input_before_engines },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "input_paths", cases, setup, teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
