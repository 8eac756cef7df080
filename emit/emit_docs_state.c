/* The manual's part of an op that says what its calls leave behind and
 * what its outputs promise over time, each from its declaration in the
 * spec: the handles it returns (<ret limit= full= freed-by= order=>),
 * a limit its handler checks itself (handler-limit=), what puts back the
 * state a call changed when a scenario fails (reset=, restore-from=),
 * outputs that never go back (<monotonic>) and values later revisions
 * may raise (<grows>). Conformance data the fingerprint leaves out, so
 * the manual is where a reader learns what the images hold a platform
 * to. */
#include "emit/emit_docs.h"
#include "emit/emit_derive.h"
#include "abi/limit.h"
#include "abi/mono.h"

#include <stdio.h>
#include <string.h>

/* A link to the manual's table of limits, named by limit li. */
static void limit_ref(struct docw *w, const struct pvabi_gen *g, int li)
{
	w->ops->link(w, "limits", DOCW_CODE, g->spec->limits[li].name);
}

void docs_ret_state(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	const struct pvabi_spec *s = g->spec;

	dw_paras(w, op->ret_doc);
	if (!op->ret_limit)
		return;
	w->ops->para(w);
	dw_text(w, "The value is a handle under limit ");
	limit_ref(w, g, op->ret_limit - 1);
	dw_text(w, "; when none is left the call fails with ");
	dw_code(w, s->errors[op->ret_full].name);
	dw_text(w, ".");
	if (op->ret_freed_by) {
		dw_text(w, " ");
		dw_op_ref(w, g, op->ret_freed_by - 1);
		dw_text(w, " frees it");
		dw_text(w, op->ret_lowest ? "; the lowest free handle is handed out first." : ".");
	} else if (op->ret_lowest) {
		dw_text(w, " The lowest free handle is handed out first.");
	}
	w->ops->para_end(w);
}

void docs_arg_state(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op,
		    const struct pvabi_arg *a)
{
	const struct pvabi_spec *s = g->spec;

	if (a->handler_limit) {
		dw_text(w, " Bounded by limit ");
		limit_ref(w, g, a->handler_limit - 1);
		dw_text(w, ", which the op checks itself (the dispatch does not).");
	}
	if (a->has_reset) {
		dw_text(w, " After a scenario that fails holding what a call set, the image calls ");
		dw_code(w, op->name);
		dw_text(w, " again with ");
		dw_codef(w, "%s=%llu", a->name, (unsigned long long)a->reset_value);
		dw_text(w, ".");
	} else if (a->restore_from) {
		const struct pvabi_op *rd = &s->ops[a->restore_from - 1];

		dw_text(w, " After a scenario that fails holding what a call wrote, the image "
			   "writes back the value ");
		dw_op_ref(w, g, a->restore_from - 1);
		dw_text(w, " read into ");
		dw_code(w, rd->args[a->restore_out].name);
		dw_text(w, " before the scenario's first write.");
	}
}

/* The declaration of clock that says what it counts (unit=, khz=):
 * every reading of a clock is judged as that one says. */
static const struct pvabi_mono *clock_decl(const struct pvabi_spec *s, const char *clock)
{
	size_t i, k;

	for (i = 0; i < s->nops; i++)
		for (k = 0; k < s->ops[i].nmonos; k++)
			if (!strcmp(s->ops[i].monos[k].clock, clock) &&
			    (s->ops[i].monos[k].unit || s->ops[i].monos[k].khz))
				return &s->ops[i].monos[k];
	return NULL;
}

/* What the clock counts and the clock it is judged against, as its
 * declarations say (unit=, khz=, runs-with=, bounded-by=, excludes=). */
static void mono_against(struct docw *w, const struct pvabi_gen *g, const struct pvabi_mono *m)
{
	const struct pvabi_mono *d = clock_decl(g->spec, m->clock);
	const char *with;

	m = d ? d : m;
	with = m->runs_with ? m->runs_with : m->bounded_by;

	w->ops->cell(w);
	if (m->khz) {
		dw_text(w, "ticks at the kHz of ");
		dw_code(w, m->khz);
	} else {
		dw_text(w, m->unit ? "ns" : "-");
	}
	if (!with)
		return;
	dw_text(w, m->runs_with ? "; keeps the rate of " : "; rises no faster than, and never above, ");
	dw_code(w, with);
	if (!m->excludes)
		return;
	dw_text(w, "; across each state it leaves out (");
	dw_code(w, m->excludes);
	dw_text(w, "), by little more than across as long spent running");
}

static void one_mono(struct docw *w, const struct pvabi_gen *g, const struct pvabi_mono *m)
{
	w->ops->row(w);
	dw_cell_code(w, m->value ? m->value : "ret");
	dw_cell_code(w, m->clock);
	dw_cell_code(w, m->args && *m->args ? m->args : "(none)");
	mono_against(w, g, m);
	w->ops->cell(w);
	dw_life(w, g, &m->life);
	dw_cell_doc(w, m->doc);
	w->ops->row_end(w);
}

void docs_monotonic(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = { "Value", "Clock", "Read with", "Counts", "Since",
					     "Description" };
	size_t i, n = 0;

	for (i = 0; i < op->nmonos; i++)
		n += (size_t)pvabi_life_has(&op->monos[i].life, g->rev);
	if (!n)
		return;
	dw_subheading(w, "Values that never go back");
	dw_para_text(w, "Each reading is at least the one before it on the same clock, "
		     "whatever the guest called in between (a repeated or malformed "
		     "negotiate, a refused call). A conformance image reads each again after "
		     "every negotiate, after the first refusal of each kind and at the end "
		     "of each part. A clock that keeps the rate of another is judged by nested "
		     "intervals: over a burst of its readings, against two readings of the other "
		     "inside the burst and two around it, and over the whole run, its first "
		     "readings against its last. One bounded by another rises no faster than it "
		     "between two readings, and never above it.");
	dw_table(w, heads, 6);
	for (i = 0; i < op->nmonos; i++)
		if (pvabi_life_has(&op->monos[i].life, g->rev))
			one_mono(w, g, &op->monos[i]);
	w->ops->table_end(w);
}

/* The probes past a maximum (emit/emit_grows_scen.c), as the image
 * makes them in g's revision. */
static void grows_probes(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op,
			 size_t k)
{
	struct emit_grows_probe p;
	char buf[400], first[48], next[48];

	if (op->grows[k].reg >= 0) { /* format 2: a CPUID block's maximum */
		snprintf(first, sizeof(first), "0x%llx", (unsigned long long)op->id);
		snprintf(next, sizeof(next), "0x%llx", (unsigned long long)op->grows[k].next);
		docs_leaf_gap(buf, sizeof(buf), &op->grows[k], first, next);
		dw_cell_text(w, buf);
		return;
	}
	if (!emit_grows_probe(g->spec, op, k, g->rev, &p)) {
		dw_cell_text(w, "none: not the maximum of an argument's range");
		return;
	}
	if (p.gap)
		snprintf(buf, sizeof(buf), "%s=%s+1, then %s in (%s, 0x%llx): 0x%llx, the middle, "
			 "and each side of every power-of-two boundary; each %s, outputs untouched",
			 op->args[p.arg].name, p.value, op->args[p.arg].name, p.value,
			 (unsigned long long)p.next, (unsigned long long)p.next - 1, p.error);
	else
		snprintf(buf, sizeof(buf), "%s=%s+1: %s, outputs untouched", op->args[p.arg].name,
			 p.value, p.error);
	dw_cell_text(w, buf);
}

void docs_grows(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	static const char *const heads[] = { "Value", "When", "Probed past it", "Description" };
	size_t i;

	if (!op->ngrows)
		return;
	dw_subheading(w, "Values that grow");
	if (g->spec->format >= 2) /* a CPUID block's maximum */
		dw_para_text(w, "Later platform releases may serve more leaves of this block, so "
			     "the conformance suite reads the maximum at run time and sweeps the "
			     "leaves past it, which must answer as a leaf nobody serves.");
	else
		dw_para_text(w, "Later revisions and platform releases may answer more than this "
			     "one, so a conformance vector bounds these values only from below. "
			     "Where the value is the maximum of an argument's range, each fresh "
			     "image reads it at run time and calls the op past it, where the "
			     "argument's refusal must answer and no output may be written, and "
			     "at every value of the range up to it (the first 64 above the "
			     "range's first, then the maximum), where the op must succeed and "
			     "write every output.");
	dw_table(w, heads, 4);
	for (i = 0; i < op->ngrows; i++) {
		w->ops->row(w);
		dw_cell_code(w, op->grows[i].value ? op->grows[i].value : "ret");
		dw_cell_code(w, op->grows[i].when && *op->grows[i].when ? op->grows[i].when
									: "(every call)");
		grows_probes(w, g, op, i);
		dw_cell_doc(w, op->grows[i].doc);
		w->ops->row_end(w);
	}
	w->ops->table_end(w);
}

/* The op a conformance image negotiates with (emit/emit_conformance.c's
 * choice): "negotiate", or the frozen op of lowest id. */
static int bootstrap(const struct pvabi_spec *s, const struct pvabi_op *op)
{
	int i = pvabi_spec_op(s, "negotiate");
	size_t k;

	if (!op->frozen)
		return 0;
	if (i >= 0 && s->ops[i].frozen)
		return op == &s->ops[i];
	for (k = 0; k < s->nops; k++)
		if (s->ops[k].frozen && s->ops[k].id < op->id)
			return 0;
	return 1;
}

void docs_refused(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	if (!bootstrap(g->spec, op) || pvabi_spec_error(g->spec, "ENOTNEGOTIATED") < 0)
		return;
	dw_subheading(w, "What a refused negotiation leaves behind");
	dw_para_text(w, "A refusal is not an agreement: after any answer other than ok every "
		     "other op still fails with ENOTNEGOTIATED, and a later offer is decided as "
		     "a first one. Before its own offer a conformance image provokes each "
		     "refusal the rule gives on any platform: a malformed offer (a bad magic), "
		     "a range below the first revision (no_common_revision), and its own "
		     "request with a feature bit no revision up to its own defines required "
		     "(missing_required_features at the revision the rule judges). After each "
		     "it calls every op it knows with the arguments of a call that would "
		     "succeed: each must answer ENOTNEGOTIATED and write no guest memory. Its "
		     "own offer is the retry: it must be judged at the same revision, missing "
		     "the same features but that bit, and the run that follows sees what a "
		     "refused call would have left (a port, a register, a timer). When its "
		     "own offer is refused, every op is called again the same way.");
}
