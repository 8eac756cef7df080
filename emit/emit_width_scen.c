/* Every boundary computed from a width an answer reports, probed at both
 * sides (docs/checks.md): for each <addr form="canonical"> (abi/addr.h),
 * the image reads the width from the call the declaration names
 * (write_msr's address registers: cpuid leaf 0x80000008 EAX[15:8], the
 * linear-address width) and writes, one scenario each, the top of the
 * lower canonical half and the bottom of the upper one (accepted, read
 * back as written), the first value past each (refused with the
 * declared error, the value read before kept) and 2^w, which a check
 * one or more bits wider accepts (refused, kept). The values are
 * expressions of the width read at run time, never constants: a
 * platform whose answer reports 57 is probed at 57. A fixed-width probe
 * (the virtual and physical forms, emit_probe_addr.c) cannot tell a
 * check at the wrong width from one at the right width where it has no
 * probe. */
#include "emit/emit_derive.h"
#include "abi/addr.h"
#include "abi/expr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What one scenario's steps are made of, all owned by d. */
struct wparts {
	const char *wargs, *wbind, *rargs, *rbind, *write, *wexp, *rexp, *back;
};

/* The strings of probe k of ad on argument a of op over base args. */
static int parts(struct emit_derived *d, const struct pvabi_op *op, const struct pvabi_op *rd,
		 const struct pvabi_arg *a, const struct pvabi_addr *ad, const char *base,
		 const struct pvabi_addr_wprobe *pk, struct wparts *w)
{
	const char *out = rd->args[a->restore_out].name;
	const char *tail = ad->width + strcspn(ad->width, "<>&|^+-*/%~()");
	char v[PVABI_EXPR_TEXT], buf[320];

	(void)op;
	/* the width, as the declaration reads it from the field bound in $cw */
	snprintf(buf, sizeof(buf), "($cw%s)", tail);
	if ((size_t)snprintf(v, sizeof(v), "%s%s%s", pk->pre, buf, pk->post) >= sizeof(v))
		return -1;
	w->wargs = emit_derive_keep(d, strdup(ad->width_args + strcspn(ad->width_args, " ") +
					       strspn(ad->width_args + strcspn(ad->width_args, " "), " ")));
	snprintf(buf, sizeof(buf), "cw=%.*s", (int)(tail - ad->width), ad->width);
	w->wbind = emit_derive_keep(d, strdup(buf));
	w->write = emit_derive_keep(d, emit_derive_args(base, ad->when, a->name, v));
	w->rargs = emit_derive_keep(d, emit_readback_args(rd, w->write ? w->write : ""));
	snprintf(buf, sizeof(buf), "cw_was=%s", out);
	w->rbind = emit_derive_keep(d, strdup(buf));
	w->wexp = pk->accepted ? ad->expect : ad->refuse;
	snprintf(buf, sizeof(buf), "ret=0 %s=%s", out, pk->accepted ? v : "$cw_was");
	w->rexp = emit_derive_keep(d, strdup(buf));
	w->back = emit_derive_keep(d, emit_derive_args(base, ad->when, a->name, "$cw_was"));
	return d->oom ? -1 : 0;
}

/* The scenario of probe k: the width read, the register read, the
 * write, the register read back, and (after an accepted write) the
 * value read first written back. NULL out of memory. */
static struct emit_derived *derive(const struct pvabi_gen *g, int opi, const struct pvabi_arg *a,
				   const struct pvabi_addr *ad, const char *base, size_t k,
				   int since, int until)
{
	const struct pvabi_op *op = &g->spec->ops[opi], *rd = &g->spec->ops[a->restore_from - 1];
	const struct pvabi_addr_wprobe *pk = &pvabi_addr_wprobes[k];
	struct emit_derived *d = emit_derive_new(5);
	struct pvabi_step *st;
	struct wparts w;
	char buf[400];
	const char *nm;

	if (!d)
		return NULL;
	if (parts(d, op, rd, a, ad, base, pk, &w)) {
		emit_derive_free(d);
		return NULL;
	}
	snprintf(buf, sizeof(buf), "%s: %s %s=%s at w = %s of %s -> %s, %s before and after", op->name,
		 ad->when ? ad->when : "", a->name, pk->label, ad->width, ad->width_args,
		 pk->accepted ? ad->expect : ad->refuse, rd->name);
	nm = emit_derive_keep(d, strdup(buf));
	if (!nm) {
		emit_derive_free(d);
		return NULL;
	}
	st = emit_derive_call(d->steps, ad->width_op, w.wargs, "ret=0", w.wbind, &ad->loc);
	st = emit_derive_call(st, a->restore_from - 1, w.rargs, "ret=0", w.rbind, &ad->loc);
	st = emit_derive_call(st, opi, w.write, w.wexp, NULL, &ad->loc);
	st = emit_derive_call(st, a->restore_from - 1, w.rargs, w.rexp, NULL, &ad->loc);
	if (pk->accepted)
		emit_derive_call(st, opi, w.back, "ret=0", NULL, &ad->loc);
	emit_derive_finish_own(d, since, until > g->rev ? PVABI_NONE : until, &ad->loc,
			       pk->accepted ? 5 : 4, nm);
	return d;
}

static int alive(const struct pvabi_gen *g, const struct pvabi_op *op, const struct pvabi_arg *a,
		 const struct pvabi_addr *ad, int r)
{
	return pvabi_life_has(&op->life, r) && pvabi_life_has(&a->life, r) &&
	       pvabi_life_has(&ad->life, r) &&
	       emit_known(g, &g->spec->ops[ad->width_op]) &&
	       pvabi_life_has(&g->spec->ops[ad->width_op].life, r) && emit_readback_base(op, r);
}

/* The probes of ad, one scenario each per run of revisions in which the
 * base call is the same. */
static int addr_scens(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		      const struct pvabi_op **ops, size_t nops, int opi, const struct pvabi_arg *a,
		      const struct pvabi_addr *ad)
{
	const struct pvabi_op *op = &g->spec->ops[opi];
	const struct pvabi_vector *bv;
	struct emit_derived *d;
	int r, since, until;
	size_t k;

	for (r = 0; r <= g->rev; r = until) {
		until = r + 1;
		if (!alive(g, op, a, ad, r))
			continue;
		bv = emit_readback_base(op, r);
		for (since = r; until <= g->rev && alive(g, op, a, ad, until) &&
				emit_readback_base(op, until) == bv;
		     until++)
			;
		for (k = 0; k < PVABI_ADDR_WPROBES; k++) {
			if (!(d = derive(g, opi, a, ad, bv->args, k, since, until)) ||
			    emit_derive_push(&sg->readback, d)) {
				emit_derive_free(d);
				return -1;
			}
			if (emit_scen_collect_one(t, sg, g, ops, nops, &d->sc, NULL))
				return -1;
		}
	}
	return 0;
}

int emit_width_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			    const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	const struct pvabi_arg *a;
	size_t i, j, k;

	for (i = 0; i < s->nops; i++) {
		if (!emit_known(g, &s->ops[i]))
			continue;
		for (j = 0; j < s->ops[i].nargs; j++)
			for (a = &s->ops[i].args[j], k = 0; k < a->naddrs; k++)
				if (a->addrs[k].form == PVABI_ADDR_CANONICAL && a->restore_from &&
				    addr_scens(t, sg, g, ops, nops, (int)i, a, &a->addrs[k]))
					return -1;
	}
	return 0;
}
