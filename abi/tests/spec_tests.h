#ifndef PVABI_SPEC_TESTS_H
#define PVABI_SPEC_TESTS_H

#include "tests/harness.h"

extern const struct pvabi_test_case sha256_cases[];
extern const struct pvabi_test_case model_cases[];
extern const struct pvabi_test_case fingerprint_cases[];
extern const struct pvabi_test_case registry_cases[];
extern const struct pvabi_test_case golden_cases[];
extern const struct pvabi_test_case synth_cases[];
extern const struct pvabi_test_case rules_doc_cases[];
extern const struct pvabi_test_case nesting_cases[];
extern const struct pvabi_test_case coverage_cases[];
extern const struct pvabi_test_case partition_cases[];
extern const struct pvabi_test_case coverage_fold_cases[];
extern const struct pvabi_test_case xmlpattern_cases[];
extern const struct pvabi_test_case xmlfast_cases[];
extern const struct pvabi_test_case waiver_cases[];
extern const struct pvabi_test_case vector_value_cases[];
extern const struct pvabi_test_case span_cases[];
extern const struct pvabi_test_case expr_cases[];
extern const struct pvabi_test_case described_cases[];
extern const struct pvabi_test_case grant_cases[];
extern const struct pvabi_test_case described_cli_cases[];
extern const struct pvabi_test_case correct_cli_cases[];

/* Data-driven suites: a few fixed tests, then one CUnit test per fixture
 * case, named by its directory (fixtures/spec-changes/NAME or
 * fixtures/spec-invalid/NAME). Each returns a malloc'd array terminated
 * by {NULL, NULL} whose names are malloc'd too, or NULL. */
struct pvabi_test_case *change_cases_build(void);
struct pvabi_test_case *invalid_cases_build(void);

#endif
