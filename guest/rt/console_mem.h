/* The memory console, between a conformance image and pvabi's own cell
 * runner. Started by `pvabi run` (command line console=mem), an image
 * keeps its console in a buffer of its own memory instead of COM1, as
 * result records (conrec.h): the runner renders what is new as TAP at
 * every call the guest makes, and the guest calls PVABI_CONSOLE_MEM_OP
 * (one argument: the header's address) when the buffer is full and
 * before it exits, after which it starts again at 0. No byte can be lost
 * to a UART, no byte costs an exit, and no check line is formatted in
 * the guest.
 *
 * The op id lies in the range every pvabi ABI reserves (answered ENOSYS);
 * the runner serves it only with one argument pointing at a header with
 * the magic, so any other call with that id reaches the platform. An
 * engine that does not know it answers ENOSYS and the image keeps COM1
 * and text; frozen images never ask. */
#ifndef PVABI_GUEST_CONSOLE_MEM_H
#define PVABI_GUEST_CONSOLE_MEM_H

#include <stdint.h>

#include "guest/rt/conrec.h"

#define PVABI_CONSOLE_MEM_OP 0xffffc0deu

/* magic is PVABI_CONREC_MAGIC; followed by cap bytes of records; the
 * guest only appends and raises len. */
struct pvabi_console_mem {
	uint32_t magic, cap, len, reserved;
};

/* Guest side: with console=mem on the command line, registers the buffer
 * through the transport (which must be set up) and moves the console
 * there. The record writer for the TAP writer (tap.h), or NULL when the
 * console stays on COM1. */
struct pvabi_conrec_w *pvabi_console_mem_start(const char *cmdline);

#endif
