/* Which QEMU the QEMU-based engines run (qemu-tcg, qemu-kvm, xen), and
 * whether it can be run. */
#ifndef PVABI_QEMU_BIN_H
#define PVABI_QEMU_BIN_H

#include <stddef.h>

/* PVABI_QEMU, else qemu-system-x86_64 (looked up in PATH by execvp). */
const char *pvabi_qemu_bin(void);
/* 0 when it can be executed, else -1 and why (not found, or a named file
 * that cannot be executed). */
int pvabi_qemu_probe(char *why, size_t n);

#endif
