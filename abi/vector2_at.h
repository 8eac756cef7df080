/* Data passed by address given as an address the guest cannot read
 * (abi/vector2_at.c), for abi/vector2.c. */
#ifndef PVABI_VECTOR2_AT_H
#define PVABI_VECTOR2_AT_H

#include <stddef.h>

#include "abi/vector2.h"

/* "KEY=@CLASS" of args for parameter p: 0, or -1 with the problem in
 * err (an unknown class, or a scenario's step). */
int vector2_at_parse(struct pvabi_v2_param *p, const char *key, const char *val,
		     int in_scenario, char *err, size_t errlen);

/* After args and expect: a call with data at an unreadable address sets
 * none of its fields and expects an error. 0, or -1 with err. */
int vector2_at_check(const struct pvabi_spec *s, const struct pvabi_v2 *v, char *err,
		     size_t errlen);

#endif
