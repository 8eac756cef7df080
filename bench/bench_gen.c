/* Benchmark of `pvabi gen` on the 10,000-op synthetic spec: the guest
 * header of the newest revision and the platform dispatch for all ten
 * revisions, each against the same run's baseline of xmllint parsing and
 * validating the spec (the floor of any generator reading it). Writes
 * $PVABI_BENCH_RESULTS/gen.json. Never fails on timing. */
#include "bench/synth.h"
#include "util/afile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	const char *res = getenv("PVABI_BENCH_RESULTS"), *bin = getenv("PVABI_BIN");
	const char *schema = getenv("PVABI_SCHEMA");
	char spec[4096], reg[4096], out[8192], dir[4096];
	struct run guest, plat, base;
	const int nops = 10000, nrevs = 10;
	struct pvabi_afile a;
	FILE *f;

	if (!res)
		res = ".";
	if (!bin)
		bin = "pvabi";
	snprintf(spec, sizeof(spec), "%s/gen-synth-spec.xml", res);
	snprintf(reg, sizeof(reg), "%s/gen-synth-registry.xml", res);
	snprintf(dir, sizeof(dir), "%s/gen-synth-out", res);
	if (synth_spec(spec, nops, nrevs) || synth_registry(spec, reg, nrevs)) {
		fprintf(stderr, "bench-gen: cannot generate the synthetic spec\n");
		return 1;
	}
	{
		char *g[] = { (char *)bin, "gen", "--spec", spec, "--registry", reg,
			      "--target", "guest", "-o", dir, NULL };
		char *p[] = { (char *)bin, "gen", "--spec", spec, "--registry", reg,
			      "--target", "platform", "-o", dir, NULL };
		char *b[] = { "xmllint", "--noout", "--nonet", "--relaxng",
			      (char *)(schema ? schema : "spec/schema/pvabi-spec.rng"), spec, NULL };

		if (synth_best_of(3, g, &guest) || synth_best_of(3, p, &plat) ||
		    synth_best_of(3, b, &base))
			return 1;
	}
	printf("pvabi gen --target guest, %d ops x %d revisions: %.3f s (exit %d), %.1f MiB\n",
	       nops, nrevs, guest.wall, guest.status, guest.maxrss_kib / 1024.0);
	printf("pvabi gen --target platform, same spec: %.3f s (exit %d), %.1f MiB\n",
	       plat.wall, plat.status, plat.maxrss_kib / 1024.0);
	printf("baseline xmllint parse+validate: %.3f s\n", base.wall);
	printf("ratios to baseline: guest %.2f, platform %.2f (aim: each under 1 s)\n",
	       guest.wall / base.wall, plat.wall / base.wall);
	snprintf(out, sizeof(out), "%s/gen.json", res);
	if (pvabi_afile_open(&a, out, NULL, 0) == 0) {
		f = a.f;
		fprintf(f, "{\"ops\":%d,\"revisions\":%d,\"guest_seconds\":%.4f,\"platform_seconds\":%.4f,"
			   "\"baseline\":\"xmllint --relaxng\",\"baseline_seconds\":%.4f,"
			   "\"guest_ratio\":%.3f,\"platform_ratio\":%.3f}\n",
			nops, nrevs, guest.wall, plat.wall, base.wall, guest.wall / base.wall,
			plat.wall / base.wall);
		pvabi_afile_commit(&a, NULL, 0);
	}
	unlink(spec);
	unlink(reg);
	/* the output is checked for existence, then removed */
	snprintf(out, sizeof(out), "%s/synth_dispatch.c", dir);
	if (access(out, R_OK) != 0) {
		fprintf(stderr, "bench-gen: %s was not generated\n", out);
		return 1;
	}
	snprintf(out, sizeof(out), "rm -rf '%s'", dir);
	return system(out) == 0 && guest.status == 0 && plat.status == 0 ? 0 : 1;
}
