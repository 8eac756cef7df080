/* The negotiation rule as the spec states it (op negotiate in
 * spec/platform.xml, docs/negotiation.md "The decision"), written apart
 * from negotiator/: the oracle predicts with this, so a bug in the
 * negotiator the platform runs moves the outcome and not the prediction.
 * Nothing here calls or includes negotiator/; the two sides are read
 * from the spec and the registry directly. */
#ifndef PVABI_RULE_H
#define PVABI_RULE_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model.h"
#include "abi/registry.h"

#define PVABI_RULE_MAX_REVS 64

/* The spec's neg_status values (enum neg_status): they travel on the
 * wire and never change. */
enum pvabi_rule_status {
	PVABI_RULE_OK = 0,
	PVABI_RULE_NO_COMMON_REVISION = 1,
	PVABI_RULE_MISSING_REQUIRED = 2,
};

/* What the guest offers. */
struct pvabi_rule_guest {
	uint32_t lo, hi;     /* revision codes, major << 16 | minor */
	uint64_t required, optional;
};

/* What the platform serves: the revisions it serves (a withdrawn one is
 * simply absent) and the features it offers. */
struct pvabi_rule_platform {
	uint32_t served[PVABI_RULE_MAX_REVS];
	size_t nserved;
	uint64_t offered;
};

struct pvabi_rule_outcome {
	enum pvabi_rule_status status;
	uint32_t chosen;     /* OK and MISSING_REQUIRED; else 0 */
	uint64_t granted;    /* OK; else 0 */
	uint64_t missing;    /* MISSING_REQUIRED; else 0 */
};

/* The feature bits the spec defines in the revision of code rev (0 for a
 * revision the spec does not have). */
uint64_t pvabi_rule_defined(const struct pvabi_spec *s, uint32_t rev);

/* The rule, stated as the spec states it. */
void pvabi_rule_apply(const struct pvabi_spec *s, const struct pvabi_rule_guest *g,
		      const struct pvabi_rule_platform *p, struct pvabi_rule_outcome *out);

/* The offer of an image built for image_rev: from the spec's first
 * revision to image_rev, nothing required, every feature image_rev
 * defines optional. 0, or -1 with why in err. */
int pvabi_rule_image(const struct pvabi_spec *s, const char *image_rev,
		     struct pvabi_rule_guest *g, char *err, size_t errlen);

/* The platform the registry describes: release NULL is the current
 * build (every revision of the support window that is not retired),
 * else release R as it shipped (the revisions its `serves` lists, or
 * without that list every revision up to R that is not retired). It
 * offers every feature its highest served revision defines. 0, or -1
 * with why in err. */
int pvabi_rule_platform(const struct pvabi_spec *s, const struct pvabi_registry *r,
			const char *release, struct pvabi_rule_platform *p,
			char *err, size_t errlen);

/* Whether p serves revision rev. */
int pvabi_rule_serves(const struct pvabi_rule_platform *p, uint32_t rev);

#endif
