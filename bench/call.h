#ifndef PVABI_BENCH_CALL_H
#define PVABI_BENCH_CALL_H

#include <stdint.h>

int64_t bench_loop_stub(long n);
int64_t bench_loop_base(long n);
/* The baseline: a hand-written switch with the validation a careful
 * engineer writes by hand (argument count, value range). */
int64_t bench_base_call(uint32_t op, uint32_t nargs, const uint64_t *a);
/* The baseline's transport: the same call structure as the stubs' (one
 * out-of-line transport function, then the dispatch), so the ratio
 * measures the dispatch, not the loopback. */
int64_t bench_base_transport(uint32_t op, uint32_t nargs, const uint64_t *a);

#endif
