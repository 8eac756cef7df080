/* Shared by the libFuzzer harnesses (fuzz/fuzz_*.c). Each harness feeds
 * one input to one public entry point of the code under test and checks
 * what that entry point promises; a broken promise aborts, so libFuzzer
 * records the input as a crash like any sanitizer report. */
#ifndef PVABI_FUZZ_H
#define PVABI_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "abi/model.h"
#include "abi/registry.h"

#if defined(__GNUC__)
#define FUZZ_PRINTF(a, b) __attribute__((format(printf, a, b), noreturn))
#else
#define FUZZ_PRINTF(a, b)
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Prints "fuzz: broken promise: ..." and aborts. */
void fuzz_fail(const char *fmt, ...) FUZZ_PRINTF(1, 2);

/* A path naming an in-memory file that holds data[0..size), for loaders
 * that only take a path: the input never touches the disk. The same file
 * is rewritten on every call; the path stays valid until the next one. */
const char *fuzz_memfile(const void *data, size_t size);

/* Output that goes nowhere (writers are exercised, their text dropped). */
FILE *fuzz_sink(void);

/* Runs write(f, arg) into memory and checks the text is one valid JSON
 * object in valid UTF-8. */
void fuzz_check_json(void (*write)(FILE *f, const void *arg), const void *arg,
		     const char *what);

/* The reference spec and registry (spec/platform.xml, ABI-VERSIONS.xml)
 * compiled into the harness; loaded once, never freed. */
const struct pvabi_spec *fuzz_ref_spec(void);
const struct pvabi_registry *fuzz_ref_registry(void);

#endif
