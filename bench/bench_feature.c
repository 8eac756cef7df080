/* The feature axis's cost: the reference matrix on the auto engine with
 * --jobs 2, without the axis (the image x platform cells) and with it,
 * runs interleaved so both see the same load on a shared machine; the
 * median of three each. Each round also boots the empty guest once per
 * cell of the smaller matrix, one after the other, on the engine auto
 * picks: the baseline the ratios are taken against, measured in the same
 * run (the matrix's figure, bench-matrix, is taken the same way). The targets (docs/matrix.md): the matrix with
 * the axis under 10 s, without it no slower than before the axis. On a
 * shared machine wall time follows the other tenants' load, so the CPU
 * time of the runs (every process of the matrix, QEMU included) is
 * recorded too: on an idle 2-core host --jobs 2 takes about half of it.
 * Writes $PVABI_BENCH_RESULTS/feature-axis.json. Needs PVABI_BUILD (or
 * runs from the source tree with build/). */
#include "bench/measure.h"
#include "util/afile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS 3

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

/* Wall seconds of one green run, or -1; its CPU seconds in *cpu. */
static double wall(int axis, double *cpu)
{
	char cmd[2048];
	double t0, c0 = pvabi_bench_child_cpu_s();
	int rc;

	snprintf(cmd, sizeof(cmd), "'%s/pvabi' matrix --quiet --engine auto --jobs 2 %s "
		 "--out '%s/bench-feature-out' > /dev/null 2>&1", build_dir(), variant_opt[axis],
		 build_dir());
	t0 = (pvabi_bench_now_ms() / 1e3);
	rc = system(cmd);
	*cpu = pvabi_bench_child_cpu_s() - c0;
	return rc == 0 ? (pvabi_bench_now_ms() / 1e3) - t0 : -1;
}

/* Wall seconds of n empty-guest boots in a row, or -1; the engine auto
 * picked in engine. */
static double empty_boots(int n, char *engine, size_t len)
{
	char cmd[2048], line[512];
	double t0 = (pvabi_bench_now_ms() / 1e3);
	const char *e;
	FILE *p;
	int i, bad = 0;

	snprintf(cmd, sizeof(cmd), "'%s/pvabi' run --engine auto '%s/guest/empty.elf' 2>/dev/null",
		 build_dir(), build_dir());
	for (i = 0; i < n; i++) {
		if (!(p = popen(cmd, "r")))
			return -1;
		while (fgets(line, sizeof(line), p))
			if ((e = strstr(line, "# run: engine=")))
				snprintf(engine, len, "%.*s", (int)strcspn(e + 14, " \n"), e + 14);
		bad |= pclose(p) != 0;
	}
	return bad ? -1 : (pvabi_bench_now_ms() / 1e3) - t0;
}

int main(void)
{
	const char *dir = getenv("PVABI_BENCH_RESULTS");
	double t[2][RUNS], c[2][RUNS], base[RUNS], load = pvabi_bench_load1(), load_end, w, b, r0, r1;
	int n[2] = { cells(0), cells(1) }, k, v;
	char path[1024], engine[32] = "?";
	struct pvabi_afile a;

	if (n[0] <= 0 || n[1] <= 0) {
		printf("feature axis: cannot list the matrix on the auto engine\n");
		return 1;
	}
	wall(1, &w); /* warm: the engine choice, the page cache */
	for (k = 0; k < RUNS; k++) {
		for (v = 0; v < 2; v++)
			if ((t[v][k] = wall(v, &c[v][k])) < 0) {
				printf("feature axis: a run did not finish green\n");
				return 1;
			}
		if ((base[k] = empty_boots(n[0], engine, sizeof(engine))) < 0) {
			printf("feature axis: an empty boot failed\n");
			return 1;
		}
	}
	load_end = pvabi_bench_load1();
	for (v = 0; v < 2; v++) {
		pvabi_bench_sort(t[v], RUNS);
		pvabi_bench_sort(c[v], RUNS);
	}
	pvabi_bench_sort(base, RUNS);
	b = base[RUNS / 2];
	/* per cell against per empty boot */
	r0 = t[0][RUNS / 2] / b;
	r1 = t[1][RUNS / 2] / n[1] / (b / n[0]);
	printf("feature axis (auto engine: %s, --jobs 2, median of %d): %d cells %.2f s without "
	       "(%.2fx %d empty boots), %d cells %.2f s with (%.2fx as many); cpu %.2f s without, "
	       "%.2f s with; load %.2f, %.2f after\n",
	       engine, RUNS, n[0], t[0][RUNS / 2], r0, n[0], n[1], t[1][RUNS / 2], r1, c[0][RUNS / 2],
	       c[1][RUNS / 2], load, load_end);
	if (!dir)
		return 0;
	snprintf(path, sizeof(path), "%s/feature-axis.json", dir);
	if (pvabi_afile_open(&a, path, NULL, 0))
		return 1;
	fprintf(a.f, "{\"bench\": \"feature-axis\", \"engine\": \"auto\", \"picked\": \"%s\", "
		     "\"jobs\": 2, \"runs\": %d, \"load1_before\": %.2f, \"load1_after\": %.2f, "
		     "\"empty_boots\": {\"boots\": %d, \"median_s\": %.3f}, "
		     "\"without\": {\"cells\": %d, \"median_s\": "
		     "%.3f, \"min_s\": %.3f, \"max_s\": %.3f, \"cpu_s\": %.3f, \"empty_ratio\": %.3f}, "
		     "\"with\": {\"cells\": %d, \"median_s\": %.3f, \"min_s\": %.3f, \"max_s\": %.3f, "
		     "\"cpu_s\": %.3f, \"empty_ratio\": %.3f}, \"ratio\": %.3f, \"cpu_ratio\": %.3f}\n",
		engine, RUNS, load, load_end, n[0], b, n[0], t[0][RUNS / 2], t[0][0], t[0][RUNS - 1],
		c[0][RUNS / 2], r0, n[1], t[1][RUNS / 2], t[1][0], t[1][RUNS - 1], c[1][RUNS / 2], r1,
		t[1][RUNS / 2] / t[0][RUNS / 2], c[1][RUNS / 2] / c[0][RUNS / 2]);
	return pvabi_afile_commit(&a, NULL, 0) ? 1 : 0;
}
