/* A run's result: its outcome, errno and one-line reason, set by
 * whichever stage ends the run (setup, the timer, an exit handler), so
 * none of them calls back into the run loop. */
#include "platform/vmm/vmm_internal.h"

#include <stdarg.h>
#include <stdio.h>

const char *pvabi_vm_outcome_name(enum pvabi_vm_outcome o)
{
	static const char *const n[] = {
		"exited", "shutdown", "internal-error", "timeout", "hlt-forever",
		"unavailable", "image-invalid", "config-invalid", "host-error",
	};

	return (unsigned int)o < sizeof(n) / sizeof(n[0]) ? n[o] : "?";
}

int vmm_finish(struct vm *v, enum pvabi_vm_outcome o, int err, const char *fmt, ...)
{
	va_list ap;

	v->res->outcome = o;
	v->res->error = err;
	va_start(ap, fmt);
	vsnprintf(v->res->reason, sizeof(v->res->reason), fmt, ap);
	va_end(ap);
	return err;
}
