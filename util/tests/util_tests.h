/* The suites of the util tests, one file per helper. */
#ifndef PVABI_UTIL_TESTS_H
#define PVABI_UTIL_TESTS_H

#include "tests/harness.h"

extern const struct pvabi_test_case util_text_cases[];
extern const struct pvabi_test_case util_file_cases[];
extern const struct pvabi_test_case util_afile_cases[];
extern const struct pvabi_test_case util_afile_txn_cases[];

/* A fresh directory under $TMPDIR (or /tmp) in buf; 0 or -1. */
int util_test_dir(char *buf, size_t cap);
/* Removes the files of dir, then dir. */
void util_test_rmdir(const char *dir);
/* Number of entries of dir (without . and ..) whose name contains s. */
int util_test_count(const char *dir, const char *s);

#endif
