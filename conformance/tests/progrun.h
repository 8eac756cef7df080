/* Running the built programs from tests, without a shell: arguments with
 * quotes, spaces or newlines reach them as they are. */
#ifndef PVABI_TESTS_PROGRUN_H
#define PVABI_TESTS_PROGRUN_H

#include <stddef.h>
#include <sys/types.h>

/* Runs argv (argv[0] a path) from the source tree; stdout and stderr
 * together in out. The exit status, or -1 if it died of a signal.
 * PVABI_TEST_VERBOSE=1 prints the output. */
int pvabi_test_run(const char *const *argv, char *out, size_t n);

/* path holds text with mode afterwards (util's atomic write); 0 or -1.
 * A file is copied with pvabi_afile_copy. */
int pvabi_test_write_file(const char *path, const char *text, mode_t mode);

#endif
