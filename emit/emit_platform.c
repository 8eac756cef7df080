/* Platform target: the dispatch for every revision of the support window
 * in one build. For each op: availability per negotiated revision,
 * feature gating, the argument layout of each revision (compat adapters
 * fill defaults for arguments an old revision lacks), validation of every
 * guest-controlled value, and a call to the one current handler. Handlers
 * are extern functions the platform defines: a missing one fails the link
 * with a message naming the op. */
#include "emit/emit.h"
#include "emit/emit_platform.h"
#include "emit/emit_limit.h"

#include <stdlib.h>
#include <string.h>

/* Errors the dispatch itself returns; the spec must define them. */
static const char *const dispatch_errors[] = {
	"ENOSYS", "ENOTNEGOTIATED", "EREVISION", "EREMOVED", "ENOFEATURE",
	"EINVAL", "EFAULT", "E2BIG",
};

static int errors_present(const struct pvabi_gen *g)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(dispatch_errors) / sizeof(dispatch_errors[0]); i++)
		if (pvabi_spec_error(g->spec, dispatch_errors[i]) < 0) {
			pvabi_diag_add(g->d, "GEN_MISSING_ERROR", g->spec->file, 0,
				       "the dispatch needs error %s; define it in <errors>",
				       dispatch_errors[i]);
			rc = -1;
		}
	return rc;
}

/* Where the guest's call frame lives and which port rings the platform:
 * the host side must agree with the images, so it comes from the spec. */
static void header_conv(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	const struct pvabi_conv *cv;

	if (g->spec->default_conv < 0)
		return;
	cv = &g->spec->convs[g->spec->default_conv];
	if (cv->kind != PVABI_CONV_CALL_FRAME)
		return;
	fprintf(f, "\n/* Default convention '%s': call frame and doorbell. */\n", cv->name);
	fprintf(f, "#define %s_FRAME_GPA UINT64_C(0x%llx)\n", n->up, (unsigned long long)cv->frame);
	fprintf(f, "#define %s_DOORBELL_PORT 0x%xu\n", n->up, cv->port);
}

static void header_decls(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
			 const struct window *w)
{
	char num[48];
	size_t i;
	int k;

	fprintf(f, "#ifndef %s_PLATFORM_H\n#define %s_PLATFORM_H\n\n", n->up, n->up);
	fputs("#include <stddef.h>\n#include <stdint.h>\n\n", f);
	fputs("/* Revisions this platform serves (the support window, without\n"
	      " * retired revisions): index -> revision code. */\n", f);
	fprintf(f, "#define %s_WINDOW_NREVS %d\n", n->up, w->n);
	fprintf(f, "extern const uint32_t %s_window_revs[%s_WINDOW_NREVS];\n", n->lo, n->up);
	fprintf(f, "extern const char *const %s_window_ids[%s_WINDOW_NREVS];\n", n->lo, n->up);
	fputs("/* Features each window revision defines. */\n", f);
	fprintf(f, "extern const uint64_t %s_window_features[%s_WINDOW_NREVS];\n\n", n->lo, n->up);
	for (k = 0; k < w->n; k++)
		fprintf(f, "/* window %d: %s */\n", k, g->spec->revs[w->rev[k]].id);
	header_conv(f, g, n);
	fputs("\n/* Errors (every revision's). */\n", f);
	for (i = 0; i < g->spec->nerrors; i++)
		fprintf(f, "#define %s (%s)\n", n->errors[i].macro,
			emit_c_value(num, sizeof(num), g->spec->errors[i].value, 0));
	/* Handlers test granted bits by these names, so a feature moved to
	 * another bit in the spec moves in the platform too. */
	if (g->spec->nfeatures)
		fputs("\n/* Feature bits (every revision's). */\n", f);
	for (i = 0; i < g->spec->nfeatures; i++)
		emit_feature_bits(f, &n->features[i], g->spec->features[i].bit);
	fputs("\n/* Op ids (every revision's). */\n", f);
	for (i = 0; i < g->spec->nops; i++)
		fprintf(f, "#define %s %uu\n", n->ops[i].macro, g->spec->ops[i].id);
}

static void header_state(FILE *f, const struct emit_names *n)
{
	fprintf(f, "\n/* Per-guest dispatch state, owned by the platform. Zeroed = not\n"
		   " * negotiated: only frozen bootstrap ops are served. */\n"
		   "struct %s_dispatch_state {\n\tint negotiated;\n\tint rev_index; /* into %s_window_revs */\n"
		   "\tuint32_t rev;\n\tuint64_t granted;\n};\n\n", n->lo, n->lo);
	fprintf(f, "/* A guest buffer the dispatch has bounds-checked: gpa .. gpa+size\n"
		   " * lies in guest memory. size is what the negotiated revision defines\n"
		   " * for the argument (struct size in that revision x count). */\n"
		   "struct %s_gptr {\n\tuint64_t gpa;\n\tuint64_t size;\n};\n\n", n->lo);
	fprintf(f, "/* The platform's context, opaque to the dispatch. */\nstruct %s_ctx;\n\n", n->lo);
	fprintf(f, "/* Provided by the platform: 0 when [gpa, gpa+size) is guest memory\n"
		   " * the guest may hand to the platform, else nonzero. */\n"
		   "int %s_guest_check(struct %s_ctx *ctx, uint64_t gpa, uint64_t size);\n\n",
		n->lo, n->lo);
	fprintf(f, "/* Largest guest buffer one argument may name. */\n"
		   "#define %s_MAX_GUEST_BUFFER (UINT64_C(1) << 20)\n\n", n->up);
	fprintf(f, "/* Serves one call: validates it against the negotiated revision and\n"
		   " * calls the handler. Returns the handler's result or a negative\n"
		   " * %s_E* error; never trusts op, nargs or any argument. */\n"
		   "int64_t %s_dispatch(struct %s_ctx *ctx, const struct %s_dispatch_state *st,\n"
		   "\t\tuint32_t op, uint32_t nargs, const uint64_t *args);\n\n",
		n->up, n->lo, n->lo, n->lo);
	fprintf(f, "/* Records a successful negotiation: 0, or -1 when rev is not served. */\n"
		   "int %s_dispatch_negotiated(struct %s_dispatch_state *st, uint32_t rev,\n"
		   "\t\tuint64_t granted);\n", n->lo, n->lo);
	fprintf(f, "/* Written by a platform built on <abi>_skeleton.c: serves op with its\n"
		   " * arguments (by-value ones as 64-bit values, pointers as their guest\n"
		   " * address, and in ptrs as checked buffers). */\n"
		   "int64_t %s_skeleton_call(struct %s_ctx *ctx, uint32_t op, uint32_t nargs,\n"
		   "\t\tconst uint64_t *args, const struct %s_gptr *ptrs);\n", n->lo, n->lo, n->lo);
	fprintf(f, "/* The op's name, or NULL for an unknown id. */\n"
		   "const char *%s_op_name(uint32_t op);\n\n", n->lo);
}

/* Every struct's size and field offsets per window revision, so handlers
 * read and write guest structs as the negotiated revision lays them out:
 * a platform built from a spec whose layout changed behaves differently,
 * which is what the matrix must be able to see. */
static void header_layouts(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	char m[LAYOUT_MEMBER_MAX];
	size_t i, j;

	fprintf(f, "/* Struct layouts: for each struct, its size and field offsets in\n"
		   " * every window revision (index as in %s_window_revs), the same\n"
		   " * layout as the guest header of that revision. bytes 0: the struct\n"
		   " * is absent in that revision; offset -1: that field is absent. A\n"
		   " * field named like a C keyword (or bytes) gets a member with '_'\n"
		   " * appended, and a comment naming the field. */\n\n", n->lo);
	for (i = 0; i < g->spec->nstructs; i++) {
		const struct pvabi_struct *st = &g->spec->structs[i];

		fprintf(f, "/* %s: size and field offsets per window revision. */\n"
			   "struct %s {\n\tuint32_t bytes;\n", st->name, n->structs[i].platform);
		for (j = 0; j < st->nfields; j++) {
			layout_member(st, j, m, sizeof(m));
			fprintf(f, "\tint32_t %s;", m);
			if (strcmp(m, st->fields[j].name))
				fprintf(f, " /* field %s */", st->fields[j].name);
			fputc('\n', f);
		}
		fprintf(f, "};\nextern const struct %s %s[%s_WINDOW_NREVS];\n",
			n->structs[i].platform, n->structs[i].platform, n->up);
		if (st->size_guarded)
			fprintf(f, "/* Size-guarded: a guest size below the first layout (%s) is\n"
				   " * refused. */\n#define %s_LAYOUT_%s_MIN_SIZE %zuu\n",
				g->spec->revs[st->life.since].id, n->up, n->structs[i].up,
				pvabi_struct_layout(g->spec, (int)i, st->life.since, NULL, NULL));
		fputc('\n', f);
	}
}

/* The handler's context parameter is pvabi_ctx: no argument can be named
 * so (NAME_RESERVED). */
static void handler_proto(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
			  const struct pvabi_op *op, const char *term)
{
	char ct[128];
	size_t i;

	fprintf(f, "int64_t %s(struct %s_ctx *pvabi_ctx", emit_op_name(n, g->spec, op)->platform,
		n->lo);
	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_arg *a = &op->args[i];

		if (a->dir != PVABI_BY_VALUE)
			fprintf(f, ", struct %s_gptr %s", n->lo, a->name);
		else
			fprintf(f, ", %s %s", plain_ctype(g, &a->type, ct, sizeof(ct)), a->name);
	}
	fprintf(f, ")%s", term);
}

static void header_handlers(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
			    const struct window *w)
{
	size_t i;

	fputs("/* Handlers the platform implements: one per op of the window, with\n"
	      " * the op's full signature; compat adapters fill defaults. */\n", f);
	for (i = 0; i < g->spec->nops; i++)
		if (op_in_window(g, w, &g->spec->ops[i]))
			handler_proto(f, g, n, &g->spec->ops[i], ";\n");
	fprintf(f, "\n#endif /* %s_PLATFORM_H */\n", n->up);
}

int pvabi_emit_platform(const struct pvabi_gen *g)
{
	struct pvabi_emit_file *ef[3] = { NULL, NULL, NULL };
	struct emit_names n;
	struct window w;
	char name[96];
	int ok;

	if (emit_needs_call_frame(g, "platform"))
		return -1;
	if (window_build(g, &w) || errors_present(g))
		return -1;
	if (emit_names_init(&n, g->spec))
		return emit_oom(g);
	snprintf(name, sizeof(name), "%s_platform.h", n.lo);
	ef[0] = emit_open(g, name);
	snprintf(name, sizeof(name), "%s_dispatch.c", n.lo);
	ef[1] = ef[0] ? emit_open(g, name) : NULL;
	snprintf(name, sizeof(name), "%s_state.c", n.lo);
	ef[2] = ef[1] ? emit_open(g, name) : NULL;
	ok = ef[2] != NULL;
	if (ok) {
		emit_stamp(emit_fp(ef[0]), g, "platform dispatch", -1);
		header_decls(emit_fp(ef[0]), g, &n, &w);
		header_state(emit_fp(ef[0]), &n);
		header_layouts(emit_fp(ef[0]), g, &n);
		emit_limit_header(emit_fp(ef[0]), g, &n);
		header_handlers(emit_fp(ef[0]), g, &n, &w);
		ok = emit_dispatch_c(emit_fp(ef[1]), g, &n, &w) == 0 &&
		     emit_state_c(emit_fp(ef[2]), g, &n, &w) == 0;
		emit_close(ef[0]);
		emit_close(ef[1]);
		emit_close(ef[2]);
	}
	emit_names_free(&n);
	return emit_finish(ef, 3, ok);
}

static void skeleton_handler(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
			     const struct pvabi_op *op)
{
	size_t j;

	handler_proto(f, g, n, op, "\n{\n");
	fprintf(f, "\tuint64_t pvabi_args[%zu] = { 0 };\n"
		   "\tstruct %s_gptr pvabi_ptrs[%zu] = { { 0, 0 } };\n\n",
		op->nargs ? op->nargs : 1, n->lo, op->nargs ? op->nargs : 1);
	for (j = 0; j < op->nargs; j++) {
		if (op->args[j].dir == PVABI_BY_VALUE)
			fprintf(f, "\tpvabi_args[%zu] = (uint64_t)%s;\n", j, op->args[j].name);
		else
			fprintf(f, "\tpvabi_args[%zu] = %s.gpa;\n\tpvabi_ptrs[%zu] = %s;\n", j,
				op->args[j].name, j, op->args[j].name);
	}
	fprintf(f, "\treturn %s_skeleton_call(pvabi_ctx, %uu, %zu, pvabi_args, pvabi_ptrs);\n}\n\n",
		n->lo, op->id, op->nargs);
}

/* A handler file to start a platform from: every handler of the window
 * forwards its op id and arguments to one function the platform writes,
 * so a new platform links at once and can fill in handlers one by one
 * (and tests can record what the dispatch passed). */
int pvabi_emit_skeleton(const struct pvabi_gen *g)
{
	struct pvabi_emit_file *ef;
	struct emit_names n;
	struct window w;
	char name[96];
	size_t i;
	FILE *f;

	if (emit_needs_call_frame(g, "skeleton") || window_build(g, &w))
		return -1;
	if (emit_names_init(&n, g->spec))
		return emit_oom(g);
	snprintf(name, sizeof(name), "%s_skeleton.c", n.lo);
	if (!(ef = emit_open(g, name))) {
		emit_names_free(&n);
		return -1;
	}
	f = emit_fp(ef);
	emit_stamp(f, g, "handler skeleton", -1);
	fprintf(f, "#include \"%s_platform.h\"\n\n", n.lo);
	for (i = 0; i < g->spec->nops; i++)
		if (op_in_window(g, &w, &g->spec->ops[i]))
			skeleton_handler(f, g, &n, &g->spec->ops[i]);
	emit_limit_skeleton(f, g, &n);
	emit_names_free(&n);
	emit_close(ef);
	return emit_finish(&ef, 1, 1);
}
