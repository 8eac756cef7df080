/* Arithmetic between values a scenario bound (docs/spec-language.md,
 * "Expressions"): an expression is a postfix program the guest runs when
 * the step runs, because its operands (a port, a TSC reading, a field
 * the platform wrote) are known only then. The same evaluator folds the
 * constant expressions of a spec when it is loaded, so a guest and the
 * loader cannot disagree on what an expression means.
 *
 * Values are 64-bit two's complement; +, -, * and unary - wrap; / and %
 * are signed and truncate; a division by zero fails the evaluation.
 * << and >> take a signed count: a negative count shifts the other way
 * (how an ABI's tsc_shift is applied), >> fills with zeros, and a count
 * of 64 or more leaves 0. */
#ifndef PVABI_GUEST_EXPR_H
#define PVABI_GUEST_EXPR_H

#include <stdint.h>

enum pvabi_xop {
	PVABI_X_END,
	PVABI_X_CONST,   /* push value */
	PVABI_X_VAR,     /* push scenario variable `value` */
	PVABI_X_GRANT,   /* push the features this guest was granted */
	PVABI_X_NEG, PVABI_X_NOT,
	PVABI_X_ADD, PVABI_X_SUB, PVABI_X_MUL, PVABI_X_DIV, PVABI_X_MOD,
	PVABI_X_AND, PVABI_X_OR, PVABI_X_XOR, PVABI_X_SHL, PVABI_X_SHR,
};

/* One instruction; a program ends with PVABI_X_END. */
struct pvabi_cexpr {
	int64_t value;
	uint8_t op; /* enum pvabi_xop */
};

/* The deepest stack a program may need; the loader refuses deeper ones. */
#define PVABI_X_STACK 8

static inline uint64_t pvabi_x_shift(uint64_t a, int64_t count)
{
	if (count >= 64 || count <= -64)
		return 0;
	return count >= 0 ? a << count : a >> -count;
}

/* op applied to a and b: 0, or -1 for a division by zero. */
static inline int pvabi_x_binary(uint8_t op, uint64_t a, uint64_t b, uint64_t *r)
{
	int64_t sa = (int64_t)a, sb = (int64_t)b;

	switch (op) {
	case PVABI_X_ADD: *r = a + b; return 0;
	case PVABI_X_SUB: *r = a - b; return 0;
	case PVABI_X_MUL: *r = a * b; return 0;
	case PVABI_X_AND: *r = a & b; return 0;
	case PVABI_X_OR: *r = a | b; return 0;
	case PVABI_X_XOR: *r = a ^ b; return 0;
	case PVABI_X_SHL: *r = pvabi_x_shift(a, sb); return 0;
	case PVABI_X_SHR: *r = pvabi_x_shift(a, sb == INT64_MIN ? 64 : -sb); return 0;
	case PVABI_X_DIV: case PVABI_X_MOD: break;
	default: return -1;
	}
	if (!b)
		return -1;
	if (sb == -1) /* INT64_MIN / -1 wraps instead of trapping */
		*r = op == PVABI_X_DIV ? 0 - a : 0;
	else
		*r = op == PVABI_X_DIV ? (uint64_t)(sa / sb) : (uint64_t)(sa % sb);
	return 0;
}

/* Runs x with the scenario's variables and the grant: 0 with the value
 * in *out, or -1 (a division by zero, a malformed program). */
static inline int pvabi_cexpr_eval(const struct pvabi_cexpr *x, const uint64_t *vars,
				   uint64_t granted, int64_t *out)
{
	uint64_t st[PVABI_X_STACK];
	unsigned int n = 0, i;

	for (i = 0; x[i].op != PVABI_X_END; i++) {
		uint8_t op = x[i].op;

		if (op <= PVABI_X_GRANT) {
			if (n == PVABI_X_STACK)
				return -1;
			st[n++] = op == PVABI_X_CONST ? (uint64_t)x[i].value
				: op == PVABI_X_VAR ? (vars ? vars[x[i].value & 7] : 0) : granted;
		} else if (op == PVABI_X_NEG || op == PVABI_X_NOT) {
			if (!n)
				return -1;
			st[n - 1] = op == PVABI_X_NEG ? 0 - st[n - 1] : ~st[n - 1];
		} else if (n < 2 || pvabi_x_binary(op, st[n - 2], st[n - 1], &st[n - 2])) {
			return -1;
		} else {
			n--;
		}
	}
	if (n != 1)
		return -1;
	*out = (int64_t)st[0];
	return 0;
}

#endif
