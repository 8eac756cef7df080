/* Benchmark of `pvabi check` on a synthetic spec: N ops over R revisions
 * (default 10,000 x 10), with structs, enums, features, deprecations and
 * removals, and a registry whose released fingerprints are real.
 *
 * Reports wall time and peak RSS of the check, and the ratio against a
 * baseline measured in the same run: xmllint parsing and validating the
 * same file against the same schema (the floor any XML-based checker
 * pays). Writes $PVABI_BENCH_RESULTS/check.json. Never fails on timing. */
#include "bench/synth.h"
#include "util/afile.h"

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

int main(int argc, char **argv)
{
	const char *res = getenv("PVABI_BENCH_RESULTS"), *bin = getenv("PVABI_BIN");
	const char *schema = getenv("PVABI_SCHEMA");
	char spec[4096], reg[4096], out[4096];
	struct run chk, base;
	struct pvabi_afile a;
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
	if (synth_spec(spec, nops, nrevs) || synth_registry(spec, reg, nrevs)) {
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

		if (synth_best_of(3, chk_argv, &chk) || synth_best_of(3, base_argv, &base))
			return 1;
	}
	printf("pvabi check, %d ops x %d revisions: %.3f s, peak RSS %.1f MiB, exit %d\n",
	       nops, nrevs, chk.wall, chk.maxrss_kib / 1024.0, chk.status);
	printf("baseline xmllint parse+validate of the same file: %.3f s, peak RSS %.1f MiB\n",
	       base.wall, base.maxrss_kib / 1024.0);
	printf("ratio check/baseline: %.2f (aim: check under 1 s and 256 MiB)\n",
	       chk.wall / base.wall);
	snprintf(out, sizeof(out), "%s/check.json", res ? res : ".");
	if (pvabi_afile_open(&a, out, NULL, 0) == 0) {
		f = a.f;
		fprintf(f, "{\"ops\":%d,\"revisions\":%d,\"check_seconds\":%.4f,\"check_peak_rss_mib\":%.1f,"
			   "\"check_exit\":%d,\"baseline\":\"xmllint --relaxng\",\"baseline_seconds\":%.4f,"
			   "\"ratio\":%.3f}\n",
			nops, nrevs, chk.wall, chk.maxrss_kib / 1024.0, chk.status, base.wall,
			chk.wall / base.wall);
		pvabi_afile_commit(&a, NULL, 0);
	}
	if (!getenv("PVABI_BENCH_KEEP")) {
		unlink(spec);
		unlink(reg);
	}
	return chk.status == 0 ? 0 : 1;
}
