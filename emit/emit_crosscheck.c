/* Crosscheck target: one C header of static assertions that an upstream
 * project's own headers agree with the spec, item by item, for revision
 * g->rev in each guest mode. It names upstream items by their c-name=
 * (or, for struct tags and fields, by their spec name) and states the
 * spec's numbers as literals, so it includes nothing of the generated
 * guest header: the two sets of names may collide (Xen's XEN_EINVAL and
 * ours), the numbers cannot. Each assertion's message names the item,
 * the revision and the mode, so a failing one says what differs.
 *
 * Top-level structs (those no other struct contains) are checked by tag:
 * their size, and every field's offset and size down through nested
 * structs, unions and the first element of arrays. A nested struct is
 * checked through each path that reaches it, which needs no tag: Xen's
 * union members are often anonymous. */
#include "emit/emit.h"

#include <stdlib.h>
#include <string.h>

#define HAS(life) pvabi_life_has(&(life), x->g->rev)
#define MAX_PATH 512

struct xc {
	const struct pvabi_gen *g;
	FILE *f;
	enum pvabi_mode mode;
	const char *rid;
	size_t n; /* assertions written */
};

static const char *field_c(const struct pvabi_field *fl, int rev)
{
	return fl->c_name ? fl->c_name : pvabi_field_name(fl, rev);
}

static void assert_eq(struct xc *x, const char *lhs, long long v, const char *what)
{
	fprintf(x->f, "PVABI_XC(%s == %lld, \"%s %s %s\");\n", lhs, v, what, x->rid,
		pvabi_mode_name(x->mode));
	x->n++;
}

static int in_mode(const struct pvabi_field *fl, enum pvabi_mode m)
{
	return !fl->mode_mask || (fl->mode_mask & (1u << m));
}

/* Offsets and sizes of every field of struct si at base offset `base`,
 * reached from struct `tag` through `path`. */
static void walk(struct xc *x, const char *tag, int si, const char *path, long base, int depth)
{
	const struct pvabi_spec *s = x->g->spec;
	const struct pvabi_struct *st = &s->structs[si];
	long *off = malloc((st->nfields ? st->nfields : 1) * sizeof(long));
	char p[MAX_PATH], lhs[MAX_PATH + 96], what[MAX_PATH + 96];
	size_t i, al, sz;

	if (!off || depth > 8) {
		free(off);
		return;
	}
	pvabi_struct_layout_mode(s, si, x->g->rev, x->mode, off, &al);
	for (i = 0; i < st->nfields; i++) {
		const struct pvabi_field *fl = &st->fields[i];

		if (!HAS(fl->life) || !in_mode(fl, x->mode) || off[i] < 0)
			continue;
		snprintf(p, sizeof(p), "%s%s%s", path, *path ? "." : "", field_c(fl, x->g->rev));
		sz = pvabi_field_size_mode(s, fl, x->g->rev, x->mode, &al);
		snprintf(lhs, sizeof(lhs), "offsetof(struct %s, %s)", tag, p);
		snprintf(what, sizeof(what), "offset of %s.%s", tag, p);
		assert_eq(x, lhs, base + off[i], what);
		snprintf(lhs, sizeof(lhs), "sizeof(((struct %s *)0)->%s)", tag, p);
		snprintf(what, sizeof(what), "size of %s.%s", tag, p);
		assert_eq(x, lhs, (long long)(sz * fl->count), what);
		if (fl->type.kind == PVABI_T_STRUCT && !fl->handle) {
			if (fl->count > 1)
				strncat(p, "[0]", sizeof(p) - strlen(p) - 1);
			walk(x, tag, fl->type.index, p, base + off[i], depth + 1);
		}
	}
	free(off);
}

static int nested(const struct pvabi_spec *s, int si, int rev)
{
	size_t i, j;

	for (i = 0; i < s->nstructs; i++)
		for (j = 0; pvabi_life_has(&s->structs[i].life, rev) && j < s->structs[i].nfields; j++)
			if (s->structs[i].fields[j].type.kind == PVABI_T_STRUCT &&
			    s->structs[i].fields[j].type.index == si)
				return 1;
	return 0;
}

static void layouts(struct xc *x)
{
	const struct pvabi_spec *s = x->g->spec;
	char lhs[256], what[256];
	size_t i, al;

	for (i = 0; i < s->nstructs; i++) {
		const struct pvabi_struct *st = &s->structs[i];
		const char *tag = st->c_name ? st->c_name : st->name;

		if (!pvabi_life_has(&st->life, x->g->rev) || nested(s, (int)i, x->g->rev))
			continue;
		snprintf(lhs, sizeof(lhs), "sizeof(%s %s)", st->is_union ? "union" : "struct", tag);
		snprintf(what, sizeof(what), "size of %s", tag);
		assert_eq(x, lhs, (long long)pvabi_struct_layout_mode(s, (int)i, x->g->rev, x->mode,
								       NULL, &al), what);
		walk(x, tag, (int)i, "", 0, 0);
	}
	for (i = 0; i < s->ntypedefs; i++) {
		const struct pvabi_typedef *t = &s->typedefs[i];

		if (!HAS(t->life) || !t->c_name || t->type.kind == PVABI_T_STRUCT)
			continue;
		snprintf(lhs, sizeof(lhs), "sizeof(%s)", t->c_name);
		snprintf(what, sizeof(what), "size of typedef %s", t->c_name);
		assert_eq(x, lhs, (long long)pvabi_prim_size(t->type.prim) * t->count, what);
	}
}

/* Constants are the same in every mode. */
static void constants(struct xc *x)
{
	const struct pvabi_spec *s = x->g->spec;
	char lhs[128], what[256];
	size_t i, j;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		if (!HAS(op->life))
			continue;
		if (op->c_name) {
			snprintf(what, sizeof(what), "op %s number %s", op->name, op->c_name);
			assert_eq(x, op->c_name, op->id, what);
		}
		for (j = 0; j < op->ncmds; j++)
			if (HAS(op->cmds[j].life) && op->cmds[j].c_name) {
				snprintf(what, sizeof(what), "command %s.%s %s", op->name,
					 op->cmds[j].name, op->cmds[j].c_name);
				assert_eq(x, op->cmds[j].c_name, op->cmds[j].value, what);
			}
	}
	for (i = 0; i < s->nenums; i++)
		for (j = 0; HAS(s->enums[i].life) && j < s->enums[i].nvalues; j++) {
			const struct pvabi_enum_value *v = &s->enums[i].values[j];

			if (!HAS(v->life) || !v->c_name)
				continue;
			snprintf(what, sizeof(what), "enum %s.%s %s", s->enums[i].name, v->name, v->c_name);
			assert_eq(x, v->c_name, v->value, what);
		}
	for (i = 0; i < s->nfeatures; i++)
		if (HAS(s->features[i].life) && s->features[i].c_name) {
			snprintf(what, sizeof(what), "feature bit %s", s->features[i].c_name);
			assert_eq(x, s->features[i].c_name, s->features[i].bit, what);
		}
	for (i = 0; i < s->nerrors; i++)
		if (HAS(s->errors[i].life) && s->errors[i].c_name) {
			/* upstream errno constants hold the magnitude */
			snprintf(lhs, sizeof(lhs), "-(%s)", s->errors[i].c_name);
			snprintf(what, sizeof(what), "error %s", s->errors[i].c_name);
			assert_eq(x, lhs, s->errors[i].value, what);
		}
}

static void prologue(FILE *f, const struct pvabi_gen *g, const char *macro)
{
	emit_stamp(f, g, "crosscheck against upstream headers", g->rev);
	fputs("/* Include the upstream headers first, with the interface version\n"
	      " * defined as below; then this file. Every line is one assertion. */\n", f);
	fputs("#include <stddef.h>\n\n", f);
	if (macro)
		fprintf(f, "#if !defined(%s) || %s != 0x%08xu\n"
			   "#error \"define %s as 0x%08x before the upstream headers\"\n#endif\n\n",
			macro, macro, pvabi_rev_code(&g->spec->revs[g->rev]), macro,
			pvabi_rev_code(&g->spec->revs[g->rev]));
	fputs("#define PVABI_XC(c, m) _Static_assert(c, m)\n\n", f);
}

int pvabi_emit_crosscheck(const struct pvabi_gen *g)
{
	static const char *const guard[] = { "__x86_64__", "__i386__" };
	const struct pvabi_spec *s = g->spec;
	struct pvabi_emit_file *ef;
	struct xc x = { g, NULL, PVABI_MODE_X86_64, s->revs[g->rev].id, 0 };
	char name[160];
	int m, first = 1;

	if (s->format < 2 || !s->modes) {
		pvabi_diag_add(g->d, "GEN_UNSUPPORTED", s->file, 0,
			       "target crosscheck needs a format 2 spec with modes= and c-name= on the items upstream headers define; %s has neither",
			       s->file);
		return -1;
	}
	snprintf(name, sizeof(name), "%s_crosscheck.h", s->name);
	if (!(ef = emit_open(g, name)))
		return -1;
	x.f = emit_fp(ef);
	prologue(x.f, g, s->has_nego && s->nego.compile_time ? s->nego.macro : NULL);
	for (m = 0; m < PVABI_MODE_COUNT; m++) {
		if (!(s->modes & (1u << m)))
			continue;
		fprintf(x.f, "#%s defined(%s)\n", first ? "if" : "elif", guard[m]);
		first = 0;
		x.mode = (enum pvabi_mode)m;
		constants(&x);
		layouts(&x);
	}
	fputs("#else\n#error \"no guest mode of this spec matches the compiler's target\"\n#endif\n", x.f);
	fprintf(x.f, "\n#define %s_CROSSCHECK_ASSERTIONS %zu /* over all modes */\n", s->name, x.n);
	return emit_finish(&ef, 1, emit_close(ef) == 0);
}
