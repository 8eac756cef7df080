/* Guest target for format 2 specs: one freestanding header per revision
 * whose types follow each guest mode's own C ABI (unsigned long, pointers
 * and guest handles are mode-sized; 64-bit members are 4-byte aligned on
 * i386), with size and offset assertions per mode, and inline-assembly
 * stubs for register conventions (emit_guest2_calls.c). It compiles with
 * -m64 and -m32 and needs only <stdint.h> and <stddef.h>. */
#include "abi/canon.h"
#include "emit/emit.h"
#include "emit/emit_guest2.h"

#include <stdlib.h>
#include <string.h>

#define HAS(life) pvabi_life_has(&(life), g->rev)

static const char *const mode_guard[] = { "__x86_64__", "__i386__" };

static void prologue(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	const struct pvabi_rev *r = &g->spec->revs[g->rev];
	char fp[PVABI_FINGERPRINT_LEN], m[80];
	int i, gen = emit_generation_base(g);

	emit_fingerprint(g, g->rev, gen, fp);
	emit_stamp(f, g, "guest stubs", g->rev);
	fprintf(f, "#ifndef %s_GUEST_H\n#define %s_GUEST_H\n\n", n->up, n->up);
	fputs("#include <stddef.h>\n#include <stdint.h>\n\n", f);
	fprintf(f, "#if !defined(__x86_64__) && !defined(__i386__)\n"
		   "#error \"%s_guest.h: x86-64 or x86-32 guests only\"\n#endif\n\n", n->lo);
	fprintf(f, "#define %s_ASSERT(c, m) _Static_assert(c, m)\n"
		   "#define %s_STUB static inline __attribute__((unused))\n\n", n->up, n->up);
	fputs("/* Revision codes (what the spec's code= says). */\n", f);
	for (i = 0; i <= g->rev; i++)
		fprintf(f, "#define %s 0x%08xu\n", emit_rev_macro(g, i, m, sizeof(m)),
			pvabi_rev_code(&g->spec->revs[i]));
	fprintf(f, "\n#define %s_REVISION %s\n#define %s_REVISION_ID \"%s\"\n",
		n->up, emit_rev_macro(g, g->rev, m, sizeof(m)), n->up, r->id);
	fprintf(f, "#define %s_REVISION_FINGERPRINT \"%s\"\n", n->up, fp);
	/* the registry's fingerprint= above; the later generations' this
	 * header describes too, each under its number */
	while ((gen = emit_generation_next(g, gen)) && emit_fingerprint(g, g->rev, gen, fp) == 0)
		fprintf(f, "#define %s_REVISION_FINGERPRINT_DESCRIBED_%d \"%s\" /* %s */\n", n->up,
			gen, fp, emit_generation_note(g, g->rev, gen));
	fputc('\n', f);
}

static void errors(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	char num[48];
	size_t i;

	fputs("/* Errors: a call returns the negative value. */\n", f);
	for (i = 0; i < g->spec->nerrors; i++) {
		const struct pvabi_error *e = &g->spec->errors[i];

		if (!HAS(e->life))
			continue;
		if (e->alias_of >= 0)
			fprintf(f, "#define %s %s\n", n->errors[i].macro, n->errors[e->alias_of].macro);
		else
			fprintf(f, "#define %s (%s)\n", n->errors[i].macro,
				emit_c_value(num, sizeof(num), e->value, 0));
	}
	fputc('\n', f);
}

static void enums(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	char num[48];
	size_t i, j;

	for (i = 0; i < g->spec->nenums; i++) {
		const struct pvabi_enum *e = &g->spec->enums[i];

		if (!HAS(e->life))
			continue;
		fprintf(f, "typedef %sint%u_t %s;\n", pvabi_prim_signed(e->prim) ? "" : "u",
			pvabi_prim_size(e->prim) * 8, n->enums[i].c);
		for (j = 0; j < e->nvalues; j++)
			if (HAS(e->values[j].life))
				fprintf(f, "#define %s %s\n", n->values[i][j].macro,
					emit_c_value(num, sizeof(num), e->values[j].value,
						     !pvabi_prim_signed(e->prim)));
		fputc('\n', f);
	}
}

/* Features with the submap a query answers them in. */
static void features(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	unsigned int bits = g->spec->has_nego ? g->spec->nego.submap_bits : 64;
	unsigned long long defined = 0;
	size_t i;

	fprintf(f, "/* Feature bits; a query answers %u of them at a time. */\n", bits);
	for (i = 0; i < g->spec->nfeatures; i++) {
		const struct pvabi_feature *x = &g->spec->features[i];

		if (!HAS(x->life))
			continue;
		fprintf(f, "#define %s_BIT %u\n#define %s_SUBMAP %u\n", n->features[i].macro,
			x->bit % bits, n->features[i].macro, x->bit / bits);
		if (x->bit < bits)
			defined |= 1ull << x->bit;
	}
	/* What a guest of this revision can know of an offer: it reports
	 * the offer masked by this, and the oracle predicts the same. */
	fprintf(f, "/* The bits of submap 0 this revision defines. */\n"
		   "#define %s_FEATURES_DEFINED 0x%llxull\n\n", n->up, defined);
}

static void typedefs(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	char ct[128];
	size_t i;

	for (i = 0; i < g->spec->ntypedefs; i++) {
		const struct pvabi_typedef *t = &g->spec->typedefs[i];

		if (HAS(t->life))
			fprintf(f, "typedef %s %s_%s_t[%u];\n", guest2_ctype(g, n, &t->type, ct, sizeof(ct)),
				n->lo, t->name, t->count);
	}
	fputc('\n', f);
}

static void member(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		   const struct pvabi_field *x)
{
	char ct[128];

	if (x->mode_mask)
		fprintf(f, "#if defined(%s)\n",
			mode_guard[x->mode_mask & (1u << PVABI_MODE_X86_32) ? 1 : 0]);
	if (x->tdef >= 0)
		fprintf(f, "\t%s_%s_t %s;\n", n->lo, g->spec->typedefs[x->tdef].name,
			pvabi_field_name(x, g->rev));
	else {
		fprintf(f, "\t%s %s%s", guest2_ctype(g, n, &x->type, ct, sizeof(ct)),
			x->handle ? "*" : "", pvabi_field_name(x, g->rev));
		if (x->count > 1)
			fprintf(f, "[%u]", x->count);
		fputs(";\n", f);
	}
	if (x->mode_mask)
		fputs("#endif\n", f);
}

/* The layout of one struct in each mode, asserted where it is declared. */
static void layout_asserts(FILE *f, const struct pvabi_gen *g, const struct emit_names *n, int si,
			   const char *tag)
{
	const struct pvabi_struct *st = &g->spec->structs[si];
	long *off = calloc(st->nfields + 1, sizeof(long));
	size_t i, al;
	int m;

	for (m = 0; off && m < PVABI_MODE_COUNT; m++) {
		if (!(g->spec->modes & (1u << m)))
			continue;
		fprintf(f, "#if defined(%s)\n%s_ASSERT(sizeof(%s) == %zu, \"%s size (%s)\");\n",
			mode_guard[m], n->up, tag,
			pvabi_struct_layout_mode(g->spec, si, g->rev, (enum pvabi_mode)m, off, &al),
			st->name, pvabi_mode_name((enum pvabi_mode)m));
		for (i = 0; i < st->nfields; i++)
			if (HAS(st->fields[i].life) && off[i] >= 0)
				fprintf(f, "%s_ASSERT(offsetof(%s, %s) == %ld, \"%s.%s offset (%s)\");\n",
					n->up, tag, pvabi_field_name(&st->fields[i], g->rev), off[i],
					st->name, st->fields[i].name, pvabi_mode_name((enum pvabi_mode)m));
		fputs("#endif\n", f);
	}
	fputc('\n', f);
	free(off);
}

static void one_struct(FILE *f, const struct pvabi_gen *g, const struct emit_names *n, int si)
{
	const struct pvabi_struct *st = &g->spec->structs[si];
	char tag[160];
	size_t i;

	snprintf(tag, sizeof(tag), "%s %s_%s", st->is_union ? "union" : "struct", n->lo, st->name);
	fprintf(f, "/* %s %s (since %s)%s */\n%s {\n", st->is_union ? "union" : "struct", st->name,
		g->spec->revs[st->life.since].id,
		st->tail_growth ? ": may grow at its tail, up to its max-size" : "", tag);
	for (i = 0; i < st->nfields; i++)
		if (HAS(st->fields[i].life))
			member(f, g, n, &st->fields[i]);
	fputs("};\n", f);
	layout_asserts(f, g, n, si, tag);
}

/* Nested types first: C needs a member's type complete before use. */
static void structs(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	char *done = calloc(g->spec->nstructs + 1, 1);
	size_t i, j;
	int progress = 1;

	while (done && progress) {
		progress = 0;
		for (i = 0; i < g->spec->nstructs; i++) {
			const struct pvabi_struct *st = &g->spec->structs[i];
			int ready = 1;

			if (done[i] || !HAS(st->life))
				continue;
			for (j = 0; j < st->nfields; j++)
				if (HAS(st->fields[j].life) && !st->fields[j].handle &&
				    st->fields[j].type.kind == PVABI_T_STRUCT &&
				    !done[st->fields[j].type.index])
					ready = 0;
			if (!ready)
				continue;
			one_struct(f, g, n, (int)i);
			done[i] = 1;
			progress = 1;
		}
	}
	free(done);
}

int pvabi_emit_guest2(const struct pvabi_gen *g)
{
	struct pvabi_emit_file *ef;
	struct emit_names n;
	char name[96];
	FILE *f;
	int ok;

	if (emit_names_init(&n, g->spec))
		return emit_oom(g);
	snprintf(name, sizeof(name), "%s_guest.h", n.lo);
	if (!(ef = emit_open(g, name))) {
		emit_names_free(&n);
		return -1;
	}
	f = emit_fp(ef);
	prologue(f, g, &n);
	errors(f, g, &n);
	enums(f, g, &n);
	features(f, g, &n);
	typedefs(f, g, &n);
	structs(f, g, &n);
	ok = guest2_calls(f, g, &n) == 0;
	fprintf(f, "#endif /* %s_GUEST_H */\n", n.up);
	emit_names_free(&n);
	return emit_finish(&ef, 1, emit_close(ef) == 0 && ok);
}
