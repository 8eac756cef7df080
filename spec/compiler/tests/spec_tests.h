#ifndef PVABI_SPEC_TESTS_H
#define PVABI_SPEC_TESTS_H

#include "tests/harness.h"

extern const struct pvabi_test_case sha256_cases[];

#endif
