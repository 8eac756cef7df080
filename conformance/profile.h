/* Platform profiles from the registry: what the current build serves
 * (its support window, retired revisions as holes) and what a released
 * platform served ("behave as release R"), which is how the matrix tests
 * new guests against old platforms without keeping old binaries. */
#ifndef PVABI_PROFILE_H
#define PVABI_PROFILE_H

#include <stddef.h>

#include "negotiator/pvabi_neg.h"
#include "abi/model.h"
#include "abi/registry.h"

#define PVABI_PLATFORM_ID_CURRENT 0x70766162u /* "pvab" */

/* release NULL: the current build. Returns 0, or -1 with why in err. */
int pvabi_profile_from_registry(const struct pvabi_spec *s, const struct pvabi_registry *r,
				const char *release, struct pvabi_neg_profile *p,
				char *err, size_t errlen);

#endif
