/* What each scenario call holds once it succeeds, derived from the spec
 * (<ret freed-by=>, reset=, restore-from=; docs/spec-language.md#
 * release-after-a-failed-scenario) into the image's releases table, so
 * the guest runtime (guest/rt/suite_release.c) can put it back when the
 * scenario fails half-way. Equal entries are one row. */
#include "emit/emit_ctable.h"

#include <stdlib.h>
#include <string.h>

/* The frame slot of op's argument i in call v, or -1. */
static int slot_of(const struct pvabi_vec *v, size_t i)
{
	size_t k;

	for (k = 0; k < v->nargs; k++)
		if (v->args[k].arg == (int)i)
			return (int)k;
	return -1;
}

static int by_value_only(const struct pvabi_op *op, int rev)
{
	size_t i;

	for (i = 0; i < op->nargs; i++)
		if (pvabi_life_has(&op->args[i].life, rev) && op->args[i].dir != PVABI_BY_VALUE)
			return 0;
	return 1;
}

/* RESTORE: the reading op's arguments in its slot order, each the
 * call's argument of the same name, or its out value. */
static int render_read(struct sbuf *b, const struct pvabi_op *op, const struct pvabi_op *rd,
		       const struct pvabi_vec *v, int rev)
{
	size_t j, k, n = 0;
	int s;

	sb_add(b, ", .read = {");
	for (j = 0; j < rd->nargs; j++) {
		const struct pvabi_arg *c = &rd->args[j];

		if (!pvabi_life_has(&c->life, rev))
			continue;
		s = c->dir == PVABI_PTR_OUT ? 0xff : -1;
		for (k = 0; s < 0 && k < op->nargs; k++)
			if (!strcmp(op->args[k].name, c->name) && pvabi_life_has(&op->args[k].life, rev))
				s = slot_of(v, k);
		if (s < 0 || n == 7)
			return -1;
		sb_add(b, "%s%d", n++ ? ", " : " ", s);
	}
	sb_add(b, " }, .nread = %zu", n);
	return 0;
}

/* The entry of a call of spec op opi resolved as v in rev into b;
 * 0 with b empty when the call holds nothing. */
static int render_release(struct sbuf *b, const struct pvabi_gen *g, const struct pvabi_op **ops,
			  size_t nops, int opi, const struct pvabi_vec *v, int rev)
{
	const struct pvabi_spec *s = g->spec;
	const struct pvabi_op *op = &s->ops[opi];
	size_t i;
	int k;

	if (op->ret_freed_by) {
		sb_add(b, ".kind = PVABI_CREL_HANDLE, .op = %zu, .again = %d",
		       emit_known_index(g, ops, nops, op->ret_freed_by - 1), by_value_only(op, rev));
		return 0;
	}
	for (i = 0; i < s->nops; i++)
		if (s->ops[i].ret_freed_by == opi + 1) {
			sb_add(b, ".kind = PVABI_CREL_FREES, .op = %zu",
			       emit_known_index(g, ops, nops, opi));
			return 0;
		}
	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_arg *a = &op->args[i];

		if ((!a->has_reset && !a->restore_from) || !pvabi_life_has(&a->life, rev) ||
		    (k = slot_of(v, i)) < 0)
			continue;
		if (a->has_reset) {
			sb_add(b, ".kind = PVABI_CREL_RESET, .slot = %d, .value = UINT64_C(0x%llx)", k,
			       (unsigned long long)a->reset_value);
			return 0;
		}
		sb_add(b, ".kind = PVABI_CREL_RESTORE, .slot = %d, .op = %zu", k,
		       emit_known_index(g, ops, nops, a->restore_from - 1));
		return render_read(b, op, &s->ops[a->restore_from - 1], v, rev);
	}
	return 0;
}

/* Interns the entry of a call of spec op opi resolved as v in rev
 * among sg's rows: 1 + its index, 0 for none, -1 out of memory or more
 * rows than a step can name. */
int emit_release_index(struct sgroups *sg, const struct pvabi_gen *g, const struct pvabi_op **ops,
		       size_t nops, int opi, const struct pvabi_vec *v, int rev)
{
	struct sbuf b = { 0 };
	size_t i;

	if (render_release(&b, g, ops, nops, opi, v, rev) || b.oom) {
		free(b.p);
		return -1;
	}
	if (!b.n)
		return 0;
	for (i = 0; i < sg->nrels && strcmp(sg->rels[i], b.p); i++)
		;
	if (i < sg->nrels) {
		free(b.p);
		return (int)i + 1;
	}
	if (sg->nrels == 255) {
		free(b.p);
		return -1;
	}
	if (sg->nrels == sg->caprels) {
		size_t cap = sg->caprels ? 2 * sg->caprels : 8;
		char **p = realloc(sg->rels, cap * sizeof(*p));

		if (!p) {
			free(b.p);
			return -1;
		}
		sg->rels = p;
		sg->caprels = cap;
	}
	sg->rels[sg->nrels++] = b.p;
	return (int)sg->nrels;
}

void emit_release_print(FILE *f, const struct sgroups *sg)
{
	size_t i;

	fputs("/* what a successful scenario call holds (guest/rt/suite_release.c) */\n"
	      "const struct pvabi_crelease pvabi_conformance_releases[] = {\n", f);
	for (i = 0; i < sg->nrels; i++)
		fprintf(f, "\t{ %s },\n", sg->rels[i]);
	if (!sg->nrels)
		fputs("\t{ 0 }\n", f);
	fputs("};\n\n", f);
}

void emit_release_free(struct sgroups *sg)
{
	size_t i;

	for (i = 0; i < sg->nrels; i++)
		free(sg->rels[i]);
	free(sg->rels);
}
