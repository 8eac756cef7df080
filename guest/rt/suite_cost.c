/* What each class of check costs in calls (docs/matrix.md, "The cost of
 * a cell"): every call the run makes goes through one wrapper of the
 * runner's call, below the clock readings' (suite_mono.c), which counts
 * it in the class the run is in. The time of a class is TSC ticks taken
 * at each change of class, and beside it the ticks its waits took
 * (pvabi_waited_sum), so that a class's own cost (its calls and
 * judging) is its ticks less its waits.
 *
 * Cost: a counter per call and two TSC reads and a sum of the waits per
 * change of class (a few hundred a cell): no call, no port exit. The
 * counts are printed as text lines beside the plan, like "# waited:",
 * so a runner that does not know them shows them as comments. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"

static const char *const names[PVABI_COST_N] = {
	[PVABI_COST_NEGOTIATION] = "negotiation",
	[PVABI_COST_REFUSED_NEG] = "refused-negotiation",
	[PVABI_COST_REFUSALS] = "refusals-outside",
	[PVABI_COST_PROBES] = "limit-probes",
	[PVABI_COST_VECTORS] = "vectors",
	[PVABI_COST_BATCHES] = "batches",
#define SCEN_NAME(origin, name) [PVABI_COST_SCEN + PVABI_CSCEN_##origin] = name,
	PVABI_CSCEN_LIST(SCEN_NAME)
#undef SCEN_NAME
	[PVABI_COST_SWEEP] = "gap-sweeps",
	[PVABI_COST_FILLS] = "table-fills",
	[PVABI_COST_CLOCKS] = "clock-readings",
	[PVABI_COST_BURSTS] = "clock-bursts",
	[PVABI_COST_END] = "end",
	[PVABI_COST_FIXED] = "fixed-rereads",
	[PVABI_COST_EXCLUDED] = "excluded-states",
	[PVABI_COST_EDGEBUF] = "end-of-memory",
	[PVABI_COST_SPLITBUF] = "page-split",
	[PVABI_COST_CONV] = "snapshot-conversions",
	[PVABI_COST_KINDS] = "request-fields",
};

static struct {
	int64_t (*raw)(uint32_t op, uint32_t nargs, const uint64_t *args);
	int cls;
	uint64_t t0, w0; /* TSC and waits' ticks when cls began */
	uint64_t calls[PVABI_COST_N], ticks[PVABI_COST_N], waited[PVABI_COST_N];
} cost;

static uint64_t waited_ticks(void)
{
	struct pvabi_waited w;

	pvabi_waited_sum(&w);
	return w.ticks;
}

/* vCPU 1's calls run while vCPU 0 waits for them (one call in flight):
 * one counter serves both. */
static int64_t cost_call(uint32_t op, uint32_t nargs, const uint64_t *args)
{
	cost.calls[cost.cls]++;
	return cost.raw(op, nargs, args);
}

void pvabi_suite_cost_install(struct pvabi_runner *r)
{
	cost.raw = r->call;
	r->call = cost_call;
	cost.cls = PVABI_COST_NEGOTIATION;
	cost.t0 = pvabi_tsc();
	cost.w0 = waited_ticks();
}

int pvabi_suite_cost_enter(int cls)
{
	uint64_t t = pvabi_tsc(), w = waited_ticks();
	int prev = cost.cls;

	cost.ticks[prev] += t - cost.t0;
	cost.waited[prev] += w - cost.w0;
	cost.t0 = t;
	cost.w0 = w;
	cost.cls = cls >= 0 && cls < PVABI_COST_N ? cls : PVABI_COST_END;
	return prev;
}

/* One line per class that called: "# calls: CLASS: N calls, T ticks,
 * W ticks waiting", then the sum with the TSC rate (0: not measured). */
void pvabi_suite_cost_report(struct pvabi_runner *r)
{
	uint64_t n = 0, t = 0, w = 0;
	int i;

	if (!cost.raw)
		return;
	pvabi_suite_cost_enter(cost.cls);
	for (i = 0; i < PVABI_COST_N; i++) {
		if (!cost.calls[i])
			continue;
		pvabi_fmt(r->tap->sink, r->tap->ctx,
			  "# calls: %s: %llu calls, %llu ticks, %llu ticks waiting\n", names[i],
			  (unsigned long long)cost.calls[i], (unsigned long long)cost.ticks[i],
			  (unsigned long long)cost.waited[i]);
		n += cost.calls[i], t += cost.ticks[i], w += cost.waited[i];
	}
	pvabi_fmt(r->tap->sink, r->tap->ctx,
		  "# calls: all: %llu calls, %llu ticks, %llu ticks waiting, TSC %llu kHz\n",
		  (unsigned long long)n, (unsigned long long)t, (unsigned long long)w,
		  (unsigned long long)pvabi_bound_khz());
}
