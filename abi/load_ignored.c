/* Spec loader: the bits of a register a write ignores (<ignored-bits>
 * on an argument that names the op reading it back, restore-from=).
 * Conformance data, not in the fingerprint: the generator writes the
 * value read with each writable bit changed and reads the ignored bits
 * back after each write, so a declaration no probe could honour is
 * refused here (IGNORED_BITS_INVALID, docs/spec-language.md#bits-a-
 * write-ignores). */
#include "abi/load_internal.h"
#include "abi/layout.h"
#include "abi/limit.h"

#include <string.h>

/* Each writable bit costs four calls and four strings of the derived
 * scenario (emit/emit_ignored.c), which keeps at most 40 strings: six
 * bits are 36 with the rest of the scenario. */
#define IGNORED_MAX_WRITABLE 6

static int popcount64(uint64_t v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* One <ignored-bits>: 0, or -1 when refused (reported). */
static int ignored_one(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		       const struct pvabi_arg *a, struct pvabi_ignored_bits *b)
{
	uint64_t width = ~UINT64_C(0) >> (64 - 8 * pvabi_prim_size(a->type.prim));
	struct wide m = { 0 }, w = { 0 };

	if (wide_attr(L, c, "mask", &m) < 0 || wide_attr(L, c, "writable", &w) < 0)
		return -1;
	b->mask = m.mag;
	b->writable = w.mag;
	b->when = attr(L, c, "when");
	life_of(L, c, &a->life, &b->life);
	b->doc = doc_of(L, c);
	b->loc.file = L->file;
	b->loc.line = pvabi_xml_line(c);
	if (m.neg || w.neg || !b->mask || !b->writable || ((b->mask | b->writable) & ~width)) {
		LERR(L, c, "IGNORED_BITS_INVALID",
		     "op %s: arg '%s': ignored-bits mask and writable are bits of its %u-byte type, neither 0",
		     op->name, a->name, pvabi_prim_size(a->type.prim));
		return -1;
	}
	if (b->mask & b->writable) {
		LERR(L, c, "IGNORED_BITS_INVALID",
		     "op %s: arg '%s': ignored-bits 0x%llx are also declared writable (0x%llx): a bit is either kept or written",
		     op->name, a->name, (unsigned long long)b->mask,
		     (unsigned long long)b->writable);
		return -1;
	}
	if (popcount64(b->writable) > IGNORED_MAX_WRITABLE) {
		LERR(L, c, "IGNORED_BITS_INVALID",
		     "op %s: arg '%s': ignored-bits writable 0x%llx has more than %d bits (four calls each)",
		     op->name, a->name, (unsigned long long)b->writable, IGNORED_MAX_WRITABLE);
		return -1;
	}
	return 0;
}

/* The <ignored-bits> children of an argument: an integer passed by
 * value, whose restore-from= op reads back what it writes. */
void load_ignored_bits(struct loader *L, xmlNode *n, const struct pvabi_op *op,
		       struct pvabi_arg *a)
{
	struct pvabi_ignored_bits *b = load_children(L, n, "ignored-bits", sizeof(*b), op, 1);
	size_t i = 0;
	xmlNode *c;

	if (!b)
		return;
	if (a->dir != PVABI_BY_VALUE || a->type.kind != PVABI_T_PRIM ||
	    pvabi_prim_size(a->type.prim) == 0 || !attr_view(L, n, "restore-from")) {
		LERR(L, n, "IGNORED_BITS_INVALID",
		     "op %s: arg '%s': ignored-bits are for an integer passed by value that names the op reading it back (restore-from=)",
		     op->name, a->name);
		return;
	}
	for (c = n->children; c; c = c->next)
		if (is_elem(c, "ignored-bits") && !ignored_one(L, c, op, a, &b[i]))
			i++;
	a->ibits = b;
	a->nibits = i;
}

static const char *ignored_resolve(struct loader *L, const struct pvabi_op *op, size_t ai,
				   void *decl, int r, char *err, size_t len)
{
	const struct pvabi_ignored_bits *b = decl;

	return load_decl_mode(L, op, ai, b->when, r, "the ignored bits are read back in", err,
			      len);
}

void load_ignored_resolve(struct loader *L)
{
	static const struct load_decl kind = { "IGNORED_BITS_INVALID", "ignored-bits",
					       ignored_resolve };
	size_t i, j, k;

	for (i = 0; i < L->s->nops; i++)
		for (j = 0; j < L->s->ops[i].nargs; j++)
			for (k = 0; k < L->s->ops[i].args[j].nibits; k++) {
				struct pvabi_ignored_bits *b =
					(struct pvabi_ignored_bits *)&L->s->ops[i].args[j].ibits[k];

				load_decl_resolve(L, &kind, &L->s->ops[i], j, b, &b->life,
						  b->loc.line);
			}
}
