/* A format 2 check judged when its step runs (emit/emit_conf2.h): the
 * expected value is an expression of what the scenario bound, maybe
 * within a tolerance or a range, evaluated by the guest right before it
 * compares (guest/rt/conformance2.h's pvabi_c2_holds). */
#include "emit/emit_conf2.h"
#include "emit/emit_ctable.h"

#include <stdlib.h>

static const char *const cmps[] = { "EQ", "GE", "LE", "NEAR_PCT", "NEAR_ABS", "RANGE" };

/* "pvabi_cexpr_eval(X, v, 0, &out) == 0"; v only where a variable is
 * read, since a test without variables declares none. */
static void eval(FILE *f, const struct pvabi_expr *x, int vars, const char *out)
{
	struct sbuf b = { 0 };

	render_expr(&b, x);
	fprintf(f, "pvabi_cexpr_eval(%s, %s, 0, &%s) == 0", sb_str(&b), vars ? "v" : "0", out);
	free(b.p);
}

void c2_judge(FILE *f, unsigned int step, const char *what, const char *got, const char *type,
	      int is_signed, const struct pvabi_expr *value, const struct c2_want *k)
{
	int vars = (value && value->runtime) || k->x->runtime || (k->hi && k->hi->runtime);
	int cmp = k->cmp >= 0 && k->cmp < (int)(sizeof(cmps) / sizeof(cmps[0])) ? k->cmp : 0;

	fputs("\t\t{\n\t\t\tint64_t g = ", f);
	if (value)
		fputs("0", f);
	else
		fprintf(f, "(int64_t)(%s)(%s)", type, got);
	fprintf(f, ", w = 0, h = 0;\n\n\t\t\tPVABI_C2_EXPECT(res, %uu, \"expression\", ", step);
	if (value) {
		eval(f, value, vars, "g");
		fputs(" && ", f);
	}
	eval(f, k->x, vars, "w");
	if (cmp == PVABI_CMP_RANGE) {
		fputs(" && ", f);
		eval(f, k->hi, vars, "h");
	}
	fputs(", 1, 0);\n", f);
	/* the expected value cut to the field's type, as the field reads */
	if (type && !value)
		fprintf(f, "\t\t\tw = (int64_t)(%s)w;\n\t\t\th = (int64_t)(%s)h;\n", type, type);
	fprintf(f, "\t\t\tPVABI_C2_EXPECT(res, %uu, \"%s\", pvabi_c2_holds(g, PVABI_C2_%s, w, h, "
		   "UINT64_C(%llu), %d), g, pvabi_c2_missed(g, PVABI_C2_%s, w, h, %d));\n\t\t}\n",
		step, what, cmps[cmp], (unsigned long long)k->tol, is_signed, cmps[cmp], is_signed);
}
