/* The time a pvclock record gives (Xen's vcpu_time_info, KVM's
 * pvclock_vcpu_time_info: one layout): the system time Xen or KVM last
 * wrote, advanced by the TSC ticks since, scaled as the record says. A
 * record with an odd version, or one that changed while read, is being
 * written: read again. */
#include "guest/rt/conformance2.h"
#include "guest/rt/runtime.h"

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* (d * mul) >> 32 without a 128-bit product: 32-bit guests have none. */
static uint64_t scale(uint64_t d, uint32_t mul)
{
	return ((d & 0xffffffffu) * mul >> 32) + (d >> 32) * mul;
}

uint64_t pvabi_pvclock_ns(const volatile void *rec)
{
	const volatile uint8_t *p = rec;
	uint64_t tsc0, sys, d;
	uint32_t ver, mul;
	int8_t shift;

	do {
		ver = *(const volatile uint32_t *)p;
		__asm__ volatile("" : : : "memory");
		tsc0 = *(const volatile uint64_t *)(p + 8);
		sys = *(const volatile uint64_t *)(p + 16);
		mul = *(const volatile uint32_t *)(p + 24);
		shift = *(const volatile int8_t *)(p + 28);
		d = rdtsc();
		__asm__ volatile("" : : : "memory");
	} while ((ver & 1) || ver != *(const volatile uint32_t *)p);
	d -= tsc0;
	d = shift >= 0 ? d << shift : d >> -shift;
	return sys + scale(d, mul);
}

/* For generated scenarios' <clock> (guest/rt/conformance2.h); linked
 * only into the suites whose ABI has scenarios that read a clock. */
uint64_t pvabi_c2_pvclock(const volatile void *rec)
{
	return pvabi_pvclock_ns(rec);
}
