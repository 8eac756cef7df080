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
	return sys + pvabi_tsc_scale(d, mul);
}

/* The TSC rate the record states, in kHz: a tick is mul * 2^shift /
 * 2^32 ns, so a millisecond is 10^6 * 2^32 / mul / 2^shift ticks; 0 for
 * a record without a scale. */
static uint64_t rate_khz(const volatile void *rec)
{
	const volatile uint8_t *p = rec;
	uint32_t mul = *(const volatile uint32_t *)(p + 24);
	int8_t shift = *(const volatile int8_t *)(p + 28);
	uint64_t khz;

	if (!mul || shift > 31 || shift < -31)
		return 0;
	khz = (UINT64_C(1000000) << 32) / mul;
	return shift >= 0 ? khz >> shift : khz << -shift;
}

/* For generated scenarios' <clock> (guest/rt/conformance2.h); linked
 * only into the suites whose ABI has scenarios that read a clock. The
 * record's scale is the ABI's own statement of the TSC rate (Xen and KVM
 * compute system time from it), so from the first clock a suite reads,
 * its exact windows count the TSC at that rate and last what they
 * declare, as format 1's do at the rate measured against the platform's
 * clock. */
uint64_t pvabi_c2_pvclock(const volatile void *rec)
{
	uint64_t ns = pvabi_pvclock_ns(rec);

	pvabi_bound_rate(rate_khz(rec));
	return ns;
}
