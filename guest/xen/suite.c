/* The generated conformance suite of one interface version of
 * spec/xen.xml as a Xen guest (PVH, the first domain): it installs the
 * hypercall page, prints TAP through console_io and runs every vector
 * and scenario of its revision (pvabi gen --target conformance), each a
 * call through the typed stubs of that revision's guest header. What it
 * expects comes from the spec alone; guest/xen/conformance.c is the
 * hand-written image with expectations given on the command line. The
 * one word it reads there is end=N: the shutdown reason to end the run
 * with (docs/checks.md, "How a run ends"). */
#include "guest/rt/cmdline.h"
#include "guest/rt/conformance2.h"
#include "guest/rt/runtime.h"
#include "guest/rt/tap.h"
#include "xen_guest.h"
#include "guest/xen/console.h"

unsigned char xen_hypercall_page[4096] __attribute__((aligned(4096)));

/* Writes x in decimal at p; the end. */
static char *decimal(char *p, unsigned long x)
{
	char d[24];
	int n = 0;

	do
		d[n++] = (char)('0' + x % 10);
	while ((x /= 10));
	while (n)
		*p++ = d[--n];
	return p;
}

/* The Xen release as the registry's <release id=> spells it: major and
 * minor from XENVER_version, then XENVER_extraversion (".7" makes
 * 4.17.7), by which a <now> probe judges an answer that changed between
 * releases; NULL when Xen does not say. */
const char *pvabi_c2_release(void)
{
	static char id[48];
	xen_extraversion_t extra;
	long v = xen_xen_version_version();
	char *p = id;

	memset(extra, 0, sizeof(extra));
	if (v < 0 || xen_xen_version_extraversion(extra))
		return NULL;
	extra[sizeof(extra) - 1] = 0;
	p = decimal(p, (unsigned long)v >> 16);
	*p++ = '.';
	p = decimal(p, (unsigned long)v & 0xffff);
	memcpy(p, extra, strlen((const char *)extra) + 1);
	return id;
}

/* The run's last act, as format 1's images do it (guest/image.c): the
 * reason and the status written first, because Xen destroys or restarts
 * the first domain at the call and leaves nothing to write afterwards;
 * the console drained first, so that line reaches the serial port whole.
 * Xen's own line then says what it did (conformance/xen_console.c). A
 * call that returns (a refusal, an op not served to this guest type)
 * says what it answered, and the run ends through the exit port. */
static void run_end(const char *cmdline, enum pvabi_status st)
{
	uint64_t reason = pvabi_cmdline_number(cmdline, "end", ~0ull);
	long ret;

	if (reason == ~0ull || !pvabi_conformance2_suite.runend)
		return;
	pvabi_printf("# end: asking shutdown reason=%llu status=%s\n", (unsigned long long)reason,
		     pvabi_status_name(st));
	pvabi_xen_console_drain();
	ret = pvabi_conformance2_suite.runend(reason);
	pvabi_printf("# shutdown reason=%llu answered %ld\n", (unsigned long long)reason, ret);
}

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	enum pvabi_status st;
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
	st = pvabi_tap_end(&t);
	run_end(cmdline, st);
	return st;
}
