/* Spec loader: address arguments (<addr> on an argument, abi/addr.h).
 * The generator probes each boundary of the address's form for the
 * answer a plain address gets, so a declaration no probe could honour
 * is refused at its line (ADDR_INVALID): a form other than virtual or
 * physical, an alignment that is no power of two or reaches 4 GiB, an
 * argument that is no unsigned integer passed by value, and a mode or
 * answer that does not resolve in a revision of its life. Conformance
 * data, not in the fingerprint (docs/spec-language.md#address-arguments). */
#include "abi/load_internal.h"
#include "abi/addr.h"
#include "abi/edge.h"

#include <string.h>

static enum pvabi_addr_form form_of(const char *s)
{
	if (s && !strcmp(s, "virtual"))
		return PVABI_ADDR_VIRTUAL;
	if (s && !strcmp(s, "physical"))
		return PVABI_ADDR_PHYSICAL;
	return 0;
}

/* align= is a power of two below 2^32 (the lowest boundary), 1 if absent. */
static int align_of(const char *s, uint64_t *v)
{
	struct wide w;

	*v = 1;
	if (!s)
		return 0;
	if (parse_wide(s, &w) < 0 || w.neg || !w.mag || (w.mag & (w.mag - 1)) ||
	    w.mag >= UINT64_C(1) << 32)
		return -1;
	*v = w.mag;
	return 0;
}

void load_addrs(struct loader *L, xmlNode *n, const struct pvabi_op *op, struct pvabi_arg *a)
{
	struct pvabi_addr *ad = load_children(L, n, "addr", sizeof(*ad), op, 1);
	size_t i = 0;
	xmlNode *c;

	if (!ad)
		return;
	for (c = n->children; c; c = c->next) {
		if (!is_elem(c, "addr"))
			continue;
		ad[i].form = form_of(attr_view(L, c, "form"));
		ad[i].when = attr(L, c, "when");
		ad[i].expect = attr(L, c, "expect");
		life_of(L, c, &a->life, &ad[i].life);
		ad[i].doc = doc_of(L, c);
		ad[i].loc.file = L->file;
		ad[i].loc.line = pvabi_xml_line(c);
		if (!ad[i].form || align_of(attr_view(L, c, "align"), &ad[i].align)) {
			LERR(L, c, "ADDR_INVALID",
			     "op %s: arg '%s': addr: form= is virtual or physical, align= a power of two below 2^32",
			     op->name, a->name);
			continue;
		}
		i++;
	}
	a->addrs = ad;
	a->naddrs = i;
}

static const char *addr_resolve(struct loader *L, const struct pvabi_op *op, size_t ai,
				void *decl, int r, char *err, size_t len)
{
	const struct pvabi_arg *a = &op->args[ai];
	struct pvabi_addr *ad = decl;
	const char *why;
	struct pvabi_edge e;
	int64_t v;

	if (a->dir != PVABI_BY_VALUE || a->type.kind != PVABI_T_PRIM ||
	    !pvabi_edge_unsigned(a->type.prim))
		return "the address is an unsigned integer passed by value";
	if (pvabi_prim_size(a->type.prim) < 4)
		return "the address is 32 bits wide or more";
	why = load_decl_mode(L, op, ai, ad->when, r, "the address probes", err, len);
	if (why)
		return why;
	memset(&e, 0, sizeof(e));
	e.is = PVABI_EDGE_VALID;
	e.expect = ad->expect;
	if (pvabi_edge_expect(L->s, &e, &v) < 0)
		return "expect= is ret=N or error=NAME, what a plain address answers";
	return NULL;
}

void load_addrs_resolve(struct loader *L)
{
	static const struct load_decl kind = { "ADDR_INVALID", "addr", addr_resolve };
	size_t i, j, k;

	for (i = 0; i < L->s->nops; i++)
		for (j = 0; j < L->s->ops[i].nargs; j++)
			for (k = 0; k < L->s->ops[i].args[j].naddrs; k++) {
				struct pvabi_addr *ad =
					(struct pvabi_addr *)&L->s->ops[i].args[j].addrs[k];

				load_decl_resolve(L, &kind, &L->s->ops[i], j, ad, &ad->life,
						  ad->loc.line);
			}
}
