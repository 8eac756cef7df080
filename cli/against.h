/* The spec to compare with for 'pvabi check --against FILE|GITREF'. */
#ifndef PVABI_CLI_AGAINST_H
#define PVABI_CLI_AGAINST_H

#include "abi/model.h"

/* ref names an existing file: that file. Otherwise a git revision: the
 * spec path as of that revision, read from 'git show REF:./PATH' through
 * a pipe (no shell). NULL with the reason printed. */
struct pvabi_spec *cli_against_load(const char *ref, const char *spec_path);

#endif
