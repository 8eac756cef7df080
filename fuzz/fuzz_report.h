/* Report writers and text checks shared by the harnesses whose input
 * becomes cell results (fuzz_tap.c, fuzz_result.c). */
#ifndef PVABI_FUZZ_REPORT_H
#define PVABI_FUZZ_REPORT_H

#include "conformance/cell.h"
#include "fuzz/fuzz.h"

/* Every report of r[0..n) written; JSON checked. */
void fuzz_reports(const struct pvabi_cell_result *r, size_t n);

/* The texts a guest controls are NUL-terminated, valid UTF-8 and free of
 * control characters (they reach terminals, XML and HTML). */
void fuzz_result_text_ok(const struct pvabi_cell_result *r);

#endif
