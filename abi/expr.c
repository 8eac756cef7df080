/* Expressions (abi/expr.h): a recursive-descent parser over C's integer
 * operators and precedence, emitting the postfix program of
 * guest/rt/expr.h. Spec text is hostile input: every limit (length,
 * instructions, stack depth, nesting) is checked and named. */
#include "abi/expr.h"
#include "abi/vector.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct xp {
	const struct pvabi_expr_env *env;
	const char *p, *end, *text;
	size_t len;
	struct pvabi_expr *x;
	unsigned int depth, maxdepth, nest;
	char *err;
	size_t errlen;
};

#define XFAIL(P, ...)                                                         \
	do {                                                                  \
		xp_fail((P), __VA_ARGS__);                                    \
		return -1;                                                    \
	} while (0)

static void xp_fail(struct xp *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void xp_fail(struct xp *p, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "expression '%.*s': %s at offset %d", (int)p->len, p->text,
		 what, (int)(p->p - p->text));
}

/* Appends one instruction; the stack grows by push (1, 0 or -1). */
static int put(struct xp *p, uint8_t op, int64_t value, int push)
{
	if (p->x->n + 1 >= PVABI_EXPR_MAX)
		XFAIL(p, "more than %d operations", PVABI_EXPR_MAX - 1);
	p->x->code[p->x->n].op = op;
	p->x->code[p->x->n].value = value;
	p->x->n++;
	p->depth = (unsigned int)((int)p->depth + push);
	if (p->depth > p->maxdepth)
		p->maxdepth = p->depth;
	if (p->maxdepth > PVABI_X_STACK)
		XFAIL(p, "nested deeper than %d values", PVABI_X_STACK);
	return 0;
}

static size_t ident_len(const char *s, const char *end)
{
	size_t n = 0;

	while (s + n < end && (isalnum((unsigned char)s[n]) || s[n] == '_'))
		n++;
	return n;
}

static int number(struct xp *p)
{
	int hex = p->end - p->p > 2 && p->p[0] == '0' && (p->p[1] == 'x' || p->p[1] == 'X');
	unsigned long long u = 0;
	const char *s = p->p + (hex ? 2 : 0);
	size_t n = 0;

	while (s + n < p->end && (hex ? isxdigit((unsigned char)s[n]) : isdigit((unsigned char)s[n]))) {
		unsigned int d = isdigit((unsigned char)s[n]) ? (unsigned int)(s[n] - '0')
				: (unsigned int)(tolower((unsigned char)s[n]) - 'a' + 10);

		if (u > (~0ULL - d) / (hex ? 16 : 10))
			XFAIL(p, "a number beyond 64 bits");
		u = u * (hex ? 16 : 10) + d;
		n++;
	}
	if (!n || (s + n < p->end && (isalnum((unsigned char)s[n]) || s[n] == '_')))
		XFAIL(p, "a malformed number");
	p->p = s + n;
	return put(p, PVABI_X_CONST, (int64_t)u, 1);
}

static int variable(struct xp *p)
{
	const struct pvabi_vars *v = p->env->vars;
	size_t n = ident_len(p->p + 1, p->end), i;

	if (!n)
		XFAIL(p, "'$' without a variable name");
	for (i = 0; v && i < v->n; i++)
		if (strcspn(v->name[i], "=") == n && !strncmp(v->name[i], p->p + 1, n))
			break;
	if (!v || i == v->n)
		XFAIL(p, "variable $%.*s is not bound by an earlier step", (int)n, p->p + 1);
	p->p += n + 1;
	p->x->runtime = 1;
	p->x->is_unsigned |= (v->wide >> i) & 1;
	return put(p, PVABI_X_VAR, (int64_t)i, 1);
}

/* "granted": the grant; "granted.FEATURE": its bit, 1 or 0. */
static int grant(struct xp *p, size_t n)
{
	const struct pvabi_spec *s = p->env->s;
	size_t fn;
	int f;

	if (!p->env->grant)
		XFAIL(p, "'granted' is known only in a check of a negotiating ABI");
	p->p += n;
	p->x->runtime = 1;
	p->x->is_unsigned = 1; /* a u64 mask */
	if (put(p, PVABI_X_GRANT, 0, 1))
		return -1;
	if (p->p >= p->end || *p->p != '.')
		return 0;
	fn = ident_len(p->p + 1, p->end);
	{
		char name[72];

		snprintf(name, sizeof(name), "%.*s", (int)fn, p->p + 1);
		f = pvabi_spec_feature(s, name);
		if (!fn || f < 0)
			XFAIL(p, "'granted.%s': no feature %s in this spec", name, name);
		/* a guest of a revision without it cannot have it: not 0, an
		 * error, so a check never claims to judge a grant it cannot see */
		if (!pvabi_life_has(&s->features[f].life, p->env->rev))
			XFAIL(p, "'granted.%s': no feature %s in revision %s (defined from %s)", name,
			      name, s->revs[p->env->rev].id, s->revs[s->features[f].life.since].id);
	}
	p->p += fn + 1;
	return put(p, PVABI_X_CONST, (int64_t)s->features[f].bit, 1) ||
	       put(p, PVABI_X_SHR, 0, -1) || put(p, PVABI_X_CONST, 1, 1) ||
	       put(p, PVABI_X_AND, 0, -1);
}

static int binary(struct xp *p, int level);

static int unary(struct xp *p)
{
	size_t n;

	if (p->p >= p->end)
		XFAIL(p, "a value expected");
	if (*p->p == '-' || *p->p == '~') {
		uint8_t op = *p->p == '-' ? PVABI_X_NEG : PVABI_X_NOT;

		p->p++;
		return unary(p) || put(p, op, 0, 0);
	}
	if (*p->p == '(') {
		if (++p->nest > 16)
			XFAIL(p, "parentheses nested deeper than 16");
		p->p++;
		if (binary(p, 0))
			return -1;
		if (p->p >= p->end || *p->p != ')')
			XFAIL(p, "')' expected");
		p->p++;
		p->nest--;
		return 0;
	}
	if (isdigit((unsigned char)*p->p))
		return number(p);
	if (*p->p == '$')
		return variable(p);
	n = ident_len(p->p, p->end);
	if (n == 8 && !strncmp(p->p, "revision", 8)) {
		p->p += n;
		return put(p, PVABI_X_CONST, (int64_t)pvabi_rev_code(&p->env->s->revs[p->env->rev]), 1);
	}
	if (n == 7 && !strncmp(p->p, "granted", 7))
		return grant(p, n);
	XFAIL(p, "'%.*s' is not a number, $NAME, revision or granted", n ? (int)n : 1, p->p);
}

/* C's binary operators, loosest first. */
static const struct {
	const char *tok[3];
	uint8_t op[3];
} levels[] = {
	{ { "|" }, { PVABI_X_OR } },
	{ { "^" }, { PVABI_X_XOR } },
	{ { "&" }, { PVABI_X_AND } },
	{ { "<<", ">>" }, { PVABI_X_SHL, PVABI_X_SHR } },
	{ { "+", "-" }, { PVABI_X_ADD, PVABI_X_SUB } },
	{ { "*", "/", "%" }, { PVABI_X_MUL, PVABI_X_DIV, PVABI_X_MOD } },
};
#define NLEVELS (int)(sizeof(levels) / sizeof(levels[0]))

static int binary(struct xp *p, int level)
{
	if (level == NLEVELS)
		return unary(p);
	if (binary(p, level + 1))
		return -1;
	for (;;) {
		int k, found = -1;

		for (k = 0; k < 3 && levels[level].tok[k]; k++) {
			size_t n = strlen(levels[level].tok[k]);

			if ((size_t)(p->end - p->p) >= n && !strncmp(p->p, levels[level].tok[k], n))
				found = k;
		}
		if (found < 0)
			return 0;
		/* C's logical operators are no bitwise ones */
		if ((*p->p == '&' || *p->p == '|') && p->p + 1 < p->end && p->p[1] == *p->p)
			XFAIL(p, "'%.2s' is not an operator here (bitwise & and | only)", p->p);
		p->p += strlen(levels[level].tok[found]);
		if (binary(p, level + 1) || put(p, levels[level].op[found], 0, -1))
			return -1;
	}
}

int pvabi_expr_is(const char *text)
{
	const char *g = "granted>>";
	size_t signs = strspn(text, "-");

	/* "--5" stays a malformed number, as before expressions */
	if (signs && strspn(text + signs, "0123456789abcdefABCDEFxX") == strlen(text + signs))
		return 0;
	if (strpbrk(text, "+*/%&|^~()<-"))
		return 1;
	/* "granted>>S" is the plain spelling of the grant from bit S up */
	if (!strncmp(text, g, strlen(g)))
		return strspn(text + strlen(g), "0123456789") != strlen(text + strlen(g));
	return strstr(text, ">>") != NULL;
}

int pvabi_expr_compile(const struct pvabi_expr_env *env, const char *text, size_t len,
		       struct pvabi_expr *x, char *err, size_t errlen)
{
	struct xp p = { env, text, text + len, text, len, x, 0, 0, 0, err, errlen };

	memset(x, 0, sizeof(*x));
	if (len > PVABI_EXPR_TEXT)
		XFAIL(&p, "longer than %d characters", PVABI_EXPR_TEXT);
	if (memchr(text, ' ', len) || memchr(text, '\t', len) || memchr(text, '\n', len))
		XFAIL(&p, "an expression is written without blanks");
	if (binary(&p, 0))
		return -1;
	if (p.p != p.end)
		XFAIL(&p, "'%.*s' is no operator", (int)(p.end - p.p > 8 ? 8 : p.end - p.p), p.p);
	x->code[x->n].op = PVABI_X_END;
	if (x->runtime)
		return 0;
	if (pvabi_cexpr_eval(x->code, NULL, 0, &x->value))
		XFAIL(&p, "a division by zero");
	x->code[0] = (struct pvabi_cexpr){ x->value, PVABI_X_CONST };
	x->code[1] = (struct pvabi_cexpr){ 0, PVABI_X_END };
	x->n = 1;
	return 0;
}
