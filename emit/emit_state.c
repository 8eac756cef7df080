/* The generated state source: what the dispatch and the handlers share
 * and neither owns. The window tables, the setter the op-0 handler calls
 * when a negotiation succeeds, and the struct layout tables handlers read
 * live here, so the dispatch (which calls the handlers) is never called
 * back by one: dependencies point from the dispatch and the handlers to
 * this file only. */
#include "emit/emit_platform.h"
#include "emit/emit_limit.h"

#include <stdlib.h>

static void tables(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		   const struct window *w)
{
	int k;

	fprintf(f, "const uint32_t %s_window_revs[%s_WINDOW_NREVS] = {", n->lo, n->up);
	for (k = 0; k < w->n; k++)
		fprintf(f, "%s0x%08xu", k ? ", " : " ", pvabi_rev_code(&g->spec->revs[w->rev[k]]));
	fprintf(f, " };\n\nconst char *const %s_window_ids[%s_WINDOW_NREVS] = {", n->lo, n->up);
	for (k = 0; k < w->n; k++)
		fprintf(f, "%s\"%s\"", k ? ", " : " ", g->spec->revs[w->rev[k]].id);
	fprintf(f, " };\n\nconst uint64_t %s_window_features[%s_WINDOW_NREVS] = {", n->lo, n->up);
	for (k = 0; k < w->n; k++)
		fprintf(f, "%sUINT64_C(0x%llx)", k ? ", " : " ",
			(unsigned long long)pvabi_spec_feature_mask(g->spec, w->rev[k]));
	fputs(" };\n\n", f);
}

static void negotiated(FILE *f, const struct emit_names *n)
{
	fprintf(f, "int %s_dispatch_negotiated(struct %s_dispatch_state *st, uint32_t rev,\n"
		   "\t\tuint64_t granted)\n{\n\tint k;\n\n"
		   "\tfor (k = 0; k < %s_WINDOW_NREVS; k++) {\n"
		   "\t\tif (%s_window_revs[k] != rev)\n\t\t\tcontinue;\n"
		   "\t\tst->negotiated = 1;\n\t\tst->rev_index = k;\n\t\tst->rev = rev;\n"
		   "\t\t/* never more than the revision defines */\n"
		   "\t\tst->granted = granted & %s_window_features[k];\n\t\treturn 0;\n\t}\n"
		   "\treturn -1;\n}\n\n", n->lo, n->lo, n->up, n->lo, n->lo);
}

static int layout_defs(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		     const struct window *w)
{
	char m[LAYOUT_MEMBER_MAX];
	size_t i, j;
	long *off;
	int k;

	for (i = 0; i < g->spec->nstructs; i++) {
		const struct pvabi_struct *st = &g->spec->structs[i];

		off = calloc(st->nfields + 1, sizeof(*off));
		if (!off)
			return -1;
		fprintf(f, "const struct %s %s[%s_WINDOW_NREVS] = {\n", n->structs[i].platform,
			n->structs[i].platform, n->up);
		for (k = 0; k < w->n; k++) {
			size_t size = pvabi_struct_layout(g->spec, (int)i, w->rev[k], off, NULL);

			if (size > INT32_MAX) { /* offsets below size then fit too */
				pvabi_diag_add(g->d, "GEN_UNSUPPORTED", st->loc.file, st->loc.line,
					       "struct %s is %zu bytes in %s: layout tables need sizes below 2 GiB",
					       st->name, size, g->spec->revs[w->rev[k]].id);
				free(off);
				return -1;
			}
			fprintf(f, "\t[%d] = { .bytes = %zu", k, size);
			for (j = 0; j < st->nfields; j++)
				fprintf(f, ", .%s = %ld", layout_member(st, j, m, sizeof(m)),
					size && off[j] != (long)PVABI_NONE ? off[j] : -1L);
			fprintf(f, " }, /* %s */\n", g->spec->revs[w->rev[k]].id);
		}
		fputs("};\n\n", f);
		free(off);
	}
	return 0;
}

int emit_state_c(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		 const struct window *w)
{
	emit_stamp(f, g, "platform state", -1);
	fprintf(f, "#include \"%s_platform.h\"\n\n", n->lo);
	tables(f, g, n, w);
	negotiated(f, n);
	/* the sizes the dispatch checks guest buffers against and the field
	 * offsets handlers place guest struct fields at */
	if (layout_defs(f, g, n, w))
		return -1;
	emit_limit_state(f, g, n, w);
	return ferror(f) ? -1 : 0;
}
