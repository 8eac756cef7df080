/* The empty Xen guest: finds Xen, installs the hypercall page (so its
 * console works), prints an empty TAP run and exits. The baseline of a
 * Xen cell: what any image pays for Xen's boot, the first domain's
 * construction and the exit. */
#include "guest/rt/runtime.h"
#include "guest/rt/tap.h"
#include "guest/xen/xen.h"

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	struct pvabi_tap t;
	uint32_t base, version;

	(void)cmdline;
	if (pvabi_xen_init(&base, &version))
		return PVABI_ERROR;
	pvabi_tap_begin(&t, pvabi_console_sink, 0);
	return pvabi_tap_end(&t);
}
