/* A conformance image: negotiates with the platform, runs its revision's
 * generated suite and exits with the run's status. The same binary runs
 * on every engine; the command line may narrow it: only=op1,op2, and
 * set what it asks for in negotiation: require=MASK optional=MASK (either
 * one alone leaves the other 0; the default asks for every feature of
 * the image's revision, optional), release=off keeps what a failed
 * scenario holds instead of releasing it, and hand it the host's wall
 * clock: wallref=NS (when the harness started it) wallwin=MS (how long
 * after that the harness ends it at the latest), and end it by asking
 * the op the spec marks ends-run= for reason end=N once the suite is done,
 * from vCPU 1 with endvcpu=1. */
#include "guest/rt/cmdline.h"
#include "guest/rt/console_mem.h"
#include "guest/rt/runtime.h"
#include "guest/rt/suite.h"
#include "guest/rt/transport.h"

/* require= and optional=: -1 when one is not a mask. */
static int request(const char *cmdline, struct pvabi_runner *r)
{
	int rq = pvabi_cmdline_mask(cmdline, "require", &r->required);
	int op = pvabi_cmdline_mask(cmdline, "optional", &r->optional);

	if (rq < 0 || op < 0)
		return -1;
	r->request_set = rq == 0 || op == 0;
	return 0;
}

/* The longest vCPU 0 waits for vCPU 1's shutdown to come back: a
 * platform that stops the guest stops vCPU 0 long before, and one that
 * returns (this tree's by default) answers in a call's time; paid only by
 * a platform that stops vCPU 1 alone or never answers it. */
#define AP_END_NS 2000000000ull

/* endvcpu=1 (docs/checks.md, "How a run ends, asked from a vCPU other
 * than 0"): vCPU 1 asks while vCPU 0 waits, and never ends the run itself
 * while vCPU 1's call is out. Only where vCPU 1 ran in the suite: an
 * engine that runs one vCPU is not waited for again, and the end is asked
 * from vCPU 0, said so. 1: vCPU 1 asks. */
static int end_from_ap(const char *cmdline)
{
	if (pvabi_cmdline_number(cmdline, "endvcpu", 0) != 1)
		return 0;
	if (pvabi_suite_vcpus_ran() < 2 || pvabi_suite_vcpu_start(PVABI_SUITE_VCPU1_CALLS)) {
		pvabi_printf("# end: asked from vCPU 0: vCPU 1 did not run in this run\n");
		return 0;
	}
	pvabi_printf("# end: vCPU 1 asks, vCPU 0 waits for the run to end\n");
	return 1;
}

/* The run's last act (docs/checks.md, "How a run ends"): the shutdown
 * the harness chose, written down before the call with the status the
 * run would exit with, because a platform that stops the guest at the
 * call (as Xen and a VMM do) leaves nothing to write afterwards: the
 * runner ends such a run with that status when the platform recorded the
 * reason asked. The judge compares the reason with what the platform
 * recorded. A platform that returns (this tree's, by default) lets the
 * run end through the exit port as before; a refusal is the platform
 * recording none. */
static void run_end(struct pvabi_runner *r, const char *cmdline, enum pvabi_status *st)
{
	const struct pvabi_csuite *s = r->s;
	uint64_t reason = pvabi_cmdline_number(cmdline, "end", ~0ull);
	int64_t ret = 0;
	int ap;

	if (reason == ~0ull || !r->rev || s->runend_op == ~0u)
		return;
	ap = end_from_ap(cmdline);
	pvabi_printf("# end: asking shutdown reason=%llu status=%s\n", (unsigned long long)reason,
		     pvabi_status_name(*st));
	if (!ap)
		ret = r->call(s->runend_op, 1, &reason);
	else if (pvabi_suite_vcpu_call_within(r, s->runend_op, 1, &reason, AP_END_NS, &ret)) {
		pvabi_printf("# end: shutdown(%llu) from vCPU 1 did not return in %llu ms and the "
			     "run went on\n", (unsigned long long)reason, AP_END_NS / 1000000u);
		*st = pvabi_status_worst(*st, PVABI_FAIL);
		return;
	}
	if (ret)
		pvabi_printf("# shutdown reason=%llu answered %lld\n", (unsigned long long)reason,
			     (long long)ret);
}

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	const struct pvabi_csuite *s = &pvabi_conformance_suite;
	struct pvabi_conrec_w *rec;
	struct pvabi_runner r;
	struct pvabi_tap t;
	char only[256], rel[8];
	enum pvabi_status st;

	memset(&r, 0, sizeof(r));
	pvabi_transport_init(&pvabi_transport, s->frame_gpa, s->doorbell_port);
	/* Before the first line: one channel for the whole run keeps order. */
	rec = pvabi_console_mem_start(cmdline);
	pvabi_tap_begin(&t, pvabi_console_sink, 0);
	pvabi_tap_records(&t, rec);
	pvabi_upcall_init(s->doorbell_port);
	r.s = s;
	r.tap = &t;
	r.call = pvabi_suite_call;
	r.negotiate_op = s->negotiate_op;
	r.guest_id = 0x9e57;
	r.only = pvabi_cmdline_get(cmdline, "only", only, sizeof(only)) == 0 ? only : 0;
	r.no_release = pvabi_cmdline_get(cmdline, "release", rel, sizeof(rel)) == 0 &&
		       !memcmp(rel, "off", 4);
	r.releases = pvabi_conformance_releases;
	/* the reference tied checks are judged against (docs/engines.md) */
	r.wall_ref_ns = pvabi_cmdline_number(cmdline, "wallref", 0);
	r.wall_win_ns = pvabi_cmdline_number(cmdline, "wallwin", 0) * 1000000u;
	if (request(cmdline, &r) < 0) {
		pvabi_tap_check(&t, 0, "command line: require= and optional= take a mask (0x hex "
				"or decimal)");
		pvabi_tap_note_status(&t, PVABI_ERROR);
		return pvabi_tap_end(&t);
	}
	st = pvabi_suite_run(&r);
	if (pvabi_transport.faults) {
		pvabi_printf("# transport: %d answers did not match their call\n",
			     pvabi_transport.faults);
		st = pvabi_status_worst(st, PVABI_FAIL);
	}
	run_end(&r, cmdline, &st);
	return st;
}
