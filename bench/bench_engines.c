/* The engines against each other and against their own floors, all
 * measured in this run (medians of several runs; ratios, never absolute
 * limits):
 *   - a platform call's round trip (guest stub -> engine -> frame server
 *     -> mini dispatch -> nop handler) against a bare port exit nothing
 *     serves, per engine: the same image (mini/calls.elf) loops N calls or
 *     N `out`s, and the per-iteration cost is (T(N) - T(0)) / N, so boot
 *     and teardown cancel out; also the host side alone (frame server +
 *     dispatch on a buffer, no guest);
 *   - boot-to-exit of the mini 1.2 conformance image (a full cell) against
 *     empty.elf, per engine;
 *   - whole kvm-engine lifecycles per second, 1 and 2 processes;
 *   - what `auto` picks here and why.
 * Writes $PVABI_BENCH_RESULTS/engines.json. Engines that cannot run here
 * are reported as such. Never fails on timing.
 *
 *   bench-engines [RUNS]   (runs per median, default 5) */
#include "bench/measure.h"
#include "conformance/engine_auto.h"
#include "platform/tests/mini_host.h"
#include "util/afile.h"
#include "util/json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CALLS 2000
#define MAX_RUNS 15

struct per_engine {
	const struct pvabi_engine *e;
	int usable;
	double call_us, out_us, empty_ms, conf_ms;
	char why[256];
};

static unsigned int runs = 5;
static int failures;
static char last_failure[400];

static int passed(const struct pvabi_engine_result *r)
{
	return r->outcome == PVABI_RUN_EXITED && r->exit_value == 0x20;
}

/* Median run_ms of @image on @e against a fresh mini platform each run. */
static double median_run(const struct pvabi_engine *e, const char *image, const char *cmdline)
{
	double ms[MAX_RUNS];
	unsigned int i;

	for (i = 0; i < runs; i++) {
		struct pvabi_engine_cfg cfg = { .image = image, .cmdline = cmdline,
						.timeout_ms = 60000, .doorbell_port = 0x2f8,
						.doorbell = mini_platform_doorbell };
		struct pvabi_engine_result res;
		struct mini_ctx c;

		mini_platform_init(&c);
		cfg.ctx = &c;
		if (e->run(&cfg, &res) < 0 || !passed(&res)) {
			failures++;
			snprintf(last_failure, sizeof(last_failure), "%s %s %s: %s (%.200s)", e->name,
				 image, cmdline, pvabi_outcome_name(res.outcome), res.reason);
		}
		ms[i] = res.run_ms;
	}
	pvabi_bench_sort(ms, runs);
	return ms[runs / 2];
}

static const char *img(const char *rel)
{
	static char buf[4][4096];
	static int k;
	const char *b = getenv("PVABI_BUILD");

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", b && *b ? b : "build", rel);
	return buf[k];
}

/* Per-iteration cost in µs of mode=call / mode=out. */
static double per_iteration(const struct pvabi_engine *e, const char *mode)
{
	char cmd0[64], cmdn[64];

	snprintf(cmd0, sizeof(cmd0), "mode=%s count=0", mode);
	snprintf(cmdn, sizeof(cmdn), "mode=%s count=%d", mode, CALLS);
	return (median_run(e, img("guest/mini/calls.elf"), cmdn) -
		median_run(e, img("guest/mini/calls.elf"), cmd0)) * 1e3 / CALLS;
}

static void measure(struct per_engine *p)
{
	p->usable = !p->e->probe(p->why, sizeof(p->why));
	if (!p->usable)
		return;
	p->call_us = per_iteration(p->e, "call");
	p->out_us = per_iteration(p->e, "out");
	p->empty_ms = median_run(p->e, img("guest/empty.elf"), "");
	p->conf_ms = median_run(p->e, img("guest/mini/1.2/conformance.elf"), "");
	/* TCG serves an `out` to an unbacked port inline, with no exit: the
	 * baseline is then noise around zero and no ratio is meaningful */
	if (p->out_us >= 1.0)
		printf("%-8s call round trip %.1f us vs bare port exit %.1f us: ratio %.2f\n",
		       p->e->name, p->call_us, p->out_us, p->call_us / p->out_us);
	else
		printf("%-8s call round trip %.1f us; bare port write %.1f us (no exit: no ratio)\n",
		       p->e->name, p->call_us, p->out_us);
	printf("%-8s conformance cell (mini 1.2) %.2f ms vs empty.elf %.2f ms: ratio %.2f\n",
	       p->e->name, p->conf_ms, p->empty_ms, p->conf_ms / p->empty_ms);
}

/* The host side alone: the frame server and the mini dispatch serving
 * nop from a buffer, ns per call. */
static double host_side_ns(void)
{
	static uint8_t mem[0x8000];
	struct mini_ctx c;
	uint32_t op = 7, pending = 1, magic = 0x46435650u, nargs = 0;
	double t0;
	int i, n = 1000000;

	mini_platform_init(&c);
	c.st.negotiated = 1; /* as after negotiating 1.2 */
	c.st.rev_index = 2;
	c.st.rev = 0x00010002u;
	memcpy(mem + 0x7000, &magic, 4);
	memcpy(mem + 0x7004, &op, 4);
	memcpy(mem + 0x7008, &nargs, 4);
	t0 = pvabi_bench_now_ms();
	for (i = 0; i < n; i++) {
		memcpy(mem + 0x700c, &pending, 4);
		mini_platform_doorbell(&c, 0, mem, sizeof(mem), 1);
	}
	return (pvabi_bench_now_ms() - t0) * 1e6 / n;
}

/* ---- kvm lifecycles per second ------------------------------------------ */

static unsigned int lifecycles(double seconds)
{
	double end = pvabi_bench_now_ms() + seconds * 1e3;
	unsigned int n = 0;

	while (pvabi_bench_now_ms() < end) {
		struct pvabi_engine_cfg cfg = { .image = img("guest/empty.elf"), .timeout_ms = 10000 };
		struct pvabi_engine_result res;

		pvabi_engine_kvm.run(&cfg, &res);
		n += passed(&res);
	}
	return n;
}

static double lifecycles_per_s(int procs, double seconds)
{
	unsigned int total = 0;
	int fds[2][2], i;
	pid_t pid[2];
	double t0 = pvabi_bench_now_ms();

	for (i = 0; i < procs; i++) {
		if (pipe(fds[i]) < 0)
			return -1;
		fflush(NULL);
		pid[i] = fork();
		if (pid[i] == 0) {
			unsigned int n = lifecycles(seconds);

			_exit(write(fds[i][1], &n, sizeof(n)) == (ssize_t)sizeof(n) ? 0 : 1);
		}
		close(fds[i][1]);
	}
	for (i = 0; i < procs; i++) {
		unsigned int n = 0;
		int st;

		if (pid[i] > 0 && read(fds[i][0], &n, sizeof(n)) == (ssize_t)sizeof(n))
			total += n;
		while (pid[i] > 0 && waitpid(pid[i], &st, 0) < 0 && errno == EINTR)
			;
		close(fds[i][0]);
	}
	return total / ((pvabi_bench_now_ms() - t0) / 1e3);
}

static void write_json(const struct per_engine *p, size_t n, double host_ns, double one,
		       double two, const char *auto_why)
{
	const char *dir = getenv("PVABI_BENCH_RESULTS");
	char out[4096], err[512];
	struct pvabi_afile a;
	FILE *f;
	size_t i;

	snprintf(out, sizeof(out), "%s/engines.json", dir ? dir : ".");
	if (pvabi_afile_open(&a, out, err, sizeof(err))) {
		fprintf(stderr, "bench-engines: %s\n", err);
		return;
	}
	f = a.f;
	fprintf(f, "{\"runs_per_median\":%u,\"calls\":%d,\"host_side_ns\":%.1f,"
		"\"kvm_lifecycles_per_s\":{\"1\":%.0f,\"2\":%.0f},\"engines\":{", runs, CALLS,
		host_ns, one, two);
	for (i = 0; i < n; i++) {
		fprintf(f, "%s\"%s\":", i ? "," : "", p[i].e->name);
		if (!p[i].usable)
			fprintf(f, "{\"usable\":false}");
		else
			fprintf(f, "{\"usable\":true,\"call_us\":%.2f,\"out_us\":%.2f,"
				"\"call_vs_out\":%.3f,\"empty_ms\":%.3f,\"conformance_ms\":%.3f,"
				"\"conformance_vs_empty\":%.3f}", p[i].call_us, p[i].out_us,
				p[i].call_us / p[i].out_us, p[i].empty_ms, p[i].conf_ms,
				p[i].conf_ms / p[i].empty_ms);
	}
	fprintf(f, "},\"auto\":");
	pvabi_json_str(f, auto_why);
	fprintf(f, ",\"failures\":%d}\n", failures);
	if (pvabi_afile_commit(&a, err, sizeof(err)))
		fprintf(stderr, "bench-engines: %s\n", err);
}

int main(int argc, char **argv)
{
	struct per_engine p[3] = { { .e = &pvabi_engine_kvm }, { .e = &pvabi_engine_qemu_tcg },
				   { .e = &pvabi_engine_qemu_kvm } };
	double host_ns, one = 0, two = 0;
	char why[1024];
	size_t i;

	if (argc > 1)
		runs = (unsigned int)atoi(argv[1]);
	if (runs < 1 || runs > MAX_RUNS)
		runs = 5;
	setenv("PVABI_ENGINE_CACHE", "0", 1);
	host_ns = host_side_ns();
	printf("host side (frame server + mini dispatch + nop, no guest): %.0f ns per call\n",
	       host_ns);
	for (i = 0; i < 3; i++) {
		measure(&p[i]);
		if (!p[i].usable)
			printf("%-8s not measured: %s\n", p[i].e->name, p[i].why);
	}
	if (p[0].usable && p[1].usable)
		printf("call round trip qemu-tcg vs kvm: %.2f\n", p[1].call_us / p[0].call_us);
	if (p[0].usable) {
		one = lifecycles_per_s(1, 2.0);
		two = lifecycles_per_s(2, 2.0);
		printf("kvm engine lifecycles (empty.elf): %.0f/s 1 process, %.0f/s 2 processes "
		       "(x%.2f)\n", one, two, two / one);
	}
	pvabi_engine_auto(why, sizeof(why));
	printf("%s\n", why);
	if (failures)
		printf("bench-engines: %d runs did not pass (last: %s)\n", failures, last_failure);
	write_json(p, 3, host_ns, one, two, why);
	return 0;
}
