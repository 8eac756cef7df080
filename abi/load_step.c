/* The scenario steps that are not calls: <page>, <read>, <write> and <wait>
 * (docs/spec-language.md, Scenarios). Their own attributes are checked
 * here; what a read refers to is resolved with the calls (scenario.c). */
#include "abi/load_internal.h"
#include "abi/scenario.h"

#include <string.h>

/* An unsigned attribute in [lo, hi], dflt when absent; a value outside
 * is SCENARIO_INVALID at the step's line. */
static uint64_t bounded(struct loader *L, xmlNode *c, const struct pvabi_scenario *sc,
			const char *name, uint64_t dflt, uint64_t lo, uint64_t hi)
{
	struct wide w;
	int rc = wide_attr(L, c, name, &w);

	if (rc)
		return dflt; /* absent, or BAD_NUMBER already reported */
	if (w.neg || w.mag < lo || w.mag > hi) {
		LERR(L, c, "SCENARIO_INVALID", "scenario %s: <%s> %s=\"%s\" outside %llu..%llu",
		     sc->name, (const char *)c->name, name, w.text, (unsigned long long)lo,
		     (unsigned long long)hi);
		return dflt;
	}
	return w.mag;
}

/* Where a <read> or <write> goes: at, offset (a number, or STRUCT.FIELD
 * laid out by the spec), width, or bit="$NAME" (one byte, one bit). */
static void load_place(struct loader *L, xmlNode *c, const struct pvabi_scenario *sc,
		       struct pvabi_step *st)
{
	const char *off = attr(L, c, "offset");

	st->at = attr(L, c, "at");
	st->bit = attr(L, c, "bit");
	if (!st->bit == !attr_view(L, c, "width"))
		LERR(L, c, "SCENARIO_INVALID", "scenario %s: <%s> takes one of width= and bit=",
		     sc->name, (const char *)c->name);
	st->width = st->bit ? 1 : (uint32_t)bounded(L, c, sc, "width", 8, 1, 8);
	if (st->width != 1 && st->width != 2 && st->width != 4 && st->width != 8) {
		LERR(L, c, "SCENARIO_INVALID", "scenario %s: <%s> width %u is not 1, 2, 4 or 8",
		     sc->name, (const char *)c->name, st->width);
		st->width = 8;
	}
	if (off && strchr(off, '.'))
		st->field = off;
	else
		st->offset = (uint32_t)bounded(L, c, sc, "offset", 0, 0, PVABI_SCEN_PAGE - 1);
}

static void load_read(struct loader *L, xmlNode *c, const struct pvabi_scenario *sc,
		      struct pvabi_step *st)
{
	uint64_t all;

	load_place(L, c, sc, st);
	all = st->bit ? 1 : st->width == 8 ? UINT64_MAX : (UINT64_C(1) << (8 * st->width)) - 1;
	st->mask = bounded(L, c, sc, "mask", all, 1, all);
	st->value = bounded(L, c, sc, "expect", 0, 0, all);
	st->within_ns = bounded(L, c, sc, "within-ns", 0, 0, PVABI_SCEN_MAX_WAIT_NS);
	if (st->value & ~st->mask)
		LERR(L, c, "SCENARIO_INVALID",
		     "scenario %s: <read> expects 0x%llx, which has bits outside its mask 0x%llx",
		     sc->name, (unsigned long long)st->value, (unsigned long long)st->mask);
}

static void load_wait(struct loader *L, xmlNode *c, const struct pvabi_scenario *sc,
		      struct pvabi_step *st)
{
	const char *ev = attr(L, c, "event");

	if (!ev || strcmp(ev, "upcall"))
		LERR(L, c, "SCENARIO_INVALID", "scenario %s: <wait> event \"%s\" is not \"upcall\"",
		     sc->name, ev ? ev : "");
	const char *cnt = attr(L, c, "count");

	st->exact = bool_attr(L, c, "exact") == 1;
	/* an expression (of the grant: what a feature changes, counted per
	 * grant) is compiled with the steps, in each revision (scenario.c) */
	if (cnt && cnt[strspn(cnt, "0123456789xabcdefABCDEF")])
		st->args = cnt;
	else
		st->count = (uint32_t)bounded(L, c, sc, "count", 1, st->exact ? 0 : 1,
					      PVABI_SCEN_MAX_UPCALLS);
	/* required by the schema */
	st->within_ns = bounded(L, c, sc, "within-ns", PVABI_SCEN_MAX_WAIT_NS, 1,
				PVABI_SCEN_MAX_WAIT_NS);
	st->at = attr(L, c, "ack");
	st->offset = (uint32_t)bounded(L, c, sc, "ack-offset", 0, 0, PVABI_SCEN_PAGE - 1);
	/* whose upcalls: the runtime starts one vCPU besides the boot one */
	st->vcpu = (unsigned int)bounded(L, c, sc, "vcpu", 0, 0, PVABI_SCEN_MAX_VCPU);
	/* the vector each upcall must carry: the one the scenario bound its
	 * ports to, by default the one the conformance runtime handles */
	st->value = bounded(L, c, sc, "vector", PVABI_SCEN_UPCALL_VECTOR, PVABI_SCEN_VECTOR_MIN,
			    PVABI_SCEN_VECTOR_MAX);
}

/* <idle within-ns="N">: the guest makes no call and rings no doorbell
 * for at least N ns (docs/spec-language.md#events-that-fall-due-between-
 * calls). Format 1 only: the format 2 suites have no such step yet. */
static void load_idle(struct loader *L, xmlNode *c, const struct pvabi_scenario *sc,
		      struct pvabi_step *st)
{
	st->idle = 1;
	st->within_ns = bounded(L, c, sc, "within-ns", PVABI_SCEN_MAX_WAIT_NS, 1,
				PVABI_SCEN_MAX_WAIT_NS);
	if (L->s->format >= 2)
		LERR(L, c, "SCENARIO_INVALID",
		     "scenario %s: <idle> is not yet generated for a format 2 ABI", sc->name);
}

/* <clock>: where the record is; bind= and expect= are resolved later. */
static void load_clock(struct loader *L, xmlNode *c, const struct pvabi_scenario *sc,
		       struct pvabi_step *st)
{
	const char *off = attr(L, c, "offset");

	st->at = attr(L, c, "at");
	st->bind = attr(L, c, "bind");
	st->expect = attr(L, c, "expect");
	st->width = 4; /* the record's alignment in both modes */
	if (off && strchr(off, '.'))
		st->field = off;
	else
		st->offset = (uint32_t)bounded(L, c, sc, "offset", 0, 0, PVABI_SCEN_PAGE - 1);
}

/* <write>: a value, or with bit= 0 or 1, stored into the scenario's page. */
static void load_write(struct loader *L, xmlNode *c, const struct pvabi_scenario *sc,
		       struct pvabi_step *st)
{
	load_place(L, c, sc, st);
	st->value = bounded(L, c, sc, "value", 0, 0,
			    st->bit ? 1 : st->width == 8 ? UINT64_MAX
							 : (UINT64_C(1) << (8 * st->width)) - 1);
}

/* <check tied="REF" within-ns="N">: the value is judged against a
 * reference the harness hands the image; TIED_INVALID for a reference
 * pvabi does not know, a tolerance above a minute, or a format 2 spec
 * (its images take no reference yet). */
static void load_tied(struct loader *L, xmlNode *c, const struct pvabi_scenario *sc,
		      struct pvabi_step *st)
{
	const char *ref = attr(L, c, "tied");
	struct wide w;

	st->tied = PVABI_TIED_WALL_NS;
	if (st->expect)
		LERR(L, c, "TIED_INVALID",
		     "scenario %s: <check> takes expect= or tied=, not both: the harness's "
		     "reference judges a tied value", sc->name);
	if (!ref || strcmp(ref, "wall-ns"))
		LERR(L, c, "TIED_INVALID",
		     "scenario %s: <check> tied=\"%s\" is no reference the harness hands an image "
		     "(\"wall-ns\": the host's wall clock)",
		     sc->name, ref ? ref : "");
	if (L->s->format >= 2)
		LERR(L, c, "TIED_INVALID",
		     "scenario %s: <check tied=> is not yet generated for a format 2 ABI", sc->name);
	if (!attr_view(L, c, "within-ns")) {
		LERR(L, c, "TIED_INVALID",
		     "scenario %s: <check tied=> needs within-ns=, the tolerance the ABI promises",
		     sc->name);
		return;
	}
	if (wide_attr(L, c, "within-ns", &w))
		return; /* BAD_NUMBER already reported */
	if (w.neg || w.mag > PVABI_TIED_MAX_WITHIN_NS)
		LERR(L, c, "TIED_INVALID",
		     "scenario %s: <check> within-ns=\"%s\" outside 0..%llu: a wider tolerance "
		     "would pass a clock an hour off",
		     sc->name, w.text, (unsigned long long)PVABI_TIED_MAX_WITHIN_NS);
	else
		st->within_ns = w.mag;
}

void load_step(struct loader *L, xmlNode *c, const struct pvabi_scenario *sc,
	       struct pvabi_step *st)
{
	st->op = PVABI_NONE;
	st->cmd = PVABI_NONE;
	st->loc.file = L->file;
	st->loc.line = pvabi_xml_line(c);
	if (is_elem(c, "page")) {
		st->kind = PVABI_STEP_PAGE;
		st->bind = attr(L, c, "bind");
	} else if (is_elem(c, "check")) {
		st->kind = PVABI_STEP_CHECK;
		st->args = attr(L, c, "value");
		st->expect = attr(L, c, "expect");
		if (attr_view(L, c, "tied"))
			load_tied(L, c, sc, st);
		else if (attr_view(L, c, "within-ns"))
			LERR(L, c, "TIED_INVALID",
			     "scenario %s: <check> within-ns= without tied=: the tolerance of a "
			     "reference no value is tied to", sc->name);
	} else if (is_elem(c, "read")) {
		st->kind = PVABI_STEP_READ;
		load_read(L, c, sc, st);
	} else if (is_elem(c, "write")) {
		st->kind = PVABI_STEP_WRITE;
		load_write(L, c, sc, st);
	} else if (is_elem(c, "clock")) {
		st->kind = PVABI_STEP_CLOCK;
		load_clock(L, c, sc, st);
	} else if (is_elem(c, "idle")) {
		st->kind = PVABI_STEP_WAIT;
		load_idle(L, c, sc, st);
	} else {
		st->kind = PVABI_STEP_WAIT;
		load_wait(L, c, sc, st);
	}
}
