/* Loading a spec file into the model. */
#ifndef PVABI_LOAD_H
#define PVABI_LOAD_H

#include "abi/diag.h"
#include "abi/model.h"

/* Parses, validates against the schema, and builds the model. Returns
 * NULL with every problem found in d (each with file:line and a rule id)
 * when the file cannot be read or is not a valid spec. */
struct pvabi_spec *pvabi_spec_load(const char *path, struct pvabi_diags *d);
struct pvabi_spec *pvabi_spec_load_mem(const char *buf, size_t len,
				       const char *name, struct pvabi_diags *d);
/* Both specs, each with its own diagnostics, loaded at the same time
 * (load_pair.c); the same as two pvabi_spec_load calls. */
void pvabi_spec_load_pair(const char *path_a, struct pvabi_spec **a, struct pvabi_diags *da,
			  const char *path_b, struct pvabi_spec **b, struct pvabi_diags *db);

#endif
