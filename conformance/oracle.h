/* The matrix's oracle: what a cell should do, predicted from the spec and
 * the registry alone (never by running anything, and never with the
 * negotiator the platform runs: conformance/rule.h states the rule on its
 * own), and the judgement of what a cell did against that prediction. */
#ifndef PVABI_ORACLE_H
#define PVABI_ORACLE_H

#include <stddef.h>

#include "conformance/cell.h"
#include "negotiator/pvabi_neg.h"
#include "abi/model.h"
#include "abi/registry.h"

/* "pass", "pass-lower", "refused"; parse gives -1 for anything else. */
const char *pvabi_pred_kind_name(enum pvabi_pred_kind k);
int pvabi_pred_kind_parse(const char *name);

/* What an image built for image_rev offers: every revision of the spec
 * from the first up to image_rev, the features image_rev defines as
 * optional, nothing required (as emit_guest.c's OFFER_MIN/MAX and
 * FEATURES_DEFINED). 0, or -1 with why in err. */
int pvabi_oracle_offer(const struct pvabi_spec *s, const char *image_rev,
		       struct pvabi_neg_offer *o, char *err, size_t errlen);

/* The prediction against an explicit profile; label names the platform
 * in `why` ("current", "1.2", or anything). 0, or -1 with why in err. */
int pvabi_oracle_predict_profile(const struct pvabi_spec *s, const char *image_rev,
				 const struct pvabi_neg_profile *p, const char *label,
				 struct pvabi_prediction *out, char *err, size_t errlen);

/* platform: "current" (the build's support window) or a released
 * revision of the registry ("behave as release P"); feat (NULL: none)
 * a sub-cell of the feature axis: the image's request, the platform's
 * offer. */
int pvabi_oracle_predict_cell(const struct pvabi_spec *s, const struct pvabi_registry *r,
			      const char *image_rev, const char *platform,
			      const struct pvabi_cell_features *feat,
			      struct pvabi_prediction *out, char *err, size_t errlen);
/* The same without a feature variant. */
int pvabi_oracle_predict(const struct pvabi_spec *s, const struct pvabi_registry *r,
			 const char *image_rev, const char *platform,
			 struct pvabi_prediction *out, char *err, size_t errlen);

/* The prediction for a spec whose platform is the host kernel
 * (conformance/host_profile.h): the image's generation takes what the
 * platform's host profile offers and it knows, with the spec's
 * replaced-by fallback. pvabi_oracle_predict_cell calls it for such a
 * spec. (conformance/oracle_host.c) */
int pvabi_oracle_predict_host(const struct pvabi_spec *s, const char *image_rev,
			      const char *platform, struct pvabi_prediction *out, char *err,
			      size_t errlen);

/* Sets r->verdict, r->outcome and r->reason from r->exit_code, the
 * parsed checks and the guest's record (r->negotiated, r->neg_status,
 * r->granted, r->missing) against pred: revision, grant and refusal
 * must be the predicted ones, and pred->facts' invariants must hold
 * (conformance/invariant.h). r->cell.image_rev tells "pass" from
 * "pass-lower". (conformance/judge.c) */
void pvabi_oracle_judge(const struct pvabi_prediction *pred, struct pvabi_cell_result *r);

/* Green: what happened is what was predicted (verdict PASS). SKIP is not
 * green: a cell that did not run confirms nothing. */
int pvabi_cell_green(const struct pvabi_cell_result *r);

/* A cell the gate's --stop-at-red did not run because an earlier cell was
 * red: verdict SKIP, outcome "stopped". Not green and not a finding of
 * its own; the reports count it apart, as the part of the matrix not run.
 * pvabi_cell_stop marks r so. */
int pvabi_cell_stopped(const struct pvabi_cell_result *r);
void pvabi_cell_stop(struct pvabi_cell_result *r);

#endif
