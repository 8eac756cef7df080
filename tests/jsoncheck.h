/* Checking what the JSON writers produce, in tests. */
#ifndef PVABI_TESTS_JSONCHECK_H
#define PVABI_TESTS_JSONCHECK_H

#include <stddef.h>

/* 1 when s[0..n) is exactly one valid JSON value in valid UTF-8. */
int fx_json_valid(const char *s, size_t n);

#endif
