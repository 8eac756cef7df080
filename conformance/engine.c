/* The engine table: one runner, several backends. */
#include "conformance/engine.h"

#include <string.h>

const struct pvabi_engine *const pvabi_engines[] = {
	&pvabi_engine_kvm,
	&pvabi_engine_qemu_kvm,
	&pvabi_engine_qemu_tcg,
	&pvabi_engine_xen,
	NULL,
};

const struct pvabi_engine *pvabi_engine_find(const char *name)
{
	size_t i;

	for (i = 0; pvabi_engines[i]; i++)
		if (!strcmp(pvabi_engines[i]->name, name))
			return pvabi_engines[i];
	return NULL;
}
