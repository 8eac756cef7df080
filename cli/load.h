/* Loading the inputs of a command, printing every diagnostic. */
#ifndef PVABI_CLI_LOAD_H
#define PVABI_CLI_LOAD_H

#include "abi/model.h"
#include "abi/registry.h"

#include <stddef.h>

#define PVABI_DEFAULT_SPEC "spec/platform.xml"
#define PVABI_DEFAULT_REGISTRY "ABI-VERSIONS.xml"

struct pvabi_spec *cli_load_spec(const char *path);
struct pvabi_registry *cli_load_registry(const char *path);

struct pvabi_neg_profile;
/* The platform profile of the current build (release NULL) or of release
 * R, from the spec and its registry; every error printed. 0 or -1. */
int cli_registry_profile(const char *spec, const char *registry, const char *release,
			 struct pvabi_neg_profile *p);

/* The build tree this program belongs to, into buf: the directory it
 * runs from when that is one (pvabi-gen beside it), else "build", the
 * default build of the source tree an installed pvabi runs in. 0, or -1
 * when the program's own path cannot be read. */
int cli_build_dir(char *buf, size_t n);

#endif
