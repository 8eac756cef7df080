#include "abi/scenario.h"

#include <stdio.h>
#include <string.h>

#define FAIL(...)                                                             \
	do {                                                                  \
		snprintf(err, errlen, __VA_ARGS__);                           \
		return -1;                                                    \
	} while (0)

/* The source of "NAME=ARG.FIELD" / "NAME=ARG": an out arg, and a field
 * of its struct or the scalar itself. */
static int bind_source(const struct pvabi_spec *s, const struct pvabi_op *op, int rev,
		       const char *src, struct pvabi_rstep *out, char *err, size_t errlen)
{
	char buf[160], *dot;
	const struct pvabi_arg *a;
	int i;

	snprintf(buf, sizeof(buf), "%s", src);
	dot = strchr(buf, '.');
	if (dot)
		*dot = '\0';
	i = pvabi_vec_find_arg(op, rev, buf);
	if (i < 0 || op->args[i].dir == PVABI_BY_VALUE || op->args[i].dir == PVABI_PTR_IN)
		FAIL("bind: '%s' is not an argument the platform writes", buf);
	a = &op->args[i];
	out->bind_arg = i;
	if (!dot) {
		if (a->type.kind == PVABI_T_STRUCT)
			FAIL("bind: %s is a struct: bind one of its fields", buf);
		return 0;
	}
	if (a->type.kind != PVABI_T_STRUCT)
		FAIL("bind: %s has no fields", buf);
	out->bind_field = pvabi_struct_field(&s->structs[a->type.index], dot + 1);
	if (out->bind_field < 0 ||
	    !pvabi_life_has(&s->structs[a->type.index].fields[out->bind_field].life, rev) ||
	    s->structs[a->type.index].fields[out->bind_field].type.kind == PVABI_T_STRUCT ||
	    s->structs[a->type.index].fields[out->bind_field].count != 1)
		FAIL("bind: struct %s has no scalar field '%s' in this revision",
		     s->structs[a->type.index].name, dot + 1);
	return 0;
}

static int parse_bind(const struct pvabi_spec *s, const struct pvabi_op *op, int rev,
		      const char *bind, struct pvabi_vars *vars, struct pvabi_rstep *out,
		      char *err, size_t errlen)
{
	const char *eq = strchr(bind, '=');
	size_t n = eq ? (size_t)(eq - bind) : strlen(bind), i;

	if (!n || n > 63)
		FAIL("bind '%s': no variable name", bind);
	if (eq && bind_source(s, op, rev, eq + 1, out, err, errlen))
		return -1;
	if (!eq && op->ret_void)
		FAIL("bind '%s': op %s returns no value", bind, op->name);
	for (i = 0; i < vars->n; i++)
		if (strcspn(vars->name[i], "=") == n && !strncmp(vars->name[i], bind, n))
			break;
	if (i == vars->n && vars->n == PVABI_SCEN_MAX_VARS)
		FAIL("bind '%s': more than %d variables", bind, PVABI_SCEN_MAX_VARS);
	out->bind_var = (int)i;
	return 0;
}

int pvabi_step_resolve(const struct pvabi_spec *s, const struct pvabi_step *step, int rev,
		       struct pvabi_vars *vars, struct pvabi_rstep *out, char *err,
		       size_t errlen)
{
	const struct pvabi_op *op = &s->ops[step->op];

	memset(out, 0, sizeof(*out));
	out->bind_var = out->bind_arg = out->bind_field = PVABI_NONE;
	if (!pvabi_life_has(&op->life, rev))
		FAIL("op %s does not exist in this revision", op->name);
	if (pvabi_vec_resolve_text(s, op, step->args, step->expect, rev, vars, &out->v, err,
				   errlen))
		return -1;
	if (step->bind && parse_bind(s, op, rev, step->bind, vars, out, err, errlen))
		return -1;
	if (out->bind_var >= 0 && out->v.is_error)
		FAIL("bind '%s': a step that expects an error binds nothing", step->bind);
	if (out->bind_var == (int)vars->n)
		vars->name[vars->n++] = step->bind; /* up to '=', compared by length */
	return 0;
}

int pvabi_scenario_check(const struct pvabi_spec *s, const struct pvabi_scenario *sc, int rev,
			 int *line, char *err, size_t errlen)
{
	struct pvabi_vars vars = { { NULL }, 0 };
	struct pvabi_rstep rs;
	size_t i;

	for (i = 0; i < sc->nsteps; i++)
		if (pvabi_step_resolve(s, &sc->steps[i], rev, &vars, &rs, err, errlen)) {
			*line = sc->steps[i].loc.line;
			return -1;
		}
	return 0;
}
