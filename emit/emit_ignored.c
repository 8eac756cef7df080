/* A bit the doc says a write ignores, read back after writes that change
 * every bit it could be computed from (<ignored-bits>, abi/
 * load_ignored.c). A write that hands back the value read keeps an
 * ignored bit whether the platform keeps it or computes it from the
 * written value (EFER.LMA from the written LME agrees with LMA kept
 * while LME is set), so the read-back of the accepted values alone
 * (emit_readback.c) cannot tell them apart. Here, from the value read,
 * each writable bit is set and then cleared, the others as read, then
 * all of them cleared, then the ignored bits written set and clear; after
 * each write the register is read back: the ignored bits as they were,
 * the writable ones as written. Then the value read is written back.
 * Every value is an expression of the value read, so the image needs
 * no knowledge of the register's state. docs/spec-language.md#bits-a-
 * write-ignores. */
#include "emit/emit_derive.h"
#include "abi/limit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAS "ig_was"
/* At most 6 writable bits (abi/load_ignored.c): a read, four calls a
 * bit, eight more; two strings a write, 36 of the 40 a derived scenario
 * keeps. */
#define EMIT_IGNORED_STEPS (1 + 4 * 6 + 8)

struct ign_ctx {
	const struct pvabi_gen *g;
	int opi;
	const struct pvabi_arg *a;
	const struct pvabi_ignored_bits *b;
};

struct ign_build {
	struct emit_derived *d;
	struct pvabi_step *st, like;
	const struct pvabi_arg *a;
	const char *base, *rargs, *back;
	int opi, rdi;
};

/* The write of the value read with op bits ("|" sets them, "&~" clears
 * them), then the read-back that wants it with wop wbits: two steps, two
 * strings kept. */
static void write_read(struct ign_build *w, const char *op, uint64_t bits, const char *wop,
		       uint64_t wbits)
{
	const char *args, *exp;
	char value[64], buf[128];

	snprintf(value, sizeof(value), "$" WAS "%s0x%llx", op, (unsigned long long)bits);
	args = emit_derive_keep(w->d, emit_derive_args(w->base, NULL, w->a->name, value));
	snprintf(buf, sizeof(buf), "ret=0 %s=$" WAS "%s0x%llx", w->a->name, wop,
		 (unsigned long long)wbits);
	exp = emit_derive_keep(w->d, strdup(buf));
	if (!args || !exp)
		return; /* d->oom is set */
	w->st = emit_derive_step(w->st, &w->like, PVABI_STEP_CALL, w->opi, args, "ret=0", NULL);
	w->st = emit_derive_step(w->st, &w->like, PVABI_STEP_CALL, w->rdi, w->rargs, exp, NULL);
}

/* The steps of b, from the value read to the value written back. */
static void ign_steps(struct ign_build *w, const struct pvabi_ignored_bits *b)
{
	const char *bind = emit_derive_keep(w->d, strdup(WAS "=value"));
	uint64_t bit;

	w->st = emit_derive_step(w->st, &w->like, PVABI_STEP_CALL, w->rdi, w->rargs, "ret=0",
				 bind);
	for (bit = 1; bit; bit <<= 1) {
		if (!(b->writable & bit))
			continue;
		write_read(w, "|", bit, "|", bit);
		write_read(w, "&~", bit, "&~", bit);
	}
	/* every writable bit clear, the ignored ones too: only what the
	 * platform keeps reads back set */
	write_read(w, "&~", b->writable | b->mask, "&~", b->writable);
	write_read(w, "|", b->mask, "|", 0);
	write_read(w, "&~", b->mask, "|", 0);
	write_read(w, "|", 0, "|", 0); /* the value read, written back */
}

static int ign_derive(void *ctx, int rev, struct emit_derived **out)
{
	const struct ign_ctx *c = ctx;
	const struct pvabi_op *op = &c->g->spec->ops[c->opi];
	const struct pvabi_vector *bv = emit_readback_base(op, rev);
	struct ign_build w = { 0 };
	char buf[256];
	const char *name;

	*out = NULL;
	if (!bv || !pvabi_life_has(&op->life, rev) || !pvabi_life_has(&c->a->life, rev) ||
	    !pvabi_life_has(&c->b->life, rev))
		return 0;
	if (!(w.d = emit_derive_new(EMIT_IGNORED_STEPS)))
		return -1;
	w.a = c->a;
	w.opi = c->opi;
	w.rdi = c->a->restore_from - 1;
	w.st = w.d->steps;
	w.like.cmd = PVABI_NONE;
	w.like.loc = c->b->loc;
	w.base = emit_derive_keep(w.d, emit_derive_args(bv->args, c->b->when, c->a->name, "0"));
	w.rargs = w.base ? emit_derive_keep(w.d, emit_readback_args(&c->g->spec->ops[w.rdi],
								    w.base)) : NULL;
	snprintf(buf, sizeof(buf),
		 "%s:%s%s bits 0x%llx ignored, read back after each writable bit of 0x%llx set and clear",
		 op->name, c->b->when ? " " : "", c->b->when ? c->b->when : "",
		 (unsigned long long)c->b->mask,
		 (unsigned long long)c->b->writable);
	name = emit_derive_keep(w.d, strdup(buf));
	if (w.rargs && name)
		ign_steps(&w, c->b);
	if (w.d->oom) {
		emit_derive_free(w.d);
		return -1;
	}
	emit_derive_finish_own(w.d, rev, PVABI_NONE, &c->b->loc, (size_t)(w.st - w.d->steps), name);
	*out = w.d;
	return 0;
}

int emit_ignored_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			 const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, j, k;

	for (i = 0; i < s->nops; i++) {
		if (!emit_known(g, &s->ops[i]))
			continue;
		for (j = 0; j < s->ops[i].nargs; j++) {
			const struct pvabi_arg *a = &s->ops[i].args[j];

			for (k = 0; a->restore_from && k < a->nibits; k++) {
				struct ign_ctx c = { g, (int)i, a, &a->ibits[k] };

				if (emit_derive_revs(t, sg, g, ops, nops, ign_derive, &c))
					return -1;
			}
		}
	}
	return 0;
}
