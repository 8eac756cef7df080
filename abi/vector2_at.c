/* Data passed by address given as an address the guest cannot read
 * (abi/vector2_at.h): NAME=@CLASS in a vector's args, the way a format 2
 * vector reaches the EFAULT a platform answers when its copy of the
 * guest's struct fails. The class, not a number, is what the spec says:
 * which address is unreadable is the image's memory map, the guest
 * runtime's business (guest/rt/conformance2.h, pvabi_c2_unreadable). */
#include "abi/vector2_at.h"

#include <stdio.h>
#include <string.h>

#define FAIL(...)                                                             \
	do {                                                                  \
		snprintf(err, errlen, __VA_ARGS__);                           \
		return -1;                                                    \
	} while (0)

static const char *const at_names[] = { NULL, "unmapped", "noncanonical" };
#define NCLASSES (sizeof(at_names) / sizeof(at_names[0]))

const char *pvabi_v2_at_name(enum pvabi_v2_at at)
{
	return (size_t)at < NCLASSES ? at_names[at] : NULL;
}

/* A scenario's step cannot take one: the step would be skipped in a
 * guest mode without such an address, and a scenario stopped there
 * would keep what its earlier steps took. */
int vector2_at_parse(struct pvabi_v2_param *p, const char *key, const char *val,
		     int in_scenario, char *err, size_t errlen)
{
	size_t i;

	if (in_scenario)
		FAIL("args: %s=%s: only a vector gives an unreadable address", key, val);
	for (i = 1; i < NCLASSES; i++)
		if (!strcmp(val + 1, at_names[i]))
			break;
	if (i == NCLASSES)
		FAIL("args: %s=%s: no class of unreadable address (@unmapped, @noncanonical)", key,
		     val);
	p->at = (enum pvabi_v2_at)i;
	return 0;
}

/* A field set there would never reach the platform, and a success would
 * mean the platform answered without reading what it was given. */
int vector2_at_check(const struct pvabi_spec *s, const struct pvabi_v2 *v, char *err,
		     size_t errlen)
{
	size_t i;

	for (i = 0; i < v->nsets; i++)
		if (v->params[v->sets[i].at.param].at)
			FAIL("args: %s is at an unreadable address: it has no field %s to set",
			     s->ops[v->op].args[v->params[v->sets[i].at.param].arg].name,
			     v->sets[i].at.path);
	for (i = 0; i < v->nparams; i++)
		if (v->params[i].at && !v->is_error)
			FAIL("expect: %s is at an unreadable address (@%s): expect error=NAME",
			     s->ops[v->op].args[v->params[i].arg].name, at_names[v->params[i].at]);
	return 0;
}
