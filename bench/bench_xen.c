/* The xen engine on every cached Xen release: a conformance cell (the
 * frozen 4.14.0 Xen image, 16 checks of real hypercalls, told the
 * release's values from the registry as the Xen matrix tells it) and a
 * probe cell (guest/xen/probe.elf) and the generated suite of the
 * newest interface version (build/guest/xen/4.14.0/suite.elf: vectors,
 * scenarios, and the event scenarios' bounded waits) against the empty Xen guest
 * (guest/xen/empty.elf: Xen's boot, the first domain's construction, the
 * hypercall page and the exit), all booted in turns in the same run,
 * medians of RUNS each; then 2 x RUNS probe cells on one worker and on
 * two at once (what `--jobs 2` gives a Xen matrix on two cores); then the
 * whole Xen matrix (ci/xen-matrix: every frozen Xen image on every cached
 * release) with --jobs 1 and --jobs 2, and the load average before each
 * part. Writes $PVABI_BENCH_RESULTS/xen.json. */
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

#define RUNS 5

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

/* One boot to a PASS exit; its wall time in s, or -1 (saying why).
 * image is under the build's guest/xen/, or a path when it has a
 * slash. */
static double boot(const char *xen, const char *image, const char *cmdline)
{
	struct pvabi_engine_cfg cfg;
	struct pvabi_engine_result r;
	char path[1024];

	if (strchr(image, '/'))
		snprintf(path, sizeof(path), "%s", image);
	else
		snprintf(path, sizeof(path), "%s/guest/xen/%s", build_dir(), image);
	memset(&cfg, 0, sizeof(cfg));
	cfg.image = path;
	cfg.cmdline = cmdline;
	cfg.timeout_ms = 60000;
	cfg.hypervisor = xen;
	if (pvabi_engine_xen.run(&cfg, &r) || r.outcome != PVABI_RUN_EXITED || r.exit_value != 0x20) {
		printf("xen: %s did not exit PASS: %s\n", image, r.reason);
		return -1;
	}
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
			int i;

			for (i = w; i < n; i += workers)
				if (boot(xen, "probe.elf", NULL) < 0)
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
	pvabi_bench_sort(v, RUNS);
	return v[RUNS / 2];
}

static int one_release(const struct pvabi_xen_release *x, FILE *f, int first)
{
	double empty[RUNS], probe[RUNS], conf[RUNS], suite[RUNS], one, two, e, p, c, s;
	double load = pvabi_bench_load1();
	char image[1100], suite_elf[1100], cmdline[256];
	int i;

	snprintf(image, sizeof(image), "%s/fixtures/guests/xen/4.14.0/conformance.elf", src_dir());
	snprintf(suite_elf, sizeof(suite_elf), "%s/guest/xen/4.14.0/suite.elf", build_dir());
	conformance_cmdline(x, cmdline, sizeof(cmdline));
	for (i = 0; i < RUNS; i++) {
		empty[i] = boot(x->path, "empty.elf", NULL);
		conf[i] = boot(x->path, image, cmdline);
		probe[i] = boot(x->path, "probe.elf", NULL);
		/* the newest generated suite: vectors, scenarios, event waits */
		suite[i] = boot(x->path, suite_elf, NULL);
		if (empty[i] < 0 || probe[i] < 0 || conf[i] < 0 || suite[i] < 0) {
			printf("xen %s: a boot did not exit PASS\n", x->name);
			return -1;
		}
	}
	e = median(empty);
	p = median(probe);
	c = median(conf);
	s = median(suite);
	one = cells(x->path, 2 * RUNS, 1);
	two = cells(x->path, 2 * RUNS, 2);
	printf("xen %s (load %.1f): conformance cell %.2f s, suite cell %.2f s, probe cell %.2f s "
	       "vs empty guest %.2f s (%.2fx, %.2fx, %.2fx; medians of %d); %d probe cells: "
	       "1 worker %.1f s, 2 workers %.1f s (%.2fx faster)\n", x->name, load, c, s, p, e,
	       c / e, s / e, p / e, RUNS, 2 * RUNS, one, two, two > 0 ? one / two : 0);
	if (f) {
		/* the name is a directory of the Xen cache, any bytes */
		fprintf(f, "%s{\"release\": ", first ? "" : ", ");
		pvabi_json_str(f, x->name);
		fprintf(f, ", \"load1\": %.2f, \"conformance_cell_s\": %.3f, \"suite_cell_s\": %.3f, "
			   "\"probe_cell_s\": %.3f, \"empty_guest_s\": %.3f, \"conformance_ratio\": %.3f, "
			   "\"suite_ratio\": %.3f, \"ratio\": %.3f, \"cells\": %d, \"jobs1_s\": %.3f, "
			   "\"jobs2_s\": %.3f}",
			load, c, s, p, e, c / e, s / e, p / e, 2 * RUNS, one, two);
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

int main(void)
{
	struct pvabi_xen_release r[PVABI_XEN_MAX_RELEASES];
	const char *dir = getenv("PVABI_BENCH_RESULTS");
	char path[1024], why[512];
	struct pvabi_afile a;
	FILE *f = NULL;
	int k, i, first = 1;

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
		fprintf(f, "{\"bench\": \"xen\", \"cores\": %ld, \"releases\": [",
			sysconf(_SC_NPROCESSORS_ONLN));
	for (i = 0; i < k; i++)
		if (one_release(&r[i], f, first) == 0)
			first = 0;
	{
		double l1 = pvabi_bench_load1(), one = k ? xen_matrix(1) : -1, l2 = pvabi_bench_load1();
		double two = one > 0 ? xen_matrix(2) : -1;

		if (one > 0 && two > 0)
			printf("xen matrix (load %.1f, %.1f): --jobs 1 %.1f s, --jobs 2 %.1f s\n", l1, l2,
			       one, two);
		else
			printf("xen matrix: skipped (no frozen Xen image or no Xen release)\n");
		if (f) {
			fprintf(f, "], \"matrix_load1\": [%.2f, %.2f], \"matrix_jobs1_s\": %.3f, "
				   "\"matrix_jobs2_s\": %.3f}\n", l1, l2, one, two);
			pvabi_afile_commit(&a, NULL, 0);
		}
	}
	return 0;
}
