/* The oracle for an ABI whose platform is the host kernel (spec/kvm.xml):
 * a guest of generation G (the revision its image was built for) on a
 * host of release R takes exactly what R offers and G knows; of a pair
 * the spec says replaced-by, it uses the new one where G knows it and R
 * offers its bit, else the old one where R offers that, else neither;
 * every MSR G knows whose bit R does not offer gives #GP. Nothing here
 * asks the host: the prediction is the spec's. */
#include "conformance/host_profile.h"
#include "conformance/oracle.h"

#include <stdio.h>
#include <string.h>

static int offered_op(const struct pvabi_spec *s, const struct pvabi_op *op, int rev,
		      uint32_t granted)
{
	return pvabi_life_has(&op->life, rev) &&
	       (op->feature < 0 || (granted >> s->features[op->feature].bit & 1));
}

/* "system_time_new (else system_time)": which of each replaced pair
 * the guest uses, appended to buf. */
static void pairs(const struct pvabi_spec *s, int rev, uint32_t granted, char *buf, size_t n)
{
	size_t i, k = strlen(buf);

	for (i = 0; i < s->nops && k < n; i++) {
		const struct pvabi_op *old = &s->ops[i], *nw;

		if (old->replaced_by < 0 || !pvabi_life_has(&old->life, rev))
			continue;
		nw = &s->ops[old->replaced_by];
		k += (size_t)snprintf(buf + k, n - k, "; %s: %s", old->name,
				      offered_op(s, nw, rev, granted) ? nw->name :
				      offered_op(s, old, rev, granted) ? "itself (the fallback)" :
									 "neither (#GP)");
	}
}

int pvabi_oracle_predict_host(const struct pvabi_spec *s, const char *image_rev,
			      const char *platform, struct pvabi_prediction *out, char *err,
			      size_t errlen)
{
	struct pvabi_host_profile p;
	int g = pvabi_spec_rev(s, image_rev);
	uint32_t known;

	memset(out, 0, sizeof(*out));
	if (g < 0) {
		snprintf(err, errlen, "image revision '%s' is not in the spec", image_rev);
		return -1;
	}
	if (pvabi_host_profile(s, platform, &p, err, errlen))
		return -1;
	known = pvabi_host_known(s, g);
	out->kind = PVABI_PRED_PASS;
	out->rev = pvabi_rev_code(&s->revs[g]);
	out->neg_status = PVABI_NEG_OK;
	out->granted = p.features & known;
	snprintf(out->why, sizeof(out->why), "a %s guest (knows 0x%x) on host %s (offers 0x%x) "
		 "takes 0x%llx", image_rev, known, p.label, p.features,
		 (unsigned long long)out->granted);
	pairs(s, g, (uint32_t)out->granted, out->why, sizeof(out->why));
	return 0;
}
