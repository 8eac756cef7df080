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

/* `pvabi run`'s exit status when the engine cannot run here
 * (docs/exit-codes.md). */
#define PVABI_TEST_UNAVAILABLE 3

/* pvabi_test_run_image into pvabi_test_out; where the engine runs no
 * images here, the test skips there (pvabi_test_skip_unavailable). */
int pvabi_test_image(const char *program, const char *rev, const char *engine);

/* rc, the exit status of program's run of rev's image on engine (its
 * output in pvabi_test_out), unless it says the engine cannot run here
 * and the reference platform ("pvabi") says so too: then the test skips,
 * once, with the engine's reason, and nothing after the call runs. A seed
 * alone that exits so keeps rc, for the caller's assertion to fail on;
 * a run that started and failed is never a skip. For the tests that run
 * an image with arguments of their own. */
int pvabi_test_skip_unavailable(int rc, const char *program, const char *rev,
				const char *engine);

/* pvabi_test_lines_with over pvabi_test_out. */
size_t pvabi_test_lines(const char *prefix, const char *text);

/* The first line of pvabi_test_out that starts with prefix, into buf
 * (cut at n), or NULL when there is none. */
const char *pvabi_test_first_line(const char *prefix, char *buf, size_t n);

/* The preamble of the tests that boot one fresh image and judge its TAP:
 * pvabi_test_image (so a skip where the engine runs no images here),
 * then asserts its exit status is want and, when want is 0, that its TAP
 * holds no "not ok". A failure names the program, the image, the engine
 * and the first "not ok" line (file:line the caller's). */
void pvabi_test_boot(const char *program, const char *rev, const char *engine, int want,
		     const char *file, unsigned int line);

#define PVABI_TEST_BOOT(program, rev, engine, want)                                \
	pvabi_test_boot((program), (rev), (engine), (want), __FILE__, __LINE__)

/* A seed red where it should be: pvabi_test_boot wanting exit 1, then
 * exactly n "not ok" lines, each holding text. A failure names the
 * counts, the image and the first "not ok" line (file:line the
 * caller's). */
void pvabi_test_red(const char *program, const char *rev, const char *engine, const char *text,
		    size_t n, const char *file, unsigned int line);

#define PVABI_TEST_RED(program, rev, engine, text, n)                               \
	pvabi_test_red((program), (rev), (engine), (text), (n), __FILE__, __LINE__)

#endif
