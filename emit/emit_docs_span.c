/* The manual's table of the probes of a span across widths (<span>,
 * abi/span.h, emit/emit_probe_span.c): per width the formula crosses,
 * the arguments the images pass and the answer the span's rule gives in
 * exact arithmetic; and for each count a limit bounds that counts a
 * buffer, the counts whose byte size crosses a width, refused. So a
 * reader sees which widths a platform is held to compute in. */
#include "emit/emit_docs.h"
#include "abi/limit.h"
#include "abi/span.h"

#include <stdio.h>
#include <string.h>

#define SPAN_MAX 64

static void row(struct docw *w, const char *cross, const char *args, const char *answer)
{
	w->ops->row(w);
	dw_cell_text(w, cross);
	dw_cell_code(w, args);
	dw_cell_code(w, answer);
	w->ops->row_end(w);
}

static void one_span(struct docw *w, const struct pvabi_op *op,
		     const struct pvabi_arg *a, const struct pvabi_span *sp)
{
	static const char *const heads[] = { "Crosses", "Arguments", "Answer" };
	const struct pvabi_arg *b = &op->args[sp->base_arg];
	struct pvabi_span_probe pr[SPAN_MAX];
	char buf[320], args[96], cross[64], ans[64];
	size_t n, i;

	n = pvabi_span_probes(sp, pvabi_prim_size(a->type.prim), pvabi_prim_size(b->type.prim),
			      pr, SPAN_MAX);
	snprintf(buf, sizeof(buf),
		 "%s + %s * %llu may reach 2^%u, not pass it: past it the call fails with %s, "
		 "up to it it answers %s. The images probe both sides of that line where the "
		 "product or the sum crosses 2^31, 2^32, 2^63 or 2^64, the answer taken in exact "
		 "arithmetic:", b->name, a->name, (unsigned long long)sp->unit, sp->top, sp->error,
		 sp->expect);
	dw_para_text(w, buf);
	if (sp->doc)
		dw_paras(w, sp->doc);
	dw_table(w, heads, 3);
	for (i = 0; i < n; i++) {
		snprintf(cross, sizeof(cross), "the %s, 2^%u", pr[i].sum ? "sum" : "product",
			 pr[i].cross);
		snprintf(args, sizeof(args), "%s=0x%llx %s=0x%llx", b->name,
			 (unsigned long long)pr[i].base, a->name, (unsigned long long)pr[i].count);
		snprintf(ans, sizeof(ans), "%s%s", pr[i].refused ? "error=" : "",
			 pr[i].refused ? sp->error : sp->expect);
		row(w, cross, args, ans);
	}
	w->ops->table_end(w);
}

static void one_count(struct docw *w, const struct pvabi_gen *g, const struct pvabi_arg *a,
		      uint64_t es)
{
	static const char *const heads[] = { "Crosses", "Arguments", "Answer" };
	const struct pvabi_limit *l = &g->spec->limits[a->limit];
	struct pvabi_span_probe pr[SPAN_MAX];
	char buf[320], args[64], cross[64], ans[64];
	size_t n, i;

	n = pvabi_span_count_probes(pvabi_limit_ceiling(g->spec, a->limit), es,
				    pvabi_prim_size(a->type.prim), pr, SPAN_MAX);
	if (!n)
		return;
	snprintf(buf, sizeof(buf),
		 "%s counts elements of %llu byte%s and the limit %s refuses it above its value. "
		 "The images probe the counts whose byte size crosses 2^31, 2^32, 2^63 or 2^64, "
		 "each refused before any element is read:", a->name, (unsigned long long)es,
		 es == 1 ? "" : "s", l->name);
	dw_para_text(w, buf);
	dw_table(w, heads, 3);
	for (i = 0; i < n; i++) {
		snprintf(cross, sizeof(cross), "the byte size, 2^%u", pr[i].cross);
		snprintf(args, sizeof(args), "%s=0x%llx", a->name, (unsigned long long)pr[i].count);
		snprintf(ans, sizeof(ans), "error=%s", g->spec->errors[l->error].name);
		row(w, cross, args, ans);
	}
	w->ops->table_end(w);
}

void docs_spans(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	struct pvabi_span_probe tmp[SPAN_MAX];
	size_t i, m;
	int head = 0;

	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_arg *a = &op->args[i];
		uint64_t es = a->limit >= 0 && a->dir == PVABI_BY_VALUE ?
			      pvabi_span_elem_size(g->spec, op, g->rev, i) : 0;

		if (!pvabi_life_has(&a->life, g->rev))
			continue;
		for (m = 0; m < a->nspans; m++) {
			if (!pvabi_life_has(&a->spans[m].life, g->rev) ||
			    !pvabi_life_has(&op->args[a->spans[m].base_arg].life, g->rev))
				continue;
			if (!head++)
				dw_subheading(w, "Spans across widths");
			one_span(w, op, a, &a->spans[m]);
		}
		if (es && pvabi_span_count_probes(pvabi_limit_ceiling(g->spec, a->limit), es,
						  pvabi_prim_size(a->type.prim), tmp, SPAN_MAX)) {
			if (!head++)
				dw_subheading(w, "Spans across widths");
			one_count(w, g, a, es);
		}
	}
}
