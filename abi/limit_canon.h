/* The limit lines of a revision: what its guests rely on of the declared
 * limits (abi/limit.h), written once per released revision into the lock
 * file beside the registry and compared by 'pvabi check'. A limit is
 * part of the ABI a guest relies on, but not of the format-1 canonical
 * lines, so that the fingerprints of revisions released before limits
 * were declared stay what they are; the lock carries them instead. */
#ifndef PVABI_LIMIT_CANON_H
#define PVABI_LIMIT_CANON_H

#include <stddef.h>

#include "abi/model.h"

struct pvabi_limit_lines {
	char **v;
	size_t n;
};

/* Sorted lines of revision rev: "limit NAME kind=K value=V min=M
 * error=E min-error=E platform=0|1", "limit NAME with FEATURE value=V"
 * for each feature whose grant changes the value, and "bound OP.ARG
 * NAME" for each argument it bounds. 0, or -ENOMEM. */
int pvabi_limit_lines(const struct pvabi_spec *s, int rev, struct pvabi_limit_lines *out);
void pvabi_limit_lines_free(struct pvabi_limit_lines *l);

#endif
