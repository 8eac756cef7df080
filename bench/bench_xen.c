/* The xen engine on every cached Xen release, on both clocks it can give
 * Xen (QEMU's instruction count, the default, and the host's time,
 * PVABI_XEN_ICOUNT=off) in turns: a conformance cell (the frozen 4.14.0
 * Xen image, 16 checks of real hypercalls, told the release's values
 * from the registry as the Xen matrix tells it), a probe cell
 * (guest/xen/probe.elf) and the generated suite of the newest interface
 * version (build/guest/xen/4.14.0/suite.elf: vectors, scenarios, and the
 * event scenarios' bounded waits) against the empty Xen guest
 * (guest/xen/empty.elf: Xen's boot, the first domain's construction, the
 * hypercall page and the exit), each clock's boots one after the other
 * in every turn, medians of RUNS each, wall and QEMU's CPU time; then
 * 2 x RUNS probe cells on one worker and on two at once (what `--jobs 2`
 * gives a Xen matrix on two cores) on each clock; then the whole Xen
 * matrix (ci/xen-matrix, its default rows) with --jobs 1 and --jobs 2,
 * and --jobs 2 on host time, with the load average before each part.
 * Writes $PVABI_BENCH_RESULTS/xen.json. */
#include "bench/measure.h"
#include "abi/registry.h"
#include "conformance/engine.h"
#include "conformance/xen_build.h"
#include "util/afile.h"
#include "util/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Turns per release: RUNS, or fewer (PVABI_BENCH_XEN_RUNS, 1 to RUNS)
 * when a loaded host makes each boot take seconds; the probe cells on
 * one and two workers unless PVABI_BENCH_XEN_CELLS=0, and the Xen
 * matrix unless PVABI_BENCH_XEN_MATRIX=0 (three whole matrices); a part
 * left out is recorded as -1. */
#define RUNS 5
static int runs = RUNS, cells_on = 1;

static const char *build_dir(void)
{
	const char *b = getenv("PVABI_BUILD");

	return b && *b ? b : "build";
}

static const char *src_dir(void)
{
	const char *s = getenv("PVABI_SRC");

	return s && *s ? s : ".";
}

/* The clocks the xen engine can give Xen, measured in turns: QEMU's
 * instruction count (the engine's default, -icount shift=4,sleep=off,
 * or the shift PVABI_XEN_ICOUNT names when this bench starts) and the
 * host's (PVABI_XEN_ICOUNT=off), on which the earlier figures were
 * taken. */
#define NCLOCKS 2
static const char *clock_name[NCLOCKS] = { "icount", "host" };
static const char *clock_env[NCLOCKS] = { NULL, "off" };

static void clock_use(int c)
{
	if (clock_env[c])
		setenv("PVABI_XEN_ICOUNT", clock_env[c], 1);
	else
		unsetenv("PVABI_XEN_ICOUNT");
}

/* One boot to a PASS exit; its wall time in s, or -1 (saying why), and
 * the CPU seconds of its QEMU in *cpu. image is under the build's
 * guest/xen/, or a path when it has a slash. */
static double boot(const char *xen, const char *image, const char *cmdline, double *cpu)
{
	struct pvabi_engine_cfg cfg;
	struct pvabi_engine_result r;
	double c0 = pvabi_bench_child_cpu_s();
	char path[1024];

	if (strchr(image, '/'))
		snprintf(path, sizeof(path), "%s", image);
	else
		snprintf(path, sizeof(path), "%s/guest/xen/%s", build_dir(), image);
	memset(&cfg, 0, sizeof(cfg));
	cfg.image = path;
	cfg.cmdline = cmdline;
	/* a loaded host gives QEMU a fraction of a core: the 4.14.0 suite
	 * took over 60 s at a load of 23 on 2 cores */
	cfg.timeout_ms = 300000;
	cfg.hypervisor = xen;
	if (pvabi_engine_xen.run(&cfg, &r) || r.outcome != PVABI_RUN_EXITED || r.exit_value != 0x20) {
		printf("xen: %s did not exit PASS: %s\n", image, r.reason);
		return -1;
	}
	*cpu = pvabi_bench_child_cpu_s() - c0;
	return r.run_ms / 1e3;
}

/* n probe cells on `workers` processes at once; wall time, or -1. */
static double cells(const char *xen, int n, int workers)
{
	double t0 = (pvabi_bench_now_ms() / 1e3);
	int w, st, ok = 1;

	fflush(NULL);
	for (w = 0; w < workers; w++)
		if (fork() == 0) {
			double cpu;
			int i;

			for (i = w; i < n; i += workers)
				if (boot(xen, "probe.elf", NULL, &cpu) < 0)
					_exit(1);
			_exit(0);
		}
	for (w = 0; w < workers; w++)
		ok &= wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	return ok ? (pvabi_bench_now_ms() / 1e3) - t0 : -1;
}

/* What the Xen matrix tells the 4.14.0 image on release x (it calls no
 * op the spec keeps from PVH guests), from the registry's entry. */
static void conformance_cmdline(const struct pvabi_xen_release *x, char *buf, size_t n)
{
	struct pvabi_diags d = { 0 };
	char reg[1024];
	struct pvabi_registry *r;
	const struct pvabi_reg_release *rl;
	size_t i;

	snprintf(reg, sizeof(reg), "%s/spec/xen-versions.xml", src_dir());
	r = pvabi_registry_load(reg, &d);
	rl = r ? pvabi_registry_release(r, x->name) : NULL;
	*buf = '\0';
	if (rl) {
		size_t k = (size_t)snprintf(buf, n, "version=%s extraversion=%s", rl->code,
					    rl->extraversion ? rl->extraversion : "");

		for (i = 0; i < rl->nguests && k < n; i++)
			if (!strcmp(rl->guests[i].type, "pvh") && rl->guests[i].features0)
				snprintf(buf + k, n - k, " features0=%s", rl->guests[i].features0);
	}
	pvabi_registry_free(r);
	pvabi_diag_free(&d);
}

static double median(double *v)
{
	pvabi_bench_sort(v, (size_t)runs);
	return v[runs / 2];
}

/* The images each clock boots in turns: the empty guest (the baseline),
 * the frozen 4.14.0 image, the probe and the newest generated suite
 * (vectors, scenarios, the event scenarios' bounded waits). */
enum { IMG_EMPTY, IMG_CONF, IMG_PROBE, IMG_SUITE, NIMG };
static const char *const img_key[NIMG] = { "empty_guest", "conformance_cell", "probe_cell",
					   "suite_cell" };

/* Medians of one clock on one release: wall and CPU seconds per image,
 * probe cells on one and two workers. */
struct clock_fig {
	double wall[NIMG], cpu[NIMG], one, two;
};

static void print_clock(const struct pvabi_xen_release *x, int c, const struct clock_fig *k)
{
	const double *w = k->wall, e = k->wall[IMG_EMPTY];

	printf("xen %s, %s time: conformance cell %.2f s, suite cell %.2f s, probe cell %.2f s "
	       "vs empty guest %.2f s (%.2fx, %.2fx, %.2fx; medians of %d); CPU %.2f, %.2f, %.2f "
	       "vs %.2f s; %d probe cells: 1 worker %.1f s, 2 workers %.1f s\n", x->name,
	       clock_name[c], w[IMG_CONF], w[IMG_SUITE], w[IMG_PROBE], e, w[IMG_CONF] / e,
	       w[IMG_SUITE] / e, w[IMG_PROBE] / e, runs, k->cpu[IMG_CONF], k->cpu[IMG_SUITE],
	       k->cpu[IMG_PROBE], k->cpu[IMG_EMPTY], 2 * runs, k->one, k->two);
}

static void json_clock(FILE *f, int c, const struct clock_fig *k)
{
	int j;

	fprintf(f, "%s{\"clock\": \"%s\"", c ? ", " : "", clock_name[c]);
	for (j = 0; j < NIMG; j++)
		fprintf(f, ", \"%s_s\": %.3f, \"%s_cpu_s\": %.3f, \"%s_ratio\": %.3f", img_key[j],
			k->wall[j], img_key[j], k->cpu[j], img_key[j], k->wall[j] / k->wall[IMG_EMPTY]);
	fprintf(f, ", \"runs\": %d, \"cells\": %d, \"jobs1_s\": %.3f, \"jobs2_s\": %.3f}", runs,
		2 * runs, k->one, k->two);
}

static int one_release(const struct pvabi_xen_release *x, FILE *f, int first)
{
	double wall[NCLOCKS][NIMG][RUNS], cpu[NCLOCKS][NIMG][RUNS];
	double load = pvabi_bench_load1(), load2;
	struct clock_fig k[NCLOCKS];
	char conf[1100], suite[1100], cmdline[256];
	const char *image[NIMG] = { "empty.elf", conf, "probe.elf", suite };
	int i, c, j;

	snprintf(conf, sizeof(conf), "%s/fixtures/guests/xen/4.14.0/conformance.elf", src_dir());
	snprintf(suite, sizeof(suite), "%s/guest/xen/4.14.0/suite.elf", build_dir());
	conformance_cmdline(x, cmdline, sizeof(cmdline));
	for (i = 0; i < runs; i++)
		for (c = 0; c < NCLOCKS; c++) {
			clock_use(c);
			for (j = 0; j < NIMG; j++)
				if ((wall[c][j][i] = boot(x->path, image[j], j == IMG_CONF ? cmdline : NULL,
							  &cpu[c][j][i])) < 0) {
					printf("xen %s: a boot did not exit PASS\n", x->name);
					return -1;
				}
		}
	for (c = 0; c < NCLOCKS; c++)
		for (j = 0; j < NIMG; j++) {
			k[c].wall[j] = median(wall[c][j]);
			k[c].cpu[j] = median(cpu[c][j]);
		}
	for (c = 0; c < NCLOCKS; c++) {
		clock_use(c);
		k[c].one = cells_on ? cells(x->path, 2 * runs, 1) : -1;
	}
	for (c = 0; c < NCLOCKS; c++) {
		clock_use(c);
		k[c].two = cells_on ? cells(x->path, 2 * runs, 2) : -1;
	}
	load2 = pvabi_bench_load1();
	printf("xen %s (load %.1f to %.1f):\n", x->name, load, load2);
	for (c = 0; c < NCLOCKS; c++)
		print_clock(x, c, &k[c]);
	if (f) {
		/* the name is a directory of the Xen cache, any bytes */
		fprintf(f, "%s{\"release\": ", first ? "" : ", ");
		pvabi_json_str(f, x->name);
		fprintf(f, ", \"load1\": [%.2f, %.2f], \"clocks\": [", load, load2);
		for (c = 0; c < NCLOCKS; c++)
			json_clock(f, c, &k[c]);
		fputs("]}", f);
	}
	return 0;
}

/* Wall time of the Xen matrix with --jobs n, or -1 when it could not run
 * (exit 0 or 1 both mean it ran every cell: 1 is a cell against its
 * prediction). */
static double xen_matrix(unsigned int jobs)
{
	char cmd[4096];
	double t0 = (pvabi_bench_now_ms() / 1e3);
	int rc;

	snprintf(cmd, sizeof(cmd), "'%s/ci/xen-matrix' --jobs %u --pvabi '%s/pvabi' "
		 "--out '%s/bench-xen-matrix' >/dev/null 2>&1", src_dir(), jobs, build_dir(),
		 build_dir());
	rc = system(cmd);
	if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) > 1)
		return -1;
	return (pvabi_bench_now_ms() / 1e3) - t0;
}

/* The Xen matrix with --jobs 1 and 2 on instruction-count time, then
 * --jobs 2 on host time, into f's closing fields. */
static void matrices(FILE *f, int k)
{
	double l[3], t[3];
	static const unsigned int jobs[3] = { 1, 2, 2 };
	static const int clock[3] = { 0, 0, 1 };
	int i;

	for (i = 0; i < 3; i++) {
		clock_use(clock[i]);
		l[i] = pvabi_bench_load1();
		t[i] = k && (i == 0 || t[i - 1] > 0) && strcmp(pvabi_bench_env("PVABI_BENCH_XEN_MATRIX",
									      "1"), "0")
			       ? xen_matrix(jobs[i]) : -1;
	}
	if (t[2] > 0)
		printf("xen matrix (load %.1f, %.1f, %.1f): --jobs 1 %.1f s, --jobs 2 %.1f s; host "
		       "time --jobs 2 %.1f s\n", l[0], l[1], l[2], t[0], t[1], t[2]);
	else
		printf("xen matrix: skipped (PVABI_BENCH_XEN_MATRIX=0, or no frozen Xen image or "
		       "no Xen release)\n");
	if (f)
		fprintf(f, "], \"matrix_load1\": [%.2f, %.2f, %.2f], \"matrix_jobs1_s\": %.3f, "
			   "\"matrix_jobs2_s\": %.3f, \"matrix_host_jobs2_s\": %.3f}\n", l[0], l[1],
			l[2], t[0], t[1], t[2]);
}

int main(void)
{
	struct pvabi_xen_release r[PVABI_XEN_MAX_RELEASES];
	const char *dir = getenv("PVABI_BENCH_RESULTS"), *env = getenv("PVABI_XEN_ICOUNT");
	char path[1024], why[512];
	struct pvabi_afile a;
	FILE *f = NULL;
	int k, i, first = 1;

	/* a shift given to the bench is the one measured as instruction time */
	if (env && *env && strcmp(env, "off"))
		clock_env[0] = env;
	runs = atoi(pvabi_bench_env("PVABI_BENCH_XEN_RUNS", "5"));
	cells_on = strcmp(pvabi_bench_env("PVABI_BENCH_XEN_CELLS", "1"), "0") != 0;
	if (runs < 1 || runs > RUNS)
		runs = RUNS;
	if (pvabi_engine_xen.probe(why, sizeof(why))) {
		printf("xen: skipped: %s\n", why);
		return 0;
	}
	k = pvabi_xen_releases(r, PVABI_XEN_MAX_RELEASES);
	if (dir && k) {
		snprintf(path, sizeof(path), "%s/xen.json", dir);
		f = pvabi_afile_open(&a, path, NULL, 0) ? NULL : a.f;
	}
	if (f)
		fprintf(f, "{\"bench\": \"xen\", \"cores\": %ld, \"icount\": \"%s\", "
			   "\"releases\": [", sysconf(_SC_NPROCESSORS_ONLN),
			clock_env[0] ? clock_env[0] : "engine default");
	for (i = 0; i < k; i++)
		if (one_release(&r[i], f, first) == 0)
			first = 0;
	matrices(f, k);
	if (f)
		pvabi_afile_commit(&a, NULL, 0);
	return 0;
}
