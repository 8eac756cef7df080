/* What the generator's test files share (one program, test-gen). */
#ifndef PVABI_EMIT_TESTS_GEN_TEST_H
#define PVABI_EMIT_TESTS_GEN_TEST_H

/* The Markdown manual of revision rev of the spec of ABI abi (a path
 * under the source tree), generated in a temporary directory and read
 * back, or NULL (test_docs_decl.c). */
char *manual_of(const char *spec, const char *abi, const char *rev);

#endif
