/* Expressions in vector and scenario values (docs/spec-language.md,
 * "Expressions"): C's integer operators and precedence over numbers,
 * `revision`, the grant and a scenario's variables, written without
 * blanks ("$pt|1", "($t1-$t0)*1000", "(1000000&lt;&lt;32)/$mul").
 * Compiled to the postfix program of guest/rt/expr.h, which the guest
 * runs; an expression without variables or grant is folded into a
 * constant by the same evaluator. */
#ifndef PVABI_EXPR_H
#define PVABI_EXPR_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model.h"
#include "guest/rt/expr.h"

#define PVABI_EXPR_MAX 24  /* instructions, the END included */
#define PVABI_EXPR_TEXT 160 /* characters of one expression */

struct pvabi_expr {
	struct pvabi_cexpr code[PVABI_EXPR_MAX];
	size_t n;      /* instructions before the END */
	int runtime;   /* it reads a variable or the grant */
	/* its type is unsigned 64-bit: it reads a u64 or ulong variable, a
	 * page's address or the grant, as C's usual conversions would have
	 * it; else signed (docs/spec-language.md, "Signed and unsigned") */
	int is_unsigned;
	int64_t value; /* !runtime: the folded value */
};

struct pvabi_vars;

/* What an expression may name: the scenario's variables (NULL: none),
 * the grant (0: a format 2 ABI has none), revision rev's code. */
struct pvabi_expr_env {
	const struct pvabi_spec *s;
	int rev;
	const struct pvabi_vars *vars;
	int grant;
};

/* 1 when text is written as an expression rather than a plain value (a
 * number, a name, "$NAME", "granted>>S"): it holds an operator or a
 * parenthesis. */
int pvabi_expr_is(const char *text);

/* Compiles text[0..len) into x. 0, or -1 with the problem in err, which
 * names the offending part. */
int pvabi_expr_compile(const struct pvabi_expr_env *env, const char *text, size_t len,
		       struct pvabi_expr *x, char *err, size_t errlen);

#endif
