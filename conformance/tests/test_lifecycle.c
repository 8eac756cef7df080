/* Nothing left behind: on a timeout, a guest crash, a failing emulator
 * or a runner killed with SIGKILL, no process, open fd, socket, memory
 * mapping, shared-memory object or temp file survives the run.
 *
 * Before and after each scenario: this process's fds (/proc/self/fd, so
 * sockets, memfds and /dev/kvm fds alike) and guest-RAM mappings
 * (/proc/self/maps); processes that are our children or whose command
 * line carries the run's unique tag (tag=... on the guest command line,
 * which QEMU's argv shows); entries of /dev/shm and /tmp whose name says
 * qemu or pvabi-guest (the engines' own names; other users of this
 * machine, other pvabi tests included, create files there at the same
 * time). Emulators run with TMPDIR set to a private directory that must
 * be empty afterwards: that is where a temp file would appear. The xen
 * engine runs the same scenarios with a real Xen between QEMU and the
 * guest (a PVH build of the crash guest), where a Xen build is cached. */
#include "conformance/engine.h"
#include "conformance/xen_build.h"
#include "tests/harness.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_NAMES 4096

struct snapshot {
	char fds[4096];   /* "fd=target;" ... */
	unsigned int maps; /* mappings of guest RAM */
	unsigned int nshm, ntmp;
	char *shm[MAX_NAMES], *tmp[MAX_NAMES];
};

static char private_tmp[] = "/tmp/pvabi-lifecycle.XXXXXX";
static char script_fail[sizeof(private_tmp) + 16], script_hang[sizeof(private_tmp) + 16];
static unsigned int run_no;

static void fd_list(char *buf, size_t n)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	size_t len = 0;

	buf[0] = '\0';
	if (!d)
		return;
	while ((de = readdir(d)) && len < n) {
		char p[300], target[256];
		ssize_t k;

		if (de->d_name[0] == '.' || atoi(de->d_name) == dirfd(d))
			continue;
		snprintf(p, sizeof(p), "/proc/self/fd/%s", de->d_name);
		k = readlink(p, target, sizeof(target) - 1);
		target[k > 0 ? k : 0] = '\0';
		len += (size_t)snprintf(buf + len, n - len, "%s=%s;", de->d_name, target);
	}
	closedir(d);
}

static unsigned int ram_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	unsigned int n = 0;

	while (f && fgets(line, sizeof(line), f))
		n += strstr(line, "memfd:") != NULL;
	if (f)
		fclose(f);
	return n;
}

static unsigned int names(const char *dir, char **out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned int n = 0;

	while (d && (de = readdir(d)) && n < MAX_NAMES) {
		if (de->d_name[0] == '.' && (!de->d_name[1] || !strcmp(de->d_name, "..")))
			continue;
		if (!strstr(de->d_name, "pvabi-guest") && !strstr(de->d_name, "qemu"))
			continue;
		out[n++] = strdup(de->d_name);
	}
	if (d)
		closedir(d);
	return n;
}

static void snap(struct snapshot *s)
{
	fd_list(s->fds, sizeof(s->fds));
	s->maps = ram_maps();
	s->nshm = names("/dev/shm", s->shm);
	s->ntmp = names("/tmp", s->tmp);
}

static void snap_free(struct snapshot *s)
{
	unsigned int i;

	for (i = 0; i < s->nshm; i++)
		free(s->shm[i]);
	for (i = 0; i < s->ntmp; i++)
		free(s->tmp[i]);
}

/* Names in @after that @before lacks, printed; their number. */
static unsigned int new_names(char **before, unsigned int nb, char **after, unsigned int na,
			      const char *dir)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < na; i++) {
		for (j = 0; j < nb && strcmp(after[i], before[j]); j++)
			;
		if (j == nb) {
			printf("\n  left behind: %s/%s", dir, after[i]);
			n++;
		}
	}
	return n;
}

/* Our children, and any process whose command line carries @tag. */
static unsigned int processes(const char *tag, int children, int verbose)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	unsigned int n = 0;

	while (d && (de = readdir(d))) {
		char p[300], buf[4096];
		int pid = atoi(de->d_name), ppid = 0;
		size_t k, i;
		FILE *f;

		if (pid <= 0 || pid == getpid())
			continue;
		snprintf(p, sizeof(p), "/proc/%d/stat", pid);
		if ((f = fopen(p, "r"))) {
			if (fscanf(f, "%*d (%*[^)]) %*c %d", &ppid) != 1)
				ppid = 0;
			fclose(f);
		}
		snprintf(p, sizeof(p), "/proc/%d/cmdline", pid);
		k = 0;
		if ((f = fopen(p, "r"))) {
			k = fread(buf, 1, sizeof(buf) - 1, f);
			fclose(f);
		}
		for (i = 0; i < k; i++)
			buf[i] = buf[i] ? buf[i] : ' ';
		buf[k] = '\0';
		if ((children && ppid == getpid()) || (tag && strstr(buf, tag))) {
			if (verbose)
				printf("\n  left behind: process %d (%.120s)", pid, buf);
			n++;
		}
	}
	if (d)
		closedir(d);
	return n;
}

/* A killed QEMU may take a moment to be reaped by init: wait up to 3 s. */
static unsigned int processes_settled(const char *tag)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int i;

	for (i = 0; i < 150; i++) {
		if (!processes(tag, 1, 0))
			return 0;
		nanosleep(&ts, NULL);
	}
	return processes(tag, 1, 1);
}

/* Everything compared with @before; CUnit failures name what was left. */
static void check_nothing_left(struct snapshot *before, const char *tag, const char *what)
{
	struct snapshot after;
	unsigned int procs = processes_settled(tag), shm, tmp;
	DIR *d;
	struct dirent *de;
	int private_entries = 0;

	snap(&after);
	shm = new_names(before->shm, before->nshm, after.shm, after.nshm, "/dev/shm");
	tmp = new_names(before->tmp, before->ntmp, after.tmp, after.ntmp, "/tmp");
	if ((d = opendir(private_tmp))) {
		while ((de = readdir(d)))
			private_entries += de->d_name[0] != '.' && strncmp(de->d_name, "script-", 7);
		closedir(d);
	}
	if (procs || shm || tmp || private_entries || strcmp(before->fds, after.fds) ||
	    before->maps != after.maps)
		printf("\n  %s: %u processes, %u shm, %u tmp, %d in TMPDIR, fds %s -> %s, maps %u -> %u\n",
		       what, procs, shm, tmp, private_entries, before->fds, after.fds, before->maps,
		       after.maps);
	CU_ASSERT_EQUAL(procs, 0);
	CU_ASSERT_EQUAL(shm, 0);
	CU_ASSERT_EQUAL(tmp, 0);
	CU_ASSERT_EQUAL(private_entries, 0);
	CU_ASSERT_STRING_EQUAL(after.fds, before->fds);
	CU_ASSERT_EQUAL(after.maps, before->maps);
	snap_free(&after);
}

/* The crash guest for @e: under Xen, its PVH build (guest/xen/crash.elf);
 * the multiboot build there is an image Xen refuses, with a panic. */
static const char *xen_image = "guest/xen/crash.elf";

static void crash_image(const struct pvabi_engine *e, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", pvabi_test_builddir(),
		 e->real_hypervisor ? xen_image : "guest/tests/crash.elf");
}

/* Runs the crash image in @mode on @e; the outcome must be one of @ok
 * (terminated by -1) and nothing may be left. */
static void scenario(const struct pvabi_engine *e, const char *mode, unsigned int timeout_ms,
		     const int *ok)
{
	struct pvabi_engine_result res;
	struct pvabi_engine_cfg cfg;
	struct snapshot before;
	char image[4096], cmdline[128], tag[64];
	int i, matched = 0;

	crash_image(e, image, sizeof(image));
	snprintf(tag, sizeof(tag), "tag=lifecycle-%d-%u", (int)getpid(), ++run_no);
	snprintf(cmdline, sizeof(cmdline), "mode=%s %s", mode, tag);
	memset(&cfg, 0, sizeof(cfg));
	cfg.image = image;
	cfg.cmdline = cmdline;
	cfg.timeout_ms = timeout_ms;
	cfg.doorbell_port = 0x2f8;
	snap(&before);
	CU_ASSERT_EQUAL(e->run(&cfg, &res), 0);
	for (i = 0; ok[i] >= 0; i++)
		matched |= (int)res.outcome == ok[i];
	if (!matched || getenv("PVABI_TEST_VERBOSE"))
		printf("\n  %s mode=%s: %s (%s)", e->name, mode, pvabi_outcome_name(res.outcome),
		       res.reason);
	CU_ASSERT_TRUE(matched);
	check_nothing_left(&before, tag, mode);
	snap_free(&before);
}

static const int timeout_only[] = { PVABI_RUN_TIMEOUT, -1 };
static const int exited[] = { PVABI_RUN_EXITED, -1 };
static const int shutdown[] = { PVABI_RUN_SHUTDOWN, -1 };
/* A QEMU that fails before any guest ran is the harness's fault, never
 * a guest crash. */
static const int qemu_failed[] = { PVABI_RUN_HARNESS_ERROR, -1 };
/* Under a software KVM, QEMU may not run a faulting guest to its end
 * ("emulation failure"), or hang in it: any of these, and nothing left. */
static const int any_end[] = { PVABI_RUN_EXITED, PVABI_RUN_SHUTDOWN, PVABI_RUN_INTERNAL_ERROR,
			       PVABI_RUN_TIMEOUT, -1 };

#define NEED(e)                                                                \
	do {                                                                   \
		char w_[256];                                                  \
		if ((e)->probe(w_, sizeof(w_)))                                \
			PVABI_SKIP(w_);                                        \
	} while (0)

/* The runner (a child running the engine) is killed with SIGKILL once the
 * guest runs; QEMU must die with it. */
static void killed_runner(const struct pvabi_engine *e)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	struct snapshot before;
	char image[4096], cmdline[128], tag[64];
	unsigned int seen = 0;
	int i, status;
	pid_t pid;

	crash_image(e, image, sizeof(image));
	snprintf(tag, sizeof(tag), "tag=lifecycle-%d-%u", (int)getpid(), ++run_no);
	snprintf(cmdline, sizeof(cmdline), "mode=spin %s", tag);
	snap(&before);
	fflush(NULL);
	pid = fork();
	CU_ASSERT_TRUE_FATAL(pid >= 0);
	if (pid == 0) {
		struct pvabi_engine_cfg cfg = { .image = image, .cmdline = cmdline,
						.timeout_ms = 60000 };
		struct pvabi_engine_result res;

		e->run(&cfg, &res);
		_exit(0);
	}
	/* QEMU shows the tag once it runs; the kvm engine's guest is in
	 * the child itself, booted within milliseconds */
	for (i = 0; i < 250 && strcmp(e->name, "kvm") && !(seen = processes(tag, 0, 0)); i++)
		nanosleep(&ts, NULL);
	/* the scan that must come back empty afterwards did see the guest */
	if (strcmp(e->name, "kvm"))
		CU_ASSERT_EQUAL(seen, 1);
	nanosleep(&ts, NULL);
	CU_ASSERT_EQUAL(kill(pid, SIGKILL), 0);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	CU_ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	check_nothing_left(&before, tag, "runner killed");
	snap_free(&before);
}

/* PVABI_QEMU names something that is not a working QEMU. */
static void failing_qemu(const char *path, unsigned int timeout_ms, const int *ok)
{
	setenv("PVABI_QEMU", path, 1);
	scenario(&pvabi_engine_qemu_tcg, "spin", timeout_ms, ok);
	unsetenv("PVABI_QEMU");
}

static void test_tcg_timeout(void)
{
	NEED(&pvabi_engine_qemu_tcg);
	scenario(&pvabi_engine_qemu_tcg, "spin", 1000, timeout_only);
	scenario(&pvabi_engine_qemu_tcg, "ring", 1000, timeout_only);
}

static void test_tcg_crash(void)
{
	NEED(&pvabi_engine_qemu_tcg);
	scenario(&pvabi_engine_qemu_tcg, "ud2", 10000, exited);
	scenario(&pvabi_engine_qemu_tcg, "triple", 10000, shutdown);
}

static void test_tcg_qemu_fails(void)
{
	failing_qemu("/bin/false", 10000, qemu_failed);
	failing_qemu(script_fail, 10000, qemu_failed);
	failing_qemu(script_hang, 800, timeout_only);
}

static void test_tcg_killed(void)
{
	NEED(&pvabi_engine_qemu_tcg);
	killed_runner(&pvabi_engine_qemu_tcg);
}

static void test_qemu_kvm(void)
{
	NEED(&pvabi_engine_qemu_kvm);
	scenario(&pvabi_engine_qemu_kvm, "spin", 1500, timeout_only);
	scenario(&pvabi_engine_qemu_kvm, "ud2", 3000, any_end);
	killed_runner(&pvabi_engine_qemu_kvm);
}

static void test_kvm(void)
{
	static const int halted[] = { PVABI_RUN_HALTED, -1 };

	NEED(&pvabi_engine_kvm);
	scenario(&pvabi_engine_kvm, "spin", 1000, timeout_only);
	scenario(&pvabi_engine_kvm, "ring", 1000, timeout_only);
	scenario(&pvabi_engine_kvm, "ud2", 10000, exited);
	scenario(&pvabi_engine_kvm, "triple", 10000, shutdown);
	scenario(&pvabi_engine_kvm, "hlt", 10000, halted);
	killed_runner(&pvabi_engine_kvm);
}

/* Xen under QEMU: a spinning first domain is a TIMEOUT with QEMU killed;
 * one that triple-faults makes Xen say "Dom0 crashed" and the run ends
 * there, not after Xen's five-second reset; an image Xen refuses is a
 * Xen panic (INTERNAL_ERROR, a CRASH for pvabi run), also ended at once;
 * a runner killed mid-boot takes QEMU with it. A boot takes 1.2-2.6 s
 * here, so the timeouts leave room for it. */
static void test_xen(void)
{
	static const int internal[] = { PVABI_RUN_INTERNAL_ERROR, -1 };
	struct pvabi_xen_release r[PVABI_XEN_MAX_RELEASES];
	char dir[512] = "?", why[600];

	NEED(&pvabi_engine_xen);
	if (!pvabi_xen_releases(r, PVABI_XEN_MAX_RELEASES)) {
		pvabi_xen_cache_dir(dir, sizeof(dir));
		snprintf(why, sizeof(why), "no Xen release cached in %s (ci/fetch-xen)", dir);
		PVABI_SKIP(why);
	}
	scenario(&pvabi_engine_xen, "spin", 8000, timeout_only);
	scenario(&pvabi_engine_xen, "triple", 30000, shutdown);
	xen_image = "guest/tests/crash.elf";
	scenario(&pvabi_engine_xen, "spin", 30000, internal);
	xen_image = "guest/xen/crash.elf";
	killed_runner(&pvabi_engine_xen);
}

static int write_script(char *path, size_t n, const char *name, const char *body)
{
	FILE *f;

	snprintf(path, n, "%s/%s", private_tmp, name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "#!/bin/sh\n%s\n", body);
	return fclose(f) || chmod(path, 0755) ? -1 : 0;
}

static int init(void)
{
	if (!mkdtemp(private_tmp))
		return -1;
	setenv("TMPDIR", private_tmp, 1);
	if (write_script(script_fail, sizeof(script_fail), "script-fail",
			 "echo 'qemu: cannot do that' >&2; exit 1") ||
	    write_script(script_hang, sizeof(script_hang), "script-hang", "exec sleep 60"))
		return -1;
	return 0;
}

static int cleanup(void)
{
	unlink(script_fail);
	unlink(script_hang);
	return rmdir(private_tmp);
}

static const struct pvabi_test_case cases[] = {
	{ "qemu_tcg_timeout", test_tcg_timeout },
	{ "qemu_tcg_guest_crash", test_tcg_crash },
	{ "qemu_tcg_qemu_fails", test_tcg_qemu_fails },
	{ "qemu_tcg_runner_killed", test_tcg_killed },
	{ "qemu_kvm", test_qemu_kvm },
	{ "kvm", test_kvm },
	{ "xen", test_xen },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "lifecycle", cases, init, cleanup },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
