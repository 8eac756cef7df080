/* Running the built programs from tests, without a shell. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"
#include "util/afile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int pvabi_test_run(const char *const *argv, char *out, size_t n)
{
	size_t got = 0;
	int p[2], st, dropped = 0;
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
		if (chdir(pvabi_test_srcdir()) == 0)
			execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	/* past n the rest is read and dropped, never left unread: a program
	 * whose pipe closed would die of SIGPIPE, and its exit status, which
	 * the caller judges, would be lost with the text */
	for (;;) {
		char drop[4096];

		if (got + 1 < n)
			r = read(p[0], out + got, n - 1 - got);
		else
			r = read(p[0], drop, sizeof(drop));
		if (r <= 0)
			break;
		if (got + 1 < n)
			got += (size_t)r;
		else
			dropped = 1;
	}
	out[got] = '\0';
	close(p[0]);
	if (dropped)
		fprintf(stderr, "note: %s %s: output past %zu bytes dropped\n", argv[0],
			argv[1] ? argv[1] : "", n - 1);
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	if (getenv("PVABI_TEST_VERBOSE"))
		printf("\n$ %s %s ...\n%s", argv[0], argv[1] ? argv[1] : "", out);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int pvabi_test_write_file(const char *path, const char *text, mode_t mode)
{
	if (pvabi_afile_write(path, text, strlen(text), NULL, 0))
		return -1;
	return chmod(path, mode);
}

int pvabi_test_run_image(const char *program, const char *rev, const char *engine,
			 char *out, size_t n)
{
	char prog[4096], image[4096], rel[64];
	const char *argv[] = { prog, "run", image, "--engine", engine, NULL };

	snprintf(prog, sizeof(prog), "%s", pvabi_test_path(pvabi_test_builddir(), program));
	snprintf(rel, sizeof(rel), "guest/pvp/%s/conformance.elf", rev);
	snprintf(image, sizeof(image), "%s", pvabi_test_path(pvabi_test_builddir(), rel));
	return pvabi_test_run(argv, out, n);
}

size_t pvabi_test_lines_with(const char *out, const char *prefix, const char *text)
{
	const char *p = out, *nl;
	size_t n = 0, pl = strlen(prefix);

	for (; *p; p = nl + 1) {
		char line[1024];
		size_t len;

		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p) - 1;
		len = (size_t)(nl - p) < sizeof(line) - 1 ? (size_t)(nl - p) : sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		n += !strncmp(line, prefix, pl) && strstr(line, text) != NULL;
		if (!nl[1])
			break;
	}
	return n;
}

char pvabi_test_out[1 << 20];

/* A run that exited PVABI_TEST_UNAVAILABLE skips its test when the
 * reference platform, asked again on the same image and engine, cannot
 * run either: then the machine lacks the engine. A seed alone exiting so
 * is a break of its own (rc stays, for the caller's assertion to fail
 * on), never a skip. Asked again, the reference also gives the reason,
 * the engine's sentence, whatever buffer the caller's run wrote: it
 * fails in milliseconds, and only where the engine is missing. */
int pvabi_test_skip_unavailable(int rc, const char *program, const char *rev,
				const char *engine)
{
	static char ref[1 << 16];
	char why[640];

	if (rc != PVABI_TEST_UNAVAILABLE)
		return rc;
	if (pvabi_test_run_image("pvabi", rev, engine, ref, sizeof(ref)) != rc) {
		fprintf(stderr, "%s: exit %d on engine %s, where the reference runs\n", program,
			rc, engine);
		return rc;
	}
	snprintf(why, sizeof(why), "engine %s runs no images here: %.*s", engine,
		 (int)strcspn(ref, "\n"), ref);
	pvabi_test_skip_out(__FILE__, __LINE__, why);
}

int pvabi_test_image(const char *program, const char *rev, const char *engine)
{
	int rc = pvabi_test_run_image(program, rev, engine, pvabi_test_out,
				      sizeof(pvabi_test_out));

	return pvabi_test_skip_unavailable(rc, program, rev, engine);
}

size_t pvabi_test_lines(const char *prefix, const char *text)
{
	return pvabi_test_lines_with(pvabi_test_out, prefix, text);
}

const char *pvabi_test_first_line(const char *prefix, char *buf, size_t n)
{
	const char *p = pvabi_test_out;

	while (*p && strncmp(p, prefix, strlen(prefix))) {
		p = strchr(p, '\n');
		p = p ? p + 1 : "";
	}
	if (!*p)
		return NULL;
	snprintf(buf, n, "%.*s", (int)strcspn(p, "\n"), p);
	return buf;
}

void pvabi_test_boot(const char *program, const char *rev, const char *engine, int want,
		     const char *file, unsigned int line)
{
	int rc = pvabi_test_image(program, rev, engine);
	size_t red = pvabi_test_lines("not ok", "");
	char msg[1024], first[320];
	const char *red1;

	if (rc == want && (want || !red))
		CU_assertImplementation(CU_TRUE, line, "pvabi_test_boot", file, "", CU_FALSE);
	else {
		red1 = pvabi_test_first_line("not ok", first, sizeof(first));
		/* CUnit copies the text of a failure it records */
		snprintf(msg, sizeof(msg),
			 "%s run guest/pvp/%s/conformance.elf --engine %s: exit %d, want %d; "
			 "%zu not ok, the first: %s",
			 program, rev, engine, rc, want, red, red1 ? red1 : "(none)");
		CU_assertImplementation(CU_FALSE, line, msg, file, "", CU_FALSE);
	}
}

void pvabi_test_red(const char *program, const char *rev, const char *engine, const char *text,
		    size_t n, const char *file, unsigned int line)
{
	char msg[1024], first[320];
	size_t red, at;
	const char *red1;

	pvabi_test_boot(program, rev, engine, 1, file, line);
	red = pvabi_test_lines("not ok", "");
	at = pvabi_test_lines("not ok", text);
	if (red == n && at == n) {
		CU_assertImplementation(CU_TRUE, line, "pvabi_test_red", file, "", CU_FALSE);
		return;
	}
	red1 = pvabi_test_first_line("not ok", first, sizeof(first));
	snprintf(msg, sizeof(msg),
		 "%s run guest/pvp/%s/conformance.elf --engine %s: %zu not ok, %zu of them with "
		 "\"%.200s\"; want %zu and all; the first: %s", program, rev, engine, red, at, text,
		 n, red1 ? red1 : "(none)");
	CU_assertImplementation(CU_FALSE, line, msg, file, "", CU_FALSE);
}
