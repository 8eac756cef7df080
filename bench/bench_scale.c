/* Scaling of `pvabi check` (and of `pvabi diff` on the history shape) with
 * the size of a spec: for each shape of bench/synth_shapes.c, a spec of
 * 10,000, 100,000 and 1,000,000 items with a registry whose released
 * fingerprints are real, checked once per size.
 *
 * The baseline is the same shape's per-item time at the smallest size,
 * measured in the same run: the ratio of per-item times (largest / smallest)
 * stays near 1 when checking is linear, and grows with n when it is not.
 * Memory: peak RSS per item, compared the same way. Goal of the issue this
 * answers: 100,000 items under 2 s, 1,000,000 under 20 s on two cores.
 *
 * bench-scale [N...]                 sizes (default 10000 100000 1000000)
 * PVABI_SCALE_SHAPES=enum,ops        only these shapes
 * PVABI_SCALE_TIMEOUT=S              give up on one run after S s (default 300)
 * PVABI_SCALE_NAME=F                 results file (default scale.json)
 * Writes $PVABI_BENCH_RESULTS/scale.json. Never fails on timing; fails when
 * a check does not exit 0 (the synthetic specs are clean).
 *
 * bench/results/scale-before.json is this program's run against the
 * checker as it was before the work on scaling (PVABI_BIN pointing at
 * that build, sizes 10000 and 100000, PVABI_SCALE_TIMEOUT=150): the
 * figures the per-item ratios of scale.json are to be read against.
 * bench/results/scale-linear-before.json is the same for the second
 * round (the shapes history, revisions, waivers and diamond, against the
 * checker before the linear cycle check, layouts, waivers and
 * fingerprints): a run past the limit is recorded as a timeout and not
 * repeated. Both were measured before 'pvabi check' gained its coverage
 * pass. Most ops of these shapes have no vector: past PVABI_COVERAGE_FOLD
 * unchecked outputs the pass folds them into one warning per op, which
 * is what check prints here.
 *
 * What a check of 1,000,000 items spends its time on, in order: libxml2
 * building the document tree (about a quarter), the released revisions'
 * fingerprints (on two threads), the loader, the coverage pass and the
 * revision-by-revision comparison. The schema's one-pass check
 * (abi/xmlfast.h) and the pattern pass take about 3 %: libxml2's RelaxNG
 * validator, which took about a fifth, runs only on a document the pass
 * cannot vouch for (and always with check --strict). diff loads two
 * specs, one after the other. */
#include "bench/synth.h"
#include "util/afile.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_SIZES 8

struct point {
	long n;
	struct run chk, diff;
	int have_diff;
};

struct env {
	const char *bin, *res, *tmp;
	unsigned int timeout;
	long sizes[MAX_SIZES];
	int nsizes;
	struct pvabi_afile out;
	FILE *json;
	int failed;
};

static int wanted(const char *shape)
{
	const char *only = getenv("PVABI_SCALE_SHAPES");
	size_t n = strlen(shape);
	const char *p;

	if (!only || !*only)
		return 1;
	for (p = only; (p = strstr(p, shape)); p += n)
		if ((p == only || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

/* In a child of its own: the registry's fingerprints need the spec
 * loaded, and a child forked from a large process counts that process's
 * pages in its peak RSS. */
static int generate(const struct synth_shape *sh, const char *spec,
		    const char *reg, long n)
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(synth_shape_write(sh, spec, n) || synth_registry(spec, reg, sh->nrevs));
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* Best of three below 1,000,000 items, one run above: the large runs
 * are long enough that the machine's noise averages out. */
static int measure(struct env *e, const struct synth_shape *sh, long n,
		   struct point *pt)
{
	char spec[4096], reg[4096];
	int runs = n < 1000000 ? 3 : 1, rc = -1;

	snprintf(spec, sizeof(spec), "%s/scale-%s-%ld.xml", e->tmp, sh->name, n);
	snprintf(reg, sizeof(reg), "%s/scale-%s-%ld-registry.xml", e->tmp, sh->name, n);
	pt->n = n;
	pt->have_diff = !strcmp(sh->name, "history");
	if (generate(sh, spec, reg, n)) {
		fprintf(stderr, "bench-scale: cannot generate %s: %s\n", spec, strerror(errno));
		goto out;
	}
	{
		char *c[] = { (char *)e->bin, "check", "--spec", spec, "--registry", reg, NULL };
		char *d[] = { (char *)e->bin, "diff", spec, spec, NULL };

		if (synth_best_within(runs, e->timeout, c, &pt->chk) ||
		    (pt->have_diff && synth_best_within(runs, e->timeout, d, &pt->diff)))
			goto out;
	}
	rc = 0;
out:
	if (!getenv("PVABI_BENCH_KEEP")) {
		unlink(spec);
		unlink(reg);
	}
	return rc;
}

static const char *verdict(const struct run *r, unsigned int timeout)
{
	if (r->status == 128 + SIGALRM)
		return timeout ? "timeout" : "killed";
	return r->status == 0 ? "ok" : "failed";
}

static void report_run(struct env *e, const char *what, const struct run *r,
		       const struct run *base, long n, long n0, int last)
{
	double per = r->cpu / (double)n * 1e6, per0 = base->cpu / (double)n0 * 1e6;
	double kib = (double)r->maxrss_kib / (double)n * 1024.0;
	double kib0 = (double)base->maxrss_kib / (double)n0 * 1024.0;

	printf("  %-5s %8ld items: %8.3f s wall, %8.3f s cpu, %7.1f MiB, %s; per item %.2f us (x%.2f of %ld), %.0f B (x%.2f)\n",
	       what, n, r->wall, r->cpu, r->maxrss_kib / 1024.0, verdict(r, e->timeout),
	       per, per / per0, n0, kib, kib / kib0);
	fprintf(e->json, "{\"command\":\"%s\",\"items\":%ld,\"wall_seconds\":%.4f,\"cpu_seconds\":%.4f,"
			 "\"peak_rss_mib\":%.1f,\"exit\":%d,\"result\":\"%s\",\"us_per_item\":%.3f,"
			 "\"ratio_per_item_time\":%.3f,\"rss_bytes_per_item\":%.0f,\"ratio_rss_per_item\":%.3f}%s",
		what, n, r->wall, r->cpu, r->maxrss_kib / 1024.0, r->status, verdict(r, e->timeout),
		per, per / per0, kib, kib / kib0, last ? "" : ",\n    ");
	if (r->status != 0)
		e->failed = 1;
}

static void run_shape(struct env *e, const struct synth_shape *sh, int first)
{
	struct point pts[MAX_SIZES];
	int i, n = 0;

	printf("%s: %s, %d revisions\n", sh->name, sh->what, sh->nrevs);
	for (i = 0; i < e->nsizes; i++) {
		if (measure(e, sh, e->sizes[i], &pts[n])) {
			e->failed = 1;
			break;
		}
		n++;
		if (pts[n - 1].chk.status != 0)
			break; /* a larger size would only take longer */
	}
	fprintf(e->json, "%s\n  {\"shape\":\"%s\",\"what\":\"%s\",\"revisions\":%d,\"runs\":[\n    ",
		first ? "" : ",", sh->name, sh->what, sh->nrevs);
	for (i = 0; i < n; i++) {
		report_run(e, "check", &pts[i].chk, &pts[0].chk, pts[i].n, pts[0].n,
			   i == n - 1 && !pts[i].have_diff);
		if (pts[i].have_diff)
			report_run(e, "diff", &pts[i].diff, &pts[0].diff, pts[i].n, pts[0].n,
				   i == n - 1);
	}
	fprintf(e->json, "]}");
}

static int setup(struct env *e, int argc, char **argv)
{
	const char *t = getenv("PVABI_SCALE_TIMEOUT"), *name = getenv("PVABI_SCALE_NAME");
	char out[4096], err[512];
	int i;

	e->bin = getenv("PVABI_BIN") ? getenv("PVABI_BIN") : "pvabi";
	e->res = getenv("PVABI_BENCH_RESULTS") ? getenv("PVABI_BENCH_RESULTS") : ".";
	e->tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	e->timeout = t ? (unsigned int)strtoul(t, NULL, 10) : 300;
	for (i = 1; i < argc && e->nsizes < MAX_SIZES; i++)
		if ((e->sizes[e->nsizes++] = strtol(argv[i], NULL, 10)) < 100) {
			fprintf(stderr, "usage: bench-scale [N...] (N >= 100)\n");
			return -1;
		}
	if (!e->nsizes) {
		e->sizes[0] = 10000;
		e->sizes[1] = 100000;
		e->sizes[2] = 1000000;
		e->nsizes = 3;
	}
	snprintf(out, sizeof(out), "%s/%s", e->res, name ? name : "scale.json");
	if (pvabi_afile_open(&e->out, out, err, sizeof(err))) {
		fprintf(stderr, "bench-scale: %s\n", err);
		return -1;
	}
	e->json = e->out.f;
	return 0;
}

int main(int argc, char **argv)
{
	struct env e = { 0 };
	const struct synth_shape *sh;
	size_t i;
	int first = 1;

	if (setup(&e, argc, argv))
		return 2;
	fprintf(e.json, "{\"baseline\":\"the same shape's per-item cpu time and peak RSS at %ld items, same run\","
			"\"goal\":\"100000 items under 2 s, 1000000 under 20 s\",\"timeout_seconds\":%u,"
			"\"shapes\":[",
		e.sizes[0], e.timeout);
	for (i = 0; (sh = synth_shape_at(i)); i++)
		if (wanted(sh->name)) {
			run_shape(&e, sh, first);
			first = 0;
		}
	fprintf(e.json, "\n]}\n");
	if (pvabi_afile_commit(&e.out, NULL, 0))
		e.failed = 1;
	return e.failed;
}
