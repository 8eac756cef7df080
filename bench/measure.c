/* See measure.h. */
#include "bench/measure.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

double pvabi_bench_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void pvabi_bench_sort(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
}

double pvabi_bench_load1(void)
{
	double l[1];

	return getloadavg(l, 1) == 1 ? l[0] : -1;
}

const char *pvabi_bench_env(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

double pvabi_bench_child_cpu_s(void)
{
	struct rusage u;

	getrusage(RUSAGE_CHILDREN, &u);
	return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 +
	       (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec / 1e6;
}
