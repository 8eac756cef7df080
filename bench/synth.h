/* The synthetic spec the benchmarks run on: nops ops over nrevs
 * revisions, with enums, features, size-guarded structs that grow,
 * arguments added with defaults, and ops deprecated then removed; and a
 * registry whose released fingerprints are real. */
#ifndef PVABI_BENCH_SYNTH_H
#define PVABI_BENCH_SYNTH_H

#include <stddef.h>
#include <stdio.h>

int synth_spec(const char *path, int nops, int nrevs);
int synth_registry(const char *spec_path, const char *path, int nrevs);

struct run {
	double wall;
	double cpu; /* user + system */
	long maxrss_kib;
	int status;
};

/* Best of n runs of argv (stdout and stderr discarded). */
int synth_best_of(int n, char *const argv[], struct run *best);
/* Same, each run killed by SIGALRM (status 128 + 14) after timeout s. */
int synth_best_within(int n, unsigned int timeout, char *const argv[],
		      struct run *best);

/* One shape of the scaling benchmark (synth_shapes.c): n items of one
 * kind over nrevs revisions "1.0".."1.<nrevs-1>". */
struct synth_shape {
	const char *name;
	const char *what;
	int nrevs;
	void (*gen)(FILE *f, long n, int nrevs);
};

const struct synth_shape *synth_shape_find(const char *name);
/* The i-th shape, NULL past the last. */
const struct synth_shape *synth_shape_at(size_t i);
int synth_shape_write(const struct synth_shape *sh, const char *path, long n);

#endif
