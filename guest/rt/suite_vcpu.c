/* Scenario calls made by vCPU 1 (a step's vcpu="1"): vCPU 1 is started
 * before the first scenario that needs it and stopped before the next
 * one that does not (and after the last), so it costs its host nothing
 * outside them, and each such call runs on it as a job
 * while vCPU 0 waits (guest/rt/smp.h): one call in flight, rung from
 * vCPU 1. A vCPU 1 that does not come (an engine or a platform that runs
 * one vCPU) skips the scenario with that reason; it is not waited for
 * again. */
#include "guest/rt/smp.h"
#include "guest/rt/suite.h"

/* Long enough for a loaded host to schedule the vCPU's thread; paid
 * once per image only where vCPU 1 never comes. */
#define START_NS 1000000000ull

static int absent;

struct vcall {
	struct pvabi_runner *r;
	uint32_t op, nargs;
	const uint64_t *args;
};

int pvabi_suite_vcpus(const struct pvabi_csuite *s, const struct pvabi_cscen *sc)
{
	uint32_t i;

	for (i = 0; i < sc->nsteps; i++)
		if (s->steps[sc->first + i].kind == PVABI_CSTEP_CALL && s->steps[sc->first + i].vcpu)
			return 1;
	return 0;
}

const char *pvabi_suite_vcpu_start(void)
{
	if (!absent && pvabi_smp_start(START_NS))
		absent = 1;
	return absent ? "vCPU 1 did not start: this engine or platform runs one vCPU" : 0;
}

void pvabi_suite_vcpu_stop(void)
{
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
