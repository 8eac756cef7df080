/* The feature axis's cost: the reference matrix on the auto engine with
 * --jobs 2, without the axis (the image x platform cells) and with it,
 * runs interleaved so both see the same load on a shared machine; the
 * median of three each. The targets (docs/matrix.md): the matrix with
 * the axis under 10 s, without it no slower than before the axis. On a
 * shared machine wall time follows the other tenants' load, so the CPU
 * time of the runs (every process of the matrix, QEMU included) is
 * recorded too: on an idle 2-core host --jobs 2 takes about half of it.
 * Writes $PVABI_BENCH_RESULTS/feature-axis.json. Needs PVABI_BUILD (or
 * runs from the source tree with build/). */
#include "util/afile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define RUNS 3

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

static const char *const variant_opt[2] = { "--no-feature-axis", "" };

static int cells(int axis)
{
	char cmd[2048], line[4096];
	int n = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "'%s/pvabi' matrix --list --engine auto %s 2>/dev/null",
		 build_dir(), variant_opt[axis]);
	if (!(p = popen(cmd, "r")))
		return -1;
	while (fgets(line, sizeof(line), p))
		n += strstr(line, "\"id\":") != NULL;
	return pclose(p) == 0 ? n : -1;
}

/* CPU seconds of every child that ended so far. */
static double child_cpu(void)
{
	struct rusage u;

	getrusage(RUSAGE_CHILDREN, &u);
	return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 +
	       (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec / 1e6;
}

/* Wall seconds of one green run, or -1; its CPU seconds in *cpu. */
static double wall(int axis, double *cpu)
{
	char cmd[2048];
	double t0, c0 = child_cpu();
	int rc;

	snprintf(cmd, sizeof(cmd), "'%s/pvabi' matrix --quiet --engine auto --jobs 2 %s "
		 "--out '%s/bench-feature-out' > /dev/null 2>&1", build_dir(), variant_opt[axis],
		 build_dir());
	t0 = now_s();
	rc = system(cmd);
	*cpu = child_cpu() - c0;
	return rc == 0 ? now_s() - t0 : -1;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double load1(void)
{
	double l = -1;
	FILE *f = fopen("/proc/loadavg", "r");

	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

int main(void)
{
	const char *dir = getenv("PVABI_BENCH_RESULTS");
	double t[2][RUNS], c[2][RUNS], load = load1(), w;
	int n[2] = { cells(0), cells(1) }, k, v;
	struct pvabi_afile a;
	char path[1024];

	if (n[0] <= 0 || n[1] <= 0) {
		printf("feature axis: cannot list the matrix on the auto engine\n");
		return 1;
	}
	wall(1, &w); /* warm: the engine choice, the page cache */
	for (k = 0; k < RUNS; k++)
		for (v = 0; v < 2; v++)
			if ((t[v][k] = wall(v, &c[v][k])) < 0) {
				printf("feature axis: a run did not finish green\n");
				return 1;
			}
	for (v = 0; v < 2; v++) {
		qsort(t[v], RUNS, sizeof(double), cmp_d);
		qsort(c[v], RUNS, sizeof(double), cmp_d);
	}
	printf("feature axis (auto engine, --jobs 2, median of %d): %d cells %.2f s without, "
	       "%d cells %.2f s with (%.2fx); cpu %.2f s without, %.2f s with (%.2fx); load %.2f\n",
	       RUNS, n[0], t[0][RUNS / 2], n[1], t[1][RUNS / 2], t[1][RUNS / 2] / t[0][RUNS / 2],
	       c[0][RUNS / 2], c[1][RUNS / 2], c[1][RUNS / 2] / c[0][RUNS / 2], load);
	if (!dir)
		return 0;
	snprintf(path, sizeof(path), "%s/feature-axis.json", dir);
	if (pvabi_afile_open(&a, path, NULL, 0))
		return 1;
	fprintf(a.f, "{\"bench\": \"feature-axis\", \"engine\": \"auto\", \"jobs\": 2, "
		     "\"runs\": %d, \"load1_before\": %.2f, \"without\": {\"cells\": %d, \"median_s\": "
		     "%.3f, \"min_s\": %.3f, \"max_s\": %.3f, \"cpu_s\": %.3f}, \"with\": "
		     "{\"cells\": %d, \"median_s\": %.3f, \"min_s\": %.3f, \"max_s\": %.3f, "
		     "\"cpu_s\": %.3f}, \"ratio\": %.3f, \"cpu_ratio\": %.3f}\n",
		RUNS, load, n[0], t[0][RUNS / 2], t[0][0], t[0][RUNS - 1], c[0][RUNS / 2], n[1],
		t[1][RUNS / 2], t[1][0], t[1][RUNS - 1], c[1][RUNS / 2],
		t[1][RUNS / 2] / t[0][RUNS / 2], c[1][RUNS / 2] / c[0][RUNS / 2]);
	return pvabi_afile_commit(&a, NULL, 0) ? 1 : 0;
}
