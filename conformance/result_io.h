/* One result file per cell, DIR/cells/<id>.xml: written atomically (a
 * reader sees the old file or the complete new one, never half), read
 * back with libxml2 (no network, no DTD), so a killed run resumes
 * without losing a finished cell and shards merge by joining files. */
#ifndef PVABI_RESULT_IO_H
#define PVABI_RESULT_IO_H

#include <stddef.h>
#include <stdio.h>

#include "conformance/cell.h"
#include "util/afile.h"
#include "util/xml.h"

#define PVABI_RESULT_FORMAT 1
/* A result file is at most this big: 4096 checks with every string
 * escaped at its longest fit well below. */
#define PVABI_RESULT_MAX_BYTES (32u << 20)

/* Writes DIR/cells/<id>.xml (creating DIR/cells); the log and TAP paths
 * are stored relative to DIR when inside it. 0, or -1 with err. */
int pvabi_result_write(const char *dir, const struct pvabi_cell_result *r, char *err,
		       size_t errlen);
/* Reads one result file into *r (zeroed first; free with
 * pvabi_cell_result_free). A missing, truncated or invalid file is -1
 * with "path[:line]: why" in err; *r is then empty. */
int pvabi_result_read(const char *path, struct pvabi_cell_result *r, char *err, size_t errlen);

/* Every DIR/cells/<id>.xml, sorted by id; each file's id must match its
 * name. *res is malloc'd (free with pvabi_results_free). 0, or -1 with
 * the offending path in err (nothing returned). */
int pvabi_result_load_dir(const char *dir, struct pvabi_cell_result **res, size_t *n,
			  char *err, size_t errlen);
void pvabi_results_free(struct pvabi_cell_result *res, size_t n);

/* Same content, ignoring the log and TAP paths (an older result file
 * names the directory its shard ran in). */
int pvabi_result_same(const struct pvabi_cell_result *a, const struct pvabi_cell_result *b);

#endif
