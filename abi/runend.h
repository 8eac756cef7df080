/* The op or command a guest ends its run with (ends-run=,
 * docs/spec-language.md "The op that ends a run"), per revision: shared
 * by the generators (the image's call) and the runner (the reasons it
 * asks). */
#ifndef PVABI_ABI_RUNEND_H
#define PVABI_ABI_RUNEND_H

#include "abi/model.h"

/* Format 2: the command that ends revision rev's run, the marked one
 * alive there whose op and command are not deprecated there (the loader
 * allows one at most): 0 with its op and command indices, -1 for none. */
int pvabi_runend_cmd(const struct pvabi_spec *s, int rev, int *op, int *cmd);

/* The enum whose values alive in revision rev are the reasons a run ends
 * with there: its index in s->enums, or -1 when nothing ends rev's run. */
int pvabi_runend_enum(const struct pvabi_spec *s, int rev);

#endif
