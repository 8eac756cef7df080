/* Format 2 vectors and scenario calls, resolved against one revision:
 * what the generated conformance code of that revision sets, calls
 * through the guest header's typed stub and checks.
 *
 * A call's parameters are those of its typed stub (xen_OP or
 * xen_OP_CMD): the op's arguments present in the revision, less the
 * command selector, the data argument standing for the command's data.
 *   args   = "NAME=V"        a by-value parameter; V a number, a value
 *                            name of its enum, or $VAR in a scenario
 *            "NAME.PATH=V"   a field of a struct parameter passed in or
 *                            inout; PATH goes through nested structs and
 *                            unions ("u.unbound.dom"); a guest handle
 *                            field takes an address (a number or $VAR)
 *            "NAME='text'"   a pass="in" byte buffer
 *            "NAME=@CLASS"   (a vector's) data passed by address given as
 *                            an address of CLASS the guest runtime keeps
 *                            unreadable: @unmapped, @noncanonical
 *   expect = "ret=N" | "ret>=N" | "ret<=N" | "error=NAME", then
 *            "NAME.PATH=N", ">=N" or "<=N" on struct parameters passed out
 *            or inout; in a scenario N may also be $VAR or an expression
 *            of the variables, and "=" take a tolerance or a range
 *            ("=E~N%", "=E~N", "=L..H"), judged when the step runs
 *   bind   = "VAR" (the return value) | "VAR=NAME.PATH" (a field the
 *            platform wrote)
 * Every by-value parameter is given; a struct or buffer the call writes
 * is a zeroed scratch buffer unless fields are set. */
#ifndef PVABI_VECTOR2_H
#define PVABI_VECTOR2_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model.h"
#include "abi/vector.h"

#define PVABI_V2_PATH 128
#define PVABI_V2_MAX_SETS 16

enum pvabi_v2_kind {
	PVABI_V2_VALUE,  /* a scalar by value */
	PVABI_V2_STRUCT, /* a struct or union by address */
	PVABI_V2_BYTES,  /* an array of a scalar type by address */
};

/* A value: a constant, variable `var` of the scenario, or (is_expr) the
 * expression x of its variables. */
struct pvabi_v2_val {
	int var; /* PVABI_NONE: the constant */
	int64_t value;
	int is_expr;
	struct pvabi_expr x;
};

/* The classes of address a vector may give for data passed by address
 * (NAME=@CLASS): the runtime picks the address (guest/rt/conformance2.h,
 * pvabi_c2_unreadable), since an image's memory map is its business. */
enum pvabi_v2_at {
	PVABI_V2_AT_NONE,
	PVABI_V2_AT_UNMAPPED,     /* canonical, mapped by no page-table entry */
	PVABI_V2_AT_NONCANONICAL, /* not canonical, and unmapped once cut to 48 bits */
};

/* The spelling of at in args ("unmapped"), NULL for NONE. */
const char *pvabi_v2_at_name(enum pvabi_v2_at at);

struct pvabi_v2_param {
	int arg; /* index in op->args */
	enum pvabi_v2_kind kind;
	enum pvabi_arg_dir dir;
	struct pvabi_type type; /* the scalar, the struct, or the element */
	size_t count;           /* BYTES: elements of the buffer */
	int given;              /* named in args */
	struct pvabi_v2_val v;  /* VALUE */
	char bytes[PVABI_VEC_MAX_BYTES]; /* BYTES, pass="in" */
	size_t nbytes;
	enum pvabi_v2_at at; /* STRUCT, BYTES: given as an unreadable address */
};

/* A field of a struct parameter: its C member path in the revision and
 * its leaf field. */
struct pvabi_v2_field {
	int param;
	char path[PVABI_V2_PATH];
	const struct pvabi_field *leaf;
};

struct pvabi_v2_set {
	struct pvabi_v2_field at;
	struct pvabi_v2_val v;
};

/* A check of a field (or, as pvabi_v2.retk, of the result): cmp with
 * the constant value, or (is_expr) with x evaluated when the step runs,
 * within tol (NEAR_PCT, NEAR_ABS) or up to hi (RANGE). */
struct pvabi_v2_check {
	struct pvabi_v2_field at;
	enum pvabi_vec_cmp cmp;
	int64_t value;
	int is_expr;
	struct pvabi_expr x, hi;
	uint64_t tol;
};

struct pvabi_v2 {
	int op, cmd; /* cmd: PVABI_NONE for the op's own stub */
	struct pvabi_v2_param params[PVABI_MAX_ARGS];
	size_t nparams;
	struct pvabi_v2_set sets[PVABI_V2_MAX_SETS];
	size_t nsets;
	int is_error, error;
	enum pvabi_vec_cmp cmp;
	int64_t ret;
	int ret_is_expr;            /* the result is judged by retk */
	struct pvabi_v2_check retk; /* its at.param is PVABI_NONE */
	struct pvabi_v2_check checks[PVABI_VEC_MAX_CHECKS];
	size_t nchecks;
	int bind_var;                /* PVABI_NONE: binds nothing */
	struct pvabi_v2_field bound; /* bound.param PVABI_NONE: the return value */
};

/* Resolves a call of op (command cmd, or PVABI_NONE) in revision rev.
 * vars: the scenario's variables (NULL for a vector); bind is added to
 * them. Returns 0, or -1 with the problem in err. */
int pvabi_v2_resolve(const struct pvabi_spec *s, int op, int cmd, const char *args,
		     const char *expect, const char *bind, int rev, struct pvabi_vars *vars,
		     struct pvabi_v2 *out, char *err, size_t errlen);

/* The expectation text after "KEY=", "KEY>=" or "KEY<=" (c->cmp set by
 * the caller) when it is more than a constant (vector2_judge.c): a
 * variable, an expression, a tolerance or a range. 1 when text is a
 * plain constant (c untouched but cmp), 0 when c is set, -1 with the
 * problem in err. */
int pvabi_v2_judge(const struct pvabi_spec *s, int rev, const struct pvabi_vars *vars,
		   const char *text, struct pvabi_v2_check *c, char *err, size_t errlen);

/* A scenario's call step in rev: 0, or -1 with the problem in err. */
struct pvabi_step;
int pvabi_v2_step(const struct pvabi_spec *s, const struct pvabi_step *st, int rev,
		  struct pvabi_vars *vars, char *err, size_t errlen);

/* The vector j of command cmd of op (cmd PVABI_NONE: of the op). */
int pvabi_v2_vector(const struct pvabi_spec *s, int op, int cmd, size_t j, int rev,
		    struct pvabi_v2 *out, char *err, size_t errlen);

/* The vectors of op, command cmd (PVABI_NONE: the op's own). */
const struct pvabi_vector *pvabi_v2_vectors(const struct pvabi_spec *s, int op, int cmd,
					    size_t *n);

#endif
