/* Every pointer argument's buffer placed flush against the end of guest
 * memory (docs/checks.md): for each op the image knows, each argument it
 * takes by address, and each revision, the first vector of the op that
 * succeeds there (else the first that refuses, but for EFAULT) and passes
 * that argument a buffer (given bytes, or the runner's scratch for an
 * output) is made again with the buffer laid so
 * that the last byte the platform may touch through it is the last byte
 * of guest memory, and judged as the vector is. Buffers in the runner's
 * arena sit in the middle of memory, where a handler that reads or
 * writes past the argument's extent (its own buffer's size, the newest
 * layout, a rounded-up copy) answers as the doc says; at the end of
 * memory the same handler faults or refuses EFAULT.
 *
 * The extent is the dispatch's (emit_dispatch.c): the struct's layout in
 * the revision, or the element's size times the count argument's value;
 * a vector whose count is not a constant, or that passes a smaller
 * buffer of its own ("[N]"), is not a source. Derived, nothing declared:
 * an op the spec adds later gets its probes with no new code.
 *
 * Every pointer argument's buffer across a page boundary (docs/checks.md):
 * the same sources with the same extent laid inside memory so that a page
 * boundary falls in it (guest/rt/suite_args.c), where an old guest's
 * strings and structs on its stack or heap fall all the time; a handler
 * that maps or reads guest memory a page at a time and stops at the first
 * boundary answers short there and nowhere else. An extent of one byte
 * cannot be split and is not placed. */
#include "emit/emit_ctable.h"
#include "abi/layout.h"
#include "abi/vector.h"

#include <stdio.h>
#include <string.h>

/* Larger extents than a table argument carries are not placed. */
#define EDGE_MAX 0xffffu

/* The bytes the dispatch lets op's handler touch through va in rev, at
 * least the bytes the vector gives; 0 where the vector does not fix it. */
static uint32_t extent(const struct pvabi_spec *s, const struct pvabi_op *op,
		       const struct pvabi_vec *v, const struct pvabi_vec_arg *va, int rev)
{
	const struct pvabi_arg *a = &op->args[va->arg];
	uint64_t elem, count = 1;
	size_t k, al;

	if (va->kind == PVABI_VA_SCRATCH ? va->nbytes != 0 : va->kind != PVABI_VA_BYTES)
		return 0;
	elem = a->type.kind == PVABI_T_STRUCT ? pvabi_struct_layout(s, a->type.index, rev, NULL, &al)
					      : pvabi_prim_size(a->type.prim);
	if (a->count_arg >= 0) {
		for (k = 0; k < v->nargs && v->args[k].arg != a->count_arg; k++)
			;
		if (k == v->nargs || v->args[k].kind != PVABI_VA_VALUE)
			return 0;
		count = v->args[k].value;
	}
	if (!elem || count > EDGE_MAX / elem)
		return 0;
	elem *= count;
	if (va->kind == PVABI_VA_BYTES && va->nbytes > elem)
		elem = va->nbytes;
	return elem <= EDGE_MAX ? (uint32_t)elem : 0;
}

/* Whether resolved v may be a source in pass: a success first; else a
 * refusal the doc does not tie to where the buffer lies (not EFAULT),
 * whose answer is the same at the end of memory as in its middle. */
static int source_pass(const struct pvabi_spec *s, const struct pvabi_vec *v, int pass)
{
	return pass ? v->is_error && strcmp(s->errors[v->error].name, "EFAULT") : !v->is_error;
}

/* The first vector of op in rev that succeeds (else that refuses) and
 * passes argument ai a buffer of a known extent, resolved into v with
 * that argument placed; NULL when there is none. */
static const struct pvabi_vector *source(const struct pvabi_gen *g, const struct pvabi_op *op,
					 size_t ai, int rev, struct pvabi_vec *v)
{
	char err[256];
	size_t j, k;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (j = 0; j < op->nvectors; j++) {
			if (!pvabi_life_has(&op->vectors[j].life, rev) ||
			    pvabi_vec_resolve(g->spec, op, &op->vectors[j], rev, v, err, sizeof(err)) ||
			    !source_pass(g->spec, v, pass))
				continue; /* an invalid vector is diagnosed where it is emitted */
			/* a refusal is a source only where it gives the bytes
			 * read: one decided on the count alone reads nothing */
			for (k = 0; k < v->nargs; k++)
				if (v->args[k].arg == (int)ai &&
				    !(pass && v->args[k].kind == PVABI_VA_BYTES && !v->args[k].nbytes) &&
				    (v->args[k].edge = extent(g->spec, op, v, &v->args[k], rev)))
					return &op->vectors[j];
		}
	return NULL;
}

/* Marks argument ai of resolved v to be laid across a page boundary;
 * 0 where its extent is one byte, which no boundary can fall in. */
static int mark_split(struct pvabi_vec *v, size_t ai)
{
	size_t k;

	for (k = 0; k < v->nargs; k++)
		if (v->args[k].arg == (int)ai && v->args[k].edge)
			return (v->args[k].split = v->args[k].edge >= 2);
	return 0;
}

static int arg_probes(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op *op,
		      size_t opi, size_t ai, int split)
{
	const struct pvabi_vector *vec, *prev = NULL;
	struct pvabi_vec v;
	long last = -1;
	int r, rc = 0;

	for (r = 0; r <= g->rev; r++) {
		vec = pvabi_life_has(&op->life, r) && pvabi_life_has(&op->args[ai].life, r)
			? source(g, op, ai, r, &v) : NULL;
		if (vec && split && !mark_split(&v, ai))
			vec = NULL;
		if (!vec || vec != prev)
			last = -1; /* an entry is named by its vector: never two in one */
		prev = vec;
		if (vec)
			rc |= emit_vec_entry(t, g, op, opi, vec, NULL, &v, r, &last, &vec->loc);
	}
	return rc;
}

static int collect(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op **ops,
		   size_t nops, int split)
{
	size_t i, ai, opi = 0;
	int rc = 0;

	for (i = 0; i < nops; i++) {
		if (!emit_known(g, ops[i]))
			continue;
		for (ai = 0; ai < ops[i]->nargs; ai++)
			if (ops[i]->args[ai].dir != PVABI_BY_VALUE)
				rc |= arg_probes(t, g, ops[i], opi, ai, split);
		opi++;
	}
	return rc;
}

int emit_edgebuf_collect(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op **ops,
			 size_t nops)
{
	return collect(t, g, ops, nops, 0);
}

int emit_splitbuf_collect(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op **ops,
			  size_t nops)
{
	return collect(t, g, ops, nops, 1);
}
