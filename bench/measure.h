/* What every benchmark program measures with: one clock, one sort for
 * medians, the load the figures were taken under, environment defaults. */
#ifndef PVABI_BENCH_MEASURE_H
#define PVABI_BENCH_MEASURE_H

#include <stddef.h>

/* Monotonic time in milliseconds. */
double pvabi_bench_now_ms(void);
/* v[0..n) sorted ascending (for medians and spreads). */
void pvabi_bench_sort(double *v, size_t n);
/* The 1-minute load average, or -1 when it cannot be read. */
double pvabi_bench_load1(void);
/* CPU seconds (user and system) of every child this process has waited
 * for so far: a difference around a run is that run's. */
double pvabi_bench_child_cpu_s(void);
/* The environment variable's value, or def when it is unset or empty. */
const char *pvabi_bench_env(const char *name, const char *def);

#endif
