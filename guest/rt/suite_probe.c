/* The conformance runner's probes: each declared limit at its edges, a
 * platform-set limit found by bisection and compared across the
 * arguments it bounds, bits that belong to the guest; the handle
 * tables' probes are suite_handle.c's. Split from suite.c, which runs
 * them through pvabi_suite_probes. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"

/* The buffer a probe's value counts: value * fill_elem bytes of
 * fill_byte past the base call's buffers (used bytes of the arena), so
 * a platform that reads the whole count reads defined data. */
static int probe_fill(const struct pvabi_cprobe *p, size_t used, uint64_t *a)
{
	size_t start = (used + 63) & ~(size_t)63, i, size, cap;
	uint64_t pat = p->fill_byte * UINT64_C(0x0101010101010101), *q;
	uint8_t *arena = pvabi_suite_scratch(&cap);

	if (p->fill_slot >= p->nargs || p->fill_slot >= 8 || start > cap || p->value > cap ||
	    p->value * p->fill_elem > cap - start)
		return -1;
	size = (size_t)(p->value * p->fill_elem);
	q = (uint64_t *)(void *)(arena + start);
	i = (size + 7) / 8;
	/* one string instruction: tens of KiB for the largest counts */
	__asm__ volatile("rep stosq" : "+D"(q), "+c"(i) : "a"(pat) : "memory");
	q = (uint64_t *)(void *)(arena + start);
	a[p->fill_slot] = (uint64_t)(uintptr_t)q;
	return 0;
}

/* The lowest value refused with the limit's error, bisected between
 * lo (which the platform must allow) and the declared value (refused:
 * the edge probes check it); 0 when lo itself is refused. */
static uint64_t discover(struct pvabi_runner *r, const struct pvabi_cop *op,
			 const struct pvabi_cprobe *p, uint64_t *a)
{
	uint64_t lo = p->lo, hi = p->value, mid;

	a[p->slot] = lo;
	if (r->call(op->id, p->nargs, a) == p->error)
		return 0;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		a[p->slot] = mid;
		if (r->call(op->id, p->nargs, a) == p->error)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* A platform limit is one number: the first argument that finds it sets
 * it for the run, each later one must find the same. */
static uint64_t found[64];

static void run_discovery(struct pvabi_runner *r, const struct pvabi_cop *op,
			  const struct pvabi_cprobe *p, uint64_t *a)
{
	uint64_t n = discover(r, op, p, a), *first = p->limit < 64 ? &found[p->limit] : 0;
	int same = !first || !*first || *first == n;

	if (same)
		pvabi_tap_check(r->tap, n != 0, "%s: %s (refused from %llu)", op->name, p->name,
				(unsigned long long)n);
	else
		pvabi_tap_check(r->tap, 0, "%s: %s (refused from %llu, other arguments from %llu)",
				op->name, p->name, (unsigned long long)n, (unsigned long long)*first);
	if (first && !*first)
		*first = n;
}

/* One value of a re-reading: whether the call at v is refused with the
 * limit's error. */
static int refused_at(struct pvabi_runner *r, const struct pvabi_cop *op,
		      const struct pvabi_cprobe *p, uint64_t *a, uint64_t v)
{
	a[p->slot] = v;
	return r->call(op->id, p->nargs, a) == p->error;
}

/* The platform fixes its limit for the guest's life: read again at the
 * end of the run (vCPU 1 started and stopped, the tables filled), the
 * boundary the discovery found must hold where it was, refused at the
 * value and allowed just below it. A limit that counts vCPUs must also
 * allow each vCPU the guest saw run, so the value found first must lie
 * above them: a count taken before vCPU 1 came is seen low here. Two
 * calls, not a second bisection (and one per vCPU run below the value's
 * predecessor: none where the platform runs the guest's two vCPUs). */
static void run_recheck(struct pvabi_runner *r, const struct pvabi_cop *op,
			const struct pvabi_cprobe *p, uint64_t *a)
{
	uint64_t first = p->limit < 64 ? found[p->limit] : 0, v;
	uint64_t ran = p->lowest ? pvabi_suite_vcpus_ran() : 0;
	int at, below, seen = 1;

	if (!first) {
		pvabi_tap_skip(r->tap, "the first reading found no value", "%s: %s", op->name, p->name);
		return;
	}
	at = refused_at(r, op, p, a, first);
	below = refused_at(r, op, p, a, first - 1); /* lo itself when first is lo + 1 */
	for (v = p->lo + 1; v < ran && v < first - 1; v++)
		if (refused_at(r, op, p, a, v))
			seen = 0;
	if (ran > first) /* vCPUs 0 .. ran - 1 ran: the count is at least ran */
		seen = 0;
	if (p->lowest)
		pvabi_tap_check(r->tap, at && !below && seen,
				"%s: %s (at the first reading refused from %llu; now %llu %s, %llu %s; vCPUs run %llu)",
				op->name, p->name, (unsigned long long)first,
				(unsigned long long)first, at ? "refused" : "allowed",
				(unsigned long long)(first - 1), below ? "refused" : "allowed",
				(unsigned long long)ran);
	else
		pvabi_tap_check(r->tap, at && !below,
				"%s: %s (at the first reading refused from %llu; now %llu %s, %llu %s)",
				op->name, p->name, (unsigned long long)first,
				(unsigned long long)first, at ? "refused" : "allowed",
				(unsigned long long)(first - 1), below ? "refused" : "allowed");
}

/* Bits that belong to the guest: the call with them set to a pattern
 * (value) must be answered as the call with them clear (lo). */
static void run_guest_bits(struct pvabi_runner *r, const struct pvabi_cop *op,
			   const struct pvabi_cprobe *p, uint64_t *a)
{
	int64_t clear, got;

	a[p->slot] = p->lo;
	clear = r->call(op->id, p->nargs, a);
	a[p->slot] = p->value;
	got = r->call(op->id, p->nargs, a);
	pvabi_tap_check(r->tap, got == clear, "%s: %s (got %lld, with them clear %lld)", op->name,
			p->name, (long long)got, (long long)clear);
}

/* The outputs of a probe's call (ok: it succeeded, else it was refused
 * with the error it must have): its PVABI_COUT_* maps, then the guard
 * bytes after each buffer. */
static int probe_out_miss(struct pvabi_runner *r, const struct pvabi_cprobe *p,
			  uint8_t *const *bufs, int ok, char *why, unsigned int n)
{
	int over;

	if (pvabi_out_miss(r->s->args + p->args, p->nargs, bufs, ok, why, n))
		return 1;
	if ((over = pvabi_suite_guards_broken(r->s->args + p->args, p->nargs, bufs)) < 0)
		return 0;
	pvabi_snfmt(why, n, "argument %d: written past its %u bytes", over,
		    (unsigned)r->s->args[p->args + (uint32_t)over].size);
	return 1;
}

/* A range edge: the call at the edge must answer what the spec declares
 * (error), or with lowest set what the base call answers (an ignored
 * value). With a state op (free_op), the value is the first whose sum
 * with the state overflows: value - state + 1, the state read just
 * before, so the platform's own, later, state overflows it too. */
static void run_edge(struct pvabi_runner *r, const struct pvabi_cop *op,
		     const struct pvabi_cprobe *p, uint64_t *a, uint8_t *const *bufs)
{
	uint64_t none[8] = { 0 }, state = 0;
	int64_t want = p->error, got;
	char why[120];
	int out;

	if (p->lowest)
		want = r->call(op->id, p->nargs, a);
	if (p->free_op != 0xffff && p->free_op < r->s->nops)
		state = (uint64_t)r->call(r->s->ops[p->free_op].id, 0, none);
	a[p->slot] = p->free_op != 0xffff ? p->value - state + 1 : p->value;
	got = r->call(op->id, p->nargs, a);
	/* an edge refused as declared leaves every output as the guest had
	 * it (a base call that answered first was refused as well) */
	out = got == want && got < 0 && probe_out_miss(r, p, bufs, 0, why, sizeof(why));
	pvabi_tap_check(r->tap, got == want && !out, "%s: %s (got %lld, value %llu)", op->name,
			p->name, (long long)got, (unsigned long long)a[p->slot]);
	if (out)
		pvabi_tap_diag(r->tap, "%s", why);
}

static void run_probe(struct pvabi_runner *r, const struct pvabi_cop *op,
		      const struct pvabi_cprobe *p)
{
	uint8_t *bufs[8];
	uint64_t a[8] = { 0 };
	size_t used = 0;
	uint32_t nargs = p->nargs;
	int64_t got;
	char why[120];
	int out;

	if (pvabi_suite_args(r->s->args + p->args, p->nargs, 0, a, bufs, &used) ||
	    (p->slot >= 8 && p->slot != PVABI_CPROBE_ARITY) ||
	    (p->fill_slot != 0xff && probe_fill(p, used, a))) {
		pvabi_tap_note_status(r->tap, PVABI_ERROR);
		pvabi_tap_diag(r->tap, "harness: %s: %s needs more scratch memory", op->name,
			       p->name);
		return;
	}
	if (p->refused == 2)
		run_discovery(r, op, p, a);
	else if (p->refused == 3)
		pvabi_suite_fill(r, op, p, a);
	else if (p->refused == 4)
		pvabi_suite_cycle(r, op, p, a);
	else if (p->refused == 5)
		run_guest_bits(r, op, p, a);
	else if (p->refused == 6)
		run_edge(r, op, p, a, bufs);
	else if (p->refused == 7)
		pvabi_suite_full_value(r, op, p, a);
	else if (p->refused == 8)
		run_recheck(r, op, p, a);
	else if (p->refused == 9)
		pvabi_suite_fixed(r, op, p, r->probe_pass);
	if (p->refused >= 2)
		return;
	if (p->slot == PVABI_CPROBE_ARITY)
		nargs = (uint32_t)p->value; /* slots past it: zeroed by the transport */
	else
		a[p->slot] = p->value;
	pvabi_suite_mono_arity(p->slot == PVABI_CPROBE_ARITY);
	got = r->call(op->id, nargs, a);
	pvabi_suite_mono_arity(0);
	/* a call that succeeds wrote its outputs, whatever the probe wants;
	 * one refused as it must be wrote none */
	out = p->slot != PVABI_CPROBE_ARITY && (got >= 0 || (p->refused && got == p->error)) &&
	      probe_out_miss(r, p, bufs, got >= 0, why, sizeof(why));
	pvabi_tap_check(r->tap, (p->refused ? got == p->error : got != p->error) && !out,
			"%s: %s (got %lld)", op->name, p->name, (long long)got);
	if (out)
		pvabi_tap_diag(r->tap, "%s", why);
}

/* The pass a probe runs in: 0 first, 1 after the scenarios (the fills),
 * 2 last (the platform limits read again); a fixed output (9) in every
 * pass, first (see pvabi_suite_probes). */
static int probe_pass(const struct pvabi_cprobe *p)
{
	return p->refused == 8 ? 2 : p->refused == 3 || p->refused == 7;
}

/* The probes of pass fills: the fixed outputs' (fixed 1) or the others. */
static void probes_of(struct pvabi_runner *r, int fills, int fixed)
{
	const struct pvabi_csuite *s = r->s;
	uint32_t i, k = pvabi_suite_rev_index(s, r->rev);

	for (i = 0; i < s->nprobes; i++) {
		const struct pvabi_cprobe *p = &s->probes[i];
		const struct pvabi_cop *op;

		if (k < p->since || k >= p->until || p->op >= s->nops ||
		    (p->refused == 9) != fixed || (!fixed && probe_pass(p) != fills) ||
		    (r->granted & p->fmask) != p->fwant)
			continue;
		op = &s->ops[p->op];
		if (!pvabi_suite_selected(r->only, op->name))
			continue;
		if (op->feature && !(op->feature & r->granted)) {
			pvabi_tap_skip(r->tap, "feature not granted by this platform", "%s: %s",
				       op->name, p->name);
			continue;
		}
		run_probe(r, op, p);
	}
}

/* The declared limits at their edges, for the negotiated revision and
 * grant. First after negotiation: no port is allocated yet, so a probe
 * on a valid port finds it free and changes nothing. The fills (fills
 * 1) come last instead, after the scenarios: they leave tables full;
 * then (fills 2) the platform limits are read again. The outputs fixed
 * for the guest's life are read first of all (fills 0), again before
 * the fills (1) and after the limits (2): one mechanism reads both again
 * at the end of the run. */
void pvabi_suite_probes(struct pvabi_runner *r, int fills)
{
	r->probe_pass = fills;
	if (fills < 2)
		probes_of(r, fills, 1);
	if (fills == 1)
		pvabi_suite_fixed_end();
	probes_of(r, fills, 0);
	if (fills == 2)
		probes_of(r, fills, 1);
}
