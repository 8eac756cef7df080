/* The reference spec and registry for tests (refspec.h). */
#include "tests/refspec.h"
#include "abi/load.h"
#include "tests/harness.h"

#include <stdio.h>

int pvabi_test_refspec_load(struct pvabi_spec **spec, struct pvabi_registry **reg)
{
	struct pvabi_diags d = { 0 };

	*spec = pvabi_spec_load(pvabi_test_path(pvabi_test_srcdir(), "spec/platform.xml"), &d);
	*reg = pvabi_registry_load(pvabi_test_path(pvabi_test_srcdir(), "ABI-VERSIONS.xml"), &d);
	pvabi_diag_print(&d, stderr);
	pvabi_diag_free(&d);
	if (*spec && *reg)
		return 0;
	pvabi_test_refspec_free(*spec, *reg);
	*spec = NULL;
	*reg = NULL;
	return -1;
}

void pvabi_test_refspec_free(struct pvabi_spec *spec, struct pvabi_registry *reg)
{
	pvabi_spec_free(spec);
	pvabi_registry_free(reg);
}
