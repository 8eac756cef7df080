/* Outcome categories of a guest run, in increasing severity: when several
 * apply, the most severe wins (as in the Xen Test Framework). Faults of
 * the harness (ERROR) stay apart from faults of the platform under test
 * (FAIL). The guest writes PVABI_EXIT_BASE + status to isa-debug-exit;
 * QEMU then exits with (value << 1) | 1, i.e. 65 + 2 * status, which can
 * never be mistaken for QEMU's own exit codes 0 and 1. */
#ifndef PVABI_GUEST_STATUS_H
#define PVABI_GUEST_STATUS_H

enum pvabi_status {
	PVABI_PASS = 0,    /* every check passed */
	PVABI_SKIP = 1,    /* nothing could be checked, for a stated reason */
	PVABI_REFUSED = 2, /* negotiation failed cleanly; reason printed */
	PVABI_ERROR = 3,   /* the guest harness itself failed */
	PVABI_FAIL = 4,    /* the platform broke the ABI */
	PVABI_CRASH = 5,   /* an exception in the guest */
};

#define PVABI_STATUS_COUNT 6
#define PVABI_EXIT_BASE 0x20u

static inline enum pvabi_status pvabi_status_worst(enum pvabi_status a,
						   enum pvabi_status b)
{
	return a > b ? a : b;
}

const char *pvabi_status_name(enum pvabi_status s);

#endif
