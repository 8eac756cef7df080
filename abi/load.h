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

#endif
