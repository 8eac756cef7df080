/* A conformance image: negotiates with the platform, runs its revision's
 * generated suite and exits with the run's status. The same binary runs
 * on every engine; the command line may narrow it: only=op1,op2. */
#include "guest/rt/cmdline.h"
#include "guest/rt/runtime.h"
#include "guest/rt/suite.h"
#include "guest/rt/transport.h"

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	const struct pvabi_csuite *s = &pvabi_conformance_suite;
	struct pvabi_runner r;
	struct pvabi_tap t;
	char only[256];
	enum pvabi_status st;

	memset(&r, 0, sizeof(r));
	pvabi_tap_begin(&t, pvabi_console_sink, 0);
	pvabi_transport_init(&pvabi_transport, s->frame_gpa, s->doorbell_port);
	r.s = s;
	r.tap = &t;
	r.call = pvabi_suite_call;
	r.negotiate_op = s->negotiate_op;
	r.guest_id = 0x9e57;
	r.only = pvabi_cmdline_get(cmdline, "only", only, sizeof(only)) == 0 ? only : 0;
	st = pvabi_suite_run(&r);
	if (pvabi_transport.faults) {
		pvabi_printf("# transport: %d answers did not match their call\n",
			     pvabi_transport.faults);
		st = pvabi_status_worst(st, PVABI_FAIL);
	}
	return st;
}
