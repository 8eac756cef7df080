/* The empty guest: boots, prints an empty TAP run and exits at once. The
 * benchmarks' baseline: what any image pays to boot and exit. */
#include "guest/rt/runtime.h"
#include "guest/rt/tap.h"

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	struct pvabi_tap t;

	(void)cmdline;
	pvabi_tap_begin(&t, pvabi_console_sink, 0);
	return pvabi_tap_end(&t);
}
