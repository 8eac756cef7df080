/* Host profiles of an ABI whose platform is the host kernel (KVM's
 * paravirtual interface, spec/kvm.xml): what a host of one release
 * offered, derived from the spec's release axis alone. A column of the
 * matrix is such a profile: "current" is today's host (the newest
 * release the spec knows), a release R is a host of R: the feature bits
 * R defines (those KVM has since removed cannot be shown by a kernel of
 * today, so they are left out), enforced, and every MSR R did not have
 * denied outright. Engines present a profile their own way: the kvm
 * engine through the own VMM (enforcement and an MSR filter), qemu-kvm
 * through -cpu options; qemu-tcg cannot (TCG implements none of KVM's
 * PV MSRs). */
#ifndef PVABI_HOST_PROFILE_H
#define PVABI_HOST_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model.h"

#define PVABI_HOST_MAX_DENY 16

struct pvabi_host_profile {
	char label[24];     /* "current" or the release */
	int rev;            /* its revision index in the spec */
	int current;        /* today's host: the kernel's own offer, unmasked */
	uint32_t features;  /* leaf 0x40000001 eax the release offered */
	uint32_t deny[PVABI_HOST_MAX_DENY]; /* MSRs the release lacked */
	size_t ndeny;
};

/* 1 when the spec's platform is the host kernel (it has a cpuid or msr
 * convention), else 0. */
int pvabi_host_abi(const struct pvabi_spec *s);

/* The profile of release (NULL or "current": today's host). 0, or -1
 * with why in err (a release the spec does not have, too many MSRs). */
int pvabi_host_profile(const struct pvabi_spec *s, const char *release,
		       struct pvabi_host_profile *p, char *err, size_t n);

/* The bits of submap 0 that revision rev defines (what a guest built
 * for it can know of an offer). */
uint32_t pvabi_host_known(const struct pvabi_spec *s, int rev);

/* QEMU's -cpu value that presents p with enforcement on, in buf; 0, or
 * -1 with why QEMU cannot present it (one property sets two bits; no
 * MSR filter where a denied MSR's bit is offered). */
int pvabi_host_qemu_cpu(const struct pvabi_spec *s, const struct pvabi_host_profile *p,
			char *buf, size_t n, char *why, size_t wn);

/* The bits engine can show of any profile: qemu-kvm only those QEMU has
 * a -cpu property for (QEMU 7.2 has none for ASYNC_PF_VMEXIT, bit 10),
 * every other engine all. A cell's prediction is what the guest can see
 * through its engine: pvabi_host_engine_predict trims it and says why. */
uint32_t pvabi_host_engine_mask(const char *engine);
struct pvabi_prediction;
void pvabi_host_engine_predict(const char *engine, struct pvabi_prediction *p);

/* Whether engine (by name) can present a host profile at all: 0, or -1
 * with why. */
int pvabi_host_engine_ok(const char *engine, char *why, size_t n);

#endif
