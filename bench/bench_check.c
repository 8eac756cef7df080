/* Benchmark of `pvabi check` on a synthetic spec: N ops over R revisions
 * (default 10,000 x 10), with structs, enums, features, deprecations and
 * removals, and a registry whose released fingerprints are real.
 *
 * Reports wall time and peak RSS of the check, and the ratio against a
 * baseline measured in the same run: xmllint parsing and validating the
 * same file against the same schema (the floor any XML-based checker
 * pays). Writes $PVABI_BENCH_RESULTS/check.json. Never fails on timing. */
#include "spec/compiler/canon.h"
#include "spec/compiler/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int nops = 10000, nrevs = 10;

static void gen_op(FILE *f, int i)
{
	int since = i % nrevs, dep = -1, rem = -1;

	/* Every 50th op of the first half is deprecated and later removed:
	 * the checker's removal path is exercised at scale. */
	if (i % 50 == 7 && since + 2 < nrevs) {
		dep = since + 1;
		rem = since + 2;
	}
	fprintf(f, "  <op name=\"op_%d\" id=\"%d\" since=\"1.%d\"", i, i + 1, since);
	if (dep >= 0)
		fprintf(f, " deprecated=\"1.%d\" removed=\"1.%d\"", dep, rem);
	if (i % 17 == 3)
		fprintf(f, " feature=\"feat_%d\"", since % 8);
	fprintf(f, ">\n    <doc>Synthetic operation %d.</doc>\n", i);
	fprintf(f, "    <arg name=\"a\" type=\"u64\"/>\n");
	fprintf(f, "    <arg name=\"b\" type=\"kind_%d\"/>\n", i % 20);
	if (i % 5 == 0)
		fprintf(f, "    <arg name=\"st\" type=\"rec_%d\" pass=\"out\"/>\n", i % 40);
	if (since + 1 < nrevs && i % 3 == 0)
		fprintf(f, "    <arg name=\"flags\" type=\"u32\" since=\"1.%d\" default=\"0\"/>\n",
			since + 1);
	fprintf(f, "    <ret type=\"s64\"/>\n    <raises error=\"EINVAL\"/>\n");
	fprintf(f, "    <vector args=\"a=1 b=0\" expect=\"ret&gt;=0\"/>\n  </op>\n");
}

static void gen_types(FILE *f)
{
	int i, v, r;

	for (i = 0; i < 20; i++) {
		fprintf(f, "  <enum name=\"kind_%d\" since=\"1.0\">\n", i);
		for (v = 0; v < 8; v++)
			fprintf(f, "    <value name=\"k%d\" value=\"%d\" since=\"1.%d\"/>\n", v, v,
				v < nrevs ? v : 0);
		fprintf(f, "  </enum>\n");
	}
	for (i = 0; i < 8; i++)
		fprintf(f, "  <feature name=\"feat_%d\" bit=\"%d\" since=\"1.0\"/>\n", i, i);
	for (i = 0; i < 40; i++) {
		fprintf(f, "  <struct name=\"rec_%d\" since=\"1.0\" size-guarded=\"true\">\n"
			   "    <field name=\"size\" type=\"u32\"/>\n"
			   "    <field name=\"x\" type=\"u64\"/>\n", i);
		for (r = 1; r < nrevs; r++)
			fprintf(f, "    <field name=\"f%d\" type=\"u64\" since=\"1.%d\"/>\n", r, r);
		fprintf(f, "  </struct>\n");
	}
}

static int gen_spec(const char *path)
{
	FILE *f = fopen(path, "w");
	int i;

	if (!f)
		return -1;
	fprintf(f, "<?xml version=\"1.0\"?>\n<abi name=\"synth\" format=\"1\" default-convention=\"frame\">\n  <revisions>\n");
	for (i = 0; i < nrevs; i++)
		fprintf(f, "    <revision id=\"1.%d\"/>\n", i);
	fprintf(f, "  </revisions>\n  <conventions>\n    <convention name=\"frame\" kind=\"call-frame\" instruction=\"out\" port=\"0x2f8\"/>\n  </conventions>\n");
	fprintf(f, "  <errors>\n    <error name=\"EINVAL\" value=\"-22\" since=\"1.0\"/>\n  </errors>\n");
	gen_types(f);
	for (i = 0; i < nops; i++)
		gen_op(f, i);
	fprintf(f, "</abi>\n");
	return fclose(f);
}

/* Real fingerprints, so the check verifies every released revision. */
static int gen_registry(const char *spec_path, const char *path)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = pvabi_spec_load(spec_path, &d);
	char fp[PVABI_FINGERPRINT_LEN];
	FILE *f;
	int i;

	if (!s) {
		pvabi_diag_print(&d, stderr);
		pvabi_diag_free(&d);
		return -1;
	}
	f = fopen(path, "w");
	if (!f) {
		pvabi_spec_free(s);
		return -1;
	}
	fprintf(f, "<abi-versions abi=\"synth\" format=\"1\">\n  <support-window from=\"1.0\" to=\"1.%d\"/>\n",
		nrevs - 1);
	for (i = 0; i < nrevs; i++) {
		if (i == nrevs - 1) {
			fprintf(f, "  <revision id=\"1.%d\" status=\"draft\"/>\n", i);
			continue;
		}
		pvabi_fingerprint(s, i, fp, sizeof(fp));
		fprintf(f, "  <revision id=\"1.%d\" status=\"released\" fingerprint=\"%s\"/>\n", i, fp);
	}
	fprintf(f, "</abi-versions>\n");
	pvabi_spec_free(s);
	return fclose(f);
}

struct run {
	double wall;
	long maxrss_kib;
	int status;
};

static int run_cmd(char *const argv[], struct run *r)
{
	struct timespec a, b;
	struct rusage ru;
	pid_t pid;
	int st;

	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) ||
		    !freopen("/dev/null", "w", stderr))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	r->wall = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	r->maxrss_kib = ru.ru_maxrss;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return 0;
}

/* Best of n runs: the least disturbed by the rest of the machine. */
static int best_of(int n, char *const argv[], struct run *best)
{
	struct run r;
	int i;

	for (i = 0; i < n; i++) {
		if (run_cmd(argv, &r))
			return -1;
		if (i == 0 || r.wall < best->wall)
			*best = r;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *res = getenv("PVABI_BENCH_RESULTS"), *bin = getenv("PVABI_BIN");
	const char *schema = getenv("PVABI_SCHEMA");
	char spec[4096], reg[4096], out[4096];
	struct run chk, base;
	FILE *f;

	if (argc > 1)
		nops = atoi(argv[1]);
	if (argc > 2)
		nrevs = atoi(argv[2]);
	if (nops < 1 || nrevs < 2 || nrevs > 100) {
		fprintf(stderr, "usage: bench-check [OPS [REVS]]\n");
		return 2;
	}
	snprintf(spec, sizeof(spec), "%s/synth-spec.xml", res ? res : ".");
	snprintf(reg, sizeof(reg), "%s/synth-registry.xml", res ? res : ".");
	if (gen_spec(spec) || gen_registry(spec, reg)) {
		fprintf(stderr, "bench-check: cannot generate the synthetic spec: %s\n",
			strerror(errno));
		return 1;
	}
	{
		char *chk_argv[] = { (char *)(bin ? bin : "pvabi"), "check", "--spec", spec,
				     "--registry", reg, NULL };
		char *base_argv[] = { "xmllint", "--noout", "--nonet", "--relaxng",
				      (char *)(schema ? schema : "spec/schema/pvabi-spec.rng"),
				      spec, NULL };

		if (best_of(3, chk_argv, &chk) || best_of(3, base_argv, &base))
			return 1;
	}
	printf("pvabi check, %d ops x %d revisions: %.3f s, peak RSS %.1f MiB, exit %d\n",
	       nops, nrevs, chk.wall, chk.maxrss_kib / 1024.0, chk.status);
	printf("baseline xmllint parse+validate of the same file: %.3f s, peak RSS %.1f MiB\n",
	       base.wall, base.maxrss_kib / 1024.0);
	printf("ratio check/baseline: %.2f (aim: check under 1 s and 256 MiB)\n",
	       chk.wall / base.wall);
	snprintf(out, sizeof(out), "%s/check.json", res ? res : ".");
	f = fopen(out, "w");
	if (f) {
		fprintf(f, "{\"ops\":%d,\"revisions\":%d,\"check_seconds\":%.4f,\"check_peak_rss_mib\":%.1f,"
			   "\"check_exit\":%d,\"baseline\":\"xmllint --relaxng\",\"baseline_seconds\":%.4f,"
			   "\"ratio\":%.3f}\n",
			nops, nrevs, chk.wall, chk.maxrss_kib / 1024.0, chk.status, base.wall,
			chk.wall / base.wall);
		fclose(f);
	}
	if (!getenv("PVABI_BENCH_KEEP")) {
		unlink(spec);
		unlink(reg);
	}
	return chk.status == 0 ? 0 : 1;
}
