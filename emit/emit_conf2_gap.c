/* Conformance target for a format 2 ABI, the gap past a CPUID block's
 * maximum (docs/spec-language.md#cpuid-blocks-that-grow): for each
 * <grows> of a cpuid leaf (an op of a cpuid convention, or a convention
 * whose signature leaf begins the block), one scenario that reads the
 * maximum where the platform reports it, then sweeps the leaves between
 * it and the block's end (guest/rt/conformance2_gap.c): each must answer
 * as the spec's unserved= says. Nothing is computed here that the image
 * cannot read itself: the base of a block found by signature is the
 * leaf the guest header's search finds. */
#include "emit/emit_conf2.h"

#include <stdio.h>
#include <string.h>

static const char *const regs[4] = { "eax", "ebx", "ecx", "edx" };

static const char *rule(unsigned int u)
{
	return u == (PVABI_UNSERVED_ZERO | PVABI_UNSERVED_BASIC)
		       ? "all zero or the highest basic leaf's"
		       : u == PVABI_UNSERVED_BASIC ? "the highest basic leaf's" : "all zero";
}

/* The test's head and its block: base the C expression of the block's
 * first leaf (0 when the signature was not found), next its end. */
static void gap_test(FILE *f, const struct c2 *c, const struct pvabi_grows *gr, size_t k,
		     const char *base, const char *next)
{
	fputs("/* ", f);
	emit_c_comment(f, c->g->spec_name, strlen(c->g->spec_name));
	fprintf(f, ":%d */\nstatic int t%zu(struct pvabi_c2_res *res)\n{\n"
		   "\tstruct pvabi_c2_gap g = { 0, 0, 0x%llxu, %du, %uu };\n\n"
		   "\tg.base = %s;\n"
		   "\tif (pvabi_c2_block_shown && !pvabi_c2_block_shown(g.base))\n"
		   "\t\treturn PVABI_C2_NOT_SHOWN;\n"
		   "\tPVABI_C2_EXPECT(res, 1u, \"signature leaf\", g.base != 0, 0, 1);\n"
		   "\tg.next = %s;\n"
		   "\treturn pvabi_c2_gap_sweep(res, &g, pvabi_c2_cpuid);\n}\n\n",
		gr->loc.line, k, (unsigned long long)gr->at_least, gr->reg, gr->unserved, base, next);
}

static int named(struct c2_names *t, const char *leaf, const struct pvabi_grows *gr,
		 const char *end)
{
	char what[256];

	snprintf(what, sizeof(what), "scenario cpuid: leaves past %s of %s below %s, unserved: %s (3 steps)",
		 regs[gr->reg & 3], leaf, end, rule(gr->unserved));
	return c2_name_add(t, what, NULL, NULL);
}

int c2_gaps(FILE *f, const struct c2 *c, struct c2_names *t)
{
	const struct pvabi_spec *s = c->g->spec;
	char base[96], next[96], leaf[96], end[48];
	size_t i, k;

	for (i = 0; i < s->nconvs; i++)
		for (k = 0; k < s->convs[i].ngrows; k++) {
			const struct pvabi_conv *cv = &s->convs[i];

			snprintf(base, sizeof(base), "%s_%s_cpuid_base()", c->n->lo, cv->name);
			snprintf(next, sizeof(next), "g.base + 0x%xu", cv->cpuid_step);
			snprintf(leaf, sizeof(leaf), "the %s leaf", cv->signature);
			snprintf(end, sizeof(end), "its base+0x%x", cv->cpuid_step);
			gap_test(f, c, &cv->grows[k], t->n, base, next);
			if (named(t, leaf, &cv->grows[k], end))
				return emit_oom(c->g);
		}
	for (i = 0; i < s->nops; i++)
		for (k = 0; k < s->ops[i].ngrows; k++) {
			const struct pvabi_op *op = &s->ops[i];

			if (!pvabi_life_has(&op->life, c->g->rev))
				continue;
			snprintf(base, sizeof(base), "0x%llxu", (unsigned long long)op->id);
			snprintf(next, sizeof(next), "0x%llxu", (unsigned long long)op->grows[k].next);
			snprintf(leaf, sizeof(leaf), "%s (0x%llx)", op->name, (unsigned long long)op->id);
			snprintf(end, sizeof(end), "0x%llx", (unsigned long long)op->grows[k].next);
			gap_test(f, c, &op->grows[k], t->n, base, next);
			if (named(t, leaf, &op->grows[k], end))
				return emit_oom(c->g);
		}
	return 0;
}
