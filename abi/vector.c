#include "abi/vector.h"
#include "abi/layout.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(...)                                                             \
	do {                                                                  \
		snprintf(err, errlen, __VA_ARGS__);                           \
		return -1;                                                    \
	} while (0)

/* Splits "k=v k2='a b'" in place; quoted values keep their blanks. */
static char *next_token(char **p)
{
	char *s = *p, *t;
	int quoted = 0;

	while (*s && isspace((unsigned char)*s))
		s++;
	if (!*s)
		return NULL;
	for (t = s; *t && (quoted || !isspace((unsigned char)*t)); t++)
		if (*t == '\'')
			quoted = !quoted;
	if (*t)
		*t++ = '\0';
	*p = t;
	return s;
}

/* An optional '-', then decimal or 0x hex digits, within 64 bits: a
 * second sign, blanks or a negative beyond -2^63 are no number (strtoull
 * alone would wrap "--5" and "-18446744073709551615" into small values).
 * A u64 bit pattern above INT64_MAX is kept, as the loader keeps it. */
static int parse_int(const char *s, int64_t *v)
{
	int neg = *s == '-';
	unsigned long long u;
	char *end;

	if (!isdigit((unsigned char)s[neg]))
		return -1;
	errno = 0;
	u = strtoull(s + neg, &end, (s[neg] == '0' && (s[neg + 1] == 'x' || s[neg + 1] == 'X')) ? 16 : 10);
	if (errno || *end || (neg && u > (unsigned long long)INT64_MAX + 1))
		return -1;
	*v = neg ? (int64_t)(0 - (uint64_t)u) : (int64_t)u;
	return 0;
}

static int enum_value(const struct pvabi_spec *s, const struct pvabi_type *t, int rev,
		      const char *name, int64_t *v)
{
	const struct pvabi_enum *e;
	size_t i;

	if (t->kind != PVABI_T_ENUM)
		return -1;
	e = &s->enums[t->index];
	for (i = 0; i < e->nvalues; i++)
		if (pvabi_life_has(&e->values[i].life, rev) && !strcmp(e->values[i].name, name)) {
			*v = e->values[i].value;
			return 0;
		}
	return -1;
}

int pvabi_vec_find_arg(const struct pvabi_op *op, int rev, const char *name)
{
	size_t i;

	for (i = 0; i < op->nargs; i++)
		if (pvabi_life_has(&op->args[i].life, rev) && !strcmp(op->args[i].name, name))
			return (int)i;
	return -1;
}

static int set_var(const struct pvabi_arg *a, const struct pvabi_vars *vars, const char *val,
		   struct pvabi_vec_arg *va, char *err, size_t errlen)
{
	size_t i;

	if (a->dir != PVABI_BY_VALUE)
		FAIL("argument %s is a pointer: a variable only gives a by-value argument", a->name);
	/* A name is kept as its bind= text: up to '=', if any. */
	for (i = 0; vars && i < vars->n; i++)
		if (strcspn(vars->name[i], "=") == strlen(val + 1) &&
		    !strncmp(vars->name[i], val + 1, strlen(val + 1))) {
			va->kind = PVABI_VA_VAR;
			va->value = i;
			return 0;
		}
	FAIL("argument %s: variable %s is not bound by an earlier step", a->name, val);
}

/* "$pt|1": an expression, folded when it names no variable. */
static int set_expr(const struct pvabi_spec *s, int rev, const char *val, const struct pvabi_vars *vars, struct pvabi_vec_arg *va,
		    char *err, size_t errlen)
{
	struct pvabi_expr_env env = { s, rev, vars, 0 };

	if (pvabi_expr_compile(&env, val, strlen(val), &va->x, err, errlen))
		return -1;
	va->kind = va->x.runtime ? PVABI_VA_EXPR : PVABI_VA_VALUE;
	va->value = (uint64_t)va->x.value;
	return 0;
}

/* "[N]" for a size-guarded struct the platform writes: a zeroed scratch
 * buffer of N bytes instead of the struct's size, with N in its size
 * field, the way a guest with an older or smaller layout calls. */
static int set_short(const struct pvabi_arg *a, const char *val, struct pvabi_vec_arg *va,
		     char *err, size_t errlen)
{
	char *end = NULL;
	unsigned long n;

	errno = 0;
	n = strtoul(val + 1, &end, 10);
	if (errno || !end || end == val + 1 || strcmp(end, "]") || n < 1 || n > 4096)
		FAIL("argument %s: '%s' is not a buffer size [1..4096]", a->name, val);
	va->kind = PVABI_VA_SCRATCH;
	va->nbytes = n;
	return 0;
}


/* x'50 56 4e 4f 00 00 28 00': bytes a string cannot carry (a binary
 * struct such as a well-formed offer), two hex digits each, blanks
 * between them ignored. */
static int set_hex(const struct pvabi_arg *a, const char *val, struct pvabi_vec_arg *va,
		   char *err, size_t errlen)
{
	size_t n = strlen(val), i, k = 0;
	int hi = -1;

	if (n < 3 || val[n - 1] != '\'')
		FAIL("argument %s: bad hex bytes %s", a->name, val);
	for (i = 2; i < n - 1; i++) {
		int d = isdigit((unsigned char)val[i]) ? val[i] - '0'
			: isxdigit((unsigned char)val[i]) ? tolower((unsigned char)val[i]) - 'a' + 10 : -1;

		if (val[i] == ' ')
			continue;
		if (d < 0 || (hi < 0 && k >= PVABI_VEC_MAX_BYTES))
			FAIL("argument %s: bad or too long hex bytes %s", a->name, val);
		if (hi < 0) {
			hi = d;
			continue;
		}
		va->bytes[k++] = (char)(hi << 4 | d);
		hi = -1;
	}
	if (hi >= 0 || !k)
		FAIL("argument %s: hex bytes %s: an even number of digits, at least two", a->name,
		     val);
	va->kind = PVABI_VA_BYTES;
	va->nbytes = k;
	return 0;
}

static int set_value(const struct pvabi_spec *s, const struct pvabi_arg *a, int rev,
		     const char *val, const struct pvabi_vars *vars, struct pvabi_vec_arg *va,
		     char *err, size_t errlen)
{
	int64_t v;
	size_t n;

	if (a->dir == PVABI_BY_VALUE && pvabi_expr_is(val))
		return set_expr(s, rev, val, vars, va, err, errlen);
	if (val[0] == '$')
		return set_var(a, vars, val, va, err, errlen);
	if ((a->dir == PVABI_PTR_OUT || a->dir == PVABI_PTR_INOUT) && val[0] == '[') {
		/* the size guard is the only way a guest tells its size */
		if (a->type.kind != PVABI_T_STRUCT || !s->structs[a->type.index].size_guarded)
			FAIL("argument %s: only a size-guarded struct takes a smaller buffer",
			     a->name);
		return set_short(a, val, va, err, errlen);
	}
	if (a->dir == PVABI_PTR_IN && val[0] == 'x' && val[1] == '\'')
		return set_hex(a, val, va, err, errlen);
	if (a->dir == PVABI_PTR_IN && val[0] == '\'') {
		n = strlen(val);
		if (n < 2 || val[n - 1] != '\'' || n - 2 > PVABI_VEC_MAX_BYTES)
			FAIL("argument %s: bad or too long string %s", a->name, val);
		va->kind = PVABI_VA_BYTES;
		memcpy(va->bytes, val + 1, n - 2);
		va->nbytes = n - 2;
		return 0;
	}
	/* A pointer given as a number is a guest-physical address the slot
	 * carries as it is: how a vector reaches EFAULT. */
	if (a->dir != PVABI_BY_VALUE && parse_int(val, &v))
		FAIL("argument %s is a pointer: give a 'string', an address, or leave it to the runner",
		     a->name);
	if (a->dir == PVABI_BY_VALUE && parse_int(val, &v) &&
	    enum_value(s, &a->type, rev, val, &v))
		FAIL("argument %s: '%s' is not a number or a value of its enum in this revision",
		     a->name, val);
	va->kind = PVABI_VA_VALUE;
	va->value = (uint64_t)v;
	return 0;
}

static int parse_args(const struct pvabi_spec *s, const struct pvabi_op *op,
		      const char *text, int rev, const struct pvabi_vars *vars,
		      struct pvabi_vec_arg *given, int *have, char *err, size_t errlen)
{
	char buf[1024], *p = buf, *tok;

	if (strlen(text) >= sizeof(buf))
		FAIL("args too long");
	strcpy(buf, text);
	while ((tok = next_token(&p))) {
		char *eq = strchr(tok, '=');
		int i;

		if (!eq)
			FAIL("'%s' is not name=value", tok);
		*eq = '\0';
		i = pvabi_vec_find_arg(op, rev, tok);
		if (i < 0)
			FAIL("op %s has no argument '%s' in this revision", op->name, tok);
		if (have[i])
			FAIL("argument %s given twice", tok);
		memset(&given[i], 0, sizeof(given[i]));
		if (set_value(s, &op->args[i], rev, eq + 1, vars, &given[i], err, errlen))
			return -1;
		given[i].arg = i;
		have[i] = 1;
	}
	return 0;
}

/* The present args in slot order: given values, defaults, scratch
 * buffers for what the platform writes; anything else must be given. */
static int complete_args(const struct pvabi_op *op, int rev, struct pvabi_vec_arg *given,
			 const int *have, struct pvabi_vec *out, char *err, size_t errlen)
{
	size_t i;

	out->nargs = 0;
	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_arg *a = &op->args[i];
		struct pvabi_vec_arg *va = &out->args[out->nargs];

		if (!pvabi_life_has(&a->life, rev))
			continue;
		if (have[i]) {
			*va = given[i];
		} else if (a->dir == PVABI_BY_VALUE && a->has_default) {
			va->arg = (int)i;
			va->kind = PVABI_VA_VALUE;
			va->value = (uint64_t)a->default_value;
		} else if (a->dir == PVABI_PTR_OUT || a->dir == PVABI_PTR_INOUT) {
			va->arg = (int)i;
			va->kind = PVABI_VA_SCRATCH;
		} else {
			FAIL("argument %s is not given", a->name);
		}
		out->nargs++;
	}
	return 0;
}

/* "revision": the code of the revision the vector runs in (what a guest
 * negotiated), so one vector serves every revision instead of one hand
 * edit per release. */
static int rev_value(const struct pvabi_spec *s, int rev, const char *text, int64_t *v)
{
	if (strcmp(text, "revision"))
		return -1;
	*v = (int64_t)pvabi_rev_code(&s->revs[rev]);
	return 0;
}

/* "ARG=N" on a pass="out" scalar: the whole buffer is the value. */
static int parse_scalar_check(const struct pvabi_spec *s, const struct pvabi_op *op, int rev,
			      const struct pvabi_vars *vars, char *tok, struct pvabi_vec *out,
			      char *err, size_t errlen)
{
	struct pvabi_vec_check *c = &out->checks[out->nchecks];
	char *op_at = strpbrk(tok, ">=");
	const char *num;
	int a, rt;

	c->cmp = *op_at == '>' ? PVABI_CMP_GE : PVABI_CMP_EQ;
	num = op_at + 1 + (c->cmp == PVABI_CMP_GE);
	if (op_at > tok && op_at[-1] == '<')
		c->cmp = *op_at-- == '=' ? PVABI_CMP_LE : c->cmp;
	*op_at = '\0';
	a = pvabi_vec_find_arg(op, rev, tok);
	if (a < 0 || op->args[a].dir == PVABI_BY_VALUE || op->args[a].dir == PVABI_PTR_IN ||
	    op->args[a].type.kind == PVABI_T_STRUCT || op->args[a].count_arg >= 0)
		FAIL("'%s' is not a scalar argument the platform writes", tok);
	rt = pvabi_vec_runtime_value(s, rev, num, vars, c, err, errlen);
	if (rt < 0)
		return -1;
	if (rt && parse_int(num, &c->value) && enum_value(s, &op->args[a].type, rev, num, &c->value))
		FAIL("'%s' is not a number", num);
	if (pvabi_vec_check_sign(num, c, pvabi_prim_signed(op->args[a].type.prim), err, errlen))
		return -1;
	c->arg = a;
	c->field = PVABI_NONE;
	out->nchecks++;
	return 0;
}

static int parse_check(const struct pvabi_spec *s, const struct pvabi_op *op, int rev,
		       const struct pvabi_vars *vars, char *tok, struct pvabi_vec *out, char *err,
		       size_t errlen)
{
	struct pvabi_vec_check *c = &out->checks[out->nchecks];
	char *dot = strchr(tok, '.'), *op_at = strpbrk(tok, ">="), *val;
	const struct pvabi_struct *st;
	size_t i;
	int a, rt;

	if (op_at && (!dot || dot > op_at) && out->nchecks < PVABI_VEC_MAX_CHECKS)
		return parse_scalar_check(s, op, rev, vars, tok, out, err, errlen);
	if (!dot || !op_at || dot > op_at || out->nchecks == PVABI_VEC_MAX_CHECKS)
		FAIL("'%s' is not ret=N, ret>=N, error=NAME or ARG.FIELD=N", tok);
	c->cmp = *op_at == '>' ? PVABI_CMP_GE : PVABI_CMP_EQ;
	val = op_at + 1 + (c->cmp == PVABI_CMP_GE);
	if (op_at[-1] == '<')
		c->cmp = *op_at-- == '=' ? PVABI_CMP_LE : c->cmp;
	*dot = *op_at = '\0';
	a = pvabi_vec_find_arg(op, rev, tok);
	if (a < 0 || op->args[a].dir == PVABI_BY_VALUE || op->args[a].type.kind != PVABI_T_STRUCT)
		FAIL("'%s' is not a struct argument the platform writes", tok);
	st = &s->structs[op->args[a].type.index];
	for (i = 0; i < st->nfields; i++)
		if (pvabi_life_has(&st->fields[i].life, rev) && !strcmp(st->fields[i].name, dot + 1))
			break;
	if (i == st->nfields)
		FAIL("struct %s has no field '%s' in this revision", st->name, dot + 1);
	rt = pvabi_vec_runtime_value(s, rev, val, vars, c, err, errlen);
	if (rt < 0)
		return -1;
	if (!rt || !rev_value(s, rev, val, &c->value))
		;
	/* "sizeof": the struct's size in this revision, so one open-ended
	 * vector on a size-guarded struct's size field stays right when a
	 * later revision appends a field. */
	else if (!strcmp(val, "sizeof"))
		c->value = (int64_t)pvabi_struct_layout(s, op->args[a].type.index, rev, NULL, NULL);
	else if (parse_int(val, &c->value) && enum_value(s, &st->fields[i].type, rev, val, &c->value))
		FAIL("'%s' is not a number", val);
	if (pvabi_vec_check_sign(val, c, pvabi_prim_signed(st->fields[i].type.prim), err, errlen))
		return -1;
	c->arg = a;
	c->field = (int)i;
	out->nchecks++;
	return 0;
}

/* The runner reads what the platform wrote only from its own scratch
 * buffer, never from an address a vector gave. */
static int checks_readable(const struct pvabi_op *op, const struct pvabi_vec *out, char *err,
			   size_t errlen)
{
	size_t i, k;

	for (i = 0; i < out->nchecks; i++)
		for (k = 0; k < out->nargs; k++)
			if (out->args[k].arg == out->checks[i].arg &&
			    out->args[k].kind != PVABI_VA_SCRATCH)
				FAIL("argument %s is given as an address: its contents cannot be checked",
				     op->args[out->checks[i].arg].name);
			else if (out->args[k].arg == out->checks[i].arg && out->args[k].nbytes)
				FAIL("argument %s is a short buffer: its fields cannot be checked",
				     op->args[out->checks[i].arg].name);
	return 0;
}

static int parse_expect(const struct pvabi_spec *s, const struct pvabi_op *op, int rev,
			const struct pvabi_vars *vars, const char *text, struct pvabi_vec *out,
			char *err, size_t errlen)
{
	char buf[512], *p = buf, *tok;

	if (!text || strlen(text) >= sizeof(buf))
		FAIL("expect is missing or too long");
	strcpy(buf, text);
	tok = next_token(&p);
	if (!tok)
		FAIL("expect is empty");
	if (!strncmp(tok, "error=", 6)) {
		out->is_error = 1;
		out->error = pvabi_spec_error(s, tok + 6);
		if (out->error < 0 || !pvabi_life_has(&s->errors[out->error].life, rev))
			FAIL("error %s is not defined in this revision", tok + 6);
		if (pvabi_raise_elsewhere(op->errors, op->raises, op->nerrors, out->error, rev))
			FAIL("op %s raises %s in other revisions only", op->name, tok + 6);
	} else if (!strncmp(tok, "ret>=", 5) || !strncmp(tok, "ret=", 4)) {
		out->cmp = tok[3] == '>' ? PVABI_CMP_GE : PVABI_CMP_EQ;
		if (parse_int(tok + (out->cmp == PVABI_CMP_GE ? 5 : 4), &out->ret) &&
		    rev_value(s, rev, tok + (out->cmp == PVABI_CMP_GE ? 5 : 4), &out->ret))
			FAIL("'%s': the value is not a number", tok);
	} else {
		FAIL("expect must start with ret=N, ret>=N or error=NAME, not '%s'", tok);
	}
	while ((tok = next_token(&p)))
		if (parse_check(s, op, rev, vars, tok, out, err, errlen))
			return -1;
	return checks_readable(op, out, err, errlen);
}

int pvabi_vec_resolve(const struct pvabi_spec *s, const struct pvabi_op *op,
		      const struct pvabi_vector *v, int rev, struct pvabi_vec *out,
		      char *err, size_t errlen)
{
	return pvabi_vec_resolve_text(s, op, v->args, v->expect, rev, NULL, out, err, errlen);
}

int pvabi_vec_resolve_text(const struct pvabi_spec *s, const struct pvabi_op *op,
			   const char *args, const char *expect, int rev,
			   const struct pvabi_vars *vars, struct pvabi_vec *out, char *err,
			   size_t errlen)
{
	struct pvabi_vec_arg given[PVABI_MAX_ARGS];
	int have[PVABI_MAX_ARGS] = { 0 };

	memset(out, 0, sizeof(*out));
	memset(given, 0, sizeof(given));
	if (op->nargs > PVABI_MAX_ARGS)
		FAIL("too many arguments");
	if (parse_args(s, op, args ? args : "", rev, vars, given, have, err, errlen) ||
	    complete_args(op, rev, given, have, out, err, errlen))
		return -1;
	return parse_expect(s, op, rev, vars, expect, out, err, errlen);
}

int pvabi_vec_parse_some(const struct pvabi_spec *s, const struct pvabi_op *op,
			 const char *text, int rev, struct pvabi_vec_arg *given, int *have,
			 char *err, size_t errlen)
{
	return parse_args(s, op, text, rev, NULL, given, have, err, errlen);
}
