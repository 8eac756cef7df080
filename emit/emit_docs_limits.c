/* Manual section of the declared limits: each limit of the revision with
 * its value under each grant that changes it, the valid range, the
 * errors, the arguments it bounds and the values a conformance image
 * probes (abi/limit.h derives them for the manual and the images alike). */
#include "emit/emit_docs.h"
#include "abi/limit.h"

#include <stdio.h>

/* "1023, 1024, 1025" for the probes of limit li with value v. */
static void probe_values(struct docw *w, const struct pvabi_gen *g, int li, uint64_t v,
			 enum pvabi_prim prim)
{
	struct pvabi_limit_probe pr[PVABI_LIMIT_MAX_PROBES];
	size_t k, n = pvabi_limit_probes(g->spec, li, v, prim, pr);

	for (k = 0; k < n; k++)
		dw_textf(w, "%s%llu%s", k ? ", " : "", (unsigned long long)pr[k].value,
			 pr[k].refused ? " (refused)" : "");
}

/* The widest type among the arguments bounded by li in the revision:
 * probes past a narrower type are left out for that argument only. */
static enum pvabi_prim widest(const struct pvabi_gen *g, int li)
{
	enum pvabi_prim p = PVABI_U8;
	size_t i, j;

	for (i = 0; i < g->spec->nops; i++)
		for (j = 0; j < g->spec->ops[i].nargs; j++)
			if (g->spec->ops[i].args[j].limit == li &&
			    pvabi_prim_size(g->spec->ops[i].args[j].type.prim) > pvabi_prim_size(p))
				p = g->spec->ops[i].args[j].type.prim;
	return p;
}

static void values(struct docw *w, const struct pvabi_gen *g, int li)
{
	const struct pvabi_spec *s = g->spec;
	const struct pvabi_limit *l = &s->limits[li];
	uint64_t fm = pvabi_limit_features(s, li, g->rev), v;
	size_t i;
	int none;

	v = pvabi_limit_value(s, li, g->rev, 0);
	dw_textf(w, "%llu: valid %llu to %llu%s", (unsigned long long)v,
		 (unsigned long long)l->min, (unsigned long long)pvabi_limit_top(l, v, &none),
		 l->platform ? " at most (a platform may allow fewer)" : "");
	for (i = 0; i < s->nfeatures; i++) {
		uint64_t bit = UINT64_C(1) << s->features[i].bit;

		if (!(fm & bit))
			continue;
		v = pvabi_limit_value(s, li, g->rev, bit);
		dw_textf(w, "; with %s %llu, valid to %llu", s->features[i].name,
			 (unsigned long long)v, (unsigned long long)pvabi_limit_top(l, v, &none));
	}
}

/* The rest of a limit's Bounds cell, after the n arguments the
 * dispatch checks: those the op's handler checks itself
 * (handler-limit=), and the handles an op returns under it. */
static void bounds_more(struct docw *w, const struct pvabi_gen *g, int li, size_t n)
{
	const struct pvabi_spec *s = g->spec;
	char a[160];
	size_t i, j;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		if (!pvabi_life_has(&op->life, g->rev))
			continue;
		for (j = 0; j < op->nargs; j++) {
			if (op->args[j].handler_limit != li + 1 ||
			    !pvabi_life_has(&op->args[j].life, g->rev))
				continue;
			dw_text(w, n++ ? ", " : "");
			w->ops->link(w, dw_anchor(a, sizeof(a), "op", op->name), DOCW_CODE, op->name);
			dw_codef(w, ".%s", op->args[j].name);
			dw_text(w, " (checked by the op)");
		}
		if (op->ret_limit != li + 1)
			continue;
		dw_text(w, n++ ? ", " : "");
		dw_text(w, "handles ");
		w->ops->link(w, dw_anchor(a, sizeof(a), "op", op->name), DOCW_CODE, op->name);
		dw_textf(w, " returns (none left: %s)", s->errors[op->ret_full].name);
	}
}

static void one_limit(struct docw *w, const struct pvabi_gen *g, int li)
{
	const struct pvabi_spec *s = g->spec;
	const struct pvabi_limit *l = &s->limits[li];
	uint64_t fm = pvabi_limit_features(s, li, g->rev);
	size_t i, j, n = 0;
	char a[160];

	w->ops->row(w);
	dw_cell_code(w, l->name);
	w->ops->cell(w);
	values(w, g, li);
	w->ops->cell(w);
	if (l->min)
		dw_textf(w, "below: %s; ", s->errors[l->min_error].name);
	dw_textf(w, "above: %s", s->errors[l->error].name);
	w->ops->cell(w);
	for (i = 0; i < s->nops; i++)
		for (j = 0; j < s->ops[i].nargs; j++) {
			if (s->ops[i].args[j].limit != li || !pvabi_life_has(&s->ops[i].life, g->rev) ||
			    !pvabi_life_has(&s->ops[i].args[j].life, g->rev))
				continue;
			dw_text(w, n++ ? ", " : "");
			w->ops->link(w, dw_anchor(a, sizeof(a), "op", s->ops[i].name), DOCW_CODE,
				     s->ops[i].name);
			dw_codef(w, ".%s", s->ops[i].args[j].name);
		}
	bounds_more(w, g, li, n);
	w->ops->cell(w);
	probe_values(w, g, li, pvabi_limit_value(s, li, g->rev, 0), widest(g, li));
	for (i = 0; i < s->nfeatures; i++)
		if (fm & (UINT64_C(1) << s->features[i].bit)) {
			dw_textf(w, "; with %s: ", s->features[i].name);
			probe_values(w, g, li,
				     pvabi_limit_value(s, li, g->rev, UINT64_C(1) << s->features[i].bit),
				     widest(g, li));
		}
	/* the derived checks of a platform's own value (guest/rt/suite_probe.c) */
	if (l->platform && l->kind == PVABI_LIMIT_COUNT)
		dw_textf(w, "; the platform's value found by bisection in every argument, "
			    "read again at the end of the run (refused from the same value%s)",
			 l->counts_vcpus ? ", above every vCPU the guest ran" : "");
	w->ops->row_end(w);
}

void docs_limits(struct docw *w, const struct pvabi_gen *g)
{
	static const char *const heads[] = { "Limit", "Value", "Errors", "Bounds", "Probes" };
	size_t i;

	if (!g->spec->nlimits)
		return;
	w->ops->heading(w, 2, "limits");
	dw_text(w, "Limits");
	w->ops->heading_end(w, 2);
	w->ops->para(w);
	dw_textf(w, "The limits of revision %s. The dispatch refuses an argument outside its "
		    "limit with the error shown before the op runs; a conformance image calls "
		    "each op at the values under Probes (refused ones must fail with the "
		    "limit's error, the others must not).", g->spec->revs[g->rev].id);
	w->ops->para_end(w);
	dw_table(w, heads, 5);
	for (i = 0; i < g->spec->nlimits; i++)
		if (pvabi_life_has(&g->spec->limits[i].life, g->rev))
			one_limit(w, g, (int)i);
	w->ops->table_end(w);
	for (i = 0; i < g->spec->nlimits; i++)
		if (pvabi_life_has(&g->spec->limits[i].life, g->rev) && g->spec->limits[i].doc) {
			w->ops->para(w);
			dw_codef(w, "%s", g->spec->limits[i].name);
			dw_textf(w, ": %s", g->spec->limits[i].doc);
			w->ops->para_end(w);
		}
}
