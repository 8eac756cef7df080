/* Host profiles from the spec's release axis (conformance/host_profile.h). */
#include "conformance/host_profile.h"
#include "conformance/cell.h"

#include <stdio.h>
#include <string.h>

int pvabi_host_abi(const struct pvabi_spec *s)
{
	size_t i;

	for (i = 0; i < s->nconvs; i++)
		if (s->convs[i].kind == PVABI_CONV_MSR || s->convs[i].kind == PVABI_CONV_CPUID)
			return 1;
	return 0;
}

uint32_t pvabi_host_known(const struct pvabi_spec *s, int rev)
{
	return (uint32_t)pvabi_spec_feature_mask(s, rev);
}

/* The bits only a VMM offers (served-by="vmm"): no host kernel shows
 * them by itself, and pvabi's own VMM implements none of them. */
static uint32_t vmm_served(const struct pvabi_spec *s)
{
	uint32_t m = 0;
	size_t i;

	for (i = 0; i < s->nfeatures; i++)
		if (s->features[i].served_by && s->features[i].bit < 32)
			m |= 1u << s->features[i].bit;
	return m;
}

static int is_msr(const struct pvabi_spec *s, const struct pvabi_op *op)
{
	return op->conv >= 0 && (size_t)op->conv < s->nconvs &&
	       s->convs[op->conv].kind == PVABI_CONV_MSR;
}

int pvabi_host_profile(const struct pvabi_spec *s, const char *release,
		       struct pvabi_host_profile *p, char *err, size_t n)
{
	int newest = (int)s->nrevs - 1;
	size_t i;

	memset(p, 0, sizeof(*p));
	p->current = !release || !strcmp(release, "current");
	p->rev = p->current ? newest : pvabi_spec_rev(s, release);
	if (p->rev < 0 || newest < 0) {
		snprintf(err, n, "no release '%s' in the spec", release ? release : "current");
		return -1;
	}
	snprintf(p->label, sizeof(p->label), "%s", p->current ? "current" : release);
	p->features = pvabi_host_known(s, p->rev) & pvabi_host_known(s, newest) & ~vmm_served(s);
	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		if (!is_msr(s, op) || pvabi_life_has(&op->life, p->rev))
			continue;
		if (p->ndeny == PVABI_HOST_MAX_DENY) {
			snprintf(err, n, "release %s lacks more than %d MSRs", p->label,
				 PVABI_HOST_MAX_DENY);
			return -1;
		}
		p->deny[p->ndeny++] = op->id;
	}
	return 0;
}

/* QEMU 7.2's names of leaf 0x40000001's bits ("kvmclock" sets 0 and 3). */
static const char *const qemu_names[32] = {
	[0] = "kvmclock", [1] = "kvm-nopiodelay", [2] = "kvm-mmu", [3] = "kvmclock",
	[4] = "kvm-asyncpf", [5] = "kvm-steal-time", [6] = "kvm-pv-eoi", [7] = "kvm-pv-unhalt",
	[9] = "kvm-pv-tlb-flush", [11] = "kvm-pv-ipi", [12] = "kvm-poll-control",
	[13] = "kvm-pv-sched-yield", [14] = "kvm-asyncpf-int", [15] = "kvm-msi-ext-dest-id",
	[24] = "kvmclock-stable-bit",
};

/* A denied MSR whose bit is offered needs a filter QEMU does not have. */
static int needs_filter(const struct pvabi_spec *s, const struct pvabi_host_profile *p,
			char *why, size_t wn)
{
	size_t i, j;

	for (i = 0; i < p->ndeny; i++)
		for (j = 0; j < s->nops; j++)
			if (s->ops[j].id == p->deny[i] && is_msr(s, &s->ops[j]) &&
			    s->ops[j].feature >= 0 &&
			    (p->features >> s->features[s->ops[j].feature].bit & 1)) {
				snprintf(why, wn, "profile %s offers the bit of MSR 0x%x but denies "
					 "it, and QEMU has no MSR filter", p->label, p->deny[i]);
				return 1;
			}
	return 0;
}

int pvabi_host_qemu_cpu(const struct pvabi_spec *s, const struct pvabi_host_profile *p,
			char *buf, size_t n, char *why, size_t wn)
{
	uint32_t f = p->features;
	size_t k;
	int b;

	if ((f & 1) != (f >> 3 & 1)) {
		snprintf(why, wn, "profile %s offers CLOCKSOURCE%s without CLOCKSOURCE%s, and "
			 "QEMU's one property 'kvmclock' sets both bits", p->label,
			 f & 1 ? "" : "2", f & 1 ? "2" : "");
		return -1;
	}
	if (needs_filter(s, p, why, wn))
		return -1;
	k = (size_t)snprintf(buf, n, "qemu64,kvm=on,kvm-pv-enforce-cpuid=on");
	for (b = 0; b < 32 && k < n; b++)
		if (qemu_names[b] && b != 3)
			k += (size_t)snprintf(buf + k, n - k, ",%s=%s", qemu_names[b],
					      f >> b & 1 ? "on" : "off");
	if (k >= n) {
		snprintf(why, wn, "the -cpu value of profile %s is too long", p->label);
		return -1;
	}
	return 0;
}

uint32_t pvabi_host_engine_mask(const char *engine)
{
	uint32_t m = 0;
	int b;

	if (strcmp(engine, "qemu-kvm"))
		return 0xffffffffu;
	for (b = 0; b < 32; b++)
		if (qemu_names[b])
			m |= 1u << b;
	return m;
}

void pvabi_host_engine_predict(const char *engine, struct pvabi_prediction *p)
{
	uint32_t cut = (uint32_t)p->granted & ~pvabi_host_engine_mask(engine);
	size_t k = strlen(p->why);

	if (!cut)
		return;
	p->granted &= ~(uint64_t)cut;
	snprintf(p->why + k, sizeof(p->why) - k, "; %s has no property for 0x%x, so 0x%llx",
		 engine, cut, (unsigned long long)p->granted);
}

int pvabi_host_engine_ok(const char *engine, char *why, size_t n)
{
	if (!strcmp(engine, "kvm") || !strcmp(engine, "qemu-kvm"))
		return 0;
	if (!strcmp(engine, "qemu-tcg"))
		snprintf(why, n, "QEMU TCG implements none of KVM's paravirtual MSRs (every read "
			 "gives 0, no #GP): this engine cannot serve the host kernel's ABI");
	else
		snprintf(why, n, "engine %s cannot present a host kernel's paravirtual interface",
			 engine);
	return -1;
}
