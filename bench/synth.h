/* The synthetic spec the benchmarks run on: nops ops over nrevs
 * revisions, with enums, features, size-guarded structs that grow,
 * arguments added with defaults, and ops deprecated then removed; and a
 * registry whose released fingerprints are real. */
#ifndef PVABI_BENCH_SYNTH_H
#define PVABI_BENCH_SYNTH_H

int synth_spec(const char *path, int nops, int nrevs);
int synth_registry(const char *spec_path, const char *path, int nrevs);

struct run {
	double wall;
	long maxrss_kib;
	int status;
};

/* Best of n runs of argv (stdout and stderr discarded). */
int synth_best_of(int n, char *const argv[], struct run *best);

#endif
