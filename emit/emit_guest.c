/* Guest target: one freestanding header per revision with the revision's
 * types, constants, size and offset assertions, and typed inline stubs
 * that marshal arguments into a call frame. It compiles as C99, C11 and
 * C++ with -m32 and -m64, and needs only <stdint.h> and <stddef.h>. */
#include "abi/canon.h"
#include "emit/emit.h"
#include "emit/emit_escape.h"
#include "emit/emit_guest2.h"
#include "emit/emit_names.h"

#include <stdlib.h>
#include <string.h>

#define HAS(life) pvabi_life_has(&(life), g->rev)

static void prologue(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	const struct pvabi_rev *r = &g->spec->revs[g->rev];
	char fp[PVABI_FINGERPRINT_LEN], m[80];
	int i;

	emit_fingerprint(g, g->rev, emit_generation_base(g), fp);
	emit_stamp(f, g, "guest stubs", g->rev);
	fprintf(f, "#ifndef %s_GUEST_H\n#define %s_GUEST_H\n\n", n->up, n->up);
	fputs("#include <stddef.h>\n#include <stdint.h>\n\n", f);
	fputs("#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n", f);
	fprintf(f, "/* Compile-time checks in every language mode the header supports. */\n"
		   "#if defined(__cplusplus) && __cplusplus >= 201103L\n"
		   "#define %s_ASSERT(c, m) static_assert(c, m)\n"
		   "#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L\n"
		   "#define %s_ASSERT(c, m) _Static_assert(c, m)\n"
		   "#else\n"
		   "#define %s_ASSERT_CAT2(a, b) a##b\n"
		   "#define %s_ASSERT_CAT(a, b) %s_ASSERT_CAT2(a, b)\n"
		   "#define %s_ASSERT(c, m) typedef char %s_ASSERT_CAT(%s_assert_, __LINE__)[(c) ? 1 : -1] __attribute__((unused))\n"
		   "#endif\n\n",
		n->up, n->up, n->up, n->up, n->up, n->up, n->up, n->lo);
	fprintf(f, "/* Stubs are inline; a guest uses only some of them. */\n"
		   "#define %s_STUB static inline __attribute__((unused))\n\n", n->up);
	fprintf(f, "/* 64-bit members are 8-byte aligned in every guest mode, so struct\n"
		   " * layouts are the same for 32-bit and 64-bit guests. */\n"
		   "typedef uint64_t %s_u64_t __attribute__((aligned(8)));\n"
		   "typedef int64_t %s_s64_t __attribute__((aligned(8)));\n\n", n->lo, n->lo);
	fputs("/* Revision codes: major << 16 | minor. */\n", f);
	for (i = 0; i <= g->rev; i++)
		fprintf(f, "#define %s 0x%08xu\n", emit_rev_macro(g, i, m, sizeof(m)),
			pvabi_rev_code(&g->spec->revs[i]));
	fprintf(f, "\n#define %s_REVISION %s\n#define %s_REVISION_ID \"%s\"\n",
		n->up, emit_rev_macro(g, g->rev, m, sizeof(m)), n->up, r->id);
	fprintf(f, "#define %s_REVISION_FINGERPRINT \"%s\"\n\n", n->up, fp);
	fprintf(f, "/* What a guest built for %s offers when it negotiates: every revision\n"
		   " * up to this one, and the features this revision defines. */\n", r->id);
	fprintf(f, "#define %s_OFFER_MIN %s\n", n->up, emit_rev_macro(g, 0, m, sizeof(m)));
	fprintf(f, "#define %s_OFFER_MAX %s\n", n->up, emit_rev_macro(g, g->rev, m, sizeof(m)));
	fprintf(f, "#define %s_FEATURES_DEFINED UINT64_C(0x%016llx)\n\n", n->up,
		(unsigned long long)pvabi_spec_feature_mask(g->spec, g->rev));
}

static void emit_errors(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	char num[48];
	size_t i;

	fputs("/* Errors: an op returns a negative value from this list. */\n", f);
	for (i = 0; i < g->spec->nerrors; i++) {
		const struct pvabi_error *e = &g->spec->errors[i];

		if (HAS(e->life))
			fprintf(f, "#define %s (%s)\n", n->errors[i].macro,
				emit_c_value(num, sizeof(num), e->value, 0));
	}
	fputc('\n', f);
}

static void emit_enums(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	char m[80], num[48];
	size_t i, j;

	for (i = 0; i < g->spec->nenums; i++) {
		const struct pvabi_enum *e = &g->spec->enums[i];

		if (!HAS(e->life))
			continue;
		fprintf(f, "/* enum %s (since %s) */\ntypedef %s%s_t %s;\n", e->name,
			g->spec->revs[e->life.since].id,
			pvabi_prim_signed(e->prim) ? "int" : "uint",
			pvabi_prim_name(e->prim) + 1, n->enums[i].c);
		for (j = 0; j < e->nvalues; j++) {
			const struct pvabi_enum_value *v = &e->values[j];
			const char *vm = n->values[i][j].macro;

			if (!HAS(v->life))
				continue;
			fprintf(f, "#define %s %s\n", vm, emit_c_value(num, sizeof(num), v->value,
					!pvabi_prim_signed(e->prim)));
			fprintf(f, "#define %s_SINCE %s\n", vm,
				emit_rev_macro(g, v->life.since, m, sizeof(m)));
		}
		fputc('\n', f);
	}
}

static void emit_features(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	char m[80];
	size_t i;

	fputs("/* Feature bits defined in this revision. */\n", f);
	for (i = 0; i < g->spec->nfeatures; i++) {
		const struct pvabi_feature *x = &g->spec->features[i];

		if (!HAS(x->life))
			continue;
		emit_feature_bits(f, &n->features[i], x->bit);
		fprintf(f, "#define %s_SINCE %s\n", n->features[i].macro,
			emit_rev_macro(g, x->life.since, m, sizeof(m)));
	}
	fputc('\n', f);
}

static void emit_struct(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
			int si)
{
	const struct pvabi_struct *st = &g->spec->structs[si];
	long *off = calloc(st->nfields + 1, sizeof(long));
	char ct[128];
	size_t i, size, al;

	if (!off)
		return;
	size = pvabi_struct_layout(g->spec, si, g->rev, off, &al);
	fprintf(f, "/* struct %s (since %s%s) */\n%s {\n", st->name,
		g->spec->revs[st->life.since].id,
		st->size_guarded ? ", size-guarded: it only grows, at its end" : "",
		n->structs[si].c);
	for (i = 0; i < st->nfields; i++) {
		const struct pvabi_field *x = &st->fields[i];

		if (!HAS(x->life))
			continue;
		fprintf(f, "\t%s %s", emit_ctype(g, &x->type, ct, sizeof(ct)), x->name);
		if (x->count > 1)
			fprintf(f, "[%u]", x->count);
		fputs(";\n", f);
	}
	fprintf(f, "};\n%s_ASSERT(sizeof(%s) == %zu, \"%s size\");\n", n->up,
		n->structs[si].c, size, st->name);
	for (i = 0; i < st->nfields; i++)
		if (HAS(st->fields[i].life))
			fprintf(f, "%s_ASSERT(offsetof(%s, %s) == %ld, \"%s.%s offset\");\n",
				n->up, n->structs[si].c, st->fields[i].name, off[i], st->name,
				st->fields[i].name);
	fputc('\n', f);
	free(off);
}

/* Nested structs first: C needs a member's type complete before use. */
static void emit_structs(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	char *done = calloc(g->spec->nstructs + 1, 1);
	size_t i, j, emitted = 0, progress = 1;

	if (!done)
		return;
	while (progress) {
		progress = 0;
		for (i = 0; i < g->spec->nstructs; i++) {
			const struct pvabi_struct *st = &g->spec->structs[i];
			int ready = 1;

			if (done[i] || !HAS(st->life))
				continue;
			for (j = 0; j < st->nfields; j++)
				if (HAS(st->fields[j].life) &&
				    st->fields[j].type.kind == PVABI_T_STRUCT &&
				    !done[st->fields[j].type.index])
					ready = 0;
			if (!ready)
				continue;
			emit_struct(f, g, n, (int)i);
			done[i] = 1;
			emitted++;
			progress = 1;
		}
	}
	free(done);
	(void)emitted;
}

static void emit_frame(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	const struct pvabi_conv *cv = g->spec->default_conv >= 0
					      ? &g->spec->convs[g->spec->default_conv] : NULL;

	if (cv && cv->kind == PVABI_CONV_CALL_FRAME)
		fprintf(f, "/* Call-frame convention '%s': the frame lives at guest-physical\n"
			   " * 0x%llx; the guest fills it, sets state to PENDING and writes one\n"
			   " * byte to I/O port 0x%x; the platform writes ret and seq and sets\n"
			   " * state to DONE. */\n"
			   "#define %s_FRAME_GPA UINT64_C(0x%llx)\n#define %s_DOORBELL_PORT 0x%xu\n",
			cv->name, (unsigned long long)cv->frame, cv->port, n->up,
			(unsigned long long)cv->frame, n->up, cv->port);
	fprintf(f, "#define %s_FRAME_MAGIC 0x46435650u /* \"PVCF\" */\n"
		   "#define %s_FRAME_FREE 0u\n#define %s_FRAME_PENDING 1u\n#define %s_FRAME_DONE 2u\n"
		   "#define %s_MAX_ARGS %d\n\n"
		   "struct %s_call_frame {\n\tuint32_t magic;\n\tuint32_t op;\n\tuint32_t nargs;\n"
		   "\tuint32_t state;\n\t%s_u64_t seq;\n\t%s_u64_t args[%d];\n\t%s_s64_t ret;\n};\n"
		   "%s_ASSERT(sizeof(struct %s_call_frame) == %d, \"call frame size\");\n\n",
		n->up, n->up, n->up, n->up, n->up, PVABI_MAX_ARGS, n->lo, n->lo, n->lo,
		PVABI_MAX_ARGS, n->lo, n->up, n->lo, 32 + 8 * PVABI_MAX_ARGS);
	fprintf(f, "/* Provided by the guest runtime (or a test's loopback transport):\n"
		   " * performs one call and returns the platform's result, >= 0 on\n"
		   " * success or a negative %s_E* error. */\n"
		   "int64_t %s_transport_call(uint32_t op, uint32_t nargs, const uint64_t *args);\n"
		   "/* Guest-physical address of guest memory at p. */\n"
		   "uint64_t %s_transport_pa(const volatile void *p);\n\n",
		n->up, n->lo, n->lo);
}

static void op_macros(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		      const struct pvabi_op *op, const char *om, size_t nargs)
{
	char m[80];

	fprintf(f, "#define %s %uu\n", om, op->id);
	fprintf(f, "#define %s_SINCE %s\n", om, emit_rev_macro(g, op->life.since, m, sizeof(m)));
	if (pvabi_life_deprecated(&op->life, g->rev))
		fprintf(f, "#define %s_DEPRECATED %s\n", om,
			emit_rev_macro(g, op->life.deprecated, m, sizeof(m)));
	if (op->life.removed >= 0 && op->life.removed <= (int)g->spec->nrevs - 1)
		fprintf(f, "/* removed for guests of %s and later */\n",
			g->spec->revs[op->life.removed].id);
	if (op->feature >= 0)
		fprintf(f, "#define %s_FEATURE %s\n", om, n->features[op->feature].macro);
	fprintf(f, "#define %s_NARGS %zu\n", om, nargs);
}

static const char *param(const struct pvabi_gen *g, const struct pvabi_arg *a,
			 char *buf, size_t len)
{
	char ct[128];

	emit_ctype(g, &a->type, ct, sizeof(ct));
	/* the aligned 64-bit typedefs are for struct members only */
	if (a->dir == PVABI_BY_VALUE && a->type.kind == PVABI_T_PRIM &&
	    pvabi_prim_size(a->type.prim) == 8)
		snprintf(ct, sizeof(ct), "%s", a->type.prim == PVABI_U64 ? "uint64_t" : "int64_t");
	if (a->dir == PVABI_BY_VALUE)
		snprintf(buf, len, "%s %s", ct, a->name);
	else
		snprintf(buf, len, "%s%s *%s", a->dir == PVABI_PTR_IN ? "const " : "", ct,
			 a->name);
	return buf;
}

static void first_sentence(FILE *f, const char *doc)
{
	const char *end = doc ? strstr(doc, ". ") : NULL;
	int len = doc ? (int)(end ? end - doc + 1 : (long)strlen(doc)) : 0;

	if (len > 200)
		len = 200;
	if (len) {
		fputs(": ", f);
		emit_c_comment(f, doc, (size_t)len);
	}
}

/* The stub's own names start with pvabi_, which the loader refuses for
 * arguments (NAME_RESERVED), so no argument can shadow them. */
static void emit_op(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		    const struct pvabi_op *op)
{
	const struct emit_name *on = emit_op_name(n, g->spec, op);
	size_t i, k = 0, nargs = 0;
	char p[256];

	for (i = 0; i < op->nargs; i++)
		nargs += HAS(op->args[i].life);
	fprintf(f, "/* %s (op %u, since %s)", op->name, op->id,
		g->spec->revs[op->life.since].id);
	first_sentence(f, op->doc);
	fputs(" */\n", f);
	op_macros(f, g, n, op, on->macro, nargs);
	fprintf(f, "%s_STUB int64_t %s(", n->up, on->c);
	for (i = 0; i < op->nargs; i++)
		if (HAS(op->args[i].life))
			fprintf(f, "%s%s", k++ ? ", " : "", param(g, &op->args[i], p, sizeof(p)));
	fprintf(f, "%s)\n{\n", k ? "" : "void");
	if (nargs)
		fprintf(f, "\tuint64_t pvabi_args[%zu];\n\n", nargs);
	for (i = 0, k = 0; i < op->nargs; i++) {
		const struct pvabi_arg *a = &op->args[i];

		if (!HAS(a->life))
			continue;
		if (a->dir == PVABI_BY_VALUE)
			fprintf(f, "\tpvabi_args[%zu] = (uint64_t)%s%s;\n", k++,
				pvabi_prim_signed(a->type.prim) ? "(int64_t)" : "", a->name);
		else
			fprintf(f, "\tpvabi_args[%zu] = %s_transport_pa(%s);\n", k++, n->lo,
				a->name);
	}
	fprintf(f, "\treturn %s_transport_call(%s, %zu, %s);\n}\n\n", n->lo, on->macro,
		nargs, nargs ? "pvabi_args" : "(const uint64_t *)0");
}

int pvabi_emit_guest(const struct pvabi_gen *g)
{
	struct pvabi_emit_file *ef = NULL;
	const struct pvabi_op **ops;
	struct emit_names n;
	char name[96];
	size_t i, nops = 0;
	FILE *f;

	if (g->spec->format >= 2)
		return pvabi_emit_guest2(g);
	ops = emit_ops_by_id(g->spec, &nops);
	if (!ops || emit_names_init(&n, g->spec)) {
		free(ops);
		return emit_oom(g);
	}
	snprintf(name, sizeof(name), "%s_guest.h", n.lo);
	if (!(ef = emit_open(g, name))) {
		emit_names_free(&n);
		free(ops);
		return -1;
	}
	f = emit_fp(ef);
	prologue(f, g, &n);
	emit_errors(f, g, &n);
	emit_enums(f, g, &n);
	emit_features(f, g, &n);
	emit_structs(f, g, &n);
	emit_frame(f, g, &n);
	for (i = 0; i < nops; i++)
		if (HAS(ops[i]->life))
			emit_op(f, g, &n, ops[i]);
	fprintf(f, "#ifdef __cplusplus\n}\n#endif\n\n#endif /* %s_GUEST_H */\n", n.up);
	emit_names_free(&n);
	free(ops);
	emit_close(ef);
	return emit_finish(&ef, 1, 1);
}
