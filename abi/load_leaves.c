/* Spec loader, format 2: a CPUID block whose highest leaf grows
 * (docs/spec-language.md#cpuid-blocks-that-grow). A real hypervisor
 * reports the last leaf of its block in a register of the block's first
 * leaf (Xen's and KVM's EAX), and what a leaf past it answers is the
 * architecture's rule for a leaf nobody serves. Format 2 declares it
 * with <grows> on a leaf (an op of a cpuid convention, KVM's signature
 * leaf) or on a convention that finds its leaves by signature (Xen's
 * hypercall page): which register, where the block ends (next=, or the
 * signature search's next step), the maximum a smaller report stands for
 * (at-least=), and what an unserved leaf answers (unserved="zero" and/or
 * "basic"). The conformance suite sweeps the gap from the maximum it
 * reads (emit/emit_conf2_gap.c). */
#include "abi/load_internal.h"

#include <stdio.h>
#include <string.h>

/* A finding at a line the model recorded. */
#define LERRL(L, line, rule, ...)                                             \
	do {                                                                  \
		pvabi_diag_add((L)->d, (rule), (L)->file, (line), __VA_ARGS__); \
		(L)->failed = 1;                                              \
	} while (0)

static const char *const regs[4] = { "eax", "ebx", "ecx", "edx" };

static unsigned int unserved_of(struct loader *L, xmlNode *c, const char *v)
{
	unsigned int u = 0;
	const char *p = v;
	size_t n;

	while (p && *p) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n == 4 && !strncmp(p, "zero", 4))
			u |= PVABI_UNSERVED_ZERO;
		else if (n == 5 && !strncmp(p, "basic", 5))
			u |= PVABI_UNSERVED_BASIC;
		else if (n) {
			LERR(L, c, "GROWS_INVALID", "unserved=\"%s\": each word is zero (all four "
			     "registers 0) or basic (the highest basic leaf's)", v);
			return 0;
		}
		p += n;
	}
	return u;
}

static uint64_t leaf_attr(struct loader *L, xmlNode *c, const char *name)
{
	const char *v = fmt2_attr(L, c, name);
	struct wide w;

	if (!v || parse_wide(v, &w))
		return 0;
	if (!wide_in(&w, 1, UINT32_MAX)) {
		LERR(L, c, "GROWS_INVALID", "%s=%s is no CPUID leaf (1 to 0xffffffff)", name, v);
		return 0;
	}
	return w.mag;
}

void load_grows_fmt2(struct loader *L, xmlNode *c, struct pvabi_grows *g)
{
	const char *u = fmt2_attr(L, c, "unserved");
	int k;

	g->reg = -1;
	g->next = leaf_attr(L, c, "next");
	g->at_least = leaf_attr(L, c, "at-least");
	g->unserved = u ? unserved_of(L, c, u) : 0;
	if (L->s->format < 2)
		return;
	for (k = 0; k < 4; k++)
		if (g->value && !strcmp(g->value, regs[k]))
			g->reg = k;
}

void load_conv_grows(struct loader *L, xmlNode *c, struct pvabi_conv *cv)
{
	size_t k = count_children(c, "grows");
	xmlNode *m;

	if (!k || !fmt2_need(L, c, "a convention's <grows>"))
		return;
	if (!(cv->grows = pvabi_arena_array(L->a, k, sizeof(*cv->grows)))) {
		L->failed = 1;
		return;
	}
	for (m = c->children; m; m = m->next) {
		struct pvabi_grows *g;

		if (!is_elem(m, "grows"))
			continue;
		g = &cv->grows[cv->ngrows++];
		g->value = attr(L, m, "value");
		g->when = attr(L, m, "when");
		g->doc = doc_of(L, m);
		g->loc.file = L->file;
		g->loc.line = pvabi_xml_line(m);
		load_grows_fmt2(L, m, g);
	}
}

/* What every format 2 <grows> needs; where names the leaf ("op
 * signature", "convention 'hypercall_page'"), first its first leaf, or 0
 * when it is the one the signature search finds. */
static void one(struct loader *L, const struct pvabi_grows *g, const char *where,
		uint64_t first)
{
	const char *f = L->file;
	int line = g->loc.line;

	if (g->reg < 0)
		pvabi_diag_add(L->d, "GROWS_INVALID", f, line, "%s: value=\"%s\": a CPUID block's "
			       "maximum is a register of its first leaf (eax, ebx, ecx or edx)", where,
			       g->value ? g->value : "");
	else if (g->when && *g->when)
		pvabi_diag_add(L->d, "GROWS_INVALID", f, line, "%s: when=\"%s\": the leaf is the "
			       "block's first, not an argument", where, g->when);
	else if (!g->unserved)
		pvabi_diag_add(L->d, "GROWS_INVALID", f, line, "%s: unserved= is missing: what a "
			       "leaf past the maximum answers (zero, basic or both)", where);
	else if (first && !g->next)
		pvabi_diag_add(L->d, "GROWS_INVALID", f, line, "%s: next= is missing: the first "
			       "leaf past the block", where);
	else if (first && g->next <= first)
		pvabi_diag_add(L->d, "GROWS_INVALID", f, line, "%s: next=0x%llx must be a leaf "
			       "above the block's first, 0x%llx", where, (unsigned long long)g->next,
			       (unsigned long long)first);
	else if (!first && g->next)
		pvabi_diag_add(L->d, "GROWS_INVALID", f, line, "%s: next= is not given here: the "
			       "block ends where the signature search looks next (base + cpuid-step)",
			       where);
	else if (g->at_least && (!first || g->at_least <= first || g->at_least >= g->next))
		pvabi_diag_add(L->d, "GROWS_INVALID", f, line, "%s: at-least=0x%llx is not a leaf "
			       "between the block's first and next= (a block found by signature has "
			       "no fixed leaves)", where, (unsigned long long)g->at_least);
	else
		return;
	L->failed = 1;
}

void check_leaves(struct loader *L)
{
	const struct pvabi_spec *s = L->s;
	char where[96];
	size_t i, k;

	for (i = 0; i < s->nconvs; i++)
		for (k = 0; k < s->convs[i].ngrows; k++) {
			snprintf(where, sizeof(where), "convention '%s'", s->convs[i].name);
			if (!s->convs[i].install || strcmp(s->convs[i].install, "cpuid-msr"))
				LERRL(L, s->convs[i].grows[k].loc.line, "GROWS_INVALID", "%s: <grows> "
				      "needs install=\"cpuid-msr\", whose signature leaf begins the block",
				      where);
			else
				one(L, &s->convs[i].grows[k], where, 0);
		}
	for (i = 0; i < s->nops; i++)
		for (k = 0; k < s->ops[i].ngrows; k++) {
			const struct pvabi_op *op = &s->ops[i];

			snprintf(where, sizeof(where), "op %s", op->name);
			if (op->conv < 0 || s->convs[op->conv].kind != PVABI_CONV_CPUID)
				LERRL(L, op->grows[k].loc.line, "GROWS_INVALID", "%s: a format 2 <grows> "
				      "is a CPUID block's maximum, on a leaf of a cpuid convention", where);
			else
				one(L, &op->grows[k], where, op->id ? op->id : 1);
		}
}
