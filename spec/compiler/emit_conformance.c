/* Conformance target: the tables a guest image of revision R runs (see
 * guest/rt/conformance.h): every op the image knows with its revision
 * range, and every vector resolved for each revision up to R in which it
 * applies, so an image negotiated down to an older revision still runs
 * exactly that revision's checks. */
#include "spec/compiler/emit.h"
#include "spec/compiler/vector.h"

#include <stdlib.h>
#include <string.h>

static uint64_t feature_mask(const struct pvabi_spec *s, const struct pvabi_op *op)
{
	return op->feature >= 0 ? UINT64_C(1) << s->features[op->feature].bit : 0;
}

static void c_string(FILE *f, const char *s, size_t n)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c > 0x7e)
			fprintf(f, "\\%03o", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void emit_arg(FILE *f, const struct pvabi_gen *g, const struct pvabi_op *op,
		     const struct pvabi_vec_arg *va, int rev)
{
	const struct pvabi_arg *a = &op->args[va->arg];
	size_t al, size = 0;
	int guarded = 0;

	if (va->kind == PVABI_VA_VALUE) {
		fprintf(f, "\t\t{ PVABI_CARG_VALUE, UINT64_C(0x%llx), 0, 0, 0 },\n",
			(unsigned long long)va->value);
		return;
	}
	if (va->kind == PVABI_VA_BYTES) {
		fprintf(f, "\t\t{ PVABI_CARG_BYTES, 0, ");
		c_string(f, va->bytes, va->nbytes);
		fprintf(f, ", %zu, 0 },\n", va->nbytes);
		return;
	}
	if (a->type.kind == PVABI_T_STRUCT) {
		size = pvabi_struct_layout(g->spec, a->type.index, rev, NULL, &al);
		guarded = g->spec->structs[a->type.index].size_guarded;
	} else {
		size = pvabi_prim_size(a->type.prim);
	}
	fprintf(f, "\t\t{ PVABI_CARG_SCRATCH, 0, 0, %zu, %d },\n", size, guarded);
}

static void emit_checks(FILE *f, const struct pvabi_gen *g, const struct pvabi_op *op,
			const struct pvabi_vec *v, int rev)
{
	size_t i, k;

	for (i = 0; i < v->nchecks; i++) {
		const struct pvabi_vec_check *c = &v->checks[i];
		const struct pvabi_struct *st = &g->spec->structs[op->args[c->arg].type.index];
		const struct pvabi_field *fl = &st->fields[c->field];
		long *off = calloc(st->nfields + 1, sizeof(long));
		size_t slot = 0;

		if (!off)
			return;
		pvabi_struct_layout(g->spec, op->args[c->arg].type.index, rev, off, NULL);
		for (k = 0; k < v->nargs; k++)
			if (v->args[k].arg == c->arg)
				slot = k;
		fprintf(f, "\t\t{ %zu, %ld, %u, %d, %d, \"%s\", INT64_C(%lld) },\n", slot,
			off[c->field], pvabi_prim_size(fl->type.prim),
			pvabi_prim_signed(fl->type.prim), c->cmp == PVABI_CMP_GE, fl->name,
			(long long)c->value);
		free(off);
	}
}

static int emit_vec(FILE *f, const struct pvabi_gen *g, const struct pvabi_op *op,
		    const struct pvabi_vector *vec, int rev)
{
	struct pvabi_vec v;
	char err[256], label[512];
	size_t i;

	if (pvabi_vec_resolve(g->spec, op, vec, rev, &v, err, sizeof(err))) {
		pvabi_diag_add(g->d, "VECTOR_INVALID", vec->loc.file, vec->loc.line, "%s", err);
		return -1;
	}
	snprintf(label, sizeof(label), "%s: %s -> %s", op->name,
		 vec->args[0] ? vec->args : "()", vec->expect);
	fprintf(f, "\t{ 0x%08xu, %uu, ", pvabi_rev_code(&g->spec->revs[rev]), op->id);
	c_string(f, label, strlen(label));
	fprintf(f, ", %zu, {\n", v.nargs);
	for (i = 0; i < v.nargs; i++)
		emit_arg(f, g, op, &v.args[i], rev);
	fprintf(f, "\t}, %s, INT64_C(%lld), %zu, {\n",
		v.is_error ? "PVABI_CEXP_ERROR"
			   : v.cmp == PVABI_CMP_GE ? "PVABI_CEXP_RET_GE" : "PVABI_CEXP_RET_EQ",
		v.is_error ? (long long)g->spec->errors[v.error].value : (long long)v.ret,
		v.nchecks);
	emit_checks(f, g, op, &v, rev);
	fprintf(f, "\t}, UINT64_C(0x%llx) },\n", (unsigned long long)feature_mask(g->spec, op));
	return 0;
}

/* Ops the image knows: present in some revision up to its own. */
static int known(const struct pvabi_gen *g, const struct pvabi_op *op)
{
	int r;

	for (r = 0; r <= g->rev; r++)
		if (pvabi_life_has(&op->life, r))
			return 1;
	return 0;
}

static void emit_ops(FILE *f, const struct pvabi_gen *g, const struct pvabi_op **ops,
		     size_t nops, const char *abi)
{
	size_t i;

	fprintf(f, "static const struct pvabi_cop ops[] = {\n");
	for (i = 0; i < nops; i++) {
		const struct pvabi_op *op = ops[i];
		uint32_t until = 0;

		if (!known(g, op))
			continue;
		if (op->life.removed >= 0 && op->life.removed <= g->rev)
			until = pvabi_rev_code(&g->spec->revs[op->life.removed]);
		fprintf(f, "\t{ %uu, \"%s\", 0x%08xu, 0x%08xu, UINT64_C(0x%llx) },\n", op->id,
			op->name, pvabi_rev_code(&g->spec->revs[op->life.since]), until,
			(unsigned long long)feature_mask(g->spec, op));
	}
	fprintf(f, "};\n\n");
	(void)abi;
}

static int emit_vecs(FILE *f, const struct pvabi_gen *g, const struct pvabi_op **ops,
		     size_t nops)
{
	size_t i, j;
	int r, rc = 0;

	fprintf(f, "static const struct pvabi_cvec vecs[] = {\n");
	for (r = 0; r <= g->rev; r++)
		for (i = 0; i < nops; i++)
			for (j = 0; j < ops[i]->nvectors; j++)
				if (pvabi_life_has(&ops[i]->life, r) &&
				    pvabi_life_has(&ops[i]->vectors[j].life, r))
					rc |= emit_vec(f, g, ops[i], &ops[i]->vectors[j], r);
	fprintf(f, "\t{ 0, 0, 0, 0, { { 0, 0, 0, 0, 0 } }, 0, 0, 0, { { 0, 0, 0, 0, 0, 0, 0 } }, 0 }\n};\n\n");
	return rc;
}

static void emit_suite(FILE *f, const struct pvabi_gen *g, const char *lo, const char *up,
		       uint32_t negotiate, uint32_t unknown)
{
	const struct pvabi_conv *cv = &g->spec->convs[g->spec->default_conv];
	int r;

	fprintf(f, "static const uint32_t revs[] = {");
	for (r = 0; r <= g->rev; r++)
		fprintf(f, "%s0x%08xu", r ? ", " : " ", pvabi_rev_code(&g->spec->revs[r]));
	fprintf(f, " };\n\n");
	fprintf(f, "const struct pvabi_csuite pvabi_conformance_suite = {\n"
		   "\t\"%s\", \"%s\", %s_OFFER_MIN, %s_OFFER_MAX, %s_FEATURES_DEFINED,\n"
		   "\trevs, %d, ops, sizeof(ops) / sizeof(ops[0]),\n"
		   "\tvecs, sizeof(vecs) / sizeof(vecs[0]) - 1,\n"
		   "\t%s_EREVISION, %s_EREMOVED, %s_ENOFEATURE, %s_ENOTNEGOTIATED, %s_ENOSYS,\n"
		   "\tUINT64_C(0x%llx), 0x%xu, %uu, %uu,\n};\n",
		g->spec->name, g->spec->revs[g->rev].id, up, up, up, g->rev + 1, up, up, up,
		up, up, (unsigned long long)cv->frame, cv->port, negotiate, unknown);
	(void)lo;
}

/* The op a guest negotiates with: "negotiate" if the spec has it, else
 * its frozen op of lowest id. */
static int bootstrap_op(const struct pvabi_gen *g, const struct pvabi_op **ops, size_t n,
			uint32_t *id)
{
	int i = pvabi_spec_op(g->spec, "negotiate");
	size_t k;

	if (i >= 0 && g->spec->ops[i].frozen) {
		*id = g->spec->ops[i].id;
		return 0;
	}
	for (k = 0; k < n; k++)
		if (ops[k]->frozen) {
			*id = ops[k]->id;
			return 0;
		}
	pvabi_diag_add(g->d, "GEN_NO_BOOTSTRAP", g->spec->file, 0,
		       "conformance images need a frozen op to negotiate with");
	return -1;
}

int pvabi_emit_conformance(const struct pvabi_gen *g)
{
	const struct pvabi_op **ops;
	struct pvabi_emit_file *ef;
	char lo[64], up[64], name[96];
	uint32_t negotiate = 0;
	size_t nops = 0;
	FILE *f;
	int ok;

	if (g->spec->default_conv < 0 ||
	    g->spec->convs[g->spec->default_conv].kind != PVABI_CONV_CALL_FRAME) {
		pvabi_diag_add(g->d, "GEN_UNSUPPORTED", g->spec->file, 0,
			       "conformance images need a call-frame default convention");
		return -1;
	}

	snprintf(lo, sizeof(lo), "%s", g->spec->name);
	emit_upper(up, sizeof(up), g->spec->name);
	snprintf(name, sizeof(name), "%s_conformance.c", lo);
	if (!(ops = emit_ops_by_id(g->spec, &nops)))
		return -1;
	if (!(ef = emit_open(g, name))) {
		free(ops);
		return -1;
	}
	f = emit_fp(ef);
	emit_stamp(f, g, "conformance suite", g->rev);
	fprintf(f, "#include \"guest/rt/conformance.h\"\n#include \"%s_guest.h\"\n\n", lo);
	emit_ops(f, g, ops, nops, lo);
	ok = emit_vecs(f, g, ops, nops) == 0;
	ok = ok && bootstrap_op(g, ops, nops, &negotiate) == 0;
	emit_suite(f, g, lo, up, negotiate, nops ? ops[nops - 1]->id + 1 : 1);
	free(ops);
	emit_close(ef);
	return emit_finish(&ef, 1, ok);
}
