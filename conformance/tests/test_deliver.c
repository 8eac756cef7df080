/* Delivery observed on the vCPU an event targets: the reference platform
 * passes the scenarios that wait for upcalls on the bound vCPU (and for
 * none on the others) on every engine that runs here, none of them a
 * skip; the gate's seed deliver-to-caller and two test-local seeds
 * (conformance/tests/deliver-seeds: every event to vCPU 0; a timer's
 * expiry to the vCPU whose timer fired) each fail the scenarios whose
 * event their mistake sends elsewhere, and only those, with the step
 * that saw it. */
#include "conformance/engine.h"
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

static const char *const scens[] = {
	"evtchn_deliver_to_bound_vcpu", "evtchn_send_from_vcpu1",
	"timer_vcpu1_fires_during_vcpu0_call", "timer_vcpu1_relative_fires_during_vcpu0_call",
	"timer_event_to_bound_vcpu",
};

/* The TAP line of scenario name: "ok", "not ok", "skip" or "absent". */
static const char *verdict(const char *name)
{
	char key[160];
	const char *p = pvabi_test_out;

	snprintf(key, sizeof(key), " - scenario %s (", name);
	while ((p = strstr(p, key))) {
		const char *bol = p, *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		while (bol > pvabi_test_out && bol[-1] != '\n')
			bol--;
		if (!strncmp(bol, "not ok", 6))
			return "not ok";
		if (!strncmp(bol, "ok", 2))
			return memmem(p, len, "# SKIP", 6) ? "skip" : "ok";
		p += strlen(key);
	}
	return "absent";
}

/* Not one vector or probe fails: a seed of this class breaks scenarios
 * only (a failed one leaves its timer ports to the next, so which later
 * scenarios fail is not its own finding). */
static size_t vectors_failed(void)
{
	return pvabi_test_lines("not ok", "") - pvabi_test_lines("not ok", " - scenario ");
}

static void test_reference(void)
{
	static const char *const engines[] = { "kvm", "qemu-tcg", "qemu-kvm" };
	const struct pvabi_engine *const *e;
	size_t i, k, ran = 0;

	for (k = 0; k < sizeof(engines) / sizeof(engines[0]); k++) {
		char why[256];

		for (e = pvabi_engines; *e && strcmp((*e)->name, engines[k]); e++)
			;
		if (!*e || (*e)->probe(why, sizeof(why))) {
			printf("\n  %s not run here: %s\n", engines[k], *e ? why : "no such engine");
			continue;
		}
		ran++;
		CU_ASSERT_EQUAL(pvabi_test_image("pvabi", "2.1", engines[k]), 0);
		CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 0);
		for (i = 0; i < sizeof(scens) / sizeof(scens[0]); i++)
			if (strcmp(scens[i], "timer_vcpu1_fires_during_vcpu0_call"))
				CU_ASSERT_STRING_EQUAL(verdict(scens[i]), "ok");
		CU_ASSERT_STRING_EQUAL(verdict("timer_vcpu1_fires_during_vcpu0_call"), "absent");
	}
	if (!ran)
		PVABI_SKIP("no engine runs the reference platform here");
	/* 1.0 and 1.1 arm vCPU 1's timer with an absolute deadline */
	CU_ASSERT_EQUAL(pvabi_test_image("pvabi", "1.1", "auto"), 0);
	CU_ASSERT_STRING_EQUAL(verdict("timer_vcpu1_fires_during_vcpu0_call"), "ok");
	CU_ASSERT_STRING_EQUAL(verdict("timer_event_to_bound_vcpu"), "ok");
}

static void test_deliver_to_caller(void)
{
	CU_ASSERT_EQUAL(pvabi_test_image("mutants/deliver-to-caller/pvabi", "2.1", "auto"), 1);
	CU_ASSERT_EQUAL(vectors_failed(), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario evtchn_deliver_to_bound_vcpu (25 steps) (got step 13: timed out: 0 of 1 upcalls on vCPU 1 within 500000000 ns)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario evtchn_send_from_vcpu1 (19 steps) (got step 13: timed out: 0 of 1 upcalls within 500000000 ns)"), 1);
	CU_ASSERT_STRING_EQUAL(verdict("timer_vcpu1_relative_fires_during_vcpu0_call"), "not ok");
	CU_ASSERT_STRING_EQUAL(verdict("timer_event_to_bound_vcpu"), "not ok");
}

/* Right for every event bound to vCPU 0, so only the scenarios that
 * bind one to vCPU 1 see it. */
static void test_to_vcpu0(void)
{
	CU_ASSERT_EQUAL(pvabi_test_image("mutants/deliver-to-vcpu0/pvabi", "2.1", "auto"), 1);
	CU_ASSERT_EQUAL(vectors_failed(), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario evtchn_deliver_to_bound_vcpu (25 steps) (got step 13: timed out: 0 of 1 upcalls on vCPU 1 within 500000000 ns)"), 1);
	CU_ASSERT_STRING_EQUAL(verdict("evtchn_send_from_vcpu1"), "ok");
	/* vCPU 1's timer port bound to vCPU 1, its expiry due before the close */
	CU_ASSERT_STRING_EQUAL(verdict("timer_due_before_close_vcpu1"), "not ok");
	CU_ASSERT_STRING_EQUAL(verdict("timer_vcpu1_relative_fires_during_vcpu0_call"), "not ok");
	CU_ASSERT_STRING_EQUAL(verdict("timer_event_to_bound_vcpu"), "not ok");
}

/* Right whenever a vCPU's timer port is bound to that vCPU, which every
 * scenario but one does: only timer_event_to_bound_vcpu, which binds
 * vCPU 0's timer port to vCPU 1, sees it, in every revision. */
static void test_timer_to_owner(void)
{
	static const char *const revs[] = { "1.0", "2.1" };
	size_t r, i;

	for (r = 0; r < 2; r++) {
		CU_ASSERT_EQUAL(pvabi_test_image("mutants/timer-to-owner/pvabi", revs[r], "auto"), 1);
		CU_ASSERT_EQUAL(vectors_failed(), 0);
		CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario timer_event_to_bound_vcpu ("), 1);
		/* and the scenario's copy that makes each call on a port from
		 * the other vCPU (the bind of vCPU 0's timer port to vCPU 1 too) */
		CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario each call on a handle from the other vCPU: timer_event_to_bound_vcpu ("), 1);
		CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "timed out: 0 of 1 upcalls on vCPU 1 within 500000000 ns)"), 2);
		/* and the probe of work due on every vCPU at once, whose ports
		 * are bound to vCPU 0 (emit/emit_many_scen.c); the expiry it
		 * sent vCPU 1 is taken there, so no later scenario that waits
		 * on vCPU 1 is red for it */
		CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "due at once, then one get_time call from vCPU 1"), 1);
		CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 3);
		for (i = 0; i + 1 < sizeof(scens) / sizeof(scens[0]); i++)
			CU_ASSERT_STRING_NOT_EQUAL(verdict(scens[i]), "not ok");
	}
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "deliver_to_caller", test_deliver_to_caller },
	{ "to_vcpu0", test_to_vcpu0 },
	{ "timer_to_owner", test_timer_to_owner },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "deliver", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
