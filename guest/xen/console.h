/* The TAP console of an image built over one revision's generated Xen
 * guest header: include it after xen_guest.h, whose stubs it calls, then
 * pvabi_xen_console_use() before the TAP stream begins. */
#ifndef PVABI_GUEST_XEN_CONSOLE_H
#define PVABI_GUEST_XEN_CONSOLE_H

#include "guest/rt/runtime.h"

static void pvabi_xen_console_write(const char *s, size_t n)
{
	xen_console_io_write((int32_t)n, (const uint8_t *)s);
}

/* Xen sends queued console output when the guest exits to it: 1024
 * calls empty its whole 16 KiB queue before isa-debug-exit ends the
 * machine (guest/xen/hypercall.c measured the loss without). */
static void pvabi_xen_console_drain(void)
{
	unsigned int i;

	for (i = 0; i < 1024; i++)
		xen_xen_version_version();
}

static inline void pvabi_xen_console_use(void)
{
	pvabi_console_set_writer(pvabi_xen_console_write, pvabi_xen_console_drain);
}

#endif
