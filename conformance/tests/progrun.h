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

/* The first line of pvabi_test_out that starts with prefix, into buf
 * (cut at n), or NULL when there is none. */
const char *pvabi_test_first_line(const char *prefix, char *buf, size_t n);

/* Why a test skips when engine runs no images here: "no engine runs the
 * images here" for "auto", "ENGINE is not available here" otherwise. */
const char *pvabi_test_unavailable_why(const char *engine);

/* The preamble of the tests that boot one fresh image and judge its TAP:
 * pvabi_test_image_on, then asserts its exit status is want and, when
 * want is 0, that its TAP holds no "not ok". A failure names the
 * program, the image, the engine and the first "not ok" line (file:line
 * the caller's). PVABI_TEST_UNAVAILABLE when the engine runs no images
 * here (nothing asserted), else 0. */
int pvabi_test_boot(const char *program, const char *rev, const char *engine, int want,
		    const char *file, unsigned int line);

/* pvabi_test_boot, the test skipped (saying why) when the engine runs no
 * images here. */
#define PVABI_TEST_BOOT(program, rev, engine, want)                                \
	do {                                                                       \
		const char *engine_ = (engine);                                    \
		if (pvabi_test_boot((program), (rev), engine_, (want), __FILE__,   \
				    __LINE__) == PVABI_TEST_UNAVAILABLE)           \
			PVABI_SKIP(pvabi_test_unavailable_why(engine_));           \
	} while (0)

#endif
