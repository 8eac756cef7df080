/* The reference spec and its registry (spec/platform.xml,
 * ABI-VERSIONS.xml) for the suites that test against the real ABI: one
 * loader in place of a copy per test program. */
#ifndef PVABI_TESTS_REFSPEC_H
#define PVABI_TESTS_REFSPEC_H

#include "abi/model.h"
#include "abi/registry.h"

/* Loads both from the source tree, printing any diagnostic: 0, or -1
 * with *spec and *reg NULL. */
int pvabi_test_refspec_load(struct pvabi_spec **spec, struct pvabi_registry **reg);
void pvabi_test_refspec_free(struct pvabi_spec *spec, struct pvabi_registry *reg);

#endif
