/* The call-cost guest: boots, optionally negotiates, then loops a number
 * of platform calls or of bare port writes, and exits PASS. Used by the
 * engine benchmarks (a call's round trip against a bare port exit, in the
 * same image so both pay the same boot) and by `auto` engine selection
 * (a short run that costs what a conformance cell costs: boot, calls,
 * console, exit).
 *
 *   count=N   iterations (default 1000)
 *   mode=call one call of op `op` per iteration (default)
 *   mode=out  one `out` to port 0x80 per iteration: an exit nothing
 *             serves, the floor under any call
 *   op=N      the op (default 7, the mini ABI's nop)
 *   tap=1     one TAP line per call, as a conformance suite prints one
 *             per vector: guest formatting and console work per call
 *
 * Built twice: with PVABI_CALLS_NEGOTIATE against a revision's suite (it
 * negotiates first, so the op reaches its handler), and without, for a
 * platform that answers every frame (the calibration server). */
#include "guest/rt/cmdline.h"
#include "guest/rt/io.h"
#include "guest/rt/runtime.h"
#include "guest/rt/suite.h"
#include "guest/rt/transport.h"

#define FRAME_GPA 0x7000u /* the call-frame convention of every pvabi ABI */
#define DOORBELL 0x2f8u
#define NULL_PORT 0x80u

#ifdef PVABI_CALLS_NEGOTIATE
static enum pvabi_status negotiate(struct pvabi_tap *t)
{
	return pvabi_suite_negotiate_as(t, &pvabi_conformance_suite, 0xbe7c);
}
#else
static enum pvabi_status negotiate(struct pvabi_tap *t)
{
	(void)t;
	return PVABI_PASS;
}
#endif

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	uint64_t count = pvabi_cmdline_number(cmdline, "count", 1000), i, bad = 0;
	uint32_t op = (uint32_t)pvabi_cmdline_number(cmdline, "op", 7);
	char mode[8] = "call";
	struct pvabi_tap t;
	enum pvabi_status st;

	pvabi_cmdline_get(cmdline, "mode", mode, sizeof(mode));
	pvabi_tap_begin(&t, pvabi_console_sink, 0);
	pvabi_transport_init(&pvabi_transport, FRAME_GPA, DOORBELL);
	st = negotiate(&t);
	if (st != PVABI_PASS)
		return st;
	if (!strncmp(mode, "out", 4)) {
		for (i = 0; i < count; i++)
			outb(NULL_PORT, 0);
	} else if (pvabi_cmdline_number(cmdline, "tap", 0)) {
		for (i = 0; i < count; i++) {
			int64_t ret = pvabi_transport_call_raw(&pvabi_transport, op, 0, 0, -1);

			bad += !pvabi_tap_check(&t, ret >= 0, "op %u returned %lld", op,
						(long long)ret);
		}
	} else {
		for (i = 0; i < count; i++)
			bad += pvabi_transport_call_raw(&pvabi_transport, op, 0, 0, -1) < 0;
	}
	pvabi_tap_check(&t, bad == 0 && pvabi_transport.faults == 0,
			"%llu %s iterations (%llu failed calls, %d transport faults)",
			(unsigned long long)count, mode, (unsigned long long)bad,
			pvabi_transport.faults);
	return pvabi_tap_end(&t);
}
