/* The qemu-tcg and qemu-kvm engines: QEMU's microvm runs the guest, the
 * platform stays in this process. Guest RAM is a memfd both map; the
 * console (a pipe) and the doorbell (a socketpair) are fds QEMU inherits, so
 * a run creates no file, socket path or shared-memory name: when either
 * side dies the other sees EOF, and the kernel frees everything. QEMU is
 * killed with the runner (PR_SET_PDEATHSIG) and on timeout. */
#include "conformance/engine.h"
#include "conformance/qemu_bin.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct qrun {
	const struct pvabi_engine_cfg *cfg;
	struct pvabi_engine_result *res;
	int memfd, con[2], db[2], err[2];
	char errbuf[512];
	size_t errlen;
	uint8_t *mem;
	size_t size;
	pid_t pid, parent;
	int status;
	size_t console_bytes; /* the guest ran: it wrote to its console */
	int ir1[2]; /* vCPU 1's interrupts: the second UART's socket, or -1 */
	uint64_t sent[2]; /* interrupt bytes sent to each vCPU's UART */
};

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int probe_tcg(char *why, size_t n)
{
	return pvabi_qemu_probe(why, n);
}

static int probe_kvm(char *why, size_t n)
{
	int fd;

	if (probe_tcg(why, n))
		return -1;
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, n, "/dev/kvm: %s", strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

static void qrun_close(struct qrun *q)
{
	int *fds[] = { &q->memfd, &q->con[0], &q->con[1], &q->db[0], &q->db[1],
		       &q->err[0], &q->err[1], &q->ir1[0], &q->ir1[1] };
	size_t i;

	if (q->mem && q->mem != MAP_FAILED)
		munmap(q->mem, q->size);
	q->mem = NULL;
	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (*fds[i] >= 0) {
			close(*fds[i]);
			*fds[i] = -1;
		}
}

static int qrun_setup(struct qrun *q)
{
	q->memfd = memfd_create("pvabi-guest-ram", MFD_CLOEXEC);
	if (q->memfd < 0 || ftruncate(q->memfd, (off_t)q->size))
		return -errno;
	q->mem = mmap(NULL, q->size, PROT_READ | PROT_WRITE, MAP_SHARED, q->memfd, 0);
	if (q->mem == MAP_FAILED)
		return -errno;
	/* The console is a pipe QEMU writes as a file, blocking: a full pipe
	 * stalls the guest instead of losing its bytes. Over a socket QEMU
	 * writes non-blocking, and its UART drops a byte the socket refused
	 * when the guest writes the next one (frozen images do, unpolled);
	 * one-byte writes fill a socket's budget after a few hundred bytes
	 * when this process is slow to read (measured: 3 of 121 cells of a
	 * loaded gate lost a line). A pipe merges small writes: 64 KiB hold
	 * more than a whole cell prints. */
	if (pipe2(q->con, O_CLOEXEC) ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, q->db) ||
	    pipe2(q->err, O_CLOEXEC))
		return -errno;
	if (q->cfg->vcpus > 1 && q->cfg->irq_vcpus != 1 &&
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, q->ir1))
		return -errno;
	return 0;
}

/* QEMU's command line and the strings it points at, alive until exec. */
struct qargv {
	char mem[160], con[64], db[96], ir1[96], size_m[32], smp[16];
	const char *v[44];
	int n;
};

/* Appends option k and, unless NULL, its value v. */
static void arg(struct qargv *a, const char *k, const char *v)
{
	a->v[a->n++] = k;
	if (v)
		a->v[a->n++] = v;
}

/* The machine: microvm with no legacy devices, its accelerator, CPU
 * model, vCPUs, the shared memory and the image. */
static void qemu_machine(struct qrun *q, const char *accel, struct qargv *a)
{
	snprintf(a->mem, sizeof(a->mem), "memory-backend-file,id=mem,size=%zu,mem-path=/proc/self/fd/%d,share=on",
		 q->size, q->memfd);
	snprintf(a->size_m, sizeof(a->size_m), "%zuM", q->size >> 20);
	arg(a, pvabi_qemu_bin(), NULL);
	arg(a, "-M", "microvm,x-option-roms=off,pit=off,pic=off,rtc=off,acpi=off,memory-backend=mem");
	arg(a, "-nodefaults", NULL);
	arg(a, "-no-user-config", NULL);
	arg(a, "-display", "none");
	arg(a, "-no-reboot", NULL);
	/* Several vCPUs under TCG share one thread: the runtime's vCPUs take
	 * turns (one waits while the other calls), and TCG ends a block at
	 * a waiting vCPU's `pause` and runs the next one; a thread each
	 * (TCG's default) spins the waiter on a host core. Measured on
	 * the 2.1 cell, loaded 2-core host: 0.19-0.60 s CPU with a thread
	 * each, 0.07-0.11 s with one. */
	arg(a, "-accel", q->cfg->vcpus > 1 && !strcmp(accel, "tcg") ? "tcg,thread=single" : accel);
	if (q->cfg->cpu)
		arg(a, "-cpu", q->cfg->cpu);
	if (q->cfg->vcpus > 1) {
		snprintf(a->smp, sizeof(a->smp), "%u", q->cfg->vcpus);
		arg(a, "-smp", a->smp);
	}
	arg(a, "-m", a->size_m);
	arg(a, "-object", a->mem);
	arg(a, "-kernel", q->cfg->image);
	if (q->cfg->cmdline && *q->cfg->cmdline)
		arg(a, "-append", q->cfg->cmdline);
}

/* The devices: the console, the doorbell UART, vCPU 1's interrupt UART
 * and the exit port, each on the fd the child inherits. */
static void qemu_devices(struct qrun *q, struct qargv *a)
{
	snprintf(a->con, sizeof(a->con), "file,id=con,path=/proc/self/fd/%d", q->con[1]);
	snprintf(a->db, sizeof(a->db), "socket,id=db,fd=%d", q->db[1]);
	snprintf(a->ir1, sizeof(a->ir1), "socket,id=ir1,fd=%d", q->ir1[1]);
	arg(a, "-chardev", a->con);
	arg(a, "-serial", "chardev:con");
	arg(a, "-chardev", a->db);
	arg(a, "-device", "isa-serial,chardev=db,iobase=0x2f8,irq=3");
	/* vCPU 1's interrupts: the doorbell UART's one IRQ reaches one vCPU,
	 * so a second UART (COM3's address, an IRQ no other device drives)
	 * carries them; the guest routes it to APIC id 1 (guest/rt/upcall.c). */
	if (q->ir1[1] >= 0) {
		arg(a, "-chardev", a->ir1);
		arg(a, "-device", "isa-serial,chardev=ir1,iobase=0x3e8,irq=14");
	}
	arg(a, "-device", "isa-debug-exit,iobase=0xf4,iosize=4");
	a->v[a->n] = NULL;
}

/* In the child: the three fds QEMU inherits keep their numbers (only
 * CLOEXEC is cleared), everything else closes on exec. */
static void child_exec(struct qrun *q, const char *accel)
{
	struct qargv a = { .n = 0 };

	/* The runner may have died before PDEATHSIG was armed; comparing
	 * with its pid (not with 1) also holds under a subreaper. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != q->parent)
		_exit(127);
	fcntl(q->memfd, F_SETFD, 0);
	fcntl(q->con[1], F_SETFD, 0);
	fcntl(q->db[1], F_SETFD, 0);
	if (q->ir1[1] >= 0)
		fcntl(q->ir1[1], F_SETFD, 0);
	if (dup2(q->err[1], 2) < 0 || open("/dev/null", O_RDONLY) < 0)
		_exit(127);
	qemu_machine(q, accel, &a);
	qemu_devices(q, &a);
	execvp(a.v[0], (char *const *)a.v);
	dprintf(2, "%s: %s\n", a.v[0], strerror(errno));
	_exit(127);
}

static int drain_console(struct qrun *q)
{
	char buf[4096];
	ssize_t n = read(q->con[0], buf, sizeof(buf));

	if (n > 0)
		q->console_bytes += (size_t)n;
	if (n > 0 && q->cfg->console)
		q->cfg->console(q->cfg->ctx, buf, (size_t)n);
	return n > 0 ? 0 : -1;
}

/* QEMU's own messages, kept for the result's reason. */
static int drain_stderr(struct qrun *q)
{
	char buf[512];
	ssize_t n = read(q->err[0], buf, sizeof(buf));
	size_t take;

	if (n <= 0)
		return -1;
	take = (size_t)n < sizeof(q->errbuf) - 1 - q->errlen ? (size_t)n
							    : sizeof(q->errbuf) - 1 - q->errlen;
	memcpy(q->errbuf + q->errlen, buf, take);
	q->errlen += take;
	q->errbuf[q->errlen] = '\0';
	return 0;
}

static int deliver(struct qrun *q);

/* How many bytes each vCPU was sent, where the guest reads them (its
 * note, cfg->sent_gpa): QEMU's main loop hands a byte to the UART when
 * it next runs, which a loaded host delays by milliseconds, so a guest
 * that judges how many upcalls came within a window first takes every
 * byte sent before the window ended (guest/rt/upcall.c). */
static void publish_sent(struct qrun *q)
{
	uint64_t at = q->cfg->sent_gpa;
	uint64_t *c;

	if (!at || at % 8 || at > q->size || q->size - at < sizeof(q->sent))
		return;
	c = (uint64_t *)(void *)(q->mem + at);
	__atomic_store_n(&c[0], q->sent[0], __ATOMIC_RELEASE);
	__atomic_store_n(&c[1], q->sent[1], __ATOMIC_RELEASE);
}

/* A vector posted while a call is served is sent, and counted, before
 * the call's answer: a guest that reads the counts after the call
 * returns finds it there, however late this process runs next. */
static void on_post(void *ctx)
{
	deliver(ctx);
}

/* The platform's interrupts, as bytes back through a UART: vCPU 0's
 * through the doorbell's, vCPU 1's through the second one; each received
 * byte raises its UART's IRQ, which a guest that enabled it routes to
 * its upcall vector on that vCPU (docs/engines.md, Interrupts); the byte
 * is the vector the platform meant. A vCPU without a UART keeps its
 * queued, never delivered. A guest that never reads them stalls only its
 * own UART: the socket buffer absorbs far more than a run posts, and a
 * write that would block drops the rest. */
static int deliver(struct qrun *q)
{
	int fd[2] = { q->db[0], q->ir1[0] }, v, sent = 0;
	uint32_t cpu;

	for (cpu = 0; cpu < 2; cpu++)
		while (fd[cpu] >= 0 && (v = pvabi_irq_take(q->cfg->irqs, cpu)) >= 0) {
			uint8_t b = (uint8_t)v;

			if (send(fd[cpu], &b, 1, MSG_DONTWAIT | MSG_NOSIGNAL) != 1)
				break;
			q->sent[cpu]++;
			sent = 1;
		}
	if (sent)
		publish_sent(q);
	return 0;
}

/* QEMU's UART does not say which vCPU wrote a byte: with several vCPUs
 * the byte names it, vCPU number + 1, as the guest runtime writes it
 * (guest/rt/transport.c), or 0x80 + the vCPU for a ring without a call
 * (guest/rt/upcall.c). Any other byte, and every byte of a one-vCPU guest
 * (frozen images write 1), rings as vCPU 0. */
static uint32_t ring_vcpu(const struct qrun *q, uint8_t b)
{
	if (q->cfg->vcpus > 1 && (b & 0x80))
		return (b & 0x7fu) < q->cfg->vcpus ? b & 0x7fu : 0;
	return q->cfg->vcpus > 1 && b >= 1 && b <= q->cfg->vcpus ? b - 1u : 0;
}

/* Each doorbell byte is one call: serve them all in order. The UART is
 * asynchronous: a byte is read after the guest went on. So where vCPUs
 * take turns, a ring without a call is only a kick (it serves nothing):
 * read late, it would serve the frame the next vCPU posted as its own. */
static int ring(struct qrun *q)
{
	uint8_t buf[256];
	ssize_t n = read(q->db[0], buf, sizeof(buf)), i;
	int kick = q->cfg->vcpus > 1 && q->cfg->kick;

	if (n <= 0)
		return -1;
	for (i = 0; i < n; i++) {
		uint32_t vcpu = ring_vcpu(q, buf[i]);

		int rc = 0;

		q->res->doorbells++;
		if (kick && (buf[i] & 0x80))
			rc = q->cfg->kick(q->cfg->ctx, vcpu);
		else if (q->cfg->doorbell)
			rc = q->cfg->doorbell(q->cfg->ctx, vcpu, q->mem, q->size, buf[i]);
		if (rc > 0)
			return -3;
		if (rc)
			return -2;
	}
	return deliver(q);
}

/* Serves console and doorbell until QEMU closes them or time runs out.
 * Returns 0 when QEMU ended, 1 on timeout, -1 on a doorbell fault, 2 when
 * the platform stopped the guest. */
static int serve(struct qrun *q, double deadline)
{
	struct pollfd p[3] = { { q->con[0], POLLIN, 0 }, { q->db[0], POLLIN, 0 },
			       { q->err[0], POLLIN, 0 } };
	int open_fds = 2;

	while (open_fds) {
		double left = deadline - now_ms();
		int rc;

		if (left <= 0)
			return 1;
		rc = poll(p, 3, (int)(left + 1));
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -1;
		if (p[1].revents && p[1].fd >= 0) {
			rc = ring(q);
			if (rc == -3)
				return 2;
			if (rc == -2)
				return -1;
			if (rc < 0)
				p[1].fd = -1, open_fds--;
		}
		if (p[0].revents && p[0].fd >= 0 && drain_console(q) < 0)
			p[0].fd = -1, open_fds--;
		if (p[2].revents && p[2].fd >= 0 && drain_stderr(q) < 0)
			p[2].fd = -1;
	}
	return 0;
}

#define EXIT_BASE 0x20u /* guest/rt/status.h */

static void classify(struct qrun *q, int timed_out)
{
	struct pvabi_engine_result *r = q->res;
	int code;

	if (timed_out) {
		r->outcome = PVABI_RUN_TIMEOUT;
		snprintf(r->reason, sizeof(r->reason), "no result within %u ms", q->cfg->timeout_ms);
		return;
	}
	if (!WIFEXITED(q->status)) {
		r->outcome = PVABI_RUN_INTERNAL_ERROR;
		snprintf(r->reason, sizeof(r->reason), "qemu killed by signal %d: %.200s",
			 WIFSIGNALED(q->status) ? WTERMSIG(q->status) : 0,
			 q->errlen ? q->errbuf : "no message");
		r->reason[strcspn(r->reason, "\n")] = '\0';
		return;
	}
	code = WEXITSTATUS(q->status);
	if ((code & 1) && (unsigned int)(code >> 1) >= EXIT_BASE &&
	    (unsigned int)(code >> 1) < EXIT_BASE + 16) {
		r->outcome = PVABI_RUN_EXITED;
		/* The raw value the guest wrote, as the kvm engine reports it. */
		r->exit_value = (uint32_t)(code >> 1);
		snprintf(r->reason, sizeof(r->reason), "guest exit 0x%x", r->exit_value);
	} else if (code == 0) {
		/* -no-reboot turns a triple fault (or a reset) into exit 0 */
		r->outcome = PVABI_RUN_SHUTDOWN;
		snprintf(r->reason, sizeof(r->reason), "guest reset or triple fault without a result");
	} else if ((code & 1) && !q->errlen && (q->console_bytes || r->doorbells)) {
		/* Another value written to isa-debug-exit by a guest that
		 * ran: QEMU says nothing then. */
		r->outcome = PVABI_RUN_EXITED;
		r->exit_value = (uint32_t)(code >> 1);
		snprintf(r->reason, sizeof(r->reason), "guest exit 0x%x (qemu exit %d)",
			 r->exit_value, code);
	} else if (code == 127) {
		r->outcome = PVABI_RUN_UNAVAILABLE;
		snprintf(r->reason, sizeof(r->reason), "cannot execute %.200s", q->errbuf);
	} else {
		/* QEMU itself failed (it said why): not the guest's doing. */
		r->outcome = PVABI_RUN_HARNESS_ERROR;
		snprintf(r->reason, sizeof(r->reason), "qemu failed (exit %d): %.200s", code,
			 q->errlen ? q->errbuf : "no message");
	}
	r->reason[strcspn(r->reason, "\n")] = '\0';
}

static int run_accel(const struct pvabi_engine_cfg *cfg, struct pvabi_engine_result *res,
		     const char *accel)
{
	struct qrun q = { cfg, res, -1, { -1, -1 }, { -1, -1 }, { -1, -1 }, "", 0, NULL,
			  cfg->mem_size ? cfg->mem_size : PVABI_DEFAULT_MEM, -1, 0, 0, 0, { -1, -1 }, { 0, 0 } };
	double t0 = now_ms();
	int rc, timed_out;

	memset(res, 0, sizeof(*res));
	if ((rc = qrun_setup(&q)) < 0) {
		res->outcome = PVABI_RUN_HARNESS_ERROR;
		snprintf(res->reason, sizeof(res->reason), "setup: %s", strerror(-rc));
		qrun_close(&q);
		return rc;
	}
	q.parent = getpid();
	q.pid = fork();
	if (q.pid == 0)
		child_exec(&q, accel);
	close(q.con[1]);
	close(q.db[1]);
	close(q.err[1]);
	if (q.ir1[1] >= 0)
		close(q.ir1[1]);
	q.con[1] = q.db[1] = q.err[1] = q.ir1[1] = -1;
	if (q.pid < 0) {
		res->outcome = PVABI_RUN_HARNESS_ERROR;
		snprintf(res->reason, sizeof(res->reason), "fork: %s", strerror(errno));
		qrun_close(&q);
		return -errno;
	}
	if (cfg->irqs && cfg->sent_gpa) {
		cfg->irqs->on_post = on_post;
		cfg->irqs->on_post_ctx = &q;
	}
	rc = serve(&q, t0 + (cfg->timeout_ms ? cfg->timeout_ms : 10000));
	if (cfg->irqs)
		cfg->irqs->on_post = NULL;
	timed_out = rc == 1;
	if (rc != 0)
		kill(q.pid, SIGKILL);
	while (waitpid(q.pid, &q.status, 0) < 0 && errno == EINTR)
		;
	while (q.err[0] >= 0 && drain_stderr(&q) == 0)
		;
	res->run_ms = now_ms() - t0;
	classify(&q, timed_out);
	/* The guest spins on the frame of a call that will not return; the
	 * kill is the stop, whatever QEMU's status says. */
	if (rc == 2) {
		res->outcome = PVABI_RUN_SHUTDOWN;
		snprintf(res->reason, sizeof(res->reason),
			 "the platform stopped the guest at its shutdown call");
	}
	if (rc < 0 && !timed_out) {
		res->outcome = PVABI_RUN_HARNESS_ERROR;
		snprintf(res->reason, sizeof(res->reason), "platform failed to serve a call");
	}
	qrun_close(&q);
	return 0;
}

static int run_tcg(const struct pvabi_engine_cfg *cfg, struct pvabi_engine_result *res)
{
	return run_accel(cfg, res, "tcg");
}

static int run_kvm(const struct pvabi_engine_cfg *cfg, struct pvabi_engine_result *res)
{
	return run_accel(cfg, res, "kvm");
}

const struct pvabi_engine pvabi_engine_qemu_tcg = { "qemu-tcg", probe_tcg, run_tcg, 0, 0 };
const struct pvabi_engine pvabi_engine_qemu_kvm = { "qemu-kvm", probe_kvm, run_kvm, 0, 0 };

const char *pvabi_outcome_name(enum pvabi_outcome o)
{
	static const char *const n[] = {
		"exited", "shutdown", "internal-error", "timeout", "halted",
		"unavailable", "image-invalid", "harness-error",
	};

	return (unsigned int)o < sizeof(n) / sizeof(n[0]) ? n[o] : "?";
}
