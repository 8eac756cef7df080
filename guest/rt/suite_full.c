/* What a refusal reached only in a state leaves behind, per value of
 * the refused argument (docs/spec-language.md#handle-tables): in the
 * table its fill left full, the op is called with each value of an
 * argument that changes how it is handled and must answer its full
 * error; then one handle is freed and the same value must be allocated
 * in it (a refused timer port that left its singleton behind answers
 * EBUSY here), its state read back where the spec has an op for it,
 * and freed, and the table filled again for the next value. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"

static struct {
	uint32_t op, handle;
} full = { 0xffffffffu, 0 };

void pvabi_suite_full_set(uint32_t op, uint32_t handle)
{
	full.op = op;
	full.handle = handle;
}

static int64_t call1(struct pvabi_runner *r, uint16_t op, uint64_t h)
{
	uint64_t a[1] = { h };

	return r->call(r->s->ops[op].id, 1, a);
}

/* The state reader's field for handle h, into *v (its size, at most
 * 8 bytes, zero-extended); 0, or -1 when the
 * call fails or its arguments do not fit. */
static int read_back(struct pvabi_runner *r, const struct pvabi_cfull *p, uint64_t h,
		     int64_t *v)
{
	uint8_t *bufs[8];
	uint64_t a[8] = { 0 };
	uint64_t x = 0;
	size_t used = 0, i;

	if (p->check_op >= r->s->nops || p->check_slot >= 8 || p->check_out >= 8 ||
	    pvabi_suite_args(r->s->args + p->check_args, p->check_nargs, 0, a, bufs, &used) ||
	    !bufs[p->check_out])
		return -1;
	a[p->check_slot] = h;
	if (r->call(r->s->ops[p->check_op].id, p->check_nargs, a) != 0)
		return -1;
	for (i = 0; i < p->check_size && i < 8; i++) /* little-endian */
		x |= (uint64_t)bufs[p->check_out][p->check_off + i] << (8 * i);
	*v = (int64_t)x;
	return 0;
}

/* Scenario p->scen in the one free handle: it allocates the value there
 * and observes its effect (a timer port's event), then frees it. Runs
 * only where nothing blocks it (its ops granted); vCPU 0 only. */
static void observe(struct pvabi_runner *r, const struct pvabi_cop *op,
		    const struct pvabi_cprobe *p, const struct pvabi_cfull *x)
{
	const struct pvabi_cscen *sc;
	struct pvabi_scen_state ss = { { 0, 0 }, { 0, 0 }, 0, "", 0, 0, 0, "" };
	uint64_t vars[8] = { 0 };
	uint32_t j, i;

	if (x->scen >= r->s->nscens)
		return;
	sc = &r->s->scens[x->scen];
	for (i = 0; i < sc->nsteps; i++) {
		const struct pvabi_cstep *st = &r->s->steps[sc->first + i];

		if (st->kind == PVABI_CSTEP_CALL && r->s->ops[st->op].feature &&
		    !(r->s->ops[st->op].feature & r->granted))
			return; /* its own run says it is skipped, and why */
	}
	/* what it counts is its own, as in its own run: an exact count
	 * must not see what an earlier scenario left with the engine */
	if (pvabi_suite_vcpus(r->s, sc) & PVABI_SUITE_WAITS)
		pvabi_suite_vcpu_settle(PVABI_SUITE_WAITS, r->s->doorbell_port);
	if (pvabi_suite_scen_steps(r, sc, &ss, vars, &j))
		pvabi_tap_check(r->tap, 1, "%s: %s: scenario %s in the freed handle", op->name,
				p->name, sc->name);
	else
		pvabi_tap_check(r->tap, 0, "%s: %s: scenario %s in the freed handle (got step %u: %s)",
				op->name, p->name, sc->name, (unsigned)j, ss.why);
}

/* Leaves the full table by one handle, allocates value in it, reads it
 * back, frees it and fills the table again with the base call (base). */
static void leave_and_use(struct pvabi_runner *r, const struct pvabi_cop *op,
			  const struct pvabi_cprobe *p, uint64_t *a, uint64_t base)
{
	static const struct pvabi_cfull none = { 0xffff, 0, 0, 0, 0, 0, 0, 0xffff };
	const struct pvabi_cfull *x = &pvabi_cfulls && &pvabi_ncfulls &&
						p->fill_elem < pvabi_ncfulls
					      ? &pvabi_cfulls[p->fill_elem] : &none;
	int64_t e = call1(r, p->free_op, full.handle), got, closed = -1, again = -1, after = 0;
	int64_t seen = -1; /* the state read back; -1: not read */
	int ok, rb = 0;

	got = r->call(op->id, p->nargs, a);
	ok = e == 0 && got >= 0 && (uint64_t)got >= p->lo && (!p->lowest || got == full.handle);
	if (ok && x->check_op != 0xffff)
		rb = read_back(r, x, (uint64_t)got, &seen) || seen != (int64_t)p->value;
	if (got >= 0)
		closed = call1(r, p->free_op, (uint64_t)got);
	if (closed == 0 && x->scen != 0xffff)
		observe(r, op, p, x);
	a[p->slot] = base;
	again = r->call(op->id, p->nargs, a);
	if (again >= 0)
		after = r->call(op->id, p->nargs, a);
	pvabi_tap_check(r->tap, ok && !rb && closed == 0 && again >= 0 && after == p->error,
			"%s: %s (free %lld, got %lld, state %lld, free %lld, filled again with %lld, then %lld)",
			op->name, p->name, (long long)e, (long long)got, (long long)seen,
			(long long)closed, (long long)again, (long long)after);
	if (again < 0 || after != p->error)
		pvabi_suite_full_set(0xffffffffu, 0);
	else
		full.handle = (uint32_t)again;
}

void pvabi_suite_full_value(struct pvabi_runner *r, const struct pvabi_cop *op,
			    const struct pvabi_cprobe *p, uint64_t *a)
{
	uint64_t base = a[p->slot];
	int64_t got;

	if (full.op != p->op || p->slot >= 8) {
		pvabi_tap_skip(r->tap, "its fill did not leave the table full", "%s: %s", op->name,
			       p->name);
		return;
	}
	a[p->slot] = p->value;
	got = r->call(op->id, p->nargs, a);
	pvabi_tap_check(r->tap, got == p->error, "%s: %s: refused while full (got %lld)", op->name,
			p->name, (long long)got);
	if (got != p->error) {
		if (got >= 0 && p->free_op != 0xffff)
			(void)call1(r, p->free_op, (uint64_t)got);
		return;
	}
	if (full.handle && p->free_op != 0xffff)
		leave_and_use(r, op, p, a, base);
}
