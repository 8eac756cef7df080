/* The steps of a format 2 scenario that call nothing (<page>, <read>,
 * <write>, <wait>, <clock>, <check>), resolved against one revision: where in which page,
 * per guest mode, since a format 2 ABI lays its structs out per mode. */
#ifndef PVABI_SCEN_MEM2_H
#define PVABI_SCEN_MEM2_H

#include "abi/scenario.h"

struct pvabi_m2step {
	int var;     /* PAGE: the variable bound; READ, WRITE, WAIT: the page (WAIT: PVABI_NONE without ack) */
	int bit_var; /* READ, WRITE: the variable holding the bit index, or PVABI_NONE */
	long off[PVABI_MODE_COUNT]; /* the byte offset in the page per mode */
	int bind_var;     /* CLOCK: the variable it binds, or PVABI_NONE */
	int cmp_var;      /* CLOCK: expect=">=$NAME+N": NAME, or PVABI_NONE */
	uint64_t cmp_add; /* and N */
	struct pvabi_expr x;           /* CHECK: the value */
	struct pvabi_vec_check judge;  /* CHECK: what it is compared with */
};

/* Resolves step (not a call) of a format 2 scenario in revision rev with
 * the variables earlier steps bound; a <page> adds the one it binds.
 * Returns 0, or -1 with the problem in err. */
int pvabi_m2_resolve(const struct pvabi_spec *s, const struct pvabi_step *step, int rev,
		     struct pvabi_vars *vars, struct pvabi_m2step *out, char *err, size_t errlen);

#endif
