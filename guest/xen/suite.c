/* The generated conformance suite of one interface version of
 * spec/xen.xml as a Xen guest (PVH, the first domain): it installs the
 * hypercall page, prints TAP through console_io and runs every vector
 * and scenario of its revision (pvabi gen --target conformance), each a
 * call through the typed stubs of that revision's guest header. What it
 * expects comes from the spec alone; guest/xen/conformance.c is the
 * hand-written image with expectations given on the command line. */
#include "guest/rt/conformance2.h"
#include "guest/rt/runtime.h"
#include "guest/rt/tap.h"
#include "xen_guest.h"
#include "guest/xen/console.h"

unsigned char xen_hypercall_page[4096] __attribute__((aligned(4096)));

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	struct pvabi_tap t;

	if (xen_hypercall_page_install((uint64_t)(uintptr_t)xen_hypercall_page) ||
	    !((volatile unsigned char *)xen_hypercall_page)[0]) {
		pvabi_printf("Bail out! no Xen hypercall page\n");
		return PVABI_ERROR;
	}
	pvabi_xen_console_use();
	pvabi_tap_begin(&t, pvabi_console_sink, 0);
	pvabi_tap_diag(&t, "Xen suite of interface version %s (0x%08x), command line '%s'",
		       XEN_REVISION_ID, XEN_REVISION, cmdline);
	pvabi_c2_run(&t, &pvabi_conformance2_suite);
	return pvabi_tap_end(&t);
}
