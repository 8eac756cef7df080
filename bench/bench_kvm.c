/* The KVM matrix's cost: one KVM cell against an empty-guest boot, per
 * engine, measured the way the matrix runs a cell (`pvabi run` as a
 * process, wall time from fork to exit, the median of RUNS runs taken in
 * turns so load from elsewhere hits every workload alike), then the whole
 * KVM matrix (`pvabi matrix --spec spec/kvm.xml`, kvm, qemu-kvm and
 * qemu-tcg, --jobs 2) by wall time. Workloads per engine:
 *   empty     guest/empty.elf: boot and exit, the baseline
 *   old       the frozen 2.6.25 guest on today's host (the old pair)
 *   new       the frozen 3.6.0 guest on today's host (new pair, steal
 *             time, PV EOI)
 *   new-3.1   the 3.6.0 guest on a 3.1 host's profile (PV EOI withheld)
 * The load average before and after is recorded: the machine is shared.
 * Writes $PVABI_BENCH_RESULTS/kvm.json. Needs PVABI_BUILD and PVABI_SRC
 * (or runs from the source tree with build/). Usage: bench-kvm [RUNS] */
#include "bench/measure.h"
#include "util/afile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NWORK 4
#define MAX_RUNS 31

/* argv run from the source tree with its output dropped: wall ms, or -1
 * unless it exited 0. */
static double run_ms(const char *const *argv)
{
	double t0 = pvabi_bench_now_ms();
	pid_t pid;
	int st;

	fflush(stdout); /* or the child's freopen writes this process's buffer */
	pid = fork();
	if (pid == 0) {
		if (chdir(pvabi_bench_env("PVABI_SRC", ".")) || !freopen("/dev/null", "w", stdout) ||
		    !freopen("/dev/null", "w", stderr))
			_exit(127);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return -1;
	return pvabi_bench_now_ms() - t0;
}

struct work {
	const char *name, *image, *platform; /* platform NULL: the reference spec */
	double ms[MAX_RUNS], median;
};

static char pvabi[1100], empty[1100];

static double cell_ms(const char *engine, const struct work *w)
{
	const char *argv[16];
	int n = 0;

	argv[n++] = pvabi, argv[n++] = "run", argv[n++] = w->image;
	argv[n++] = "--engine", argv[n++] = engine;
	if (w->platform) {
		argv[n++] = "--spec", argv[n++] = "spec/kvm.xml";
		argv[n++] = "--registry", argv[n++] = "spec/kvm-versions.xml";
		argv[n++] = "--platform", argv[n++] = w->platform;
	}
	argv[n] = NULL;
	return run_ms(argv);
}

/* Every workload once per round, RUNS rounds; 0, or -1 when a run failed. */
static int measure(const char *engine, struct work *w, int runs)
{
	int r, k;

	for (r = 0; r < runs; r++)
		for (k = 0; k < NWORK; k++)
			if ((w[k].ms[r] = cell_ms(engine, &w[k])) < 0)
				return -1;
	for (k = 0; k < NWORK; k++) {
		pvabi_bench_sort(w[k].ms, (size_t)runs);
		w[k].median = w[k].ms[runs / 2];
	}
	return 0;
}

/* The whole KVM matrix once, its wall ms (-1 when it was not green). */
static double matrix_ms(void)
{
	char out[64] = "/tmp/pvabi-bench-kvm-XXXXXX", cmd[128];
	const char *argv[] = { pvabi, "matrix", "--spec", "spec/kvm.xml", "--registry",
			       "spec/kvm-versions.xml", "--engine", "kvm,qemu-kvm,qemu-tcg", "--jobs",
			       "2", "--quiet", "--out", out, NULL };
	double ms;

	if (!mkdtemp(out))
		return -1;
	ms = run_ms(argv);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", out);
	if (system(cmd))
		fprintf(stderr, "bench-kvm: could not remove %s\n", out);
	return ms;
}

int main(int argc, char **argv)
{
	static const char *const engines[] = { "kvm", "qemu-kvm" };
	int runs = argc > 1 ? atoi(argv[1]) : 9, k;
	double load0 = pvabi_bench_load1(), whole;
	char json[4096], img_old[1100], img_new[1100];
	size_t e, n = 0;

	runs = runs < 1 ? 1 : runs > MAX_RUNS ? MAX_RUNS : runs;
	snprintf(pvabi, sizeof(pvabi), "%s/pvabi", pvabi_bench_env("PVABI_BUILD", "build"));
	snprintf(empty, sizeof(empty), "%s/guest/empty.elf", pvabi_bench_env("PVABI_BUILD", "build"));
	snprintf(img_old, sizeof(img_old), "fixtures/guests/kvm/2.6.25/conformance.elf");
	snprintf(img_new, sizeof(img_new), "fixtures/guests/kvm/3.6.0/conformance.elf");
	n += (size_t)snprintf(json + n, sizeof(json) - n, "{\"bench\": \"kvm\", \"runs\": %d, "
			      "\"engines\": {", runs);
	for (e = 0; e < 2; e++) {
		struct work w[NWORK] = { { "empty", empty, NULL, { 0 }, 0 },
					 { "old", img_old, "current", { 0 }, 0 },
					 { "new", img_new, "current", { 0 }, 0 },
					 { "new-3.1", img_new, "3.1.0", { 0 }, 0 } };

		if (measure(engines[e], w, runs)) {
			printf("%-9s failed (a run did not exit 0: no /dev/kvm or QEMU here?)\n",
			       engines[e]);
			continue;
		}
		printf("%-9s empty %.1f ms; KVM cell: old %.1f ms (%.2fx), new %.1f ms (%.2fx), "
		       "new on 3.1 %.1f ms (%.2fx)\n", engines[e], w[0].median, w[1].median,
		       w[1].median / w[0].median, w[2].median, w[2].median / w[0].median,
		       w[3].median, w[3].median / w[0].median);
		n += (size_t)snprintf(json + n, sizeof(json) - n, "%s\"%s\": {", e ? ", " : "",
				      engines[e]);
		for (k = 0; k < NWORK && n < sizeof(json); k++)
			n += (size_t)snprintf(json + n, sizeof(json) - n,
					      "%s\"%s_ms\": %.1f, \"%s_ratio\": %.2f", k ? ", " : "",
					      w[k].name, w[k].median, w[k].name,
					      w[k].median / w[0].median);
		n += (size_t)snprintf(json + n, sizeof(json) - n, "}");
	}
	whole = matrix_ms();
	printf("whole KVM matrix (102 cells, 3 engines, --jobs 2): %.0f ms; load %.1f -> %.1f\n",
	       whole, load0, pvabi_bench_load1());
	n += (size_t)snprintf(json + n, sizeof(json) - n, "}, \"matrix_cells\": 102, "
			      "\"matrix_jobs\": 2, \"matrix_ms\": %.0f, \"loadavg_before\": %.2f, "
			      "\"loadavg_after\": %.2f, \"cores\": %ld}\n", whole, load0, pvabi_bench_load1(),
			      sysconf(_SC_NPROCESSORS_ONLN));
	if (getenv("PVABI_BENCH_RESULTS") && n < sizeof(json)) {
		char path[1100], err[256];

		snprintf(path, sizeof(path), "%s/kvm.json", getenv("PVABI_BENCH_RESULTS"));
		if (pvabi_afile_write(path, json, n, err, sizeof(err)))
			fprintf(stderr, "bench-kvm: %s\n", err);
	}
	return 0;
}
