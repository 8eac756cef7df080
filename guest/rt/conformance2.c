/* The runner of a format 2 conformance suite (guest/rt/conformance2.h). */
#include "guest/rt/conformance2.h"

#include "guest/rt/runtime.h"
#include "guest/rt/tap.h"

uint64_t pvabi_c2_upcalls(void)
{
	return pvabi_upcalls_on[0];
}

void pvabi_c2_cpuid(uint32_t leaf, uint32_t regs[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]), "=d"(regs[3])
			 : "a"(leaf), "c"(0u));
}

/* The boot page tables (guest/boot/entry.S): PML4 entry 0 alone, the
 * first GiB identity mapped; nothing in the runtime fills another entry
 * (the APICs' page directory goes under entry 0's PDPT). */
extern uint64_t pvabi_pml4[512];
/* The first address of PML4 entry 1: canonical (below 2^47), and no
 * entry of this guest's page tables maps it, so a hypervisor that walks
 * them, as Xen does for a PVH or HVM guest's copy_from_guest, finds
 * nothing there. The noncanonical address is that one with bit 63 set:
 * not canonical for 4- or 5-level paging, and a walk that drops the
 * bits above 47 without checking them (Xen's __hvm_copy does not check
 * canonicality) lands on the same unmapped entry, not on the first GiB
 * that 0x8000000000000000 cut to 48 bits would read. */
#define C2_UNMAPPED 0x0000008000000000ull
#define C2_NONCANONICAL 0x8000008000000000ull

void *pvabi_c2_unreadable(unsigned int cls)
{
#if defined(__x86_64__)
	if (pvabi_pml4[1] & 1) /* a runtime that maps it after all: no such address */
		return (void *)0;
	if (cls == PVABI_C2_AT_UNMAPPED)
		return (void *)(uintptr_t)C2_UNMAPPED;
	if (cls == PVABI_C2_AT_NONCANONICAL)
		return (void *)(uintptr_t)C2_NONCANONICAL;
#endif
	/* an x86_32 guest's addresses are 32 bits: none is noncanonical, and
	 * which of them its tables leave unmapped is not this runtime's */
	(void)cls;
	return (void *)0;
}

uint64_t pvabi_c2_wait(uint64_t target, uint64_t within_ns, int exact, volatile uint8_t *ack)
{
	return pvabi_upcall_wait_ack(target, within_ns, exact, ack);
}

/* The "waited:" line of format 1's runner (docs/matrix.md, Cost): what
 * the waits took, and the TSC rate the exact windows were counted at (0:
 * none known yet, 4 GHz assumed), which a suite learns from the first
 * clock record a scenario reads (guest/rt/pvclock.c). */
static void waited(struct pvabi_tap *t)
{
	struct pvabi_waited w;

	pvabi_waited_sum(&w);
	if (w.waits)
		pvabi_tap_diag(t, "waited: %llu waits, %llu ns declared, %llu ticks to events, "
			       "%llu ticks in all, TSC %llu kHz", (unsigned long long)w.waits,
			       (unsigned long long)w.declared_ns, (unsigned long long)w.event_ticks,
			       (unsigned long long)w.ticks, (unsigned long long)pvabi_bound_khz());
}

/* What a derived <now> probe took (its name begins "now "): the whole
 * test, its observer's setup and cleanup included, by the TSC at the
 * rate the ABI's clock states (0 before a record was read). */
static void cost(struct pvabi_tap *t, const char *name, uint64_t ticks)
{
	uint64_t khz = pvabi_bound_khz();

	if (name[0] != 'n' || name[1] != 'o' || name[2] != 'w' || name[3] != ' ')
		return;
	pvabi_tap_diag(t, "cost: %llu us (%llu TSC ticks at %llu kHz)",
		       (unsigned long long)(khz ? ticks * 1000 / khz : 0),
		       (unsigned long long)ticks, (unsigned long long)khz);
}

void pvabi_c2_run(struct pvabi_tap *t, const struct pvabi_c2_suite *s)
{
	size_t i;

	pvabi_tap_diag(t, "conformance of %s %s (0x%08x): %u vectors, %u scenarios", s->abi, s->rev,
		       (unsigned int)s->code, (unsigned int)(s->ntests - s->nscenarios),
		       (unsigned int)s->nscenarios);
	if (s->fixed_first)
		s->fixed_first();
	for (i = 0; i < s->ntests; i++) {
		struct pvabi_c2_res r = { 0, "", 0, 0 };
		uint64_t t0 = pvabi_tsc();
		int rc = s->tests[i].run(&r), ok = rc == 0;
		uint64_t took = pvabi_tsc() - t0;

		if (pvabi_c2_vcpu_down) /* an image with steps of vCPU 1 */
			pvabi_c2_vcpu_down();
		if (rc == PVABI_C2_NO_VCPU)
			pvabi_tap_skip(t, "vCPU 1 did not start on this platform (INIT and SIPI "
				       "unanswered)", "%s", s->tests[i].name);
		else if (rc == PVABI_C2_NOT_SHOWN)
			pvabi_tap_skip(t, "the platform shows no block of this ABI at the leaf "
				       "(its signature is not there)", "%s", s->tests[i].name);
		else if (rc == PVABI_C2_NO_RELEASE)
			pvabi_tap_skip(t, "its answer differs by release, and the registry lists no "
				       "<release> this platform says it is", "%s", s->tests[i].name);
		else if (rc == PVABI_C2_NO_ADDRESS)
			pvabi_tap_skip(t, "no address of its class is unreadable in this guest's "
				       "mode", "%s", s->tests[i].name);
		else if (rc == PVABI_C2_NOT_OFFERED || rc == PVABI_C2_OFFERED)
			pvabi_tap_skip(t, rc == PVABI_C2_OFFERED ? "offered by this platform" :
				       "feature not offered by this platform", "%s", s->tests[i].name);
		else if (ok)
			pvabi_tap_check(t, 1, "%s", s->tests[i].name);
		else
			pvabi_tap_check(t, 0, "%s (got step %u: %s 0x%llx, want 0x%llx)",
					s->tests[i].name, r.step, r.what,
					(unsigned long long)r.got, (unsigned long long)r.want);
		cost(t, s->tests[i].name, took);
	}
	waited(t);
}

size_t pvabi_c2_poisoned(const void *p, size_t n, const uint16_t (*keep)[2], size_t nkeep)
{
	const uint8_t *b = p;
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < nkeep; k++)
			if (i >= keep[k][0] && i < (size_t)keep[k][0] + keep[k][1])
				break;
		if (k == nkeep && b[i] != PVABI_C2_POISON)
			return i;
	}
	return n;
}

int pvabi_c2_same(const void *now, const void *first, size_t n, uint64_t *got, uint64_t *want)
{
	const uint8_t *a = now, *b = first;
	size_t i, at = 0, k;

	while (at < n && a[at] == b[at])
		at++;
	if (at == n)
		return 1;
	if (n <= 8)
		at = 0;
	*got = *want = 0;
	for (k = 0, i = at; i < n && k < 8; i++, k++) {
		*got |= (uint64_t)a[i] << (8 * k);
		*want |= (uint64_t)b[i] << (8 * k);
	}
	return 0;
}
