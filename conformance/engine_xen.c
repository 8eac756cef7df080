/* The xen engine: QEMU (TCG: this host's KVM cannot run Xen) boots a real
 * Xen with the guest image as its first domain, PVH. Xen owns the serial
 * port; the guest prints through console_io and ends through
 * isa-debug-exit, which a PVH first domain may write. The guest's calls
 * go to Xen, not to this process: no doorbell is served.
 *
 * Xen and the image reach QEMU as inherited fds (/proc/self/fd/N), so a
 * path needs no quoting and a compressed Xen is inflated into a memfd:
 * a run creates no file. QEMU dies with the runner (PR_SET_PDEATHSIG), is
 * killed on timeout, and at once when Xen's console says the run is over
 * without QEMU ending (a panic or a crashed first domain would otherwise
 * wait five seconds and reset, a halted one forever). */
#include "conformance/engine.h"
#include "conformance/qemu_bin.h"
#include "conformance/xen_build.h"
#include "conformance/xen_console.h"
#include "platform/vmm/vmm.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Measured working set (docs/engines.md): 512 MiB for Xen, 64 MiB of it
 * for the first domain. */
#define XEN_CMDLINE "console=com1 com1=115200,8n1 dom0=pvh dom0-iommu=none dom0_mem=64M"
/* An image that asks for vCPU 1 (its note, guest/rt/smp.h) gets a first
 * domain of two vCPUs on QEMU's one CPU: Xen schedules both there, and
 * the guest starts the second with INIT and SIPI. */
#define XEN_CMDLINE_2 XEN_CMDLINE " dom0_max_vcpus=2"
#define EXIT_BASE 0x20u /* guest/rt/status.h */
/* Xen copies its first domain's command line into MAX_GUEST_CMDLINE
 * (1024) bytes and cuts the rest silently: a longer one is refused. */
#define XEN_MAX_CMDLINE 1023u
/* Guest time from instructions, not from the host's clock
 * (docs/engines.md, "Xen's time"): QEMU's -icount with sleep=off makes
 * every clock Xen and its guest read (TSC, HPET, the local APIC timer)
 * advance 2^shift ns per instruction executed and jump to the next timer
 * when the CPU halts, so a host that takes the CPU from QEMU stretches
 * no window the guest judges. PVABI_XEN_ICOUNT=off restores host time,
 * a number picks another shift. */
#define XEN_ICOUNT_SHIFT 4u
#define XEN_ICOUNT_MAX_SHIFT 10u

struct xrun {
	const struct pvabi_engine_cfg *cfg;
	struct pvabi_engine_result *res;
	int xenfd, imgfd, con[2], err[2];
	char errbuf[512];
	size_t errlen;
	pid_t pid, parent;
	int status;
	unsigned int vcpus; /* the first domain's */
	char icount[32];    /* -icount's value; empty: host time */
	struct pvabi_xen_console xc;
};

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* QEMU, and a Xen build to boot without being told which: PVABI_XEN or
 * a cached release (a run may still name another, cfg->hypervisor). */
static int probe(char *why, size_t n)
{
	char path[4096];

	if (pvabi_qemu_probe(why, n))
		return -1;
	return pvabi_xen_default(path, sizeof(path), why, n) ? -1 : 0;
}

static void xrun_close(struct xrun *x)
{
	int *fds[] = { &x->xenfd, &x->imgfd, &x->con[0], &x->con[1], &x->err[0], &x->err[1] };
	size_t i;

	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (*fds[i] >= 0) {
			close(*fds[i]);
			*fds[i] = -1;
		}
}

/* QEMU's multiboot module list splits at commas; ",," is a literal one. */
static char *initrd_arg(int imgfd, const char *cmdline)
{
	size_t len = cmdline ? strlen(cmdline) : 0, i, k;
	char *s = malloc(64 + 2 * len);

	if (!s)
		return NULL;
	k = (size_t)sprintf(s, "/proc/self/fd/%d", imgfd);
	if (len)
		s[k++] = ' ';
	for (i = 0; i < len; i++) {
		s[k++] = cmdline[i];
		if (cmdline[i] == ',')
			s[k++] = ',';
	}
	s[k] = '\0';
	return s;
}

static void child_exec(struct xrun *x, const char *initrd)
{
	char con[64], kernel[32];
	const char *argv[] = {
		pvabi_qemu_bin(), "-accel", "tcg", "-cpu", "max", "-m", "512", "-smp", "1",
		"-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
		"-chardev", con, "-serial", "chardev:con",
		"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
		"-kernel", kernel, "-append", x->vcpus > 1 ? XEN_CMDLINE_2 : XEN_CMDLINE,
		"-initrd", initrd, "-icount", x->icount, NULL,
	};
	int devnull;

	if (!x->icount[0])
		argv[sizeof(argv) / sizeof(argv[0]) - 3] = NULL;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != x->parent)
		_exit(127);
	fcntl(x->xenfd, F_SETFD, 0);
	fcntl(x->imgfd, F_SETFD, 0);
	fcntl(x->con[1], F_SETFD, 0);
	devnull = open("/dev/null", O_RDONLY);
	if (dup2(x->err[1], 2) < 0 || devnull < 0 || dup2(devnull, 0) < 0)
		_exit(127);
	snprintf(con, sizeof(con), "socket,id=con,fd=%d", x->con[1]);
	snprintf(kernel, sizeof(kernel), "/proc/self/fd/%d", x->xenfd);
	execvp(argv[0], (char *const *)argv);
	dprintf(2, "%s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static int drain_stderr(struct xrun *x)
{
	char buf[512];
	ssize_t n = read(x->err[0], buf, sizeof(buf));
	size_t room = sizeof(x->errbuf) - 1 - x->errlen;

	if (n <= 0)
		return -1;
	if ((size_t)n < room)
		room = (size_t)n;
	memcpy(x->errbuf + x->errlen, buf, room);
	x->errlen += room;
	x->errbuf[x->errlen] = '\0';
	return 0;
}

/* Console until QEMU closes it, Xen says the run is over (2) or time
 * runs out (1); 0 when QEMU ended, -1 when poll failed. */
static int serve(struct xrun *x, double deadline)
{
	struct pollfd p[2] = { { x->con[0], POLLIN, 0 }, { x->err[0], POLLIN, 0 } };
	char buf[4096];

	while (p[0].fd >= 0) {
		double left = deadline - now_ms();
		ssize_t n;
		int rc;

		if (left <= 0)
			return 1;
		rc = poll(p, 2, (int)(left + 1));
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -1;
		if (p[0].revents) {
			n = read(x->con[0], buf, sizeof(buf));
			if (n > 0)
				pvabi_xen_console_feed(&x->xc, buf, (size_t)n);
			else
				p[0].fd = -1;
			if (x->xc.stop)
				return 2;
		}
		if (p[1].revents && drain_stderr(x) < 0)
			p[1].fd = -1;
	}
	return 0;
}

static void classify_exit(struct xrun *x)
{
	struct pvabi_engine_result *r = x->res;
	int code = WEXITSTATUS(x->status);

	if ((code & 1) && (unsigned int)(code >> 1) >= EXIT_BASE &&
	    (unsigned int)(code >> 1) < EXIT_BASE + 16) {
		r->outcome = PVABI_RUN_EXITED;
		r->exit_value = (uint32_t)(code >> 1);
		snprintf(r->reason, sizeof(r->reason), "guest exit 0x%x", r->exit_value);
	} else if (code == 0) {
		/* -no-reboot: Xen reset the machine (the first domain asked
		 * for a reboot, or Xen restarted) */
		r->outcome = PVABI_RUN_SHUTDOWN;
		snprintf(r->reason, sizeof(r->reason), "Xen reset the machine without a result");
	} else if ((code & 1) && !x->errlen && x->xc.guest_bytes) {
		r->outcome = PVABI_RUN_EXITED;
		r->exit_value = (uint32_t)(code >> 1);
		snprintf(r->reason, sizeof(r->reason), "guest exit 0x%x (qemu exit %d)",
			 r->exit_value, code);
	} else if (code == 127) {
		r->outcome = PVABI_RUN_UNAVAILABLE;
		snprintf(r->reason, sizeof(r->reason), "cannot execute %.200s", x->errbuf);
	} else {
		r->outcome = PVABI_RUN_HARNESS_ERROR;
		snprintf(r->reason, sizeof(r->reason), "qemu failed (exit %d): %.200s", code,
			 x->errlen ? x->errbuf : "no message");
	}
}

/* Xen's own word first: a panic, a crashed or a halted first domain say
 * more than the reset or the kill that followed them. */
static void classify(struct xrun *x, int how)
{
	struct pvabi_engine_result *r = x->res;
	static const enum pvabi_outcome by_end[] = {
		[PVABI_XEN_PANIC] = PVABI_RUN_INTERNAL_ERROR,
		[PVABI_XEN_CRASHED] = PVABI_RUN_SHUTDOWN,
		[PVABI_XEN_HALTED] = PVABI_RUN_HALTED,
		[PVABI_XEN_RESET] = PVABI_RUN_SHUTDOWN,
	};

	if (x->xc.end != PVABI_XEN_RUNNING) {
		r->outcome = by_end[x->xc.end];
		snprintf(r->reason, sizeof(r->reason), "%s", x->xc.why);
		/* Xen named the reason it stopped the first domain for:
		 * however it stopped the machine (halted, reset), the guest
		 * was stopped at a shutdown, which the runner judges
		 * (conformance/runcell.c) */
		if (x->xc.reason >= 0) {
			r->outcome = PVABI_RUN_SHUTDOWN;
			r->hv_shutdown = x->xc.reason + 1;
		}
	} else if (how == 1) {
		r->outcome = PVABI_RUN_TIMEOUT;
		snprintf(r->reason, sizeof(r->reason), "no result within %u ms", x->cfg->timeout_ms);
	} else if (how < 0) {
		r->outcome = PVABI_RUN_HARNESS_ERROR;
		snprintf(r->reason, sizeof(r->reason), "poll: %s", strerror(errno));
	} else if (!WIFEXITED(x->status)) {
		r->outcome = PVABI_RUN_INTERNAL_ERROR;
		snprintf(r->reason, sizeof(r->reason), "qemu killed by signal %d: %.200s",
			 WIFSIGNALED(x->status) ? WTERMSIG(x->status) : 0,
			 x->errlen ? x->errbuf : "no message");
	} else {
		classify_exit(x);
	}
	r->reason[strcspn(r->reason, "\n")] = '\0';
}

static void fail(struct pvabi_engine_result *r, enum pvabi_outcome o, const char *why)
{
	r->outcome = o;
	snprintf(r->reason, sizeof(r->reason), "%s", why);
}

/* -icount's value from PVABI_XEN_ICOUNT (unset: the default shift; off:
 * none); 0, or -1 with why for a value that is neither. */
static int icount_arg(struct xrun *x, char *why, size_t n)
{
	const char *env = getenv("PVABI_XEN_ICOUNT");
	unsigned long shift = XEN_ICOUNT_SHIFT;
	char *end;

	if (env && !strcmp(env, "off")) {
		x->icount[0] = '\0';
		return 0;
	}
	if (env) {
		errno = 0;
		shift = strtoul(env, &end, 10);
		if (!*env || *end || errno || shift > XEN_ICOUNT_MAX_SHIFT) {
			snprintf(why, n, "PVABI_XEN_ICOUNT=%.40s: want off or a shift of 0 to %u",
				 env, XEN_ICOUNT_MAX_SHIFT);
			return -1;
		}
	}
	snprintf(x->icount, sizeof(x->icount), "shift=%lu,sleep=off", shift);
	return 0;
}

/* Xen and the image as fds, the console and stderr as a socketpair and a
 * pipe; 0, or the result filled with why. */
static int setup(struct xrun *x)
{
	const struct pvabi_engine_cfg *cfg = x->cfg;
	char path[4096], why[sizeof(x->res->reason)] = "";

	if (cfg->cmdline && strlen(cfg->cmdline) > XEN_MAX_CMDLINE) {
		snprintf(why, sizeof(why), "guest command line is %zu bytes; Xen passes at most %u "
			 "to its first domain", strlen(cfg->cmdline), XEN_MAX_CMDLINE);
		fail(x->res, PVABI_RUN_IMAGE_INVALID, why);
		return -1;
	}
	if (icount_arg(x, why, sizeof(why))) {
		fail(x->res, PVABI_RUN_HARNESS_ERROR, why);
		return -1;
	}
	if (!cfg->hypervisor && pvabi_xen_default(path, sizeof(path), why, sizeof(why))) {
		fail(x->res, PVABI_RUN_UNAVAILABLE, why);
		return -1;
	}
	if (pvabi_xen_open(cfg->hypervisor ? cfg->hypervisor : path, &x->xenfd, why, sizeof(why))) {
		fail(x->res, PVABI_RUN_HARNESS_ERROR, why);
		return -1;
	}
	/* what the caller says, else what the image asks for (its note) */
	x->vcpus = cfg->vcpus ? cfg->vcpus : pvabi_vm_image_vcpus(cfg->image);
	x->imgfd = open(cfg->image, O_RDONLY | O_CLOEXEC);
	if (x->imgfd < 0) {
		snprintf(why, sizeof(why), "%.200s: %s", cfg->image, strerror(errno));
		fail(x->res, PVABI_RUN_IMAGE_INVALID, why);
		return -1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, x->con) || pipe2(x->err, O_CLOEXEC)) {
		snprintf(why, sizeof(why), "setup: %s", strerror(errno));
		fail(x->res, PVABI_RUN_HARNESS_ERROR, why);
		return -1;
	}
	return 0;
}

static int run(const struct pvabi_engine_cfg *cfg, struct pvabi_engine_result *res)
{
	struct xrun x = { .cfg = cfg, .res = res, .xenfd = -1, .imgfd = -1,
			  .con = { -1, -1 }, .err = { -1, -1 }, .pid = -1 };
	double t0 = now_ms();
	char *initrd = NULL;
	int how;

	memset(res, 0, sizeof(*res));
	pvabi_xen_console_init(&x.xc, cfg->console, cfg->hv_log, cfg->ctx);
	if (setup(&x) || !(initrd = initrd_arg(x.imgfd, cfg->cmdline))) {
		if (!initrd && res->outcome == PVABI_RUN_EXITED)
			fail(res, PVABI_RUN_HARNESS_ERROR, "out of memory");
		xrun_close(&x);
		return 0;
	}
	x.parent = getpid();
	x.pid = fork();
	if (x.pid == 0)
		child_exec(&x, initrd);
	free(initrd);
	close(x.con[1]);
	close(x.err[1]);
	x.con[1] = x.err[1] = -1;
	if (x.pid < 0) {
		fail(res, PVABI_RUN_HARNESS_ERROR, "fork failed");
		xrun_close(&x);
		return -errno;
	}
	how = serve(&x, t0 + (cfg->timeout_ms ? cfg->timeout_ms : 10000));
	if (how != 0)
		kill(x.pid, SIGKILL);
	while (waitpid(x.pid, &x.status, 0) < 0 && errno == EINTR)
		;
	while (x.err[0] >= 0 && drain_stderr(&x) == 0)
		;
	pvabi_xen_console_flush(&x.xc);
	res->run_ms = now_ms() - t0;
	classify(&x, how);
	xrun_close(&x);
	return 0;
}

const struct pvabi_engine pvabi_engine_xen = { "xen", probe, run, 1, 0 };
