/* Scenario calls made by vCPU 1 (a step's vcpu="1"): vCPU 1 is started
 * before the first scenario that needs it and stopped before the next
 * one that does not (and after the last), so it costs its host nothing
 * outside them, and each such call runs on it as a job
 * while vCPU 0 waits (guest/rt/smp.h): one call in flight, rung from
 * vCPU 1. A vCPU 1 that does not come (an engine or a platform that runs
 * one vCPU) skips the scenario with that reason; it is not waited for
 * again. */
#include "guest/rt/runtime.h"
#include "guest/rt/smp.h"
#include "guest/rt/suite.h"

/* Long enough for a loaded host to schedule the vCPU's thread; paid
 * once per image only where vCPU 1 never comes. */
#define START_NS 1000000000ull

static int absent;
/* The vCPUs the guest has seen run: vCPU 0, and vCPU 1 once it came. A
 * limit that counts vCPUs is judged against it (guest/rt/suite_probe.c). */
static uint32_t ran = 1;

uint32_t pvabi_suite_vcpus_ran(void)
{
	return ran;
}

struct vcall {
	struct pvabi_runner *r;
	uint32_t op, nargs;
	const uint64_t *args;
};

int pvabi_suite_vcpus(const struct pvabi_csuite *s, const struct pvabi_cscen *sc)
{
	int needs = 0;
	uint32_t i;

	for (i = 0; i < sc->nsteps; i++) {
		const struct pvabi_cstep *st = &s->steps[sc->first + i];

		if (st->kind == PVABI_CSTEP_CALL && st->vcpu)
			needs |= PVABI_SUITE_VCPU1_CALLS;
		if (st->kind == PVABI_CSTEP_WAIT)
			needs |= st->vcpu ? PVABI_SUITE_WAITS | PVABI_SUITE_VCPU1_UPCALLS
					  : PVABI_SUITE_WAITS;
	}
	return needs;
}

/* An engine that cannot deliver to vCPU 1 cannot show where an event
 * went: such a scenario is a skip with that reason, never a pass. */
const char *pvabi_suite_vcpu_start(int needs)
{
	if ((needs & PVABI_SUITE_VCPU1_UPCALLS) && !pvabi_upcall_reaches(1))
		return "this engine delivers interrupts to vCPU 0 only";
	if (!absent && pvabi_smp_start(START_NS))
		absent = 1;
	if (!absent)
		ran = 2;
	return absent ? "vCPU 1 did not start: this engine or platform runs one vCPU" : 0;
}

static int64_t take_run(void *p)
{
	(void)p;
	pvabi_upcall_take();
	return 0;
}

/* What the engine sent vCPU 1 is taken before it halts, in the interval
 * it belongs to: a scenario that failed may leave an event there (one
 * sent to vCPU 1 while the scenario waited on vCPU 0), which the drain
 * before the next scenario judges as an upcall between scenarios. Left
 * in its UART, it would hold that UART's interrupt line up across the
 * next start (upcall.c, pvabi_upcall_ap_init). */
void pvabi_suite_vcpu_stop(void)
{
	if (pvabi_smp_running())
		pvabi_smp_call(take_run, 0);
	pvabi_smp_stop();
}

static int64_t vcall_run(void *p)
{
	const struct vcall *c = p;

	return c->r->call(c->op, c->nargs, c->args);
}

int64_t pvabi_suite_vcpu_call(struct pvabi_runner *r, uint32_t vcpu, uint32_t op, uint32_t nargs,
			      const uint64_t *args)
{
	struct vcall c = { r, op, nargs, args };

	if (!vcpu || !pvabi_smp_running())
		return r->call(op, nargs, args);
	return pvabi_smp_call(vcall_run, &c);
}

int pvabi_suite_vcpu_call_within(struct pvabi_runner *r, uint32_t op, uint32_t nargs,
				 const uint64_t *args, uint64_t within_ns, int64_t *ret)
{
	struct vcall c = { r, op, nargs, args };

	return pvabi_smp_call_within(vcall_run, &c, within_ns, ret);
}

struct vwait {
	uint64_t target, within_ns;
	int exact;
	uint16_t port;
};

static int64_t vwait_run(void *p)
{
	const struct vwait *w = p;

	return (int64_t)pvabi_upcall_wait(w->target, w->exact, w->within_ns, w->port);
}

/* On vCPU 1 the wait is its job: it takes interrupts while vCPU 0, which
 * hands it the job, waits with them disabled, so each vCPU's count is
 * what was delivered to it. */
uint64_t pvabi_suite_vcpu_wait(uint32_t vcpu, uint64_t target, int exact, uint64_t within_ns,
			       uint16_t port)
{
	struct vwait w = { target, within_ns, exact, port };

	if (!vcpu)
		return pvabi_upcall_wait(target, exact, within_ns, port);
	if (vcpu >= PVABI_UPCALL_VCPUS || !pvabi_smp_running())
		return vcpu < PVABI_UPCALL_VCPUS ? pvabi_upcalls_on[vcpu] : 0;
	return (uint64_t)pvabi_smp_call(vwait_run, &w);
}

static int64_t settle_run(void *p)
{
	pvabi_upcall_settle(*(const uint16_t *)p);
	return 0;
}

void pvabi_suite_vcpu_settle(int needs, uint16_t port)
{
	pvabi_upcall_settle(port);
	if ((needs & PVABI_SUITE_VCPU1_UPCALLS) && pvabi_smp_running())
		pvabi_smp_call(settle_run, &port);
	pvabi_between_judge(); /* what they took came between scenarios */
}

/* The summary's "waited:" line (docs/matrix.md, Cost): what the run's
 * waits took, and the TSC rate they were measured at (0: not measured),
 * as text beside the plan, so that a runner that does not know the line
 * shows it as the comment it is, and an image without it (a frozen one)
 * renders as before. None for a run that did not wait. */
void pvabi_suite_waited(struct pvabi_runner *r)
{
	struct pvabi_waited w;

	pvabi_waited_sum(&w);
	if (w.waits)
		pvabi_fmt(r->tap->sink, r->tap->ctx,
			  "# waited: %llu waits, %llu ns declared, %llu ticks to events, "
			  "%llu ticks in all, TSC %llu kHz\n", (unsigned long long)w.waits,
			  (unsigned long long)w.declared_ns, (unsigned long long)w.event_ticks,
			  (unsigned long long)w.ticks, (unsigned long long)pvabi_bound_khz());
}
