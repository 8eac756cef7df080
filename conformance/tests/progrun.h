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

/* Runs program (a path relative to the build: "pvabi" or a seed's
 * "mutants/NAME/pvabi") as `run` on the fresh conformance image of
 * revision rev with engine; its exit status, the output in out. */
int pvabi_test_run_image(const char *program, const char *rev, const char *engine,
			 char *out, size_t n);

/* How many lines of out start with prefix ("not ok", "# ") and hold
 * text. */
size_t pvabi_test_lines_with(const char *out, const char *prefix, const char *text);

/* The tests that judge one image's TAP at a time: the output of the last
 * pvabi_test_image, which pvabi_test_lines counts. */
extern char pvabi_test_out[1 << 20];

/* pvabi_test_run_image into pvabi_test_out. */
int pvabi_test_image(const char *program, const char *rev, const char *engine);

/* `pvabi run`'s exit status when the engine cannot run here
 * (docs/exit-codes.md): a test skips, saying why. */
#define PVABI_TEST_UNAVAILABLE 3

/* pvabi_test_image on engine, saying on stderr when it runs no images
 * here (PVABI_TEST_UNAVAILABLE). A test whose counts hold on one engine
 * names it ("qemu-tcg"); one that holds on any asks for "auto". */
int pvabi_test_image_on(const char *program, const char *rev, const char *engine);
/* pvabi_test_image_on the best engine the machine has ("auto"). */
int pvabi_test_image_auto(const char *program, const char *rev);

/* pvabi_test_lines_with over pvabi_test_out. */
size_t pvabi_test_lines(const char *prefix, const char *text);

#endif
