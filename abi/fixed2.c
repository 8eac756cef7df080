/* Outputs fixed while the guest runs, format 2 (abi/fixed2.h): a
 * declaration's values resolved against its command in one revision.
 * The fields are placed through the vectors' own resolution (an expect
 * no answer fails), so a field's C path follows renames as a vector's
 * does; the command's result and its whole data are named directly. */
#include "abi/fixed2.h"

#include <stdio.h>
#include <string.h>

/* One word of value=: the result, the data, or a field of the data to
 * be placed by the expect text x. NULL, or why it names no output. */
static const char *one_value(const struct pvabi_op *op, const struct pvabi_cmd *k,
			     const char *w, struct pvabi_fx2_val *v, char *x, size_t xlen)
{
	const char *data = op->data_arg >= 0 ? op->args[op->data_arg].name : NULL;
	size_t dl = data ? strlen(data) : 0;
	int writes = k->has_data && (k->dir == PVABI_PTR_OUT || k->dir == PVABI_PTR_INOUT);

	snprintf(v->name, sizeof(v->name), "%s", w);
	if (!strcmp(w, "ret")) {
		v->kind = PVABI_FX2_RET;
		return k->ret_void || k->ret.kind != PVABI_T_PRIM
			       ? "value=ret: the command declares no integer <ret>" : NULL;
	}
	if (!data || strncmp(w, data, dl) || (w[dl] && w[dl] != '.'))
		return "value= names neither ret nor the command's data (ARG or ARG.FIELD)";
	if (!writes)
		return "value= names data the command does not write (pass=\"out\" or \"inout\")";
	if (!w[dl]) {
		v->kind = PVABI_FX2_DATA;
		return NULL;
	}
	if (k->data.kind != PVABI_T_STRUCT || k->data_tdef >= 0)
		return "value=ARG.FIELD names a field of data that is no struct";
	v->kind = PVABI_FX2_FIELD;
	if (strlen(x) + strlen(w) + 5 >= xlen)
		return "value= is too long";
	snprintf(x + strlen(x), xlen - strlen(x), " %s>=0", w);
	return NULL;
}

/* The call's parameter that carries the op's data argument. */
static int data_param(const struct pvabi_op *op, const struct pvabi_v2 *call)
{
	size_t i;

	for (i = 0; i < call->nparams; i++)
		if (call->params[i].arg == op->data_arg)
			return (int)i;
	return PVABI_NONE;
}

int pvabi_fixed2_resolve(const struct pvabi_spec *s, int op, int cmd, const struct pvabi_fixed *f,
			 int rev, struct pvabi_v2 *call, struct pvabi_fx2_val *vals, size_t *nvals,
			 char *err, size_t errlen)
{
	const struct pvabi_op *o = &s->ops[op];
	char expect[1200] = "ret>=0", w[128];
	const char *p = f->value ? f->value : "", *q, *why;
	size_t n = 0, i, j = 0;

	for (; *p; p = q) {
		while (*p == ' ')
			p++;
		for (q = p; *q && *q != ' '; q++)
			;
		if (q == p)
			break;
		if ((size_t)(q - p) >= sizeof(w) || n == PVABI_FIXED_VALUES) {
			snprintf(err, errlen, "value= names at most %d outputs of %zu bytes each",
				 PVABI_FIXED_VALUES, sizeof(w) - 1);
			return -1;
		}
		snprintf(w, sizeof(w), "%.*s", (int)(q - p), p);
		if ((why = one_value(o, &o->cmds[cmd], w, &vals[n], expect, sizeof(expect)))) {
			snprintf(err, errlen, "%s (%s)", why, w);
			return -1;
		}
		n++;
	}
	if (!n) {
		snprintf(err, errlen, "value= names the outputs fixed: ret, ARG or ARG.FIELD");
		return -1;
	}
	if (pvabi_v2_resolve(s, op, cmd, f->args ? f->args : "", expect, NULL, rev, NULL, call, err,
			     errlen))
		return -1;
	for (i = 0; i < n; i++) {
		vals[i].param = data_param(o, call);
		if (vals[i].kind != PVABI_FX2_FIELD)
			continue;
		vals[i].param = call->checks[j].at.param;
		snprintf(vals[i].path, sizeof(vals[i].path), "%s", call->checks[j++].at.path);
	}
	*nvals = n;
	return 0;
}
