/* Manual section of the scenarios: each scenario of the revision with
 * its calls in order, what they pass, expect and bind. */
#include "emit/emit_docs.h"
#include "emit/emit_xvcpu.h"

#include <stdio.h>

/* "$p+8, 4 bytes", "$sh+shared_info.evtchn_mask, bit $port" */
static void place(char *a, size_t n, const struct pvabi_step *st)
{
	char off[72];

	if (st->field)
		snprintf(off, sizeof(off), "%s", st->field);
	else
		snprintf(off, sizeof(off), "%u", st->offset);
	if (st->bit)
		snprintf(a, n, "%s+%s, bit %s", st->at, off, st->bit);
	else
		snprintf(a, n, "%s+%s, %u bytes", st->at, off, st->width);
}

/* A guest memory step's cells: where, and what it stores or must find. */
static void mem_step(struct docw *w, const struct pvabi_step *st)
{
	char a[96], e[96];

	dw_cell_text(w, st->kind == PVABI_STEP_READ ? "(read)" : "(write)");
	place(a, sizeof(a), st);
	dw_cell_code(w, a);
	if (st->kind == PVABI_STEP_WRITE) {
		snprintf(e, sizeof(e), "stores 0x%llx", (unsigned long long)st->value);
		dw_cell_code(w, e);
		dw_cell_text(w, "-");
		return;
	}
	snprintf(e, sizeof(e), "0x%llx mask 0x%llx", (unsigned long long)st->value,
		 (unsigned long long)st->mask);
	dw_cell_code(w, e);
	dw_cell_text(w, "-");
	if (st->within_ns)
		dw_textf(w, "; polled for up to %llu ns", (unsigned long long)st->within_ns);
}

/* A <check>'s cells: the expression and what it must hold. */
static void check_step(struct docw *w, const struct pvabi_step *st)
{
	dw_cell_text(w, "(check)");
	dw_cell_code(w, st->args ? st->args : "");
	if (st->tied) {
		/* the image's bound: ref - within <= value <= ref + win +
		 * within, ref read before the run starts, win its timeout
		 * and the engine's 5 s (docs/spec-language.md, Tied values) */
		w->ops->cell(w);
		dw_textf(w, "within %llu ns of the host's wall clock (", (unsigned long long)st->within_ns);
		dw_code(w, "wall-ns");
		dw_text(w, ") between the run's start and its timeout plus 5 s");
	} else {
		dw_cell_code(w, st->expect ? st->expect : "");
	}
	dw_cell_text(w, "-");
}

/* A wait's cells: an idle, a quiet wait, or upcalls to count. */
static void wait_step(struct docw *w, const struct pvabi_step *st)
{
	char e[96];

	if (st->idle) {
		dw_cell_text(w, "(idle)");
		dw_cell_text(w, "no call, no doorbell, interrupts disabled");
		snprintf(e, sizeof(e), "at least %llu ns", (unsigned long long)st->within_ns);
		dw_cell_code(w, e);
		dw_cell_text(w, "-");
		return;
	}
	if (st->quiet) {
		dw_cell_text(w, "(wait)");
		dw_cell_text(w, "interrupts enabled; no call, no doorbell");
		snprintf(e, sizeof(e), "%u upcall%s within %llu ns", st->count,
			 st->count == 1 ? "" : "s", (unsigned long long)st->within_ns);
		dw_cell_code(w, e);
		dw_cell_text(w, "-");
		return;
	}
	dw_cell_text(w, "(wait)");
	snprintf(e, sizeof(e), "interrupts enabled on vCPU %u", st->vcpu);
	dw_cell_text(w, st->vcpu ? e : "interrupts enabled");
	if (st->args) /* the count by the guest's own grant */
		snprintf(e, sizeof(e), "%s%s upcalls %s %llu ns", st->exact ? "exactly " : "",
			 st->args, st->exact ? "after" : "within",
			 (unsigned long long)st->within_ns);
	else
		snprintf(e, sizeof(e), "%s%u upcall%s %s %llu ns", st->exact ? "exactly " : "",
			 st->count, st->count == 1 ? "" : "s", st->exact ? "after" : "within",
			 (unsigned long long)st->within_ns);
	dw_cell_code(w, e);
	if (st->at)
		dw_textf(w, "; each upcall clears the byte at %s+%u", st->at, st->offset);
	dw_cell_text(w, "-");
}

/* The cells of a step that calls nothing: what it reads, writes or waits for. */
static void other_step(struct docw *w, const struct pvabi_step *st)
{
	char a[96];

	if (st->kind == PVABI_STEP_PAGE) {
		dw_cell_text(w, "(page)");
		dw_cell_text(w, "a zeroed 4 KiB page of guest memory");
		dw_cell_text(w, "-");
		dw_cell_code(w, st->bind);
	} else if (st->kind == PVABI_STEP_CLOCK) {
		dw_cell_text(w, "(clock)");
		snprintf(a, sizeof(a), "pvclock record at %s+%s", st->at,
			 st->field ? st->field : "offset");
		dw_cell_code(w, a);
		dw_cell_code(w, st->expect ? st->expect : "-");
		dw_cell_code(w, st->bind ? st->bind : "-");
	} else if (st->kind == PVABI_STEP_READ || st->kind == PVABI_STEP_WRITE) {
		mem_step(w, st);
	} else if (st->kind == PVABI_STEP_CHECK) {
		check_step(w, st);
	} else {
		wait_step(w, st);
	}
	w->ops->row_end(w);
}

/* The derived copy that makes each call on a handle from the other
 * vCPU (emit/emit_xvcpu_scen.c): which steps move, and what follows a
 * free. */
static void from_other_vcpu(struct docw *w, const struct pvabi_gen *g,
			    const struct pvabi_scenario *sc)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, n = 0, k = 0;

	for (i = 0; i < sc->nsteps; i++)
		n += (size_t)emit_xvcpu_flips(s, sc, i);
	if (!n)
		return;
	w->ops->para(w);
	dw_text(w, "The images also run it with each call on a handle made from the other vCPU "
		   "(every other step as above): ");
	for (i = 0; i < sc->nsteps; i++)
		if (emit_xvcpu_flips(s, sc, i))
			dw_textf(w, "%sstep %zu (%s) by vCPU %u",
				 !k++ ? "" : k == n ? " and " : ", ", i + 1,
				 s->ops[sc->steps[i].op].name, !sc->steps[i].vcpu);
	dw_text(w, ". After such a call that frees the handle, the vCPU that made it makes "
		   "its next one as it made the first, which must succeed, and frees it.");
	w->ops->para_end(w);
}

static void one_scenario(struct docw *w, const struct pvabi_gen *g,
			 const struct pvabi_scenario *sc)
{
	static const char *const heads[] = { "#", "Op", "Arguments", "Expect", "Binds" };
	char a[160], num[24];
	size_t i;

	dw_heading(w, 3, dw_anchor(a, sizeof(a), "scenario", sc->name), sc->name, "");
	w->ops->para(w);
	dw_text(w, "Since: ");
	dw_life(w, g, &sc->life);
	w->ops->para_end(w);
	dw_paras(w, sc->doc);
	dw_table(w, heads, 5);
	for (i = 0; i < sc->nsteps; i++) {
		const struct pvabi_step *st = &sc->steps[i];

		snprintf(num, sizeof(num), "%zu", i + 1);
		w->ops->row(w);
		dw_cell_text(w, num);
		if (st->kind != PVABI_STEP_CALL) {
			other_step(w, st);
			continue;
		}
		w->ops->cell(w);
		dw_ref(w, "op", g->spec->ops[st->op].name);
		dw_cell_code(w, st->args && *st->args ? st->args : "(none)");
		dw_cell_code(w, st->expect ? st->expect : "-");
		if (st->bind)
			dw_cell_code(w, st->bind);
		else
			dw_cell_text(w, st->retry || st->vcpu ? "" : "-");
		if (st->retry) {
			dw_textf(w, "%spolled up to %u times", st->bind ? "; " : "", st->retry);
		}
		if (st->vcpu)
			dw_textf(w, "%scalled by vCPU %u", st->bind || st->retry ? "; " : "", st->vcpu);
		w->ops->row_end(w);
	}
	w->ops->table_end(w);
	from_other_vcpu(w, g, sc);
}

void docs_scenarios(struct docw *w, const struct pvabi_gen *g)
{
	size_t i, shown = 0;

	if (!g->spec->nscenarios)
		return;
	w->ops->heading(w, 2, "scenarios");
	dw_text(w, "Scenarios");
	w->ops->heading_end(w, 2);
	for (i = 0; i < g->spec->nscenarios; i++)
		shown += (size_t)pvabi_life_has(&g->spec->scenarios[i].life, g->rev);
	w->ops->para(w);
	dw_textf(w, "%zu scenario%s in revision %s: calls a conformance image makes in order, "
		    "checking effects no single call shows. A value bound by one call "
		    "(Binds) is passed to later calls as $NAME, or in an expression of "
		    "them.%s",
		 shown, shown == 1 ? "" : "s", g->spec->revs[g->rev].id,
		 g->spec->format >= 2 ? ""
		 : " A refused call has no effect: right after the first successful call of "
		   "each op that changes state, the image also makes that op's vectors that "
		   "expect an error, and the scenario must pass all the same; its step "
		   "numbers in a report count those calls.");
	w->ops->para_end(w);
	for (i = 0; i < g->spec->nscenarios; i++)
		if (pvabi_life_has(&g->spec->scenarios[i].life, g->rev))
			one_scenario(w, g, &g->spec->scenarios[i]);
}
