/* Platform side of the call benchmark: the generated dispatch for the
 * mini spec with trivial handlers, the hand-written baseline switch, the
 * loopback transport, and the timing. Reports ns per call through
 * generated stub + dispatch, ns per call through the baseline, and their
 * ratio (aim: at most 1.2). Writes $PVABI_BENCH_RESULTS/call.json. */
#include "bench/call.h"
#include "util/afile.h"

#include "mini_platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct mini_ctx {
	uint64_t timer;
};

struct mini_ctx bench_ctx;
#define ctx bench_ctx
static struct mini_dispatch_state st;

int64_t mini_transport_call(uint32_t op, uint32_t nargs, const uint64_t *args);
uint64_t mini_transport_pa(const volatile void *p);

int64_t mini_transport_call(uint32_t op, uint32_t nargs, const uint64_t *args)
{
	return mini_dispatch(&ctx, &st, op, nargs, args);
}

uint64_t mini_transport_pa(const volatile void *p)
{
	return (uint64_t)(uintptr_t)p;
}

int mini_guest_check(struct mini_ctx *c, uint64_t gpa, uint64_t size)
{
	(void)c;
	return gpa + size < gpa;
}

int64_t mini_handle_set_timer(struct mini_ctx *c, uint64_t deadline, uint32_t flags)
{
	c->timer = deadline ^ flags;
	return (int64_t)(flags & 1);
}

int64_t mini_handle_negotiate(struct mini_ctx *c, struct mini_gptr o, struct mini_gptr a)
{
	(void)c;
	(void)o;
	(void)a;
	return 0;
}

int64_t mini_handle_halt(struct mini_ctx *c, uint32_t why)
{
	(void)c;
	return why;
}

int64_t mini_handle_get_info(struct mini_ctx *c, struct mini_gptr out)
{
	(void)c;
	return (int64_t)out.size;
}

int64_t mini_handle_old_write(struct mini_ctx *c, uint16_t len)
{
	(void)c;
	return len;
}

int64_t mini_handle_write(struct mini_ctx *c, uint32_t len, struct mini_gptr buf)
{
	(void)c;
	(void)buf;
	return len;
}

int64_t mini_handle_fast_path(struct mini_ctx *c, int16_t step, int8_t bias)
{
	(void)c;
	return step + bias;
}

int64_t mini_handle_nop(struct mini_ctx *c)
{
	(void)c;
	return 0;
}

int64_t bench_base_transport(uint32_t op, uint32_t nargs, const uint64_t *a)
{
	return bench_base_call(op, nargs, a);
}

static double seconds(int64_t (*loop)(long), long n, int64_t *sum)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	*sum = loop(n);
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

int main(void)
{
	const long n = 20000000;
	double best_stub = 1e9, best_base = 1e9, t;
	int64_t s1 = 0, s2 = 0;
	const char *res = getenv("PVABI_BENCH_RESULTS");
	char path[4096];
	struct pvabi_afile a;
	FILE *f;
	int i;

	if (mini_dispatch_negotiated(&st, mini_window_revs[MINI_WINDOW_NREVS - 1], ~UINT64_C(0)))
		return 1;
	/* interleaved, best of 5: frequency and cache effects hit both */
	for (i = 0; i < 5; i++) {
		t = seconds(bench_loop_stub, n, &s1);
		best_stub = t < best_stub ? t : best_stub;
		t = seconds(bench_loop_base, n, &s2);
		best_base = t < best_base ? t : best_base;
	}
	if (s1 != s2) {
		fprintf(stderr, "bench-call: stub and baseline disagree (%lld vs %lld)\n",
			(long long)s1, (long long)s2);
		return 1;
	}
	printf("one call through generated stub + dispatch: %.2f ns\n", best_stub / n * 1e9);
	printf("one call through the hand-written switch baseline: %.2f ns\n", best_base / n * 1e9);
	printf("ratio generated/baseline: %.2f (aim: at most 1.2)\n", best_stub / best_base);
	snprintf(path, sizeof(path), "%s/call.json", res ? res : ".");
	if (pvabi_afile_open(&a, path, NULL, 0) == 0) {
		f = a.f;
		fprintf(f, "{\"calls\":%ld,\"generated_ns\":%.3f,\"baseline_ns\":%.3f,\"ratio\":%.3f}\n",
			n, best_stub / n * 1e9, best_base / n * 1e9, best_stub / best_base);
		pvabi_afile_commit(&a, NULL, 0);
	}
	return 0;
}
