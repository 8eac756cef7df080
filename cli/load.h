/* Loading the inputs of a command, printing every diagnostic. */
#ifndef PVABI_CLI_LOAD_H
#define PVABI_CLI_LOAD_H

#include "spec/compiler/model.h"
#include "spec/compiler/registry.h"

#define PVABI_DEFAULT_SPEC "spec/platform.xml"
#define PVABI_DEFAULT_REGISTRY "ABI-VERSIONS.xml"

struct pvabi_spec *cli_load_spec(const char *path);
struct pvabi_registry *cli_load_registry(const char *path);

#endif
