/* Upcalls between scenarios, judged (docs/checks.md, "What an
 * interrupt carries"). A wait judges the upcalls its scenario takes; the others
 * arrive while the runner drains what the engine still holds before a
 * scenario that counts (pvabi_suite_vcpu_settle) and at the end of the
 * run: late events of the scenarios before, or interrupts nobody asked
 * for. Each must carry a vector a port was bound to by a call that
 * succeeded since the previous drain (a step whose argument carries a
 * vector, emit/emit_scen.c): every scenario closes its ports, so no
 * other port can still deliver. An upcall on another vector is one a
 * guest has no handler for (Linux: "No irq handler for vector"), and
 * the event it should have carried is lost to the handler that waits
 * for it. One check at the end of the run names the first. */
#include "guest/rt/runtime.h"
#include "guest/rt/suite.h"
#include "guest/rt/tap.h"

static uint64_t bound[4];     /* vectors bound since the last drain */
static uint64_t judged[PVABI_UPCALL_VCPUS]; /* each vCPU's upcalls judged */
static const char *since;     /* the first scenario since the last drain */
static const char *after;     /* the scenario that ran last */
static uint64_t wrong, taken; /* upcalls between scenarios */
static char first[240];

void pvabi_between_bound(uint64_t vector)
{
	bound[(vector >> 6) & 3] |= UINT64_C(1) << (vector & 63);
}

/* What a scenario took is its own: its waits judged it. */
void pvabi_between_scen_end(const char *scen)
{
	uint32_t v;

	for (v = 0; v < PVABI_UPCALL_VCPUS; v++)
		judged[v] = pvabi_upcalls_on[v];
	if (!since)
		since = scen;
	after = scen;
}

static void say_wrong(uint32_t v, uint8_t got)
{
	char set[40] = "";
	unsigned int i, n = 0, k = 0;

	for (i = 0; i < 256 && n < 4; i++)
		if (bound[i >> 6] >> (i & 63) & 1)
			k += (unsigned int)pvabi_snfmt(set + k, sizeof(set) - k, " 0x%x", i), n++;
	/* no parentheses: the reports split the TAP line's last "(got ...)" */
	if (!after)
		pvabi_snfmt(first, sizeof(first), "upcall vector 0x%x%s before any scenario",
			    (unsigned)got, v ? " on vCPU 1" : "");
	else if (since == after)
		pvabi_snfmt(first, sizeof(first), "upcall vector 0x%x%s after scenario %s, "
			    "bound to no port; bound:%s", (unsigned)got, v ? " on vCPU 1" : "",
			    after, n ? set : " none");
	else
		pvabi_snfmt(first, sizeof(first), "upcall vector 0x%x%s after scenarios %s to %s, "
			    "bound to no port; bound:%s", (unsigned)got, v ? " on vCPU 1" : "",
			    since, after, n ? set : " none");
}

/* Each upcall since the last drain, on every vCPU, against the vectors
 * bound since; only the last PVABI_UPCALL_VEC_LOG of a vCPU are known. */
void pvabi_between_judge(void)
{
	uint64_t now, n;
	uint32_t v;
	uint8_t got;

	for (v = 0; v < PVABI_UPCALL_VCPUS; v++) {
		now = pvabi_upcalls_on[v];
		n = now - judged[v] > PVABI_UPCALL_VEC_LOG ? now - PVABI_UPCALL_VEC_LOG : judged[v];
		taken += now - judged[v];
		for (; n < now; n++) {
			got = pvabi_upcall_vecs[v][n % PVABI_UPCALL_VEC_LOG];
			if (bound[got >> 6] >> (got & 63) & 1)
				continue;
			if (!wrong++)
				say_wrong(v, got);
		}
		judged[v] = now;
	}
	bound[0] = bound[1] = bound[2] = bound[3] = 0;
	since = 0;
}

/* The last drain, then the run's one line on them. */
void pvabi_between_report(struct pvabi_runner *r)
{
	pvabi_upcall_settle(r->s->doorbell_port);
	pvabi_between_judge();
	pvabi_tap_check(r->tap, !wrong, "upcalls between scenarios, each on a vector a port was "
			"bound to%s%s%s", wrong ? " (got " : "", wrong ? first : "", wrong ? ")" : "");
	if (wrong)
		pvabi_tap_diag(r->tap, "%llu of %llu upcalls between scenarios on a vector bound to "
			       "no port", (unsigned long long)wrong, (unsigned long long)taken);
}
