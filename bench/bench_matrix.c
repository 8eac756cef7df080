/* The full reference matrix, timed on every engine that runs here, against
 * a baseline measured in the same run: the same number of empty-guest
 * boots on that engine, one after the other. Two ratios:
 *   serial   matrix wall time with --jobs 1 / sum of the empty boots
 *            (what the runner, the platform and the guests' checks add)
 *   parallel matrix wall time with --jobs = cores / the same sum
 * Writes $PVABI_BENCH_RESULTS/matrix.json. Needs PVABI_BUILD and PVABI_SRC
 * (or runs from the source tree with build/). */
#include "conformance/engine.h"
#include "util/afile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const char *build_dir(void)
{
	const char *b = getenv("PVABI_BUILD");

	return b && *b ? b : "build";
}

/* The cell count of the matrix, from --list. */
static int cells(const char *engine)
{
	char cmd[2048], line[4096];
	int n = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "'%s/pvabi' matrix --list --engine %s", build_dir(), engine);
	if (!(p = popen(cmd, "r")))
		return -1;
	while (fgets(line, sizeof(line), p))
		n += strstr(line, "\"id\":") != NULL;
	return pclose(p) == 0 ? n : -1;
}

static double matrix_wall(const char *engine, unsigned int jobs)
{
	char cmd[2048];
	double t0;
	int rc;

	snprintf(cmd, sizeof(cmd), "'%s/pvabi' matrix --quiet --engine %s --jobs %u "
		 "--out '%s/bench-matrix-out' > /dev/null 2>&1", build_dir(), engine, jobs, build_dir());
	t0 = now_s();
	rc = system(cmd);
	return rc == 0 ? now_s() - t0 : -1;
}

static double empty_boots(const struct pvabi_engine *e, int n)
{
	struct pvabi_engine_cfg cfg;
	struct pvabi_engine_result r;
	char image[1024];
	double t0;
	int i;

	snprintf(image, sizeof(image), "%s/guest/empty.elf", build_dir());
	memset(&cfg, 0, sizeof(cfg));
	cfg.image = image;
	cfg.timeout_ms = 20000;
	cfg.doorbell_port = 0x2f8;
	t0 = now_s();
	for (i = 0; i < n; i++)
		if (e->run(&cfg, &r) || r.outcome != PVABI_RUN_EXITED)
			return -1;
	return now_s() - t0;
}

int main(void)
{
	const char *dir = getenv("PVABI_BENCH_RESULTS");
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	char path[1024], why[256];
	struct pvabi_afile a;
	FILE *f = NULL;
	size_t i;
	int first = 1;

	if (dir) {
		snprintf(path, sizeof(path), "%s/matrix.json", dir);
		f = pvabi_afile_open(&a, path, NULL, 0) ? NULL : a.f;
	}
	if (f)
		fprintf(f, "{\"bench\": \"matrix\", \"cores\": %ld, \"engines\": [", cores);
	for (i = 0; pvabi_engines[i]; i++) {
		const struct pvabi_engine *e = pvabi_engines[i];
		int n;
		double base, serial, par;

		/* Not the reference ABI's engine: bench-xen times it. */
		if (e->real_hypervisor)
			continue;
		n = cells(e->name);
		if (e->probe(why, sizeof(why)) || n <= 0) {
			printf("%-9s skipped: %s\n", e->name, n <= 0 ? "cannot list the matrix" : why);
			continue;
		}
		base = empty_boots(e, n);
		serial = matrix_wall(e->name, 1);
		par = matrix_wall(e->name, (unsigned int)(cores < 1 ? 1 : cores));
		if (base <= 0 || serial <= 0 || par <= 0) {
			printf("%-9s failed (a run did not finish green)\n", e->name);
			continue;
		}
		printf("%-9s %d cells: empty boots %.2f s; matrix --jobs 1 %.2f s (%.2fx), "
		       "--jobs %ld %.2f s (%.2fx)\n", e->name, n, base, serial, serial / base,
		       cores, par, par / base);
		if (f)
			fprintf(f, "%s{\"engine\": \"%s\", \"cells\": %d, \"empty_boots_s\": %.3f, "
				   "\"serial_s\": %.3f, \"serial_ratio\": %.3f, \"parallel_s\": %.3f, "
				   "\"parallel_ratio\": %.3f}", first ? "" : ", ", e->name, n, base,
				serial, serial / base, par, par / base);
		first = 0;
	}
	if (f) {
		fprintf(f, "]}\n");
		pvabi_afile_commit(&a, NULL, 0);
	}
	return 0;
}
