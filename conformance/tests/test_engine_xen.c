/* The xen engine: its console splitter and Xen build lookup without Xen,
 * then the hand-written PVH guest booted on every Xen release cached here
 * (ci/fetch-xen), its TAP passing with the values the release's name
 * implies; a wrong expectation failing; a compressed build given by path.
 * Boots skip, saying why, where QEMU or the cache is absent. */
#include "conformance/engine.h"
#include "conformance/xen_build.h"
#include "conformance/xen_console.h"
#include "tests/harness.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* XENVER_get_features submap 0 of a PVH first domain, measured on
 * Debian's 4.17.5 and 4.17.7 (the PV value is 0x228e0). */
#define PVH_FEATURES0 "0x12b05"

struct text {
	char buf[65536];
	size_t n;
};

static void collect(void *ctx, const char *s, size_t n)
{
	struct text *t = ctx;

	if (n > sizeof(t->buf) - 1 - t->n)
		n = sizeof(t->buf) - 1 - t->n;
	memcpy(t->buf + t->n, s, n);
	t->n += n;
	t->buf[t->n] = '\0';
}

struct two {
	struct text guest, xen;
};

static void to_guest(void *ctx, const char *s, size_t n)
{
	collect(&((struct two *)ctx)->guest, s, n);
}

static void to_xen(void *ctx, const char *s, size_t n)
{
	collect(&((struct two *)ctx)->xen, s, n);
}

static void feed_str(struct pvabi_xen_console *c, const char *s)
{
	pvabi_xen_console_feed(c, s, strlen(s));
}

static void test_console_split(void)
{
	static struct two t;
	struct pvabi_xen_console c;

	memset(&t, 0, sizeof(t));
	pvabi_xen_console_init(&c, to_guest, to_xen, &t);
	/* carriage returns dropped, a line split across reads kept whole */
	feed_str(&c, "(XEN) Xen version 4.17.7\r\nTAP vers");
	feed_str(&c, "ion 13\r\nok 1 - a\r\n(XEN) Freed 668kB\r\n");
	feed_str(&c, "# PASS: 1 passed");
	CU_ASSERT_STRING_EQUAL(t.guest.buf, "TAP version 13\nok 1 - a\n");
	pvabi_xen_console_flush(&c);
	CU_ASSERT_STRING_EQUAL(t.guest.buf, "TAP version 13\nok 1 - a\n# PASS: 1 passed");
	CU_ASSERT_STRING_EQUAL(t.xen.buf, "(XEN) Xen version 4.17.7\n(XEN) Freed 668kB\n");
	CU_ASSERT_EQUAL(c.end, PVABI_XEN_RUNNING);
	CU_ASSERT_FALSE(c.stop);
	CU_ASSERT_EQUAL(c.guest_bytes, strlen(t.guest.buf));
}

static void test_console_ends(void)
{
	struct pvabi_xen_console c;

	pvabi_xen_console_init(&c, NULL, NULL, NULL);
	feed_str(&c, "(XEN) ****************************************\r\n(XEN) Panic on CPU 0:\r\n");
	CU_ASSERT_EQUAL(c.end, PVABI_XEN_PANIC);
	CU_ASSERT_FALSE(c.stop); /* the reason comes first */
	feed_str(&c, "(XEN) Could not construct domain 0\r\n(XEN) ****\r\n");
	CU_ASSERT_STRING_EQUAL(c.why, "Xen panic: Could not construct domain 0");
	feed_str(&c, "(XEN) \r\n(XEN) Reboot in five seconds...\r\n");
	CU_ASSERT_TRUE(c.stop);
	CU_ASSERT_STRING_EQUAL(c.why, "Xen panic: Could not construct domain 0");

	pvabi_xen_console_init(&c, NULL, NULL, NULL);
	feed_str(&c, "(XEN) Hardware Dom0 crashed: rebooting machine in 5 seconds.\r\n");
	CU_ASSERT_EQUAL(c.end, PVABI_XEN_CRASHED);
	CU_ASSERT_TRUE(c.stop);
	pvabi_xen_console_init(&c, NULL, NULL, NULL);
	feed_str(&c, "(XEN) Hardware Dom0 halted: halting machine\r\n");
	CU_ASSERT_EQUAL(c.end, PVABI_XEN_HALTED);
	CU_ASSERT_TRUE(c.stop);
	/* a reset ends QEMU by itself (-no-reboot): nothing to stop */
	pvabi_xen_console_init(&c, NULL, NULL, NULL);
	feed_str(&c, "(XEN) Hardware Dom0 shutdown: rebooting machine\r\n");
	CU_ASSERT_EQUAL(c.end, PVABI_XEN_RESET);
	CU_ASSERT_FALSE(c.stop);
	CU_ASSERT_STRING_EQUAL(c.why, "the first domain reset the machine: Hardware Dom0 shutdown: rebooting machine");
	/* the guest printing the words is not Xen saying them */
	pvabi_xen_console_init(&c, NULL, NULL, NULL);
	feed_str(&c, "# Panic on CPU 0: Dom0 crashed, Dom0 halted\n");
	CU_ASSERT_EQUAL(c.end, PVABI_XEN_RUNNING);
	CU_ASSERT_FALSE(c.stop);
}

static char cache[] = "/tmp/pvabi-xen-cache.XXXXXX";

static void put(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", cache, rel);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

static void sub(const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", cache, rel);
	CU_ASSERT_EQUAL(mkdir(path, 0755), 0);
}

/* Version order, not name order; unfinished and incomplete entries are
 * not releases. */
static void test_releases(void)
{
	struct pvabi_xen_release r[PVABI_XEN_MAX_RELEASES];
	char path[512], why[256];
	const char *old = getenv("PVABI_XEN_CACHE");
	char *saved = old ? strdup(old) : NULL;
	int k;

	sub("4.17.10"), sub("4.17.7"), sub("4.9.1"), sub(".fetch.abc"), sub("4.18.0");
	put("4.17.10/xen", "\177ELF"), put("4.17.7/xen", "\177ELF"), put("4.9.1/xen", "\177ELF");
	put(".fetch.abc/xen", "\177ELF");
	setenv("PVABI_XEN_CACHE", cache, 1);
	unsetenv("PVABI_XEN");
	k = pvabi_xen_releases(r, PVABI_XEN_MAX_RELEASES);
	CU_ASSERT_EQUAL_FATAL(k, 3);
	CU_ASSERT_STRING_EQUAL(r[0].name, "4.9.1");
	CU_ASSERT_STRING_EQUAL(r[1].name, "4.17.7");
	CU_ASSERT_STRING_EQUAL(r[2].name, "4.17.10");
	CU_ASSERT_EQUAL(pvabi_xen_default(path, sizeof(path), why, sizeof(why)), 0);
	CU_ASSERT_STRING_EQUAL(path, r[2].path);
	setenv("PVABI_XEN", "/some/xen.gz", 1);
	CU_ASSERT_EQUAL(pvabi_xen_default(path, sizeof(path), why, sizeof(why)), 0);
	CU_ASSERT_STRING_EQUAL(path, "/some/xen.gz");
	unsetenv("PVABI_XEN");
	setenv("PVABI_XEN_CACHE", "/nonexistent/pvabi", 1);
	CU_ASSERT_EQUAL(pvabi_xen_default(path, sizeof(path), why, sizeof(why)), -ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "ci/fetch-xen"));
	if (saved)
		setenv("PVABI_XEN_CACHE", saved, 1);
	else
		unsetenv("PVABI_XEN_CACHE");
	free(saved);
}

static void test_open(void)
{
	char path[256], cmd[600], why[512] = "", got[64];
	int fd = -1;
	ssize_t n;

	put("plain.elf", "\177ELF and the rest");
	snprintf(cmd, sizeof(cmd), "gzip -c %s/plain.elf > %s/xen.gz", cache, cache);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/xen.gz", cache);
	CU_ASSERT_EQUAL_FATAL(pvabi_xen_open(path, &fd, why, sizeof(why)), 0);
	n = pread(fd, got, sizeof(got) - 1, 0);
	got[n > 0 ? n : 0] = '\0';
	CU_ASSERT_STRING_EQUAL(got, "\177ELF and the rest");
	CU_ASSERT_TRUE(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	put("bad.gz", "\037\213 not really gzip");
	snprintf(path, sizeof(path), "%s/bad.gz", cache);
	CU_ASSERT_EQUAL(pvabi_xen_open(path, &fd, why, sizeof(why)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "bad.gz"));
	put("text", "#!/bin/sh\n");
	snprintf(path, sizeof(path), "%s/text", cache);
	CU_ASSERT_EQUAL(pvabi_xen_open(path, &fd, why, sizeof(why)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "neither an ELF nor gzip"));
	snprintf(path, sizeof(path), "%s/missing", cache);
	CU_ASSERT_EQUAL(pvabi_xen_open(path, &fd, why, sizeof(why)), -ENOENT);
}

/* ---- booting a real Xen ------------------------------------------------ */

static int releases(struct pvabi_xen_release *r, char *why, size_t n)
{
	char dir[512] = "?";
	int k;

	if (pvabi_engine_xen.probe(why, n))
		return 0;
	k = pvabi_xen_releases(r, PVABI_XEN_MAX_RELEASES);
	if (!k) {
		pvabi_xen_cache_dir(dir, sizeof(dir));
		snprintf(why, n, "no Xen release cached in %s (ci/fetch-xen fetches Debian's)", dir);
	}
	return k;
}

/* "4.17.7" -> "version=0x40011 extraversion=.7 features0=..." */
static void expectations(const char *release, const char *extra, char *buf, size_t n)
{
	unsigned int major = 0, minor = 0;
	char patch[16] = "";

	CU_ASSERT_EQUAL(sscanf(release, "%u.%u.%15s", &major, &minor, patch), 3);
	snprintf(buf, n, "version=0x%x extraversion=.%s features0=%s%s", major << 16 | minor, patch,
		 PVH_FEATURES0, extra);
}

static int boot(const char *xen, const char *cmdline, struct two *t,
		struct pvabi_engine_result *res, uint32_t want_exit)
{
	struct pvabi_engine_cfg cfg;
	char image[4096];

	snprintf(image, sizeof(image), "%s/guest/xen/probe.elf", pvabi_test_builddir());
	memset(&cfg, 0, sizeof(cfg));
	memset(t, 0, sizeof(*t));
	cfg.image = image;
	cfg.cmdline = cmdline;
	cfg.timeout_ms = 60000;
	cfg.console = to_guest;
	cfg.hv_log = to_xen;
	cfg.ctx = t;
	cfg.hypervisor = xen;
	CU_ASSERT_EQUAL(pvabi_engine_xen.run(&cfg, res), 0);
	if (getenv("PVABI_TEST_VERBOSE") || res->outcome != PVABI_RUN_EXITED ||
	    res->exit_value != want_exit)
		printf("\n  %s: %s (%s) in %.0f ms\n%s", xen, pvabi_outcome_name(res->outcome),
		       res->reason, res->run_ms, t->guest.buf);
	return 0;
}

/* The TSC rate Xen's boot calibrated, in MHz; 0 if it said none. */
static double tsc_mhz(const char *log)
{
	const char *p = strstr(log, "(XEN) Detected ");
	double mhz = 0;

	if (!p || sscanf(p, "(XEN) Detected %lf MHz processor.", &mhz) != 1)
		return 0;
	return mhz;
}

/* Every cached release: the probe's 18 checks pass, the TAP holds no
 * line of Xen's, and Xen's log names the release. */
static void test_boot_each_release(void)
{
	static struct two t;
	struct pvabi_xen_release r[PVABI_XEN_MAX_RELEASES];
	struct pvabi_engine_result res;
	char why[512], cmd[256], want[512];
	int i, k = releases(r, why, sizeof(why));

	if (!k)
		PVABI_SKIP(why);
	for (i = 0; i < k; i++) {
		expectations(r[i].name, " note=a,b", cmd, sizeof(cmd));
		boot(r[i].path, cmd, &t, &res, 0x20);
		CU_ASSERT_EQUAL(res.outcome, PVABI_RUN_EXITED);
		CU_ASSERT_EQUAL(res.exit_value, 0x20);
		CU_ASSERT_PTR_NOT_NULL(strstr(t.guest.buf, "\n1..18\n# PASS: 18 passed, 0 failed, 0 skipped\n"));
		/* the command line reached the guest whole, commas too */
		snprintf(want, sizeof(want), "command line '%s'", cmd);
		CU_ASSERT_PTR_NOT_NULL(strstr(t.guest.buf, want));
		CU_ASSERT_PTR_NULL(strstr(t.guest.buf, "(XEN)"));
		CU_ASSERT_PTR_NULL(strchr(t.guest.buf, '\r'));
		snprintf(want, sizeof(want), "(XEN) Xen version %.31s ", r[i].name);
		CU_ASSERT_PTR_NOT_NULL(strstr(t.xen.buf, want));
		/* Guest time from instructions (the default): Xen calibrates
		 * the TSC against the HPET, both the instruction count's, so
		 * it finds QEMU's 1 GHz to the kHz on any host at any load
		 * (999.999 or 1000.000 as the shift rounds; on host time it
		 * finds the host's TSC, give or take the load) */
		CU_ASSERT_TRUE(tsc_mhz(t.xen.buf) > 999.998 && tsc_mhz(t.xen.buf) < 1000.002);
	}
}

/* A wrong expectation is a failing check and a FAIL exit: the probe's
 * checks can fail. */
static void test_boot_wrong_expectation(void)
{
	static struct two t;
	struct pvabi_xen_release r[PVABI_XEN_MAX_RELEASES];
	struct pvabi_engine_result res;
	char why[512];
	int k = releases(r, why, sizeof(why));

	if (!k)
		PVABI_SKIP(why);
	/* on host time, which the engine still offers (PVABI_XEN_ICOUNT) */
	setenv("PVABI_XEN_ICOUNT", "off", 1);
	boot(r[k - 1].path, "version=0x30002 extraversion=.99", &t, &res, 0x24);
	unsetenv("PVABI_XEN_ICOUNT");
	CU_ASSERT_EQUAL(res.outcome, PVABI_RUN_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0x24); /* PVABI_EXIT_BASE + PVABI_FAIL */
	CU_ASSERT_PTR_NOT_NULL(strstr(t.guest.buf, "not ok 3 - xen_version(version) 0x40011, expected 0x30002"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t.guest.buf, "not ok 5 - extraversion '"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t.guest.buf, "# FAIL: "));
}

/* The user's build given by path as Xen's build leaves it: xen.gz. */
static void test_boot_gz(void)
{
	static struct two t;
	struct pvabi_xen_release r[PVABI_XEN_MAX_RELEASES];
	struct pvabi_engine_result res;
	char why[512], gz[4200], cmd[8600];
	int k = releases(r, why, sizeof(why));

	if (!k)
		PVABI_SKIP(why);
	snprintf(gz, sizeof(gz), "%s/xen.gz", cache);
	snprintf(cmd, sizeof(cmd), "gzip -c '%s' > '%s'", r[0].path, gz);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	expectations(r[0].name, "", cmd, sizeof(cmd));
	boot(gz, cmd, &t, &res, 0x20);
	CU_ASSERT_EQUAL(res.outcome, PVABI_RUN_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0x20);
	CU_ASSERT_PTR_NOT_NULL(strstr(t.guest.buf, "# PASS: 18 passed"));
	unlink(gz);
}

/* PVABI_XEN_ICOUNT takes off or a shift of 0 to 10; anything else is
 * the harness's error, said before QEMU starts. */
static void test_icount_values(void)
{
	static const char *const bad[] = { "", "11", "-1", "5x", "shift=5", "99999999999999999999" };
	struct pvabi_engine_cfg cfg;
	struct pvabi_engine_result res;
	size_t i;

	memset(&cfg, 0, sizeof(cfg));
	cfg.image = "/nonexistent/image.elf";
	cfg.hypervisor = "/nonexistent/xen";
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("PVABI_XEN_ICOUNT", bad[i], 1);
		CU_ASSERT_EQUAL(pvabi_engine_xen.run(&cfg, &res), 0);
		CU_ASSERT_EQUAL(res.outcome, PVABI_RUN_HARNESS_ERROR);
		CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "want off or a shift of 0 to 10"));
	}
	/* a good value goes on to open Xen, which is missing here */
	setenv("PVABI_XEN_ICOUNT", "10", 1);
	CU_ASSERT_EQUAL(pvabi_engine_xen.run(&cfg, &res), 0);
	CU_ASSERT_PTR_NULL(strstr(res.reason, "PVABI_XEN_ICOUNT"));
	unsetenv("PVABI_XEN_ICOUNT");
}

/* Not the reference platform's engine: auto's table says why. */
static void test_flag(void)
{
	CU_ASSERT_TRUE(pvabi_engine_xen.real_hypervisor);
	CU_ASSERT_FALSE(pvabi_engine_qemu_tcg.real_hypervisor);
	CU_ASSERT_PTR_EQUAL(pvabi_engine_find("xen"), &pvabi_engine_xen);
}

static int init(void)
{
	unsetenv("PVABI_XEN_ICOUNT"); /* the engine's default is what is tested */
	return mkdtemp(cache) ? 0 : -1;
}

static int cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", cache);
	return system(cmd);
}

static const struct pvabi_test_case cases[] = {
	{ "console_split", test_console_split },
	{ "console_ends", test_console_ends },
	{ "releases", test_releases },
	{ "open", test_open },
	{ "flag", test_flag },
	{ "icount_values", test_icount_values },
	{ "boot_each_release", test_boot_each_release },
	{ "boot_wrong_expectation", test_boot_wrong_expectation },
	{ "boot_gz", test_boot_gz },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "engine_xen", cases, init, cleanup },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
