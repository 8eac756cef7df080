/* Outputs fixed while the guest runs (<fixed>, refused 9 in
 * guest/rt/conformance.h, docs/checks.md): a guest reads them once and
 * caches them for its life, so a platform that answers another value
 * later breaks every guest that did. The first reading is taken first
 * among the probes, right after the agreement; each is read again after
 * the vectors, batches and scenarios (a second negotiate and malformed
 * offers made, vCPU 1 ran, timers fired), from vCPU 1 too where the
 * value is the guest's, and at the end of the run with the platform
 * limits (the handle tables filled). Every reading must equal the first
 * bit for bit; a red line names the value, both readings and the point.
 * A value that may move on an outside event (unless=) is judged so too,
 * and its red line says by how much it moved, for the harness, which
 * watched the event, to judge (conformance/hostclock.c).
 * One call a reading: 3 or 4 a declaration per run. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"

#define VALUES 8

static struct {
	uint64_t v[VALUES];
	uint8_t n, have;
} first[PVABI_CFIXED_MAX];
static int vcpu1; /* 1 started for the re-readings, -1 could not start */
static const char *vcpu1_why;

/* The name of value i of p's reading: "ret", or its field. */
static const char *value_name(const struct pvabi_runner *r, const struct pvabi_cprobe *p, uint32_t i)
{
	if (p->slot && i == 0)
		return "ret";
	return r->s->checks[p->value + i - p->slot].field;
}

/* One reading on vcpu: the call, then its values into v (the result
 * first when it is one, then each field its checks place). The call's
 * answer, INT64_MIN when its arguments do not fit. */
static int64_t reading(struct pvabi_runner *r, const struct pvabi_cop *op,
		       const struct pvabi_cprobe *p, uint32_t vcpu, uint64_t *v, uint8_t *n)
{
	const struct pvabi_ccheck *c = r->s->checks + p->value;
	uint8_t *bufs[8];
	uint64_t a[8] = { 0 };
	size_t used = 0;
	int64_t got;
	uint32_t i;

	if (pvabi_suite_args(r->s->args + p->args, p->nargs, 0, a, bufs, &used))
		return INT64_MIN;
	got = pvabi_suite_vcpu_call(r, vcpu, op->id, p->nargs, a);
	if (got < 0)
		return got;
	*n = 0;
	if (p->slot)
		v[(*n)++] = (uint64_t)got;
	for (i = 0; i < p->fill_elem && *n < VALUES; i++)
		v[(*n)++] = c[i].slot < p->nargs && bufs[c[i].slot]
				    ? (uint64_t)pvabi_check_read(bufs[c[i].slot], &c[i]) : 0;
	return got;
}

/* The reading at point (its words) judged against the first. */
static void again(struct pvabi_runner *r, const struct pvabi_cop *op,
		  const struct pvabi_cprobe *p, uint32_t vcpu, const char *point)
{
	uint64_t v[VALUES];
	uint8_t n = 0, k = p->limit, i;
	int64_t got = reading(r, op, p, vcpu, v, &n);

	if (got < 0) {
		pvabi_tap_check(r->tap, 0, "%s: %s, read again %s (refused: %lld)", op->name, p->name,
				point, (long long)got);
		return;
	}
	for (i = 0; i < n && i < first[k].n && v[i] == first[k].v[i]; i++)
		;
	if (i == n)
		pvabi_tap_check(r->tap, 1, "%s: %s, read again %s (the same)", op->name, p->name,
				point);
	else
		pvabi_tap_check(r->tap, 0, "%s: %s, read again %s (%s 0x%llx, first 0x%llx)",
				op->name, p->name, point, value_name(r, p, i),
				(unsigned long long)v[i], (unsigned long long)first[k].v[i]);
	/* The image cannot see the host's clock: the harness, which watched
	 * it across the run, judges the move (a step moves the value by as
	 * much; no step, no move) */
	if (i < n && p->fill_byte == PVABI_CFIXED_UNLESS_HOST_CLOCK_STEP)
		pvabi_tap_diag(r->tap, PVABI_CFIXED_MOVED,
			       (long long)(v[i] - first[k].v[i]));
}

static void first_reading(struct pvabi_runner *r, const struct pvabi_cop *op,
			  const struct pvabi_cprobe *p)
{
	uint8_t k = p->limit;
	int64_t got = reading(r, op, p, 0, first[k].v, &first[k].n);

	first[k].have = got >= 0;
	if (got < 0)
		pvabi_tap_check(r->tap, 0, "%s: %s, first reading (refused: %lld)", op->name, p->name,
				(long long)got);
}

void pvabi_suite_fixed(struct pvabi_runner *r, const struct pvabi_cop *op,
		       const struct pvabi_cprobe *p, int fills)
{
	int cls = pvabi_suite_cost_enter(PVABI_COST_FIXED);

	if (p->limit >= PVABI_CFIXED_MAX || p->fill_elem + p->slot > VALUES) {
		pvabi_tap_note_status(r->tap, PVABI_ERROR);
		pvabi_tap_diag(r->tap, "harness: %s: %s reads more than the runner keeps", op->name,
			       p->name);
	} else if (fills == 0) {
		first_reading(r, op, p);
	} else if (!first[p->limit].have) {
		pvabi_tap_skip(r->tap, "the first reading found no value", "%s: %s, read again",
			       op->name, p->name);
	} else if (fills == 2) {
		again(r, op, p, 0, "at the end of the run, the tables filled");
	} else {
		again(r, op, p, 0, "after the vectors, batches and scenarios");
		if (p->lowest && !vcpu1) {
			vcpu1_why = pvabi_suite_vcpu_start(PVABI_SUITE_VCPU1_CALLS);
			vcpu1 = vcpu1_why ? -1 : 1;
		}
		if (p->lowest && vcpu1 < 0)
			pvabi_tap_skip(r->tap, vcpu1_why, "%s: %s, read again from vCPU 1", op->name,
				       p->name);
		else if (p->lowest)
			again(r, op, p, 1, "from vCPU 1, after the scenarios");
	}
	pvabi_suite_cost_enter(cls);
}

void pvabi_suite_fixed_end(void)
{
	if (vcpu1 > 0)
		pvabi_suite_vcpu_stop();
	vcpu1 = 0;
}
