/* Helpers the runner's commands share. */
#include "cli/runner/runner.h"
#include "cli/commands.h"
#include "cli/load.h"
#include "conformance/engine_auto.h"
#include "conformance/profile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *pvabi_runner_exit_name(enum pvabi_run_exit e)
{
	static const char *const names[] = { "pass", "fail", "usage", "unavailable", "refused",
					     "skip", "error", "crash", "timeout" };

	return (unsigned int)e < sizeof(names) / sizeof(names[0]) ? names[e] : "unknown";
}

int pvabi_runner_engine_known(const char *name, const struct pvabi_engine **e, char *why,
			      size_t n)
{
	*e = NULL;
	if (!strcmp(name, "auto"))
		return 0;
	*e = pvabi_engine_find(name);
	if (*e)
		return 0;
	snprintf(why, n, "unknown engine '%s' (kvm, qemu-tcg, qemu-kvm, xen, auto)", name);
	return -EINVAL;
}

int pvabi_runner_engine(const char *name, const struct pvabi_engine **e, char *why, size_t n)
{
	if (pvabi_runner_engine_known(name, e, why, n))
		return -EINVAL;
	if (!*e) {
		*e = pvabi_engine_auto(why, n);
		return *e ? 0 : -ENODEV;
	}
	if ((*e)->probe(why, n)) {
		*e = NULL;
		return -ENODEV;
	}
	snprintf(why, n, "%s", name);
	return 0;
}
