/* Conformance vectors, parsed and resolved against one revision's view
 * of their op: the data a guest runs and the generator emits.
 *
 *   args   = "name=value ..."  value: decimal, 0x hex, negative, an enum
 *            value name of the arg's enum, or 'text' for a pass="in" u8
 *            buffer; by-value args with a default may be omitted, pass="out"
 *            args are always scratch buffers supplied by the runner
 *   expect = "ret=N" | "ret>=N" | "error=NAME", then any "out.FIELD=N" or
 *            "out.FIELD>=N" checks on a pass="out" struct arg named out
 *            (N may be "sizeof", out's struct size in the revision), or
 *            "out=N" / "out>=N" on a pass="out" scalar arg; a check's N
 *            may also be a value the guest knows only when it runs
 *            (vector_value.c): "granted", "granted>>S", "granted.FEATURE"
 *            or, in a scenario, "$NAME"
 * In a scenario step a by-value arg may also be "$NAME", a variable an
 * earlier step bound (see struct pvabi_step).
 */
#ifndef PVABI_VECTOR_H
#define PVABI_VECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "abi/expr.h"
#include "abi/model.h"

enum pvabi_vec_arg_kind {
	PVABI_VA_VALUE,   /* by value */
	PVABI_VA_BYTES,   /* pass="in" buffer with the given bytes */
	PVABI_VA_SCRATCH, /* pointer to a zeroed scratch buffer */
	PVABI_VA_VAR,     /* by value, from scenario variable `value` */
	PVABI_VA_EXPR,    /* by value, expression x of the variables */
};

/* Variables a scenario has bound so far, by index. */
#define PVABI_SCEN_MAX_VARS 8
struct pvabi_vars {
	const char *name[PVABI_SCEN_MAX_VARS];
	size_t n;
	unsigned int pages;  /* bit i: variable i holds a <page>'s address */
	unsigned int npages; /* <page> steps so far */
	/* bit i: variable i holds an unsigned 64-bit value (a u64 or ulong
	 * output, a page's address), which makes an expression reading it
	 * unsigned */
	unsigned int wide;
};

/* NEAR_PCT, NEAR_ABS: within tol percent of, or tol of, the value
 * ("=E~2%", "=E~10"); RANGE: from the value to hi ("=E..E"). */
enum pvabi_vec_cmp {
	PVABI_CMP_EQ, PVABI_CMP_GE, PVABI_CMP_LE, PVABI_CMP_NEAR_PCT, PVABI_CMP_NEAR_ABS,
	PVABI_CMP_RANGE,
};

/* Where a check's value comes from: a constant, or what the guest
 * negotiated or bound when it runs. */
enum pvabi_vec_from {
	PVABI_FROM_CONST,
	PVABI_FROM_GRANT,   /* the grant shifted right by value bits */
	PVABI_FROM_FEATURE, /* bit value of the grant: 1 granted, 0 not */
	PVABI_FROM_VAR,     /* scenario variable with index value */
	PVABI_FROM_EXPR,    /* expression x, run by the guest */
};

#define PVABI_VEC_MAX_BYTES 256
#define PVABI_VEC_MAX_CHECKS 8

struct pvabi_vec_arg {
	int arg; /* index in op->args */
	enum pvabi_vec_arg_kind kind;
	uint64_t value;
	char bytes[PVABI_VEC_MAX_BYTES];
	size_t nbytes;
	struct pvabi_expr x; /* EXPR */
	/* BYTES, SCRATCH: 0, or a placement the spec never writes: the
	 * bytes the platform may touch through the buffer, laid so that
	 * the last is guest memory's last (emit/emit_edgebuf.c) */
	uint32_t edge;
	/* with edge: the same extent laid across a page boundary instead,
	 * inside memory (emit/emit_edgebuf.c) */
	int split;
};

struct pvabi_vec_check {
	int arg;   /* the pass="out" arg */
	int field; /* index in its struct's fields; PVABI_NONE: a scalar */
	enum pvabi_vec_cmp cmp;
	int64_t value;
	enum pvabi_vec_from from;
	struct pvabi_expr x;  /* from EXPR */
	struct pvabi_expr hi; /* RANGE: the upper bound */
	uint64_t tol;         /* NEAR_PCT, NEAR_ABS */
};

struct pvabi_vec {
	struct pvabi_vec_arg args[PVABI_MAX_ARGS]; /* present args, in slot order */
	size_t nargs;
	int is_error;
	int error;  /* index in spec->errors */
	enum pvabi_vec_cmp cmp;
	int64_t ret;
	struct pvabi_vec_check checks[PVABI_VEC_MAX_CHECKS];
	size_t nchecks;
};

/* Resolves vector v of op in revision rev. Returns 0, or -1 with a
 * message naming the problem in err. */
int pvabi_vec_resolve(const struct pvabi_spec *s, const struct pvabi_op *op,
		      const struct pvabi_vector *v, int rev, struct pvabi_vec *out,
		      char *err, size_t errlen);
/* The same for args and expect as written, with the variables vars
 * (NULL: none) available to by-value args. */
int pvabi_vec_resolve_text(const struct pvabi_spec *s, const struct pvabi_op *op,
			   const char *args, const char *expect, int rev,
			   const struct pvabi_vars *vars, struct pvabi_vec *out, char *err,
			   size_t errlen);
/* Parses "name=value ..." naming some of op's arguments in revision
 * rev: given[i] and have[i] (PVABI_MAX_ARGS each, zeroed by the
 * caller) for each argument i named. 0, or -1 with the problem in err. */
int pvabi_vec_parse_some(const struct pvabi_spec *s, const struct pvabi_op *op,
			 const char *text, int rev, struct pvabi_vec_arg *given, int *have,
			 char *err, size_t errlen);
/* A check's value that only the running guest knows: "granted",
 * "granted>>S" (S 0..63), "granted.FEATURE" (a feature of revision rev)
 * or "$NAME" (a variable of vars). 1 when text is none of these (c is
 * untouched), 0 when c->value and c->from are set, -1 with the problem
 * in err. A grant is only compared with "=", a variable also with ">=". */
int pvabi_vec_runtime_value(const struct pvabi_spec *s, int rev, const char *text,
			    const struct pvabi_vars *vars, struct pvabi_vec_check *c, char *err,
			    size_t errlen);
/* Refuses what the signedness of the value c judges makes ambiguous or
 * empty (vector_expr.c; docs/spec-language.md, "Signed and unsigned"):
 * an unsigned value ordered against a bound written negative, a range
 * of constants empty in that order. text is the check's value as
 * written. 0, or -1 with the problem in err. */
int pvabi_vec_check_sign(const char *text, const struct pvabi_vec_check *c, int is_signed,
			 char *err, size_t errlen);
/* A check's value written as an expression, a tolerance or a range
 * (vector_expr.c): 1 when text is none of these, 0 when c is set, -1
 * with the problem in err. */
int pvabi_vec_expr_value(const struct pvabi_spec *s, int rev, const char *text,
			 const struct pvabi_vars *vars, struct pvabi_vec_check *c, char *err,
			 size_t errlen);
/* 1 when err was written by the expression compiler (EXPR_INVALID). */
int pvabi_vec_err_is_expr(const char *err);
/* Argument index of name in op in revision rev, or PVABI_NONE. */
int pvabi_vec_find_arg(const struct pvabi_op *op, int rev, const char *name);

/* A <grows> of op resolved in revision rev: the argument values it
 * applies to (have[i] set for each one `when` names) and the value it
 * names: arg -1 for the return value, else a pass="out" struct argument
 * and its field. */
struct pvabi_grows_res {
	struct pvabi_vec_arg when[PVABI_MAX_ARGS];
	int have[PVABI_MAX_ARGS];
	int arg;
	int field;
};

/* Returns 0, or -1 with the problem in err (GROWS_INVALID). */
int pvabi_grows_resolve(const struct pvabi_spec *s, const struct pvabi_op *op,
			const struct pvabi_grows *g, int rev, struct pvabi_grows_res *out,
			char *err, size_t errlen);

/* 1 when vector v, resolved in the same revision, is a call g applies to
 * and expects its growing value to equal a constant: a later compatible
 * revision may falsify that (VECTOR_FALSIFIABLE). */
int pvabi_vec_fixes_growth(const struct pvabi_vec *v, const struct pvabi_grows_res *g);

#endif
