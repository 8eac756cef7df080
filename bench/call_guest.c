/* Guest side of the call benchmark: a loop over a generated stub, and the
 * same loop over the baseline's entry point. Separate from the platform
 * side so the compiler cannot fold the dispatch into the loop. */
#include "bench/call.h"

#include "mini_guest.h"

int64_t bench_loop_stub(long n)
{
	int64_t sum = 0;
	long i;

	for (i = 0; i < n; i++)
		sum += mini_set_timer((uint64_t)i, (uint32_t)i & 7);
	return sum;
}

int64_t bench_loop_base(long n)
{
	int64_t sum = 0;
	uint64_t a[2];
	long i;

	for (i = 0; i < n; i++) {
		a[0] = (uint64_t)i;
		a[1] = (uint64_t)i & 7;
		sum += bench_base_transport(MINI_OP_SET_TIMER, 2, a);
	}
	return sum;
}
