/* Shards of a matrix run on different machines join by files: every
 * DIR/cells/<id>.xml (with its log and TAP) is copied into OUT/cells,
 * and the same cell from two shards must have the same content, or one
 * of the shards is not what it claims to be. */
#ifndef PVABI_REPORT_MERGE_H
#define PVABI_REPORT_MERGE_H

#include <stddef.h>

#include "conformance/cell.h"

/* At most this many shard directories per merge. */
#define PVABI_MERGE_MAX_DIRS 60

/* Joins DIR/cells of the ndirs dirs (and OUT/cells when it exists) into
 * OUT/cells. Refuses conflicting cells and shards of different plans
 * (run on different engines). 0, or -1 with why in err; OUT may then
 * hold some of the copied cells, never a half-written file. */
int pvabi_report_merge(const char *out, char *const *dirs, size_t ndirs, char *err,
		       size_t errlen);

/* Reads DIR/cells and writes DIR's reports: *res (free with
 * pvabi_results_free) and *n are the cells. 0, or -1 with err. */
int pvabi_report_render(const char *dir, struct pvabi_cell_result **res, size_t *n, char *err,
			size_t errlen);

#endif
