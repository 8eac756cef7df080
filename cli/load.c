#include "cli/load.h"
#include "spec/compiler/load.h"

#include <stdio.h>

struct pvabi_spec *cli_load_spec(const char *path)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = pvabi_spec_load(path, &d);

	pvabi_diag_print(&d, stderr);
	pvabi_diag_free(&d);
	return s;
}

struct pvabi_registry *cli_load_registry(const char *path)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_registry *r = pvabi_registry_load(path, &d);

	pvabi_diag_print(&d, stderr);
	pvabi_diag_free(&d);
	return r;
}
