/* The cases of the guest judge's host-built tests (test_check.c), run by
 * test-guest-runtime. */
#ifndef PVABI_GUEST_TESTS_TEST_CHECK_H
#define PVABI_GUEST_TESTS_TEST_CHECK_H

#include "tests/harness.h"

extern const struct pvabi_test_case pvabi_check_cases[];
/* The sweep past a CPUID block's maximum (test_gap.c). */
extern const struct pvabi_test_case pvabi_gap_cases[];

#endif
