/* Shared by the report test programs (conformance/tests/test_report*.c,
 * test_result_files.c). */
#ifndef PVABI_REPORT_FIXTURE_H
#define PVABI_REPORT_FIXTURE_H

#include <stddef.h>

#include "conformance/cell.h"
#include "conformance/oracle.h"
#include "negotiator/pvabi_neg.h"
#include "tests/harness.h"

/* The suite's scratch directory, made by rf_setup, removed by
 * rf_teardown; rf_at joins a path inside it (rotating static buffers). */
extern char rf_tmp[256];
int rf_setup(void);
int rf_teardown(void);
const char *rf_at(const char *rel);
/* Writes text into path (fails the test when it cannot). */
void rf_put(const char *path, const char *text);
/* The whole file, NUL-terminated, or NULL; *len its length. */
char *rf_slurp(const char *path, size_t *len);

void rf_add_check(struct pvabi_cell_result *r, int ok, int skip, const char *name,
		  const char *diag, double ms);
/* A cell image~platform~engine with one passing check. */
void rf_sample(struct pvabi_cell_result *r, const char *image, const char *platform,
	       const char *engine, enum pvabi_verdict v, const char *outcome);
/* A result with every hostile byte the guest could have put in it. */
void rf_hostile(struct pvabi_cell_result *r);

/* Six results: pass, pass-lower, refused, crash, skipped (another
 * engine) and the hostile one. */
#define RF_NSET 6
void rf_result_set(struct pvabi_cell_result *r);
void rf_free_set(struct pvabi_cell_result *r);

#endif
