/* Spec loader: address arguments (<addr> on an argument, abi/addr.h).
 * The generator probes each boundary of the address's form for the
 * answer a plain address gets, so a declaration no probe could honour
 * is refused at its line (ADDR_INVALID): a form other than virtual or
 * physical, an alignment that is no power of two or reaches 4 GiB, an
 * argument that is no unsigned integer passed by value, and a mode or
 * answer that does not resolve in a revision of its life. A canonical
 * form is checked at the width an answer of the platform reports: its
 * refusal, the call that reports the width and the out field it is read
 * from must resolve, and its value must be read back (restore-from=).
 * Conformance data, not in the fingerprint
 * (docs/spec-language.md#address-arguments). */
#include "abi/load_internal.h"
#include "abi/addr.h"
#include "abi/edge.h"
#include "abi/expr.h"
#include "abi/vector.h"

#include <stdio.h>
#include <string.h>

static enum pvabi_addr_form form_of(const char *s)
{
	if (s && !strcmp(s, "virtual"))
		return PVABI_ADDR_VIRTUAL;
	if (s && !strcmp(s, "physical"))
		return PVABI_ADDR_PHYSICAL;
	if (s && !strcmp(s, "canonical"))
		return PVABI_ADDR_CANONICAL;
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
		ad[i].refuse = attr(L, c, "refuse");
		ad[i].width_args = attr(L, c, "width-call");
		ad[i].width = attr(L, c, "width");
		ad[i].width_op = -1;
		life_of(L, c, &a->life, &ad[i].life);
		ad[i].doc = doc_of(L, c);
		ad[i].loc.file = L->file;
		ad[i].loc.line = pvabi_xml_line(c);
		if (!ad[i].form || align_of(attr_view(L, c, "align"), &ad[i].align)) {
			LERR(L, c, "ADDR_INVALID",
			     "op %s: arg '%s': addr: form= is virtual, physical or canonical, align= a power of two below 2^32",
			     op->name, a->name);
			continue;
		}
		i++;
	}
	a->addrs = ad;
	a->naddrs = i;
}

/* width='s tail after its field ("regs.eax>>8&0xff": ">>8&0xff") is
 * an expression's: compiled with a number for the field. */
static const char *tail_check(struct loader *L, const struct pvabi_addr *ad, int r, char *err,
			      size_t len)
{
	const struct pvabi_expr_env env = { L->s, r, NULL, 0 };
	const char *t = ad->width + strspn(ad->width, "abcdefghijklmnopqrstuvwxyz"
							"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.");
	struct pvabi_expr x;
	char text[PVABI_EXPR_TEXT];
	struct pvabi_edge e;
	int64_t v;

	memset(&e, 0, sizeof(e));
	e.is = PVABI_EDGE_REFUSED;
	e.error = ad->refuse + 6;
	if (pvabi_edge_expect(L->s, &e, &v) < 0)
		return "refuse= names an error of the spec";
	if (!*t)
		return NULL;
	if (strchr(t, ' ') || (size_t)snprintf(text, sizeof(text), "(1%s)", t) >= sizeof(text) - 40 ||
	    pvabi_expr_compile(&env, text, strlen(text), &x, err, len))
		return "width='s tail after its field is an expression without blanks";
	return NULL;
}

/* The call that reports a canonical form's width, "OP ARGS", resolved
 * in revision r: ad->width_op and ad->width_args (past the op's name). */
static const char *width_resolve(struct loader *L, struct pvabi_addr *ad, int r, char *err,
				 size_t len)
{
	struct pvabi_vec_arg given[PVABI_MAX_ARGS];
	int have[PVABI_MAX_ARGS] = { 0 };
	const struct pvabi_op *wop;
	char name[64];
	size_t n, k, i;

	if (!ad->refuse || strncmp(ad->refuse, "error=", 6) || !ad->width_args || !ad->width)
		return "a canonical form names refuse=\"error=NAME\", width-call= and width=";
	n = strcspn(ad->width_args, " ");
	snprintf(name, sizeof(name), "%.*s", (int)n, ad->width_args);
	if ((ad->width_op = pvabi_spec_op(L->s, name)) < 0)
		return "width-call= starts with the name of an op";
	wop = &L->s->ops[ad->width_op];
	if (!pvabi_life_has(&wop->life, r))
		return "width-call='s op is not in this revision";
	memset(given, 0, sizeof(given));
	if (pvabi_vec_parse_some(L->s, wop, ad->width_args + n + strspn(ad->width_args + n, " "), r,
				 given, have, err, len))
		return err;
	k = strcspn(ad->width, ".");
	for (i = 0; i < wop->nargs; i++)
		if (wop->args[i].dir == PVABI_PTR_OUT && strlen(wop->args[i].name) == k &&
		    !strncmp(wop->args[i].name, ad->width, k))
			break;
	if (i == wop->nargs)
		return "width= starts with an out argument of width-call='s op (regs.eax)";
	return tail_check(L, ad, r, err, len);
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
	if (ad->form != PVABI_ADDR_CANONICAL && (ad->refuse || ad->width_args || ad->width))
		return "refuse=, width-call= and width= belong to a canonical form";
	if (ad->form == PVABI_ADDR_CANONICAL && !a->restore_from)
		return "a canonical form is read back: the argument names restore-from=";
	if (ad->form == PVABI_ADDR_CANONICAL && (why = width_resolve(L, ad, r, err, len)))
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
