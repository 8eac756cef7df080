/* The feature gate of a format 2 conformance suite, for a convention that
 * says how a platform refuses an op whose feature it does not offer
 * (not-offered=, KVM's MSRs: #GP). The platform decides what it offers
 * (a host kernel shows its leaf 0x40000001), so each test of a gated op
 * asks the runner (pvabi_c2_offered, guest/rt/conformance2.h) and runs
 * its vectors and scenarios where the feature is offered; where it is
 * not, the suite's own check expects the refusal instead. Every column
 * of a matrix thus checks one outcome or the other of every gated op. */
#include "emit/emit_conf2.h"

#include <stdio.h>
#include <string.h>

int c2_gate_bit(const struct pvabi_spec *s, const struct pvabi_op *op)
{
	if (op->feature < 0 || op->conv < 0 || !s->convs[op->conv].not_offered)
		return -1;
	return (int)s->features[op->feature].bit;
}

void c2_gate(FILE *f, int bit)
{
	fprintf(f, "\tif (!pvabi_c2_offered(%du))\n\t\treturn PVABI_C2_NOT_OFFERED;\n", bit);
}

int c2_callable(const struct c2 *c, const struct pvabi_op *op, const char *file, int line)
{
	const struct pvabi_spec *s = c->g->spec;

	if (op->conv < 0 || s->convs[op->conv].kind != PVABI_CONV_CPUID)
		return 0;
	pvabi_diag_add(c->g->d, "GEN_UNSUPPORTED", file, line,
		       "target conformance: op %s is a cpuid leaf: its result is four registers, "
		       "which no vector or scenario step can name", op->name);
	return -1;
}

int c2_not_offered(FILE *f, const struct c2 *c, const struct pvabi_op *op, size_t k)
{
	const struct pvabi_spec *s = c->g->spec;
	const struct pvabi_conv *cv = &s->convs[op->conv];
	int e = pvabi_spec_error(s, cv->not_offered);
	long long want;

	if (cv->kind != PVABI_CONV_MSR) {
		pvabi_diag_add(c->g->d, "GEN_UNSUPPORTED", s->file, cv->loc.line,
			       "target conformance: convention %s: not-offered= is generated for "
			       "msr conventions only", cv->name);
		return -1;
	}
	want = (long long)s->errors[e].value;
	fputs("/* ", f);
	emit_c_comment(f, c->g->spec_name, strlen(c->g->spec_name));
	fprintf(f, ":%d: not offered */\nstatic int t%zu(struct pvabi_c2_res *res)\n{\n"
		   "\tuint64_t x = 0;\n\tlong rc;\n\n"
		   "\tif (pvabi_c2_offered(%uu))\n\t\treturn PVABI_C2_OFFERED;\n"
		   "\trc = %s_%s_write(0);\n"
		   "\tPVABI_C2_EXPECT(res, 1u, \"error\", rc == %lldL, rc, %lldL);\n"
		   "\trc = %s_%s_read(&x);\n"
		   "\tPVABI_C2_EXPECT(res, 2u, \"error\", rc == %lldL, rc, %lldL);\n"
		   "\treturn 0;\n}\n\n",
		op->loc.line, k, s->features[op->feature].bit, c->n->lo, op->name,
		want, want, c->n->lo, op->name, want, want);
	return 0;
}
