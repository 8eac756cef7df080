/* The QEMU binary of the QEMU-based engines. */
#include "conformance/qemu_bin.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define QEMU_BIN "qemu-system-x86_64"

const char *pvabi_qemu_bin(void)
{
	const char *env = getenv("PVABI_QEMU");

	return env && *env ? env : QEMU_BIN;
}

static int find_in_path(const char *bin)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (strchr(bin, '/'))
		return access(bin, X_OK);
	while (path && *path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, bin);
		if (access(buf, X_OK) == 0)
			return 0;
		path += n + (path[n] == ':');
	}
	return -1;
}

int pvabi_qemu_probe(char *why, size_t n)
{
	const char *q = pvabi_qemu_bin();

	if (find_in_path(q) == 0)
		return 0;
	/* A named file that exists is not "not found": say what is wrong. */
	if (strchr(q, '/') && access(q, F_OK) == 0)
		snprintf(why, n, "%s cannot be executed: %s (set PVABI_QEMU to a QEMU)", q,
			 strerror(errno));
	else
		snprintf(why, n, "%s not found (install qemu-system-x86 or set PVABI_QEMU)", q);
	return -1;
}
