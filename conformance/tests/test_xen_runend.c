/* How a Xen guest's run ends (docs/checks.md, "How a run ends", and
 * docs/engines.md, the xen engine's endings): spec/xen.xml marks the
 * command a guest stops with in each interface version (sched_op_compat's
 * shutdown, the reason by value, until 3.1.1 deprecates it; then
 * sched_op's, the reason in sched_shutdown); the runner asks the reasons
 * of shutdown_reason in format 1's rotation; the console parser reads the
 * reason from the exact lines of Xen's hwdom_shutdown()
 * (xen/common/shutdown.c), each case's reason the constant spec/xen.xml
 * gives it. On the newest cached Xen, the 4.14.0 suite ends with every
 * reason and each run ends with the status its guest announced; the
 * seeded suite (emit/tests/xen/module.mk, seeded-end: SCHEDOP_shutdown
 * numbered as SCHEDOP_shutdown_code) passes every check and fails at
 * exactly the run end; a triple fault, which Xen records as a reboot the
 * guest never announced, stays a crash. Skipped, saying why, without
 * QEMU or a cached Xen. */
#include "abi/load.h"
#include "abi/runend.h"
#include "conformance/engine.h"
#include "conformance/runend.h"
#include "conformance/tests/progrun.h"
#include "conformance/xen_build.h"
#include "conformance/xen_console.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_FAIL 1  /* docs/exit-codes.md */
#define EXIT_CRASH 7

static struct pvabi_spec *spec;
static struct pvabi_diags diags;

static int setup(void)
{
	spec = pvabi_spec_load(pvabi_test_path(pvabi_test_srcdir(), "spec/xen.xml"), &diags);
	return spec ? 0 : -1;
}

static int teardown(void)
{
	pvabi_spec_free(spec);
	pvabi_diag_free(&diags);
	return 0;
}

static int rev_of(const char *id)
{
	size_t i;

	for (i = 0; i < spec->nrevs; i++)
		if (!strcmp(spec->revs[i].id, id))
			return (int)i;
	return -1;
}

/* Which command ends each interface version's run, and how it carries
 * the reason. */
static void test_load(void)
{
	static const struct {
		const char *rev, *op;
		int how;
	} want[] = {
		{ "3.0.0", "sched_op_compat", PVABI_ENDS_DATA },
		{ "3.1.1", "sched_op", PVABI_ENDS_FIELD },
		{ "3.2.2", "sched_op", PVABI_ENDS_FIELD },
		{ "4.14.0", "sched_op", PVABI_ENDS_FIELD },
	};
	int64_t v[8];
	size_t i;
	int r, o, c;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		r = rev_of(want[i].rev);
		CU_ASSERT_FATAL(r >= 0);
		CU_ASSERT_FATAL(pvabi_runend_cmd(spec, r, &o, &c) == 0);
		CU_ASSERT_STRING_EQUAL(spec->ops[o].name, want[i].op);
		CU_ASSERT_STRING_EQUAL(spec->ops[o].cmds[c].name, "shutdown");
		CU_ASSERT_EQUAL(spec->ops[o].cmds[c].ends_run, want[i].how);
		CU_ASSERT_STRING_EQUAL(spec->enums[pvabi_runend_enum(spec, r)].name,
				       "shutdown_reason");
	}
	/* the reasons of 4.14.0: every value, all since 3.0.0, in order */
	r = rev_of("4.14.0");
	CU_ASSERT_EQUAL_FATAL(pvabi_runend_reasons(spec, pvabi_rev_code(&spec->revs[r]), v, 8), 6);
	for (i = 0; i < 6; i++)
		CU_ASSERT_EQUAL(v[i], (int64_t)i);
}

static int feed(const char *text)
{
	struct pvabi_xen_console c;

	pvabi_xen_console_init(&c, NULL, NULL, NULL);
	pvabi_xen_console_feed(&c, text, strlen(text));
	return c.reason;
}

/* Xen 4.17's words, as xen/common/shutdown.c prints them with the
 * serial line's carriage returns. */
static void test_lines(void)
{
	const char *l = "(XEN) Hardware Dom0 shutdown (unknown reason 2): rebooting machine in 5 "
			"seconds.\r\n";
	struct pvabi_xen_console c;

	CU_ASSERT_EQUAL(feed("(XEN) Hardware Dom0 halted: halting machine\r\n"), 0);
	CU_ASSERT_EQUAL(feed("(XEN) Hardware Dom0 shutdown: rebooting machine\r\n"), 1);
	CU_ASSERT_EQUAL(feed("(XEN) Hardware Dom0 shutdown (unknown reason 2): rebooting machine "
			     "in 5 seconds.\r\n"), 2);
	CU_ASSERT_EQUAL(feed("(XEN) Hardware Dom0 crashed: rebooting machine in 5 seconds.\r\n"), 3);
	CU_ASSERT_EQUAL(feed("(XEN) Hardware Dom0 shutdown: watchdog rebooting machine\r\n"), 4);
	CU_ASSERT_EQUAL(feed("(XEN) Hardware domain 0 did unsupported soft reset, rebooting.\r\n"), 5);
	CU_ASSERT_EQUAL(feed("(XEN) Hardware Dom0 shutdown (unknown reason 7): rebooting machine "
			     "in 5 seconds.\r\n"), 7);
	/* a reboot is not a watchdog's reboot: the run asking 4 is red */
	CU_ASSERT_NOT_EQUAL(feed("(XEN) Hardware Dom0 shutdown: rebooting machine\r\n"), 4);
	/* the guest printing the words is not Xen saying them; a panic is
	 * no shutdown of the domain; nor is another line of Xen's */
	CU_ASSERT_EQUAL(feed("Hardware Dom0 halted: halting machine\n"), -1);
	CU_ASSERT_EQUAL(feed("(XEN) Panic on CPU 0:\r\n(XEN) Hardware Dom0 crashed: \r\n"), -1);
	CU_ASSERT_EQUAL(feed("(XEN) Hardware Dom0 shutdown: rebooting\r\n"), -1);
	CU_ASSERT_EQUAL(feed("(XEN) Freed 656kB init memory\r\n"), -1);
	/* the five seconds before a reset hold nothing: stop at the line */
	pvabi_xen_console_init(&c, NULL, NULL, NULL);
	pvabi_xen_console_feed(&c, l, strlen(l));
	CU_ASSERT_TRUE(c.stop);
	CU_ASSERT_EQUAL(c.end, PVABI_XEN_RESET);
}

/* Each case of hwdom_shutdown() is the reason spec/xen.xml gives the
 * constant it switches on. */
static void test_lines_are_the_spec(void)
{
	const struct pvabi_enum *e = &spec->enums[pvabi_runend_enum(spec, rev_of("4.14.0"))];
	size_t i, j, found;

	for (i = 0; i < pvabi_xen_shutdown_nlines; i++) {
		for (j = 0, found = 0; j < e->nvalues; j++)
			if (e->values[j].c_name &&
			    !strcmp(e->values[j].c_name, pvabi_xen_shutdown_lines[i].c_name)) {
				CU_ASSERT_EQUAL(e->values[j].value, pvabi_xen_shutdown_lines[i].reason);
				found = 1;
			}
		CU_ASSERT(found);
	}
}

/* `pvabi run` of build/guest/xen/IMAGE on Xen xen with cmdline. */
static int run(const char *xen, const char *image, const char *cmdline)
{
	char prog[4096], img[4096];
	const char *argv[] = { prog, "run", img, "--engine", "xen", "--xen", xen, "--timeout",
			       "60", "--cmdline", cmdline, NULL };

	snprintf(prog, sizeof(prog), "%s", pvabi_test_path(pvabi_test_builddir(), "pvabi"));
	snprintf(img, sizeof(img), "%s/guest/xen/%s", pvabi_test_builddir(), image);
	return pvabi_test_run(argv, pvabi_test_out, sizeof(pvabi_test_out));
}

static int newest(char *path, size_t n, char *why, size_t wn)
{
	struct pvabi_xen_release r[PVABI_XEN_MAX_RELEASES];
	char dir[512] = "?";
	int k;

	if (pvabi_engine_xen.probe(why, wn))
		return -1;
	k = pvabi_xen_releases(r, PVABI_XEN_MAX_RELEASES);
	if (!k) {
		pvabi_xen_cache_dir(dir, sizeof(dir));
		snprintf(why, wn, "no Xen release cached in %s (ci/fetch-xen fetches Debian's)", dir);
		return -1;
	}
	snprintf(path, n, "%s", r[k - 1].path);
	return 0;
}

static void test_boot(void)
{
	char xen[4096], why[512], arg[32], line[96];
	int64_t v[8];
	size_t i, n = pvabi_runend_reasons(spec, 0x00040e00u, v, 8);

	if (newest(xen, sizeof(xen), why, sizeof(why)))
		PVABI_SKIP(why);
	for (i = 0; i < n; i++) {
		snprintf(arg, sizeof(arg), "end=%lld", (long long)v[i]);
		CU_ASSERT_EQUAL(run(xen, "4.14.0/suite.elf", arg), 0);
		snprintf(line, sizeof(line), "# end: platform recorded shutdown reason=%lld\n",
			 (long long)v[i]);
		CU_ASSERT_PTR_NOT_NULL(strstr(pvabi_test_out, line));
		CU_ASSERT_EQUAL(pvabi_test_lines("# run:", "as asked; the guest's status"), 1);
		if (!strstr(pvabi_test_out, line) || getenv("PVABI_TEST_VERBOSE"))
			printf("\n%s", pvabi_test_out);
	}
	/* the seed: every check passes, the run end alone is red */
	CU_ASSERT_EQUAL(run(xen, "seeded-end/suite.elf", "end=3"), EXIT_FAIL);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("# PASS:", "0 failed"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# run:", ": run end: the guest asked shutdown reason 3, "
					 "the platform recorded none; guest exit 0x20"), 1);
	/* a stop the guest did not announce: Xen records the triple fault
	 * as a reboot, and the run stays a crash */
	CU_ASSERT_EQUAL(run(xen, "crash.elf", "mode=triple"), EXIT_CRASH);
	CU_ASSERT_EQUAL(pvabi_test_lines("# end: platform recorded", "reason=1"), 1);
}

static const struct pvabi_test_case cases[] = {
	{ "command_per_revision", test_load },
	{ "xen_lines", test_lines },
	{ "xen_lines_are_the_spec", test_lines_are_the_spec },
	{ "boot_each_reason_seed_unannounced", test_boot },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "xen_runend", cases, setup, teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
