/* pvabi run through the built program: what every engine accepts alike
 * (a timeout is honoured to the millisecond or refused below it, never
 * replaced; one command-line maximum), and errors that name their cause
 * (a QEMU that fails is an ERROR of the host side, not a guest crash; a
 * FIFO, a directory or a missing file as the image, an unwritable log). */
#include "conformance/engine.h"
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[256];
/* a 2.1 image's console is about 75 KB, and the calls line the console
 * test reads is its last */
static char out[1 << 18];
static char cmdline[PVABI_ENGINE_MAX_CMDLINE + 2];

#define PVABI pvabi_test_path(pvabi_test_builddir(), "pvabi")

/* pvabi run IMAGE --engine E [--cmdline C] [--timeout T]. */
static int run(const char *image, const char *engine, const char *cl, const char *timeout)
{
	const char *argv[12] = { PVABI, "run", image, "--engine", engine };
	int n = 5;

	if (cl)
		argv[n++] = "--cmdline", argv[n++] = cl;
	if (timeout)
		argv[n++] = "--timeout", argv[n++] = timeout;
	argv[n] = NULL;
	return pvabi_test_run(argv, out, sizeof(out));
}

static const char *build(const char *rel)
{
	return pvabi_test_path(pvabi_test_builddir(), rel);
}

/* A command line of n bytes the guest ignores ("x=aaa..."). */
static const char *line_of(size_t n)
{
	memset(cmdline, 'a', n);
	memcpy(cmdline, "x=", 2);
	cmdline[n] = '\0';
	return cmdline;
}

static void test_timeout_refused(void)
{
	static const char *const bad[] = { "0.0004", "0", "-1", "1e-9", "86401", "nan", "5s", "" };
	size_t i;

	CU_ASSERT_EQUAL(run(build("guest/empty.elf"), "kvm", NULL, "0.0004"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "0.0004 s is below the engines' resolution of 1 ms"));
	/* the matrix hands its --timeout to every cell: the same rule */
	{
		const char *argv[] = { PVABI, "matrix", "--list", "--timeout", "0.0004", NULL };

		CU_ASSERT_EQUAL(pvabi_test_run(argv, out, sizeof(out)), 2);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "below the engines' resolution of 1 ms"));
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_EQUAL(run(build("guest/empty.elf"), "qemu-tcg", NULL, bad[i]), 2);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "--timeout"));
	}
}

/* On every engine here: a spinning guest stops at the time asked for,
 * rounded up to the millisecond, not at a default. */
static void test_timeout_honoured(void)
{
	size_t i, ran = 0;

	for (i = 0; pvabi_engines[i]; i++) {
		const struct pvabi_engine *e = pvabi_engines[i];
		char why[256];

		if (e->probe(why, sizeof(why)))
			continue;
		ran++;
		CU_ASSERT_EQUAL(run(build("guest/tests/crash.elf"), e->name, "mode=spin", "0.0015"), 8);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "within 2 ms"));
		CU_ASSERT_EQUAL(run(build("guest/tests/crash.elf"), e->name, "mode=spin", "0.3"), 8);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "within 300 ms"));
	}
	if (!ran)
		PVABI_SKIP("no engine works here");
}

/* Whether the line at p is judged where the host's timing puts it: a
 * snapshot's conversion is judged at the first end of a part or
 * scenario past a share of the promised second (guest/rt/suite_conv.c),
 * so which scenario it follows differs from run to run. */
static int timed_line(const char *p)
{
	const char *eol = strchr(p, '\n');
	const char *c = strstr(p, " - convert ");

	return c && (!eol || c < eol);
}

/* "calls=N" of the run's summary line, less the image's clock bursts
 * (a burst the host held up is read again) and the snapshot's
 * conversions (a get_time at each end of a part or scenario until a
 * share of the second has passed: 48 to 65 calls, by the host's
 * timing), and the number of "ok " lines but the conversions'. */
static void tally(long *calls, size_t *oks)
{
	const char *c = strstr(out, " calls=");
	static const char bursts[] = "\n# calls: clock-bursts: ";
	static const char convs[] = "\n# calls: snapshot-conversions: ";
	const char *b = strstr(out, bursts), *v = strstr(out, convs);
	const char *p;

	*calls = c ? atol(c + 7) : -1;
	if (b && *calls > 0)
		*calls -= atol(b + sizeof(bursts) - 1);
	if (v && *calls > 0)
		*calls -= atol(v + sizeof(convs) - 1);
	*oks = 0;
	for (p = out; (p = strstr(p, "\nok ")); p++)
		*oks += !timed_line(p + 1);
}

/* The console up to the run's summary line with every number as "N"
 * (times and counters differ from run to run), without the lines that
 * say a guard runs a check again or a burst reads its closing pair again
 * (how often the host held the image up
 * differs from run to run too) and without the conversions, whose place
 * follows the host's timing (timed_line). */
static void shape(char *dst, size_t cap)
{
	const char *end = strstr(out, "# run:");
	const char *p, *eol;
	size_t n = 0;

	for (p = out; *p && p != end && n + 2 < cap; p++) {
		eol = strchr(p, '\n');
		if ((p == out || p[-1] == '\n') && eol &&
		    ((p[0] == '#' && eol - p > 11 && (!strncmp(eol - 10, " run again", 10) ||
							!strncmp(eol - 11, " read again", 11))) ||
		     timed_line(p))) {
			p = eol;
			continue;
		}
		if (*p >= '0' && *p <= '9') {
			while (p[1] >= '0' && p[1] <= '9')
				p++;
			dst[n++] = 'N';
		} else {
			dst[n++] = *p;
		}
	}
	dst[n] = '\0';
}

/* The length of a result line that two runs must agree on: all of it,
 * or, where either run could not tell (a check the host held up, a
 * skip that says so), the point's name up to its first ": ". */
static size_t agreed_len(const char *a, size_t alen, const char *b, size_t blen)
{
	const char *c;

	if (!memmem(a, alen, "could not tell", 14) && !memmem(b, blen, "could not tell", 14))
		return alen;
	c = memmem(a, alen, ": ", 2);
	return c ? (size_t)(c - a) : alen;
}

/* Two shaped consoles, line by line: the same lines, each the same but
 * for what agreed_len leaves out. */
static void same_console(const char *a, const char *b)
{
	while (*a || *b) {
		const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
		size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
		size_t k = agreed_len(a, la, b, lb);

		if (k > lb || memcmp(a, b, k) || (k == la && la != lb)) {
			fprintf(stderr, "consoles differ:\n  %.*s\n  %.*s\n", (int)la, a, (int)lb, b);
			CU_FAIL("the two consoles differ");
			return;
		}
		a += la + (ea != NULL);
		b += lb + (eb != NULL);
	}
}

/* A fresh image's console through the memory channel `pvabi run` offers
 * (console=mem: result records the runner renders) and through COM1 (any
 * console= of its own turns it off): the same TAP text arrives either
 * way, and a frozen image, which never asks, still prints on COM1. The
 * memory console costs two calls (register, drain), but the timed
 * scenarios poll the platform's clock a number of times that follows the
 * host's timing (about 200 calls either way between two runs), and a
 * clock burst is run again where the host held it up (not counted), so
 * the call counts are only held to what a console cost per line would
 * break: the memory run makes fewer extra calls than it has TAP lines. */
static void test_console_channels(void)
{
	static char mem_text[sizeof(out)], com_text[sizeof(out)];
	size_t i, ran = 0, mem_oks, com_oks;
	long mem_calls, com_calls;

	for (i = 0; pvabi_engines[i]; i++) {
		const struct pvabi_engine *e = pvabi_engines[i];
		char why[256];

		if (e->real_hypervisor || e->probe(why, sizeof(why)))
			continue; /* a real hypervisor serves no pvp call */
		ran++;
		CU_ASSERT_EQUAL(run(build("guest/pvp/2.1/conformance.elf"), e->name, NULL, "60"), 0);
		tally(&mem_calls, &mem_oks);
		shape(mem_text, sizeof(mem_text));
		CU_ASSERT_EQUAL(run(build("guest/pvp/2.1/conformance.elf"), e->name, "console=com1",
				    "60"), 0);
		tally(&com_calls, &com_oks);
		shape(com_text, sizeof(com_text));
		same_console(mem_text, com_text);
		CU_ASSERT(mem_oks > 20);
		CU_ASSERT_EQUAL(mem_oks, com_oks);
		CU_ASSERT(mem_calls > 0 && com_calls > 0);
		CU_ASSERT(mem_calls < com_calls + (long)mem_oks);
		CU_ASSERT_EQUAL(run(pvabi_test_path(pvabi_test_srcdir(),
						    "fixtures/guests/pvp/1.0/conformance.elf"),
				    e->name, NULL, "60"), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n1.."));
	}
	if (!ran)
		PVABI_SKIP("no engine works here");
}

/* The longest command line runs on every engine; one byte more is
 * refused on every engine, before any probe. */
static void test_cmdline_limit(void)
{
	size_t i, ran = 0;

	for (i = 0; pvabi_engines[i]; i++) {
		const struct pvabi_engine *e = pvabi_engines[i];
		char why[256];

		CU_ASSERT_EQUAL(run(build("guest/empty.elf"), e->name,
				    line_of(PVABI_ENGINE_MAX_CMDLINE + 1), NULL), 2);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "3072 bytes; every engine takes at most 3071"));
		if (e->probe(why, sizeof(why)))
			continue;
		ran++;
		if (e->real_hypervisor) {
			/* Xen passes its first domain 1023 bytes: more is
			 * refused, never cut */
			CU_ASSERT_EQUAL(run(build("guest/xen/empty.elf"), e->name,
					    line_of(1023), NULL), 0);
			CU_ASSERT_EQUAL(run(build("guest/xen/empty.elf"), e->name,
					    line_of(1024), NULL), 2);
			CU_ASSERT_PTR_NOT_NULL(strstr(out, "1024 bytes; Xen passes at most 1023"));
			continue;
		}
		CU_ASSERT_EQUAL(run(build("guest/empty.elf"), e->name,
				    line_of(PVABI_ENGINE_MAX_CMDLINE), NULL), 0);
	}
	if (!ran)
		PVABI_SKIP("no engine works here");
}

static void test_qemu_failures(void)
{
	char script[400];

	snprintf(script, sizeof(script), "%s/qemu-fails", tmp);
	CU_ASSERT_EQUAL_FATAL(pvabi_test_write_file(script, "#!/bin/sh\n"
					"echo 'qemu: cannot do that' >&2\nexit 1\n", 0755), 0);
	setenv("PVABI_QEMU", script, 1);
	CU_ASSERT_EQUAL(run(build("guest/empty.elf"), "qemu-tcg", NULL, "10"), 6);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "qemu-tcg engine: qemu failed (exit 1): qemu: cannot do that"));
	setenv("PVABI_QEMU", "/bin/false", 1);
	CU_ASSERT_EQUAL(run(build("guest/empty.elf"), "qemu-tcg", NULL, "10"), 6);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "qemu failed (exit 1): no message"));
	snprintf(script, sizeof(script), "%s/not-a-program", tmp);
	CU_ASSERT_EQUAL_FATAL(pvabi_test_write_file(script, "text\n", 0644), 0);
	setenv("PVABI_QEMU", script, 1); /* there, but not a program */
	CU_ASSERT_EQUAL(run(build("guest/empty.elf"), "qemu-tcg", NULL, "10"), 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "not-a-program cannot be executed: Permission denied"));
	setenv("PVABI_QEMU", "/nonexistent/qemu", 1);
	CU_ASSERT_EQUAL(run(build("guest/empty.elf"), "qemu-tcg", NULL, "10"), 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "engine unavailable: /nonexistent/qemu not found"));
	unsetenv("PVABI_QEMU");
}

static void test_bad_paths(void)
{
	char fifo[400];
	const char *log_argv[] = { PVABI, "run", build("guest/empty.elf"), "--engine", "kvm",
				   "--log", "/nonexistent/dir/cell.log", NULL };

	snprintf(fifo, sizeof(fifo), "%s/fifo", tmp);
	CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
	alarm(60); /* a FIFO read until it blocks would hang here */
	CU_ASSERT_EQUAL(run(fifo, "kvm", NULL, NULL), 2);
	alarm(0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "fifo: is a FIFO, not a regular file"));
	CU_ASSERT_EQUAL(run(tmp, "kvm", NULL, NULL), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "is a directory, not a regular file"));
	CU_ASSERT_EQUAL(run("/nonexistent.elf", "kvm", NULL, NULL), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "/nonexistent.elf: No such file or directory"));
	CU_ASSERT_EQUAL(pvabi_test_run(log_argv, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--log: /nonexistent/dir/cell.log"));
}

/* --xen names a Xen build: one that cannot be is refused before any
 * boot; the reference matrix refuses the xen engine. */
static void test_xen_args(void)
{
	const char *missing[] = { PVABI, "run", build("guest/xen/empty.elf"), "--engine", "xen",
				  "--xen", "/nonexistent/xen.gz", NULL };
	const char *text[] = { PVABI, "run", build("guest/xen/empty.elf"), "--engine", "xen",
			       "--xen", NULL, NULL };
	const char *matrix[] = { PVABI, "matrix", "--engine", "xen", "--list", NULL };
	char path[400];

	CU_ASSERT_EQUAL(pvabi_test_run(missing, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--xen: Xen build /nonexistent/xen.gz: No such file"));
	snprintf(path, sizeof(path), "%s/not-xen", tmp);
	CU_ASSERT_EQUAL_FATAL(pvabi_test_write_file(path, "not a hypervisor\n", 0644), 0);
	text[6] = path;
	CU_ASSERT_EQUAL(pvabi_test_run(text, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "not-xen: neither an ELF nor gzip data"));
	CU_ASSERT_EQUAL(pvabi_test_run(matrix, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--engine 'xen': boots a real hypervisor"));
}

/* A guest whose result records or memory-console header go bad after a
 * passing check, then exits PASS: on every engine the run is a harness
 * ERROR naming the fault, never a PASS, a crash of the runner or a hang. */
static void test_bad_records(void)
{
	static const char *const bad[][2] = {
		{ "size0", "result record at offset 39: size 0 outside 8.." },
		{ "plan", "plan 1..1 after 2 checks" },
		{ "len", "past the capacity 65536" },
		{ "magic", "header magic 0x4d435650, not 0x52435650" },
		{ "ref", "format address outside guest memory" },
	};
	size_t i, j, ran = 0;

	for (i = 0; pvabi_engines[i]; i++) {
		const struct pvabi_engine *e = pvabi_engines[i];
		char why[256], cl[32];

		if (e->real_hypervisor || e->probe(why, sizeof(why)))
			continue;
		ran++;
		for (j = 0; j < sizeof(bad) / sizeof(bad[0]); j++) {
			snprintf(cl, sizeof(cl), "bad=%s", bad[j][0]);
			CU_ASSERT_EQUAL(run(build("guest/tests/badrec.elf"), e->name, cl, "60"), 6);
			/* a header gone bad is read at the exit: nothing of it */
			if (j < 2 || j == 4)
				CU_ASSERT_PTR_NOT_NULL(strstr(out, "ok 1 - a check before the records go bad\n"));
			CU_ASSERT_PTR_NOT_NULL(strstr(out, "exit=6 (error)"));
			CU_ASSERT_PTR_NOT_NULL(strstr(out, bad[j][1]));
			if (!strstr(out, bad[j][1]))
				fprintf(stderr, "%s %s: %s\n", e->name, bad[j][0], out);
		}
	}
	if (!ran)
		PVABI_SKIP("no engine works here");
}

/* A scenario that fails (a platform that drops PAT writes) says which
 * step failed, how, and what the steps before it bound, in a diagnostic
 * right after its check line (so it is never pinned on the check before),
 * and its check line names the step. */
static void test_scenario_diagnostics(void)
{
	const char *argv[] = { build("mutants/msr-write-dropped/pvabi"), "run",
			       build("guest/pvp/2.1/conformance.elf"), "--engine", "auto", NULL };
	const char *d, *nl, *line;
	int rc = pvabi_test_run(argv, out, sizeof(out));

	CU_ASSERT_EQUAL(pvabi_test_skip_unavailable(rc, "mutants/msr-write-dropped/pvabi", "2.1",
						    "auto"), 1);
	line = strstr(out, " - scenario msr_pat_read_back (");
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	d = strstr(out, "\n# scenario msr_pat_read_back: step ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	nl = strchr(line, '\n');
	CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
	CU_ASSERT_TRUE(d == nl);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, " steps) (got step "));
	CU_ASSERT_TRUE(strstr(line, " steps) (got step ") < nl);
	nl = strchr(d + 1, '\n');
	CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
	CU_ASSERT_PTR_NOT_NULL(strstr(d, " (read_msr) failed: read_msr returned 0, field value = "));
	CU_ASSERT_PTR_NOT_NULL(strstr(d, "; bound: orig=0x"));
	CU_ASSERT_TRUE(strstr(d, "; bound: orig=0x") < nl);
}

static const struct pvabi_test_case cases[] = {
	{ "timeout below resolution refused", test_timeout_refused },
	{ "timeout honoured on every engine", test_timeout_honoured },
	{ "one command-line maximum", test_cmdline_limit },
	{ "console through memory and COM1", test_console_channels },
	{ "bad result records are a harness error", test_bad_records },
	{ "a failing scenario explains itself", test_scenario_diagnostics },
	{ "QEMU failures are host errors", test_qemu_failures },
	{ "FIFO, directory, missing image, bad log", test_bad_paths },
	{ "--xen and the xen engine refused where they cannot work", test_xen_args },
	{ NULL, NULL },
};

static int setup(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/pvabi-run-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void)
{
	const char *argv[] = { "/bin/rm", "-rf", tmp, NULL };

	return pvabi_test_run(argv, out, sizeof(out)) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "run", cases, setup, teardown },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
