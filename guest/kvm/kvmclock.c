/* A KVM guest of one generation, built from spec/kvm.xml's guest header
 * of one revision (guest/kvm/module.mk): kvmclock-old.elf against 2.6.25's
 * (only the 0x11/0x12 pair exists for it), kvmclock-new.elf against
 * 3.6.0's (it prefers CLOCKSOURCE2 and uses steal time and PV EOI). What
 * its generation knows and the host's leaf 0x40000001 offers decide what
 * it uses, with the documented fallback from the new kvmclock pair to the
 * old one; every MSR of a feature not offered must give #GP. TAP checks:
 *
 *   the signature and the offer     KVMKVMKVM, or none: then every MSR
 *                                   this generation knows gives #GP
 *   not offered -> #GP              each known MSR whose bit is clear
 *   kvmclock                        enable, read under the version
 *                                   protocol, time monotonic and moving
 *                                   with the TSC, wall clock after 2020
 *   steal time, PV EOI (new only)   enable, version advancing across
 *                                   exits, a reserved bit refused, the
 *                                   PV EOI word accepted and read back
 *
 * Command line: want=none|old|new, the clock pair the platform is
 * expected to leave it (its profile's prediction; checked when given). */
#include "guest/rt/cmdline.h"
#include "guest/rt/runtime.h"
#include "guest/rt/tap.h"

/* Survive #GP: the generated stubs return the negated vector (KVM_EGP). */
#define KVM_MSR_WRITE(msr, v) pvabi_wrmsr_err((msr), (v))
#define KVM_MSR_READ(msr, vp) pvabi_rdmsr_err((msr), (vp))
#include "kvm_guest.h"

#define BARRIER() __asm__ volatile("" : : : "memory")

static struct kvm_pvclock_vcpu_time_info pvti __attribute__((aligned(64)));
static struct kvm_pvclock_wall_clock wc __attribute__((aligned(64)));

/* The MSRs this generation knows, with the feature bit of each. */
static const struct {
	uint32_t msr;
	unsigned int bit;
} msrs[] = {
	{ KVM_OP_WALL_CLOCK, KVM_FEATURE_CLOCKSOURCE_BIT },
	{ KVM_OP_SYSTEM_TIME, KVM_FEATURE_CLOCKSOURCE_BIT },
#ifdef KVM_OP_SYSTEM_TIME_NEW
	{ KVM_OP_WALL_CLOCK_NEW, KVM_FEATURE_CLOCKSOURCE2_BIT },
	{ KVM_OP_SYSTEM_TIME_NEW, KVM_FEATURE_CLOCKSOURCE2_BIT },
#endif
#ifdef KVM_OP_STEAL_TIME_MSR
	{ KVM_OP_STEAL_TIME_MSR, KVM_FEATURE_STEAL_TIME_BIT },
#endif
#ifdef KVM_OP_PV_EOI_EN
	{ KVM_OP_PV_EOI_EN, KVM_FEATURE_PV_EOI_BIT },
#endif
};

struct sample {
	uint32_t version, mul;
	int shift;
	uint64_t ns;
};

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Guest time from the system-time area under the version protocol: read
 * version, the data, version again; retry while they differ or are odd.
 * -1 when the area was never filled or never settles. */
static int sample(struct sample *s)
{
	const volatile struct kvm_pvclock_vcpu_time_info *p = &pvti;
	uint64_t ts, sys, delta;
	uint32_t v1, v2;
	int tries;

	for (tries = 0; tries < 1000; tries++) {
		v1 = p->version;
		BARRIER();
		ts = p->tsc_timestamp;
		sys = p->system_time;
		s->mul = p->tsc_to_system_mul;
		s->shift = p->tsc_shift;
		delta = rdtsc() - ts;
		BARRIER();
		v2 = p->version;
		if (v1 != v2 || (v1 & 1))
			continue;
		delta = s->shift < 0 ? delta >> -s->shift : delta << s->shift;
		s->ns = sys + (uint64_t)(((unsigned __int128)delta * s->mul) >> 32);
		s->version = v1;
		return v1 ? 0 : -1;
	}
	return -1;
}

static uint32_t wall_sec(void)
{
	const volatile struct kvm_pvclock_wall_clock *p = &wc;
	uint32_t v1, v2, sec;

	do {
		v1 = p->version;
		BARRIER();
		sec = p->sec;
		BARRIER();
		v2 = p->version;
	} while (v1 != v2 || (v1 & 1));
	return sec;
}

/* The documented fallback: the new pair where this generation knows it
 * and the host offers it, else the old pair. */
static long enable(int use_new)
{
	uint64_t sys = (uint64_t)(uintptr_t)&pvti | KVM_MSR_ENABLE_ENABLED;
	uint64_t wall = (uint64_t)(uintptr_t)&wc;
	long rc;

#ifdef KVM_OP_SYSTEM_TIME_NEW
	if (use_new) {
		rc = kvm_system_time_new_write(sys);
		return rc ? rc : kvm_wall_clock_new_write(wall);
	}
#endif
	(void)use_new;
	rc = kvm_system_time_write(sys);
	return rc ? rc : kvm_wall_clock_write(wall);
}

static int offered(uint32_t feat, unsigned int bit)
{
	return (feat >> bit) & 1;
}

/* Every MSR this generation knows whose feature is not offered: #GP. */
static void not_offered(struct pvabi_tap *t, uint32_t feat)
{
	size_t i;

	for (i = 0; i < sizeof(msrs) / sizeof(msrs[0]); i++)
		if (!offered(feat, msrs[i].bit))
			pvabi_tap_check(t, pvabi_wrmsr_err(msrs[i].msr, 0) == KVM_EGP,
					"MSR 0x%x (feature bit %u not offered) gives #GP", msrs[i].msr,
					msrs[i].bit);
}

static void clock(struct pvabi_tap *t, int use_new)
{
	struct sample a = { 0 }, b = { 0 };
	volatile uint64_t spin;
	long rc;
	int ok;

	rc = enable(use_new);
	if (!pvabi_tap_check(t, rc == 0, "%s kvmclock pair accepted (rc %ld)",
			     use_new ? "new" : "old", rc))
		return;
	/* Sampled before the check: its arguments may be evaluated first. */
	ok = sample(&a) == 0 && a.mul != 0;
	pvabi_tap_check(t, ok, "system time read under the version protocol (version %u, mul %u, "
			"shift %d)", a.version, a.mul, a.shift);
	for (spin = 0; spin < 2000; spin++)
		;
	ok = sample(&b) == 0 && b.ns > a.ns;
	pvabi_tap_check(t, ok,
			"time monotonic and moving with the TSC (%llu -> %llu ns)",
			(unsigned long long)a.ns, (unsigned long long)b.ns);
	pvabi_tap_check(t, wall_sec() > 1577836800u, "wall clock after 2020 (%u s)", wall_sec());
}

#ifdef KVM_OP_STEAL_TIME_MSR
static struct kvm_steal_time steal __attribute__((aligned(64)));
static uint32_t eoi_word __attribute__((aligned(4)));

/* KVM updates steal time whenever it loads the vCPU again, which every
 * exit to the VMM (a console line) does: version advances by even steps. */
static void steal_time(struct pvabi_tap *t)
{
	const volatile struct kvm_steal_time *st = &steal;
	uint64_t base = (uint64_t)(uintptr_t)&steal, s1;
	uint32_t v1;

	pvabi_tap_check(t, kvm_steal_time_msr_write(base | 2) == KVM_EGP,
			"steal time with reserved bit 1 gives #GP");
	if (!pvabi_tap_check(t, kvm_steal_time_msr_write(base | KVM_MSR_ENABLE_ENABLED) == 0,
			     "steal time enabled"))
		return;
	v1 = st->version;
	s1 = st->steal;
	pvabi_tap_diag(t, "steal time version %u, steal %llu ns", v1, (unsigned long long)s1);
	pvabi_console_flush();
	pvabi_tap_check(t, st->version > v1 && !(st->version & 1) && st->steal >= s1,
			"steal time updated across an exit (version %u -> %u, steal %llu -> %llu)",
			v1, st->version, (unsigned long long)s1, (unsigned long long)st->steal);
}

static void pv_eoi(struct pvabi_tap *t)
{
	uint64_t v = (uint64_t)(uintptr_t)&eoi_word | KVM_PV_EOI_FLAG_ENABLED, back = 0;

	int ok = kvm_pv_eoi_en_write(v) == 0 && kvm_pv_eoi_en_read(&back) == 0 && back == v;

	pvabi_tap_check(t, ok, "PV EOI enabled and read back (0x%llx)", (unsigned long long)back);
}
#endif

/* What the newer generation uses besides the clock. */
static void extras(struct pvabi_tap *t, uint32_t feat)
{
#ifdef KVM_OP_STEAL_TIME_MSR
	if (offered(feat, KVM_FEATURE_STEAL_TIME_BIT))
		steal_time(t);
	if (offered(feat, KVM_FEATURE_PV_EOI_BIT))
		pv_eoi(t);
#else
	(void)t;
	(void)feat;
#endif
}

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	char want[8] = "";
	struct pvabi_tap t;
	uint32_t r[4], feat = 0;
	int kvm, use_new = 0, use_old = 0;

	pvabi_tap_begin(&t, pvabi_console_sink, 0);
	pvabi_cmdline_get(cmdline, "want", want, sizeof(want));
	kvm_signature(r);
	kvm = r[1] == 0x4b4d564bu && r[2] == 0x564b4d56u && r[3] == 0x4du;
	if (kvm) {
		kvm_features(r);
		feat = r[0];
	}
	pvabi_tap_diag(&t, "generation %s, signature %s, features 0x%x", KVM_REVISION_ID,
		       kvm ? "KVMKVMKVM" : "other", feat);
	/* The matrix judges this record against the oracle: the generation
	 * is the revision, and what it can take of the offer the grant. */
	pvabi_tap_diag(&t, "negotiated: {\"status\": \"OK\", \"revision\": \"0x%x\", "
		       "\"offered\": \"0x%x\", \"granted\": \"0x%x\", \"missing\": \"0x0\"}",
		       (unsigned int)KVM_REVISION, feat, (uint32_t)(feat & KVM_FEATURES_DEFINED));
#ifdef KVM_OP_SYSTEM_TIME_NEW
	use_new = offered(feat, KVM_FEATURE_CLOCKSOURCE2_BIT);
#endif
	use_old = !use_new && offered(feat, KVM_FEATURE_CLOCKSOURCE_BIT);
	if (want[0])
		pvabi_tap_check(&t, !strncmp(want, use_new ? "new" : use_old ? "old" : "none", 5),
				"clock pair %s, as the profile predicts (%s)",
				use_new ? "new" : use_old ? "old" : "none", want);
	not_offered(&t, feat);
	if (use_new || use_old)
		clock(&t, use_new);
	extras(&t, feat);
	return pvabi_tap_end(&t);
}
