/* Format 2 vectors and scenario calls (abi/vector2.h): the parameters of
 * a typed stub, fields named by dotted paths, values and expectations. */
#include "abi/vector2.h"
#include "abi/layout.h"
#include "abi/vector2_at.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(...)                                                             \
	do {                                                                  \
		snprintf(err, errlen, __VA_ARGS__);                           \
		return -1;                                                    \
	} while (0)

struct tok {
	char key[PVABI_V2_PATH];
	char val[PVABI_VEC_MAX_BYTES + 3];
	int quoted;
	int ge; /* written KEY>=VALUE */
	int le; /* written KEY<=VALUE */
};

/* The next "key=value" of text at *p: 1, 0 at the end, -1 malformed. */
static int next_tok(const char **p, struct tok *t)
{
	const char *s = *p, *eq;
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!*s)
		return 0;
	eq = strchr(s, '=');
	if (!eq || eq == s || (size_t)(eq - s) >= sizeof(t->key) || memchr(s, ' ', (size_t)(eq - s)))
		return -1;
	t->ge = eq[-1] == '>';
	t->le = eq[-1] == '<';
	n = (size_t)(eq - s) - (size_t)(t->ge || t->le);
	memcpy(t->key, s, n);
	t->key[n] = '\0';
	s = eq + 1;
	t->quoted = *s == '\'';
	if (t->quoted) {
		const char *q = strchr(s + 1, '\'');

		if (!q || (size_t)(q - s - 1) > PVABI_VEC_MAX_BYTES)
			return -1;
		n = (size_t)(q - s - 1);
		memcpy(t->val, s + 1, n);
		s = q + 1;
	} else {
		n = strcspn(s, " \t\n");
		if (!n || n >= sizeof(t->val))
			return -1;
		memcpy(t->val, s, n);
		s += n;
	}
	t->val[n] = '\0';
	*p = s;
	return 1;
}

/* The typed stub's parameters in revision rev. */
static void params_of(const struct pvabi_spec *s, const struct pvabi_op *op,
		      const struct pvabi_cmd *k, int rev, struct pvabi_v2 *out)
{
	size_t i;

	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_arg *a = &op->args[i];
		struct pvabi_v2_param *p = &out->params[out->nparams];

		if (!pvabi_life_has(&a->life, rev) || (k && (int)i == op->cmd_arg) ||
		    (k && (int)i == op->data_arg && !k->has_data))
			continue;
		memset(p, 0, sizeof(*p));
		p->arg = (int)i;
		p->v.var = PVABI_NONE;
		p->dir = k && (int)i == op->data_arg ? k->dir : a->dir;
		p->type = k && (int)i == op->data_arg ? k->data : a->type;
		p->count = 1;
		if (p->dir == PVABI_BY_VALUE)
			p->kind = PVABI_V2_VALUE;
		else if (p->type.kind == PVABI_T_STRUCT)
			p->kind = PVABI_V2_STRUCT;
		else {
			p->kind = PVABI_V2_BYTES;
			p->count = k && (int)i == op->data_arg && k->data_tdef >= 0
					   ? s->typedefs[k->data_tdef].count
					   : PVABI_VEC_MAX_BYTES / pvabi_prim_size(p->type.prim);
		}
		out->nparams++;
	}
}

static int find_param(const struct pvabi_spec *s, const struct pvabi_v2 *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->nparams; i++)
		if (!strcmp(s->ops[v->op].args[v->params[i].arg].name, name))
			return (int)i;
	return PVABI_NONE;
}

/* "NAME.PATH" -> the parameter and the field's C path in rev. */
static int field_at(const struct pvabi_spec *s, const struct pvabi_v2 *v, const char *text,
		    int rev, struct pvabi_v2_field *f, char *err, size_t errlen)
{
	char name[PVABI_V2_PATH], *dot;
	const char *part;
	int si = PVABI_NONE;

	snprintf(name, sizeof(name), "%s", text);
	dot = strchr(name, '.');
	if (dot)
		*dot = '\0';
	f->param = find_param(s, v, name);
	f->path[0] = '\0';
	f->leaf = NULL;
	if (f->param < 0)
		FAIL("'%s' is no parameter of the call in this revision", name);
	if (v->params[f->param].kind == PVABI_V2_STRUCT)
		si = v->params[f->param].type.index;
	if (!dot || si < 0)
		FAIL("'%s' names no field of a struct parameter", text);
	for (part = dot + 1; *part;) {
		size_t n = strcspn(part, "."), i;
		const struct pvabi_struct *st;

		if (si < 0)
			FAIL("'%s': %s has no fields", text, f->path);
		st = &s->structs[si];
		for (i = 0; i < st->nfields; i++)
			if (pvabi_life_has(&st->fields[i].life, rev) &&
			    strlen(pvabi_field_name(&st->fields[i], rev)) == n &&
			    !strncmp(pvabi_field_name(&st->fields[i], rev), part, n))
				break;
		if (i == st->nfields)
			FAIL("'%s': %s has no field '%.*s' in this revision", text, st->name, (int)n,
			     part);
		f->leaf = &st->fields[i];
		if (f->leaf->mode_mask || f->leaf->count != 1 || f->leaf->tdef >= 0)
			FAIL("'%s': field %s.%s is %s", text, st->name, f->leaf->name,
			     f->leaf->mode_mask ? "in one guest mode only" : "an array");
		snprintf(f->path + strlen(f->path), sizeof(f->path) - strlen(f->path), "%s%.*s",
			 *f->path ? "." : "", (int)n, part);
		si = f->leaf->type.kind == PVABI_T_STRUCT && !f->leaf->handle ? f->leaf->type.index
									     : PVABI_NONE;
		part += n + (part[n] == '.');
	}
	if (si >= 0)
		FAIL("'%s' is a struct, not a scalar field", text);
	return 0;
}

static int var_index(const struct pvabi_vars *vars, const char *name, size_t n)
{
	size_t i;

	for (i = 0; vars && i < vars->n; i++)
		if (strcspn(vars->name[i], "=") == n && !strncmp(vars->name[i], name, n))
			return (int)i;
	return PVABI_NONE;
}

static int fits(enum pvabi_prim p, int64_t v)
{
	unsigned int bits = p == PVABI_ULONG || p == PVABI_SLONG ? 32 : 8 * pvabi_prim_size(p);

	if (bits == 64)
		return 1;
	if (pvabi_prim_signed(p))
		return v >= -(INT64_C(1) << (bits - 1)) && v < INT64_C(1) << (bits - 1);
	/* an unsigned field also takes its negative spelling (-1 = all ones) */
	return v >= -(INT64_C(1) << (bits - 1)) && v < INT64_C(1) << bits;
}

/* A constant: a number, `revision` (the revision's code) or a value of
 * the enum t names. A ulong fits 32 bits, the x86_32 guest's long. */
static int constant(const struct pvabi_spec *s, const struct pvabi_type *t, const char *text,
		    int rev, int64_t *out, char *err, size_t errlen)
{
	char *end;

	errno = 0;
	if (!strcmp(text, "revision"))
		*out = (int64_t)pvabi_rev_code(&s->revs[rev]);
	else if (text[0] == '-')
		*out = strtoll(text, &end, 0);
	else if (text[0] >= '0' && text[0] <= '9')
		*out = (int64_t)strtoull(text, &end, 0);
	else if (t && t->kind == PVABI_T_ENUM) {
		const struct pvabi_enum *e = &s->enums[t->index];
		int i = pvabi_enum_value(e, text);

		if (i < 0 || !pvabi_life_has(&e->values[i].life, rev))
			FAIL("'%s' is no value of enum %s in this revision", text, e->name);
		*out = e->values[i].value;
		return 0;
	} else
		FAIL("'%s' is not a number%s", text, t && t->kind == PVABI_T_ENUM ? "" : " (no enum here)");
	if (errno || *end)
		FAIL("'%s' is not a number", text);
	if (t && t->kind != PVABI_T_STRUCT && !fits(t->prim, *out))
		FAIL("%s does not fit %s", text, pvabi_prim_name(t->prim));
	return 0;
}

static int value(const struct pvabi_spec *s, const struct pvabi_type *t, const char *text,
		 int rev, const struct pvabi_vars *vars, struct pvabi_v2_val *v, char *err,
		 size_t errlen)
{
	struct pvabi_expr_env env = { s, rev, vars, 0 };

	v->var = PVABI_NONE;
	v->value = 0;
	if (pvabi_expr_is(text)) {
		if (pvabi_expr_compile(&env, text, strlen(text), &v->x, err, errlen))
			return -1;
		v->is_expr = v->x.runtime;
		v->value = v->x.value;
		return 0;
	}
	if (text[0] != '$')
		return constant(s, t, text, rev, &v->value, err, errlen);
	v->var = var_index(vars, text + 1, strlen(text + 1));
	if (v->var < 0)
		FAIL("variable %s is not bound by an earlier step", text);
	return 0;
}

/* One "key=value" of args. */
static int arg_tok(const struct pvabi_spec *s, const struct tok *t, int rev,
		   const struct pvabi_vars *vars, struct pvabi_v2 *v, char *err, size_t errlen)
{
	struct pvabi_v2_param *p;
	struct pvabi_v2_set *set;
	int i;

	if (t->ge || t->le)
		FAIL("args: '%s%s=' is an expectation, not an argument", t->key, t->ge ? ">" : "<");
	if (strchr(t->key, '.')) {
		if (v->nsets == PVABI_V2_MAX_SETS)
			FAIL("args: more than %d fields", PVABI_V2_MAX_SETS);
		set = &v->sets[v->nsets];
		if (field_at(s, v, t->key, rev, &set->at, err, errlen))
			return -1;
		if (v->params[set->at.param].dir == PVABI_PTR_OUT)
			FAIL("args: %s is written by the platform (pass=\"out\"), not given", t->key);
		if (set->at.leaf->handle && t->val[0] != '$' && t->val[0] != '0' &&
		    !pvabi_expr_is(t->val))
			FAIL("args: %s is a guest handle: give an address or $VAR", t->key);
		if (t->quoted)
			FAIL("args: %s takes no string", t->key);
		v->nsets++;
		return value(s, set->at.leaf->handle ? NULL : &set->at.leaf->type, t->val, rev, vars,
			     &set->v, err, errlen);
	}
	if ((i = find_param(s, v, t->key)) < 0)
		FAIL("args: '%s' is no parameter of the call in this revision", t->key);
	p = &v->params[i];
	if (p->given)
		FAIL("args: %s given twice", t->key);
	p->given = 1;
	if (p->kind == PVABI_V2_VALUE && !t->quoted)
		return value(s, &p->type, t->val, rev, vars, &p->v, err, errlen);
	if (p->kind != PVABI_V2_VALUE && !t->quoted && t->val[0] == '@')
		return vector2_at_parse(p, t->key, t->val, vars != NULL, err, errlen);
	if (p->kind == PVABI_V2_BYTES && t->quoted && p->dir == PVABI_PTR_IN &&
	    pvabi_prim_size(p->type.prim) == 1 && strlen(t->val) <= p->count) {
		p->nbytes = strlen(t->val);
		memcpy(p->bytes, t->val, p->nbytes);
		return 0;
	}
	FAIL("args: %s=%s%s%s does not fit the parameter (a by-value number, or a quoted string "
	     "for a pass=\"in\" byte buffer of at most %zu)", t->key, t->quoted ? "'" : "", t->val,
	     t->quoted ? "'" : "", p->count);
}

static int parse_args(const struct pvabi_spec *s, const char *args, int rev,
		      const struct pvabi_vars *vars, struct pvabi_v2 *v, char *err, size_t errlen)
{
	const char *p = args ? args : "";
	struct tok t;
	size_t i;
	int rc;

	while ((rc = next_tok(&p, &t)) > 0)
		if (arg_tok(s, &t, rev, vars, v, err, errlen))
			return -1;
	if (rc < 0)
		FAIL("args: malformed near '%.32s'", p);
	for (i = 0; i < v->nparams; i++)
		if (v->params[i].kind == PVABI_V2_VALUE && !v->params[i].given)
			FAIL("args: by-value parameter %s is not given",
			     s->ops[v->op].args[v->params[i].arg].name);
	return 0;
}

/* The value after "KEY=", ">=" or "<=": a constant of type t, or with
 * vars a value judged when the step runs (pvabi_v2_judge). */
static int expected(const struct pvabi_spec *s, const struct pvabi_type *t, const struct tok *tk,
		    int rev, const struct pvabi_vars *vars, struct pvabi_v2_check *c, char *err,
		    size_t errlen)
{
	int rc;

	c->cmp = tk->ge ? PVABI_CMP_GE : tk->le ? PVABI_CMP_LE : PVABI_CMP_EQ;
	rc = pvabi_v2_judge(s, rev, vars, tk->val, c, err, errlen);
	if (rc <= 0)
		return rc;
	return constant(s, t, tk->val, rev, &c->value, err, errlen);
}

/* ret=N, ret>=N, ret<=N or error=NAME, then field checks. */
static int parse_expect(const struct pvabi_spec *s, const char *expect, int rev,
			const struct pvabi_vars *vars, struct pvabi_v2 *v, char *err,
			size_t errlen)
{
	const struct pvabi_cmd *k = v->cmd >= 0 ? &s->ops[v->op].cmds[v->cmd] : NULL;
	const struct pvabi_type *rt = k ? &k->ret : &s->ops[v->op].ret;
	const char *p = expect ? expect : "";
	struct tok t;
	int rc = next_tok(&p, &t);

	if (rc > 0 && !strcmp(t.key, "error") && !t.ge && !t.le) {
		v->is_error = 1;
		v->error = pvabi_spec_error(s, t.val);
		if (v->error < 0 || !pvabi_life_has(&s->errors[v->error].life, rev))
			FAIL("expect: error %s is not defined in this revision", t.val);
		if (k ? pvabi_raise_elsewhere(k->errors, k->raises, k->nerrors, v->error, rev)
		      : pvabi_raise_elsewhere(s->ops[v->op].errors, s->ops[v->op].raises,
					      s->ops[v->op].nerrors, v->error, rev))
			FAIL("expect: %s raises %s in other revisions only",
			     k ? k->name : s->ops[v->op].name, t.val);
	} else if (rc > 0 && !strcmp(t.key, "ret")) {
		v->retk.at.param = PVABI_NONE;
		if (expected(s, (k ? k->ret_void : s->ops[v->op].ret_void) ? NULL : rt, &t, rev, vars,
			     &v->retk, err, errlen))
			return -1;
		v->cmp = v->retk.cmp;
		v->ret = v->retk.value;
		v->ret_is_expr = v->retk.is_expr;
	} else
		FAIL("expect: must begin with ret=N, ret>=N, ret<=N or error=NAME");
	while ((rc = next_tok(&p, &t)) > 0) {
		struct pvabi_v2_check *c = &v->checks[v->nchecks];

		if (v->is_error)
			FAIL("expect: an error leaves nothing to check (%s)", t.key);
		if (v->nchecks == PVABI_VEC_MAX_CHECKS)
			FAIL("expect: more than %d checks", PVABI_VEC_MAX_CHECKS);
		if (t.quoted)
			FAIL("expect: %s takes no string", t.key);
		if (field_at(s, v, t.key, rev, &c->at, err, errlen))
			return -1;
		if (v->params[c->at.param].dir == PVABI_PTR_IN || c->at.leaf->handle)
			FAIL("expect: %s is not a field the platform writes", t.key);
		if (expected(s, &c->at.leaf->type, &t, rev, vars, c, err, errlen))
			return -1;
		v->nchecks++;
	}
	if (rc < 0)
		FAIL("expect: malformed near '%.32s'", p);
	return 0;
}

static int parse_bind(const struct pvabi_spec *s, const char *bind, int rev,
		      struct pvabi_vars *vars, struct pvabi_v2 *v, char *err, size_t errlen)
{
	const char *eq = strchr(bind, '=');
	size_t n = eq ? (size_t)(eq - bind) : strlen(bind);

	if (!vars)
		FAIL("bind: only a scenario's call binds");
	if (!n || n > 63)
		FAIL("bind '%s': no variable name", bind);
	if (v->is_error)
		FAIL("bind '%s': a step that expects an error binds nothing", bind);
	if (eq) {
		if (field_at(s, v, eq + 1, rev, &v->bound, err, errlen))
			return -1;
		if (v->params[v->bound.param].dir == PVABI_PTR_IN)
			FAIL("bind '%s': %s is not written by the platform", bind, eq + 1);
	}
	v->bind_var = var_index(vars, bind, n);
	if (v->bind_var < 0 && vars->n == PVABI_SCEN_MAX_VARS)
		FAIL("bind '%s': more than %d variables", bind, PVABI_SCEN_MAX_VARS);
	if (v->bind_var < 0) {
		v->bind_var = (int)vars->n;
		vars->name[vars->n++] = bind;
	}
	vars->pages &= ~(1u << v->bind_var);
	/* the return value is signed (a result or a negative error) */
	vars->wide &= ~(1u << v->bind_var);
	if (eq && !pvabi_prim_signed(v->bound.leaf->type.prim) &&
	    pvabi_prim_size(v->bound.leaf->type.prim) == 8)
		vars->wide |= 1u << v->bind_var;
	return 0;
}

int pvabi_v2_resolve(const struct pvabi_spec *s, int op, int cmd, const char *args,
		     const char *expect, const char *bind, int rev, struct pvabi_vars *vars,
		     struct pvabi_v2 *out, char *err, size_t errlen)
{
	const struct pvabi_op *o = &s->ops[op];
	const struct pvabi_cmd *k = cmd >= 0 ? &o->cmds[cmd] : NULL;

	memset(out, 0, sizeof(*out));
	out->op = op;
	out->cmd = cmd;
	out->bind_var = out->bound.param = PVABI_NONE;
	if (!pvabi_life_has(&o->life, rev))
		FAIL("op %s does not exist in this revision", o->name);
	if (k && !pvabi_life_has(&k->life, rev))
		FAIL("command %s of op %s does not exist in this revision", k->name, o->name);
	params_of(s, o, k, rev, out);
	if (parse_args(s, args, rev, vars, out, err, errlen) ||
	    parse_expect(s, expect, rev, vars, out, err, errlen) ||
	    vector2_at_check(s, out, err, errlen))
		return -1;
	return bind ? parse_bind(s, bind, rev, vars, out, err, errlen) : 0;
}

const struct pvabi_vector *pvabi_v2_vectors(const struct pvabi_spec *s, int op, int cmd,
					    size_t *n)
{
	const struct pvabi_op *o = &s->ops[op];

	*n = cmd >= 0 ? o->cmds[cmd].nvectors : o->nvectors;
	return cmd >= 0 ? o->cmds[cmd].vectors : o->vectors;
}

int pvabi_v2_vector(const struct pvabi_spec *s, int op, int cmd, size_t j, int rev,
		    struct pvabi_v2 *out, char *err, size_t errlen)
{
	size_t n;
	const struct pvabi_vector *v = pvabi_v2_vectors(s, op, cmd, &n);

	return pvabi_v2_resolve(s, op, cmd, v[j].args, v[j].expect, NULL, rev, NULL, out, err,
				errlen);
}

int pvabi_v2_step(const struct pvabi_spec *s, const struct pvabi_step *st, int rev,
		  struct pvabi_vars *vars, char *err, size_t errlen)
{
	struct pvabi_v2 v;

	return pvabi_v2_resolve(s, st->op, st->cmd, st->args, st->expect, st->bind, rev, vars, &v,
				err, errlen);
}
