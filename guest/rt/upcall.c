/* Observing asynchronous events: the upcall counter the vector-0x40 stub
 * (isr.S) increments, and bounded waits for it or for guest memory a
 * platform writes. A wait never hangs the guest: it ends after its bound
 * whatever the platform does, so a platform that never delivers is a
 * failed step ("timed out"), not a run killed by the host's timeout. */
#include "guest/rt/io.h"
#include "guest/rt/runtime.h"

volatile uint64_t pvabi_upcalls;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

void pvabi_kick(uint16_t port)
{
	outb(port, 0);
}

/* The bound of a wait: the guest has no calibrated clock of its own, so
 * it counts TSC ticks as if the TSC ran at 4 GHz (faster than any it
 * meets), which waits at least within_ns; a round costs at least a
 * nanosecond (it exits to the platform), so within_ns rounds also bound
 * a wait on a TSC that does not advance. */
struct bound {
	uint64_t t0, ticks, rounds, left;
};

static void bound_start(struct bound *b, uint64_t within_ns)
{
	b->t0 = rdtsc();
	b->ticks = within_ns > UINT64_MAX / 4 ? UINT64_MAX : within_ns * 4;
	b->rounds = 0;
	b->left = within_ns;
}

static int bound_over(struct bound *b)
{
	return rdtsc() - b->t0 >= b->ticks || b->rounds++ >= b->left;
}

int pvabi_upcall_wait(uint64_t target, uint64_t within_ns, uint16_t port)
{
	struct bound b;

	bound_start(&b, within_ns);
	__asm__ volatile("sti" : : : "memory");
	while (pvabi_upcalls < target && !bound_over(&b)) {
		pvabi_kick(port);
		cpu_relax();
	}
	__asm__ volatile("cli" : : : "memory");
	return pvabi_upcalls >= target;
}

static uint64_t load(const volatile void *p, unsigned int width)
{
	switch (width) {
	case 1:
		return *(const volatile uint8_t *)p;
	case 2:
		return *(const volatile uint16_t *)p;
	case 4:
		return *(const volatile uint32_t *)p;
	default:
		return *(const volatile uint64_t *)p;
	}
}

int pvabi_mem_poll(const volatile void *p, unsigned int width, uint64_t mask, uint64_t want,
		   uint64_t within_ns, uint16_t port, uint64_t *got)
{
	struct bound b;

	bound_start(&b, within_ns);
	for (;;) {
		*got = load(p, width);
		if ((*got & mask) == want)
			return 1;
		if (!within_ns || bound_over(&b))
			return 0;
		pvabi_kick(port);
		cpu_relax();
	}
}
