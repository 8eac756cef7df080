/* Running the matrix: one command per cell, --jobs at a time. The cell's
 * stdout (its console: TAP) is read line by line and timestamped here, so
 * every engine, the user's --engine-cmd included, gets check durations
 * without cooperating. Each cell runs in its own process group, dies with
 * the runner (PR_SET_PDEATHSIG) and is killed at its deadline; its result
 * file appears only when complete. */
#include "conformance/engine.h"
#include "conformance/engine_cmd.h"
#include "conformance/hostclock.h"
#include "conformance/matrix.h"
#include "conformance/oracle.h"
#include "conformance/report.h"
#include "conformance/result_io.h"
#include "conformance/tapparse.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS 64
#define GRACE_MS 5000.0 /* beyond the cell's own timeout: the runner's backstop */

struct slot {
	pid_t pid;
	int fd;
	size_t cell;
	double t0;
	char line[4096];
	size_t len;
	struct pvabi_afile tap;
	struct pvabi_tapparse parse;
	int killed;
	size_t bytes;  /* console bytes read */
	int flooded;   /* killed for passing CELL_MAX_CONSOLE */
	struct pvabi_hostclock clock; /* the host's clock, watched while it runs */
};

/* The most console one cell may write: a conformance image writes a few
 * KiB; a platform that makes it loop (or an --engine-cmd that prints
 * without end) wrote 185 MB in the 8 s of a 3 s timeout, gigabytes in a
 * default one, into the cell's TAP file and the disk under it. */
#define CELL_MAX_CONSOLE (64u << 20)

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void cell_file(char *buf, size_t n, const struct pvabi_matrix_opts *o,
		      const struct pvabi_cell *c, const char *ext)
{
	snprintf(buf, n, "%s/cells/%s.%s", o->out, c->id, ext);
}

/* Removes what a killed cell command left half-written: its log's and
 * TAP's temp files (".<id>.log.tmp.XXXXXX", util/afile.h). */
static void cell_litter(const struct pvabi_matrix_opts *o, const struct pvabi_cell *c)
{
	char dir[1100], prefix[200];
	struct dirent *de;
	size_t k;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/cells", o->out);
	k = (size_t)snprintf(prefix, sizeof(prefix), ".%s.", c->id);
	if (k >= sizeof(prefix) || !(d = opendir(dir)))
		return;
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, prefix, k) && strstr(de->d_name + k, ".tmp."))
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
}

/* The user's template as an argument vector (conformance/engine_cmd.h):
 * no shell sees the values. Returns only on failure, with the exit
 * status for the child. */
static int exec_template(const struct pvabi_matrix_opts *o, const struct pvabi_cell *c,
			 const char *log, const char *timeout, const char *platform,
			 const char *cmdline)
{
	const char *vals[PVABI_CMD_NKEYS];
	char **argv, err[256];
	int rc;

	vals[PVABI_CMD_IMAGE] = c->image_path, vals[PVABI_CMD_LOG] = log;
	vals[PVABI_CMD_RELEASE] = c->platform, vals[PVABI_CMD_PLATFORM] = platform;
	vals[PVABI_CMD_CMDLINE] = cmdline;
	vals[PVABI_CMD_REVISION] = c->image_rev, vals[PVABI_CMD_TIMEOUT] = timeout;
	vals[PVABI_CMD_PVABI] = o->self, vals[PVABI_CMD_SPEC] = o->spec;
	vals[PVABI_CMD_REGISTRY] = o->registry;
	if (pvabi_engine_cmd_split(o->engine_cmd, vals, &argv, err, sizeof(err)) < 0) {
		fprintf(stderr, "# run: %s\n", err);
		return 126;
	}
	rc = pvabi_engine_cmd_exec(argv);
	pvabi_engine_cmd_free(argv);
	return rc;
}

/* The cell's platform as `pvabi run --platform` takes it ("current",
 * "1.2", "current:features=0x5") and the guest's command line: the
 * feature axis' request, the shutdown reason the image ends with, and
 * the host's wall clock now, before any engine
 * starts, with the longest the cell can run from now (its timeout and
 * the runner's backstop): the reference the image's tied checks are
 * judged against (docs/engines.md, The wall-clock reference). */
static void cell_args(const struct pvabi_matrix_opts *o, const struct pvabi_cell *c,
		      char *platform, size_t pn, char *cmdline, size_t cn)
{
	size_t n = 0;

	if (c->feat.offer)
		snprintf(platform, pn, "%s:features=0x%llx", c->platform,
			 (unsigned long long)c->feat.offered);
	else
		snprintf(platform, pn, "%s", c->platform);
	cmdline[0] = '\0';
	if (c->feat.want)
		n = (size_t)snprintf(cmdline, cn, "require=0x%llx optional=0x%llx ",
				     (unsigned long long)c->feat.required,
				     (unsigned long long)c->feat.optional);
	/* the end the image asks (conformance/runend.h) */
	if (c->end[0] && n < cn)
		n += (size_t)snprintf(cmdline + n, cn - n, "end=%s %s", c->end,
				      c->end_vcpu ? "endvcpu=1 " : "");
	if (n < cn)
		pvabi_engine_wallref(cmdline + n, cn - n,
				     (unsigned int)(o->timeout_s * 1000.0 + 0.5) + (unsigned int)GRACE_MS);
}

static void child_exec(const struct pvabi_matrix_opts *o, const struct pvabi_cell *c,
		       int wfd, pid_t parent)
{
	char log[1200], timeout[32], platform[64], cmdline[192];
	int e;

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	dup2(wfd, 1);
	dup2(wfd, 2);
	cell_file(log, sizeof(log), o, c, "log");
	pvabi_engine_timeout_str((unsigned int)(o->timeout_s * 1000.0 + 0.5), timeout,
				 sizeof(timeout));
	cell_args(o, c, platform, sizeof(platform), cmdline, sizeof(cmdline));
	if (o->engine_cmd)
		_exit(exec_template(o, c, log, timeout, platform, cmdline));
	execl(o->self, o->self, "run", c->image_path, "--engine", c->engine, "--platform",
	      platform, "--timeout", timeout, "--log", log, "--spec", o->spec, "--registry",
	      o->registry, "--cmdline", cmdline, (char *)NULL);
	e = errno;
	fprintf(stderr, "# run: %s: %s\n", o->self, strerror(e));
	_exit(e == ENOENT ? 127 : 126);
}

static int slot_start(struct slot *s, const struct pvabi_matrix_opts *o,
		      const struct pvabi_matrix *m, size_t cell)
{
	char tap[1200];
	int p[2], rc;

	cell_file(tap, sizeof(tap), o, &m->cells[cell], "tap");
	if ((rc = pvabi_afile_open(&s->tap, tap, NULL, 0)))
		return rc;
	pvabi_hostclock_start(&s->clock); /* before the engine exists */
	if (pipe2(p, O_CLOEXEC)) {
		rc = -errno;
		pvabi_afile_abort(&s->tap);
		return rc;
	}
	s->pid = fork();
	if (s->pid == 0)
		child_exec(o, &m->cells[cell], p[1], getppid());
	close(p[1]);
	if (s->pid < 0) {
		rc = -errno;
		close(p[0]);
		pvabi_afile_abort(&s->tap);
		return rc;
	}
	s->fd = p[0];
	s->cell = cell;
	s->t0 = now_ms();
	s->len = 0;
	s->killed = 0;
	s->bytes = 0;
	s->flooded = 0;
	pvabi_tapparse_init(&s->parse);
	return 0;
}

static void slot_line(struct slot *s)
{
	s->line[s->len] = '\0';
	fprintf(s->tap.f, "%s\n", s->line);
	pvabi_tapparse_line(&s->parse, s->line, s->len, now_ms() - s->t0);
	s->len = 0;
}

/* Reads what the cell wrote; 1 at EOF. Overlong lines are cut, not lost. */
static int slot_read(struct slot *s)
{
	char buf[4096];
	ssize_t n = read(s->fd, buf, sizeof(buf));
	ssize_t i;

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : 1;
	if (s->flooded)
		return n == 0;
	if ((s->bytes += (size_t)n) > CELL_MAX_CONSOLE) {
		kill(-s->pid, SIGKILL);
		s->killed = s->flooded = 1;
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n' || s->len == sizeof(s->line) - 1)
			slot_line(s);
		if (buf[i] != '\n')
			s->line[s->len++] = buf[i] ? buf[i] : ' ';
	}
	if (n == 0 && s->len)
		slot_line(s);
	return n == 0;
}

/* The cell's process has ended: judge it and keep the result. */
struct progress {
	FILE *f;
	size_t done, total;
	int red; /* a finished cell was red */
};

static int slot_finish(struct slot *s, int status, const struct pvabi_matrix_opts *o,
		       const struct pvabi_matrix *m, struct progress *pg, char *err,
		       size_t errlen)
{
	const struct pvabi_cell *c = &m->cells[s->cell];
	struct pvabi_cell_result r;
	int rc;

	kill(-s->pid, SIGKILL); /* whatever the cell left running */
	memset(&r, 0, sizeof(r));
	r.cell = *c;
	r.exit_code = WIFEXITED(status) && !s->killed ? WEXITSTATUS(status) : -1;
	r.ms = now_ms() - s->t0;
	cell_file(r.log, sizeof(r.log), o, c, "log");
	cell_file(r.tap, sizeof(r.tap), o, c, "tap");
	pvabi_tapparse_finish(&s->parse, &r);
	if (o->engine_cmd && r.exit_code == 127 && !r.reason[0])
		pvabi_engine_cmd_not_found(o->engine_cmd, r.reason, sizeof(r.reason));
	pvabi_hostclock_end(&s->clock);
	pvabi_hostclock_judge(&s->clock, &r);
	pvabi_oracle_judge(&c->pred, &r);
	pg->red |= r.verdict > PVABI_V_SKIP;
	if (s->flooded) {
		r.verdict = PVABI_V_ERROR;
		snprintf(r.outcome, sizeof(r.outcome), "console-flood");
		snprintf(r.reason, sizeof(r.reason), "killed by the runner: its console passed %u MiB "
			 "(a conformance image writes a few KiB); the rest was not kept",
			 CELL_MAX_CONSOLE >> 20);
	} else if (s->killed) {
		r.verdict = PVABI_V_TIMEOUT;
		snprintf(r.outcome, sizeof(r.outcome), "timeout");
		snprintf(r.reason, sizeof(r.reason), "killed by the runner after %.1f s",
			 r.ms / 1e3);
	}
	rc = pvabi_afile_commit(&s->tap, err, errlen);
	if (s->killed) /* after the commit: the TAP's own temp file is one */
		cell_litter(o, c);
	if (!rc)
		rc = pvabi_result_write(o->out, &r, err, errlen);
	++pg->done;
	if (pg->f)
		pvabi_report_progress(pg->f, pg->done, pg->total, &r, -1);
	pvabi_cell_result_free(&r);
	s->pid = 0;
	return rc;
}

static int make_dirs(const struct pvabi_matrix_opts *o, char *err, size_t errlen)
{
	char cells[1100];

	snprintf(cells, sizeof(cells), "%s/cells", o->out);
	if ((mkdir(o->out, 0755) && errno != EEXIST) || (mkdir(cells, 0755) && errno != EEXIST)) {
		snprintf(err, errlen, "%s: %s", cells, strerror(errno));
		return -1;
	}
	return 0;
}

/* With --resume a cell whose result file reads back and holds up
 * (pvabi_result_verify) is done (*red set when it is red); any other
 * cell's old files go, so nothing stale is reported. */
static int needs_run(const struct pvabi_matrix_opts *o, const struct pvabi_cell *c, FILE *info,
		     int *red)
{
	static const char *const ext[] = { "xml", "tap", "log" };
	char path[1200], why[512];
	struct pvabi_cell_result r;
	size_t i;
	int keep;

	cell_file(path, sizeof(path), o, c, "xml");
	if (o->resume && pvabi_result_read(path, &r, why, sizeof(why)) == 0) {
		keep = pvabi_result_verify(c, &r, o->out, why, sizeof(why)) == 0;
		*red |= keep && r.verdict > PVABI_V_SKIP;
		pvabi_cell_result_free(&r);
		if (keep)
			return 0;
		if (info)
			fprintf(info, "resume: %s runs again: %s\n", c->id, why);
	}
	for (i = 0; i < 3; i++) {
		cell_file(path, sizeof(path), o, c, ext[i]);
		unlink(path);
	}
	cell_litter(o, c);
	return 1;
}

/* Kills cells past their deadline, reaps ended ones. */
static int reap(struct slot *sl, unsigned int jobs, const struct pvabi_matrix_opts *o,
		const struct pvabi_matrix *m, struct progress *pg, char *err, size_t errlen)
{
	unsigned int i;
	int status, rc = 0;

	for (i = 0; i < jobs; i++) {
		if (!sl[i].pid)
			continue;
		if (!sl[i].killed && now_ms() - sl[i].t0 > o->timeout_s * 1e3 + GRACE_MS) {
			kill(-sl[i].pid, SIGKILL);
			sl[i].killed = 1;
		}
		/* A process that left the group still holds the console:
		 * the deadline is hard all the same. */
		if (sl[i].killed && sl[i].fd >= 0 &&
		    now_ms() - sl[i].t0 > o->timeout_s * 1e3 + 2 * GRACE_MS) {
			close(sl[i].fd);
			sl[i].fd = -1;
		}
		/* Only after EOF: the console is complete once every writer,
		 * QEMU included, has gone. */
		if (sl[i].fd < 0 && waitpid(sl[i].pid, &status, WNOHANG) == sl[i].pid &&
		    slot_finish(&sl[i], status, o, m, pg, err, errlen))
			rc = -1;
	}
	return rc;
}

/* Waits up to 100 ms for output from the running cells. */
static void pump(struct slot *sl, unsigned int jobs)
{
	struct pollfd pf[MAX_JOBS];
	unsigned int i, k = 0, map[MAX_JOBS];

	for (i = 0; i < jobs; i++)
		if (sl[i].pid && sl[i].fd >= 0) {
			pf[k].fd = sl[i].fd;
			pf[k].events = POLLIN;
			map[k++] = i;
		}
	if (poll(pf, k, 100) <= 0)
		return;
	for (i = 0; i < k; i++)
		if (pf[i].revents && slot_read(&sl[map[i]])) {
			close(sl[map[i]].fd);
			sl[map[i]].fd = -1;
		}
}

static void kill_all(struct slot *sl, unsigned int jobs, const struct pvabi_matrix_opts *o,
		     const struct pvabi_matrix *m)
{
	unsigned int i;

	for (i = 0; i < jobs; i++) {
		if (!sl[i].pid)
			continue;
		kill(-sl[i].pid, SIGKILL);
		waitpid(sl[i].pid, NULL, 0);
		if (sl[i].fd >= 0)
			close(sl[i].fd);
		pvabi_afile_abort(&sl[i].tap);
		pvabi_tapparse_free(&sl[i].parse);
		cell_litter(o, &m->cells[sl[i].cell]);
		sl[i].pid = 0;
	}
}

/* The runner's own handlers while cells run (a signal stops the loop,
 * which cleans up); the ones before are put back after. */
static void signals(int install)
{
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	static struct sigaction old[3];
	struct sigaction sa;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], install ? &sa : &old[i], install ? &old[i] : NULL);
}

static unsigned int busy(const struct slot *sl, unsigned int jobs)
{
	unsigned int i, n = 0;

	for (i = 0; i < jobs; i++)
		n += sl[i].pid != 0;
	return n;
}

int pvabi_matrix_run(const struct pvabi_matrix_opts *o, const struct pvabi_matrix *m,
		     FILE *progress, char *err, size_t errlen)
{
	static struct slot sl[MAX_JOBS];
	unsigned int jobs = o->jobs < 1 ? 1 : o->jobs > MAX_JOBS ? MAX_JOBS : o->jobs, i;
	struct progress pg = { progress, 0, 0, 0 };
	size_t next = 0, *todo, ntodo = 0;
	int rc = 0;

	if (make_dirs(o, err, errlen) || !(todo = calloc(m->n + 1, sizeof(*todo))))
		return -1;
	for (next = 0; next < m->n; next++)
		if (needs_run(o, &m->cells[next], progress, &pg.red))
			todo[ntodo++] = next;
	pg.total = ntodo;
	if (o->stop_at_red)
		pvabi_matrix_run_order(m, todo, ntodo);
	memset(sl, 0, sizeof(sl));
	stop_signal = 0;
	signals(1);
	for (next = 0; !rc && !stop_signal && !(o->stop_at_red && pg.red) &&
		       (next < ntodo || busy(sl, jobs));) {
		for (i = 0; i < jobs && next < ntodo; i++)
			if (!sl[i].pid && (rc = slot_start(&sl[i], o, m, todo[next++])) < 0) {
				snprintf(err, errlen, "cannot start cell %s: %s",
					 m->cells[todo[next - 1]].id, strerror(-rc));
				break;
			}
		pump(sl, jobs);
		for (i = 0; i < jobs; i++)
			if (sl[i].pid)
				pvabi_hostclock_sample(&sl[i].clock);
		if (reap(sl, jobs, o, m, &pg, err, errlen))
			rc = -1;
	}
	if (stop_signal) {
		snprintf(err, errlen, "interrupted by signal %d: %zu of %zu cells finished; "
			 "--resume continues", (int)stop_signal, pg.done, ntodo);
		rc = -1;
	} else if (o->stop_at_red && pg.red && progress) {
		fprintf(progress, "stopped at the first red cell (--stop-at-red): %zu of %zu cells "
			"run, %u running stopped\n", pg.done, ntodo, busy(sl, jobs));
	}
	kill_all(sl, jobs, o, m);
	signals(0);
	free(todo);
	return rc;
}
