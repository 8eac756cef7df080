/* Scenario steps resolved against one revision: the vector of each call,
 * the variables bound so far, and what each step binds. */
#ifndef PVABI_SCENARIO_H
#define PVABI_SCENARIO_H

#include <stddef.h>

#include "abi/model.h"
#include "abi/vector.h"

/* Limits of the steps that are not calls. The guest runtime keeps
 * PVABI_SCEN_MAX_PAGES pages for a scenario; a wait is bounded well
 * inside the engines' default run timeout (10 s), so that a platform that
 * never delivers is reported as a timed-out step, not a timed-out run. */
#define PVABI_SCEN_PAGE 4096u
#define PVABI_SCEN_MAX_PAGES 2
#define PVABI_SCEN_MAX_WAIT_NS UINT64_C(2000000000)
#define PVABI_SCEN_MAX_UPCALLS 255u
/* The most times a derived call is repeated in a row (a count raised to
 * its cap, emit/emit_cap_scen.c): the image's bound too
 * (PVABI_CCALL_REPEAT_MAX). */
#define PVABI_SCEN_MAX_REPEAT 255u

struct pvabi_rstep {
	enum pvabi_step_kind kind;
	int at_var;     /* READ: the page variable it reads */
	struct pvabi_vec v; /* CALL */
	int bind_var;   /* index of the variable it binds, or PVABI_NONE */
	int bind_arg;   /* PVABI_NONE: the return value; else the out arg */
	int bind_field; /* field of that arg's struct, PVABI_NONE: a scalar */
	struct pvabi_expr x; /* CHECK: the value; v.checks[0] judges it */
};

/* A <check> step in rev (scen_check.c): its value compiled into out->x,
 * its comparison into out->v.checks[0]. 0, or -1 with the problem. */
int pvabi_step_check_resolve(const struct pvabi_spec *s, const struct pvabi_step *step,
			     int rev, const struct pvabi_vars *vars, struct pvabi_rstep *out,
			     char *err, size_t errlen);

/* Resolves step of a scenario in revision rev, with the variables vars
 * that earlier steps bound; adds the one it binds to vars. Returns 0, or
 * -1 with the problem in err. */
int pvabi_step_resolve(const struct pvabi_spec *s, const struct pvabi_step *step, int rev,
		       struct pvabi_vars *vars, struct pvabi_rstep *out, char *err,
		       size_t errlen);

/* Resolves every step of sc in rev (scen_steps.c); the first failure in
 * err, with the failing step's line in *line. */
int pvabi_scenario_check(const struct pvabi_spec *s, const struct pvabi_scenario *sc, int rev,
			 int *line, char *err, size_t errlen);

#endif
