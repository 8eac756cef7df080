/* Xen's serial line carries two streams: Xen's own lines, which start
 * with "(XEN)", and what the first domain writes through console_io.
 * This splitter gives the guest's bytes to the console (the TAP stream)
 * and Xen's lines to the log, drops the serial line's carriage returns,
 * and reads from Xen's lines how a run ended when the guest could not
 * say it: a panic, the first domain crashed or halted. Pure, so it is
 * tested without Xen. */
#ifndef PVABI_XEN_CONSOLE_H
#define PVABI_XEN_CONSOLE_H

#include <stddef.h>

#include "conformance/engine.h"

enum pvabi_xen_end {
	PVABI_XEN_RUNNING,
	PVABI_XEN_PANIC,   /* "Panic on CPU n:" then the reason */
	PVABI_XEN_CRASHED, /* "Hardware Dom0 crashed" */
	PVABI_XEN_HALTED,  /* "Hardware Dom0 halted": QEMU would never exit */
	PVABI_XEN_RESET,   /* "Hardware Dom0 shutdown: rebooting machine" (a
			    * triple fault too): QEMU exits by itself */
};

struct pvabi_xen_console {
	pvabi_console_fn guest, xen;
	void *ctx;
	char line[1024];
	size_t n;
	size_t guest_bytes;
	int in_panic;          /* inside the panic banner, before its reason */
	enum pvabi_xen_end end;
	int stop;              /* nothing more will come that matters: stop QEMU */
	char why[200];         /* Xen's line that says why */
	/* The shutdown reason Xen's line names for the first domain (the
	 * SHUTDOWN_* value, xen/include/public/sched.h), -1 for none: what
	 * Xen recorded as the guest's end (docs/engines.md, "Endings"). */
	int reason;
};

/* What Xen 4.17 prints when its hardware domain shuts down
 * (xen/common/shutdown.c, hwdom_shutdown()): one line per case of its
 * switch, which the parser reads, and the reason each case is (the
 * SHUTDOWN_* constant it switches on, as xen/include/public/sched.h and
 * spec/xen.xml's shutdown_reason give it; test-engine-xen compares the
 * two by the constant's name). A reason the switch has no case for
 * (SHUTDOWN_suspend among them) prints its number instead. */
struct pvabi_xen_shutdown_line {
	const char *after;   /* the words after "Hardware DomN" */
	const char *c_name;  /* the constant of the case */
	int reason;
};
extern const struct pvabi_xen_shutdown_line pvabi_xen_shutdown_lines[];
extern const size_t pvabi_xen_shutdown_nlines;

void pvabi_xen_console_init(struct pvabi_xen_console *c, pvabi_console_fn guest,
			    pvabi_console_fn xen, void *ctx);
void pvabi_xen_console_feed(struct pvabi_xen_console *c, const char *buf, size_t n);
/* The last line without its newline, at the end of the stream. */
void pvabi_xen_console_flush(struct pvabi_xen_console *c);

#endif
